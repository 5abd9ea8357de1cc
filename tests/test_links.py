"""Links between entries are stored as entry ids and read as the entries' current titles:
renaming an idea, a field or an indicator, and merging two ideas, keep every link."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest

from bot.documents.strategy import build_paper
from dialogs.links import Titles, relink
from dialogs.records import Answer, Role
from dialogs.results import goal_map, project_ideas, risk_assessment
from storage.database import Database
from storage.repositories import Tx

T0 = datetime(2027, 1, 4, 9, tzinfo=UTC)


def answer(id_: int, step: str, prompt: str, value: object, origin: int | None = None) -> Answer:
    return Answer(
        id=id_, team_id=1, step=step, prompt=prompt, subject_id=None, origin_id=origin,
        author_id=1, value=value, created_at=T0,
    )  # fmt: skip


IDEAS = [
    answer(1, "as4", "fields", {"name": "Mobilität"}),
    answer(2, "as5", "ideas", {"title": "Rufbus", "field": 1}),
    answer(7, "as5", "ideas", {"title": "Leerstandsbörse", "field": "Handel"}, origin=3),
    answer(4, "as5", "sketches", {"idea": 2, "lead": "Bauamt"}),
]


class TestPureLinks:
    def test_ids_read_as_current_titles_and_text_stays_text(self) -> None:
        titles = Titles(IDEAS)
        vote = answer(5, "as5", "votes", [[2, 2], [3, 1], ["Gelöschte Idee", 1]])
        risk = answer(6, "as6", "risks", {"title": "Kosten", "project": 4})
        level = answer(8, "as6", "risks", {"title": "Spaltung", "project": "Strategieebene"})

        assert titles.decode(vote).value == {
            "Rufbus": 2,
            "Leerstandsbörse": 1,
            "Gelöschte Idee": 1,
        }
        assert titles.decode(risk).value["project"] == "Rufbus"  # the sketch's idea
        assert titles.decode(level).value["project"] == "Strategieebene"
        assert titles.decode(IDEAS[1]).value == {"title": "Rufbus", "field": "Mobilität"}

    def test_titles_are_stored_as_entry_ids_of_the_first_version(self) -> None:
        titles = Titles(IDEAS)
        assert titles.encode("as5", "votes", {"Leerstandsbörse": 2, "Neu": 1}) == [
            [3, 2],
            ["Neu", 1],
        ]
        assert titles.encode("as5", "shortlist", ["Rufbus", "Leerstandsbörse"]) == [2, 3]
        assert titles.encode("as9", "indicators", {"name": "Fahrten", "project": "Rufbus"}) == {
            "name": "Fahrten",
            "project": 4,
        }
        # Not a link: unchanged.
        assert titles.encode("as5", "sketches", {"idea": "Eigener Titel"}) == {
            "idea": "Eigener Titel"
        }

    def test_actors_are_linked_from_experts_partners_and_participants(self) -> None:
        actors = [
            answer(10, "as1_akteure", "actors", {"name": "Stadtwerke", "ring": "Kern"}),
            answer(11, "as1_akteure", "actors", {"name": "Gewerbeverein", "ring": "Kern"}),
        ]
        titles = Titles(actors)
        stored = titles.encode("as4", "experts", ["Gewerbeverein", "Stadtwerke", "Bürgerbüro"])
        assert stored == [11, 10, "Bürgerbüro"]
        renamed = Titles([actors[0], answer(12, "as1_akteure", "actors", {"name": "GV"}, 11)])
        experts = answer(13, "as4", "experts", stored)
        assert renamed.decode(experts).value == ["GV", "Stadtwerke", "Bürgerbüro"]
        idea = {"title": "Rufbus", "partners": ["Stadtwerke"]}
        assert titles.encode("as5", "ideas", idea) == {"title": "Rufbus", "partners": [10]}

    def test_relink_moves_links_and_adds_up_tallies(self) -> None:
        vote = answer(5, "as5", "votes", [[2, 2], [3, 1]])
        shortlist = answer(6, "as5", "shortlist", [3, 2])
        assert relink(vote, "as5.ideas", 3, 2) == [[2, 3]]
        assert relink(shortlist, "as5.ideas", 3, 2) == [2]
        assert relink(IDEAS[3], "as5.ideas", 2, 3) == {"idea": 3, "lead": "Bauamt"}
        assert relink(IDEAS[3], "as4.fields", 2, 3) == IDEAS[3].value


@pytest.fixture
async def db() -> AsyncIterator[Database]:
    async with await Database.open(":memory:") as database:
        yield database


async def _workshop(tx: Tx) -> tuple[int, int, dict[str, Answer]]:
    """A team with a field, two ideas, votes, a shortlist, a sketch, a risk, an indicator and
    a measurement – all linked by title as a person would choose them."""
    team = await tx.teams.create("Lindenau", "Kleinstadt")
    user = await tx.users.get_or_create(1, "Anna")
    anna = (await tx.members.add(team.id, user.id, "Anna", Role.FACILITATOR, "Verwaltung")).id
    add = tx.answers.add
    made = {
        "field": await add(team.id, "as4", "fields", anna, {"name": "Mobilität"}),
        "idea": await add(
            team.id, "as5", "ideas", anna, {"title": "Rufbus", "field": "Mobilität"}
        ),
        "twin": await add(team.id, "as5", "ideas", anna, {"title": "Rufbus-App", "field": None}),
    }
    await add(team.id, "as5", "votes", anna, {"Rufbus": 2, "Rufbus-App": 1})
    await add(team.id, "as5", "shortlist", anna, ["Rufbus-App", "Rufbus"])
    made["sketch"] = await add(team.id, "as5", "sketches", anna, {"idea": "Rufbus-App"})
    made["risk"] = await add(
        team.id,
        "as6",
        "risks",
        anna,
        {"title": "Kosten", "category": "Extern", "project": "Rufbus-App"},
    )
    made["indicator"] = await add(
        team.id, "as9", "indicators", anna, {"name": "Fahrten", "project": "Rufbus-App"}
    )
    await add(team.id, "as9", "measurements", anna, {"indicator": "Fahrten", "value": 3.0})
    goal = await add(team.id, "as3", "goals", anna, "Alle Ortsteile stündlich erreichbar")
    await add(team.id, "as3", "goal_field", anna, "Mobilität", subject_id=goal.id)
    return team.id, anna, made


async def _shown(tx: Tx, team_id: int, step: str, prompt: str) -> list[object]:
    return [a.value for a in await tx.answers.current(team_id, step, prompt)]


async def test_renamed_idea_field_and_indicator_keep_every_link(db: Database) -> None:
    async with db.transaction() as tx:
        team_id, anna, made = await _workshop(tx)
        await tx.answers.replace(made["field"].id, anna, {"name": "Mobilität und Verkehr"})
        await tx.answers.replace(
            made["twin"].id, anna, {"title": "Rufbus-App Ortsteile", "field": None}
        )
        await tx.answers.replace(
            made["indicator"].id,
            anna,
            {"name": "Fahrten je Monat", "project": "Rufbus-App Ortsteile"},
        )

        assert await _shown(tx, team_id, "as5", "votes") == [
            {"Rufbus": 2, "Rufbus-App Ortsteile": 1}
        ]
        assert await _shown(tx, team_id, "as5", "shortlist") == [
            ["Rufbus-App Ortsteile", "Rufbus"]
        ]
        assert (await _shown(tx, team_id, "as5", "ideas"))[0] == {
            "title": "Rufbus",
            "field": "Mobilität und Verkehr",
        }
        assert await _shown(tx, team_id, "as5", "sketches") == [{"idea": "Rufbus-App Ortsteile"}]
        assert (await _shown(tx, team_id, "as6", "risks"))[0]["project"] == "Rufbus-App Ortsteile"  # type: ignore[index]
        assert await _shown(tx, team_id, "as9", "measurements") == [
            {"indicator": "Fahrten je Monat", "value": 3.0}
        ]
        # The results layer sees the new titles: dots and the risk stay with their project.
        answers = await tx.answers.current(team_id)
        team = await tx.teams.get(team_id)
        members = await tx.members.list(team_id)
        assert team is not None
        fields = goal_map(team, answers, members).fields
        assert [f.name for f in fields] == ["Mobilität und Verkehr"]
        ideas = {i.title: i.dots for i in project_ideas(team, answers, members).ideas}
        assert ideas == {"Rufbus": 2, "Rufbus-App Ortsteile": 1}
        risks = risk_assessment(team, answers, members).risks
        assert [r.project for r in risks] == ["Rufbus-App Ortsteile"]
        # … and so does the strategy paper.
        paper = build_paper(team, answers, members, date(2027, 3, 1)).model_dump_json()
        assert "Rufbus-App Ortsteile" in paper and "Mobilität und Verkehr" in paper
        assert '"Rufbus-App"' not in paper and "Fahrten je Monat" in paper


async def test_relinking_a_merged_idea_moves_dots_shortlist_sketch_risk_and_indicator(
    db: Database,
) -> None:
    async with db.transaction() as tx:
        team_id, _, made = await _workshop(tx)
        await tx.answers.delete(made["twin"].id)
        moved = await tx.answers.relink(team_id, "as5.ideas", made["twin"].id, made["idea"].id)

        assert moved == 3  # votes, shortlist, sketch
        assert await _shown(tx, team_id, "as5", "votes") == [{"Rufbus": 3}]
        assert await _shown(tx, team_id, "as5", "shortlist") == [["Rufbus"]]
        assert await _shown(tx, team_id, "as5", "sketches") == [{"idea": "Rufbus"}]
        # The risk and the indicator point at the sketch, which now is the kept idea's.
        assert (await _shown(tx, team_id, "as6", "risks"))[0]["project"] == "Rufbus"  # type: ignore[index]
        assert (await _shown(tx, team_id, "as9", "indicators"))[0]["project"] == "Rufbus"  # type: ignore[index]


async def test_a_link_to_a_deleted_entry_keeps_its_last_title(db: Database) -> None:
    async with db.transaction() as tx:
        team_id, _, made = await _workshop(tx)
        await tx.answers.delete(made["twin"].id)

        assert await _shown(tx, team_id, "as5", "sketches") == [{"idea": "Rufbus-App"}]
        assert await _shown(tx, team_id, "as5", "votes") == [{"Rufbus": 2, "Rufbus-App": 1}]


async def test_a_team_copied_into_another_database_keeps_its_links(db: Database) -> None:
    async with db.transaction() as tx:
        team_id, _, _ = await _workshop(tx)
        tables = {n: list(t.rows) for n, t in (await tx.team_data.tables(team_id)).items()}
    async with await Database.open(":memory:") as other, other.transaction() as tx:
        await _workshop(tx)  # rows there already: the copy gets new ids
        await _workshop(tx)
        copy = await tx.team_data.restore(tables)

        assert await _shown(tx, copy, "as5", "votes") == [{"Rufbus": 2, "Rufbus-App": 1}]
        assert await _shown(tx, copy, "as5", "sketches") == [{"idea": "Rufbus-App"}]
        assert await _shown(tx, copy, "as9", "measurements") == [
            {"indicator": "Fahrten", "value": 3.0}
        ]


async def test_a_person_linked_by_member_id_shows_the_current_label(db: Database) -> None:
    async with db.transaction() as tx:
        team_id, _, made = await _workshop(tx)
        ben_user = await tx.users.get_or_create(2, "Ben")
        await tx.members.add(team_id, ben_user.id, "Ben", Role.CORE, "Politik")
        indicator = await tx.answers.replace(
            made["indicator"].id, None, {"name": "Fahrten", "responsible": "Ben (Politik)"}
        )
        assert indicator.value["responsible"] == "Ben (Politik)"
    async with db.transaction() as tx:  # Ben erases his data: his name goes everywhere
        await tx.users.delete(ben_user.id)
    async with db.read() as tx:
        (shown,) = await _shown(tx, team_id, "as9", "indicators")
        assert shown["responsible"] == "Gelöschte Person (Politik)"  # type: ignore[index]
