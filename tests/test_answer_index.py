"""The dialog view finds answers through an index: same results as a scan, without one."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dialogs.answer_index import AnswerIndex
from dialogs.records import Answer, Member, Role, Team
from dialogs.view import AddAnswer, DeleteAnswer, ReplaceAnswer, View
from storage import Database
from tests.test_storage import make_team

NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)
TEAM = Team(id=1, municipality="Musterstadt", town_type="Mittelstadt", created_at=NOW)
MEMBER = Member(
    id=7,
    team_id=1,
    user_id=1,
    display_name="Anna",
    role=Role.FACILITATOR,
    stakeholder_group="Verwaltung",
    joined_at=NOW,
)
PROMPTS = [("as3", "ideas"), ("as3", "goals"), ("as4", "fields")]


class Unscannable(list[Answer]):
    """A team's answers that must not be walked through one by one."""

    def __iter__(self) -> Iterator[Answer]:
        raise AssertionError("the view scanned all answers of the team")


def answer(
    answer_id: int, step: str, prompt: str, author_id: int = 7, subject_id: int | None = None
) -> Answer:
    return Answer(
        id=answer_id,
        team_id=1,
        step=step,
        prompt=prompt,
        subject_id=subject_id,
        author_id=author_id,
        value=f"Eintrag {answer_id}",
        created_at=NOW,
    )


def scan(view: View, step: str, prompt: str, **only: int | None) -> list[Answer]:
    return [
        a
        for a in view.answers
        if a.step == step
        and a.prompt == prompt
        and all(getattr(a, name) == value for name, value in only.items())
    ]


def test_lookups_equal_a_scan_after_adds_edits_and_deletes() -> None:
    rng = random.Random(10)
    subjects = [None, 1, 2]
    stored = [
        answer(n, *rng.choice(PROMPTS), rng.choice([7, 8]), rng.choice(subjects))
        for n in range(1, 60)
    ]
    view = View(team=TEAM, member=MEMBER, now=NOW, answers=list(stored))
    for n in range(40):
        kind = rng.choice(["add", "edit", "delete"])
        if kind == "add" or not view.answers:
            view.apply(
                AddAnswer(*rng.choice(PROMPTS), value=f"Neu {n}", subject_id=rng.choice(subjects))
            )
        elif kind == "edit":
            view.apply(ReplaceAnswer(rng.choice(view.answers).id, f"Geändert {n}"))
        else:
            view.apply(DeleteAnswer(rng.choice(view.answers).id))
        for step, prompt in PROMPTS:
            assert view.current(step, prompt) == scan(view, step, prompt)
            assert view.current(step, prompt, author_id=8) == scan(view, step, prompt, author_id=8)
            for subject in subjects:
                assert view.current(step, prompt, subject_id=subject) == scan(
                    view, step, prompt, subject_id=subject
                )
                assert view.current(step, prompt, subject_id=subject, author_id=7) == scan(
                    view, step, prompt, subject_id=subject, author_id=7
                )
        assert all(view.find(a.id) == a for a in view.answers)
    assert view.find(10_000) is None


def test_the_view_answers_a_question_without_scanning_the_teams_answers() -> None:
    stored = [answer(n, *PROMPTS[n % 3]) for n in range(1, 5001)]
    index = AnswerIndex(stored)
    view = View(team=TEAM, member=MEMBER, now=NOW, answers=Unscannable(stored), index=index)
    view.apply(AddAnswer("as4", "fields", {"name": "Mobilität"}))
    assert len(view.current("as3", "ideas")) == 1666
    assert view.current("as4", "fields")[-1].value == {"name": "Mobilität"}
    assert view.find(4711) == stored[4710]


@pytest.fixture
async def db(tmp_path: Path):
    async with await Database.open(tmp_path / "werkstatt.db") as db:
        yield db


async def test_the_index_is_extended_by_each_entry_not_rebuilt(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with db.transaction() as tx:
        team_id, member_id = await make_team(tx)
        for n in range(20):
            await tx.answers.add(team_id, "as3", "ideas", member_id, f"Idee {n}")
    async with db.read() as tx:
        await tx.answers.indexed(team_id)
    built: list[int] = []
    original = AnswerIndex.__init__

    def counting(self: AnswerIndex, answers=()) -> None:
        built.append(1)
        original(self, answers)

    monkeypatch.setattr(AnswerIndex, "__init__", counting)
    for n in range(5):  # one update each: look at the pool, add an entry
        async with db.transaction() as tx:
            index = await tx.answers.indexed(team_id)
            assert len(index.select("as3", "ideas")) == 20 + n
            await tx.answers.add(team_id, "as3", "ideas", member_id, f"Neu {n}")
    assert built == []
    async with db.read() as tx:
        index = await tx.answers.indexed(team_id)
    assert [a.value for a in index.select("as3", "ideas")][-2:] == ["Neu 3", "Neu 4"]
