"""/strategie through the workshop service: role checks on every action, chat texts, versions.

Buttons are created the way the service stores them, so a test can press an action a member
was never offered (an old or forged button) and see the role check refuse it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from bot.app.incoming import Click, Command, Incoming, Sender
from bot.app.service import Workshop
from bot.app.strategy_actions import section_text
from bot.present import texts
from bot.telegram.links import TelegramLinks
from dialogs.events import TextInput
from dialogs.records import Role
from dialogs.replies import Document, Message, Reply
from storage.database import Database
from tests.test_outputs import check_chat
from tests.test_strategy import paper

REPLY: TypeAdapter[Reply] = TypeAdapter(Reply)
ANNA, BEN, CARLA = 1, 2, 3  # facilitator, core team, participant (Telegram ids)


class Team:
    def __init__(self, db: Database, team_id: int) -> None:
        self.db = db
        self.team_id = team_id
        self.workshop = Workshop(db, links=TelegramLinks("werkstatt_bot"))

    async def send(self, who: int, payload) -> list[Reply]:
        ids = await self.workshop.process(
            Incoming(None, who, "private", Sender(who, "x"), payload)
        )
        async with self.db.read() as tx:
            items = [await tx.outbox.get(i) for i in ids]
        return [REPLY.validate_python(item.payload["reply"]) for item in items if item]

    async def press(self, who: int, action: str) -> list[Reply]:
        """``who`` presses a button carrying ``action`` (as if the bot had shown it)."""
        async with self.db.transaction() as tx:
            user = await tx.users.by_account(who)
            assert user is not None
            button = await tx.buttons.create(
                {"v": f"cmd:{action}", "dlg": None, "ver": None},
                user_id=user.id,
                team_id=self.team_id,
            )
        return await self.send(who, Click(button_id=button))


@pytest.fixture
async def team(tmp_path: Path) -> AsyncIterator[Team]:
    async with await Database.open(tmp_path / "w.db") as db:
        async with db.transaction() as tx:
            created = await tx.teams.create("Lindenau", "Kleinstadt")
            for telegram_id, name, role in (
                (ANNA, "Anna", Role.FACILITATOR),
                (BEN, "Ben", Role.CORE),
                (CARLA, "Carla", Role.PARTICIPANT),
            ):
                user = await tx.users.get_or_create(telegram_id, name)
                await tx.members.add(created.id, user.id, name, role, "Verwaltung")
                await tx.users.set_active_team(user.id, created.id)
        yield Team(db, created.id)


def refused(replies: list[Reply]) -> bool:
    return len(replies) == 1 and isinstance(replies[0], Message) and "⛔" in replies[0].text


@pytest.mark.parametrize(
    ("who", "action"),
    [
        (CARLA, "sb"),
        (CARLA, "sbdraft:k"),
        (CARLA, "sbversions"),
        (CARLA, "sbresend:1"),
        (BEN, "sbround"),
        (BEN, "sbcomments"),
        (BEN, "sbfinal"),
        (BEN, "sbfinalyes"),
        (CARLA, "sbfinalyes"),
    ],
)
async def test_every_action_checks_the_role(team: Team, who: int, action: str) -> None:
    assert refused(await team.press(who, action))
    async with team.db.read() as tx:
        assert await tx.strategy.versions(team.team_id) == []


async def test_outsider_cannot_read_a_section_or_comment(team: Team, tmp_path: Path) -> None:
    async with team.db.transaction() as tx:
        other = await tx.teams.create("Nachbarort", "Kleinstadt")
        user = await tx.users.get_or_create(9, "Olaf")
        await tx.members.add(other.id, user.id, "Olaf", Role.FACILITATOR, "Politik")
    assert refused(await team.press(9, "sbsec:vision"))
    assert refused(await team.press(9, "sbcomment:vision"))


async def test_draft_sends_progress_then_three_builder_documents(team: Team) -> None:
    said, *documents = await team.press(BEN, "sbdraft:a")
    assert isinstance(said, Message) and "Die Strategie wird erstellt" in said.text
    names = [
        "strategie-ausfuehrlich.docx",
        "strategie-ausfuehrlich.pdf",
        "strategie-ausfuehrlich.md",
    ]
    assert [d.filename for d in documents] == names
    assert all(isinstance(d, Document) and d.builder and d.text is None for d in documents)
    assert documents[0].data["variant"] == "ausfuehrlich"
    assert "Ausführliche Fassung" in documents[0].caption


async def test_compact_and_detailed_drafts_have_their_own_file_names(team: Team) -> None:
    _, *compact = await team.press(BEN, "sbdraft:k")
    _, *detailed = await team.press(BEN, "sbdraft:a")
    assert [d.filename for d in compact if isinstance(d, Document)] == [
        "strategie-kompakt.docx", "strategie-kompakt.pdf", "strategie-kompakt.md"
    ]  # fmt: skip
    assert {d.filename for d in compact}.isdisjoint(d.filename for d in detailed)


async def test_one_comment_is_counted_in_the_singular(team: Team) -> None:
    await team.press(CARLA, "sbcomment:vision")
    await team.send(CARLA, TextInput(text="Bitte kürzer."))
    (view, *_) = await team.press(ANNA, "sbcomments")
    assert "1 offener Kommentar, nach Abschnitten" in view.text
    assert "wird dieser Kommentar ihr zugeordnet" in view.text
    (section, *_) = await team.press(CARLA, "sbsec:vision")
    assert "schon 1 Kommentar geschrieben" in section.text
    (started, *_) = await team.press(ANNA, "sbround")
    assert "3 Mitglieder haben die Abschnitte erhalten" in started.text
    (confirm, *_) = await team.press(ANNA, "sbfinal")
    assert "Die 1 offenen" not in confirm.text


async def test_comment_flow_stores_one_comment_and_then_lets_text_go(team: Team) -> None:
    await team.press(CARLA, "sbcomment:risiken")
    done = await team.send(CARLA, TextInput(text="Hochwasser fehlt."))
    assert any("Kommentar ist gespeichert" in r.text for r in done if isinstance(r, Message))
    after = await team.send(CARLA, TextInput(text="Noch etwas"))
    assert "Gerade ist keine Frage offen" in after[0].text
    async with team.db.read() as tx:
        comments = await tx.strategy.comments(team.team_id)
    assert [(c.section, c.text) for c in comments] == [("risiken", "Hochwasser fehlt.")]


async def test_finalising_numbers_versions_and_resend_uses_the_stored_model(team: Team) -> None:
    await team.press(CARLA, "sbcomment:vision")
    await team.send(CARLA, TextInput(text="Bitte kürzer."))
    confirm = await team.press(ANNA, "sbfinal")
    assert "Fassung 1 festschreiben?" in confirm[0].text
    assert "1 offener Kommentar wird dieser Fassung zugeordnet" in confirm[0].text
    first = await team.press(ANNA, "sbfinalyes")
    assert "Fassung 1 ist festgeschrieben" in first[0].text
    # Anna and Ben (core) get the notice and the files; Carla does not.
    documents = [r for r in first if isinstance(r, Document)]
    assert sorted(d.filename for d in documents) == sorted(
        f"strategie-fassung-1.{ext}" for ext in ("docx", "docx", "pdf", "pdf", "md", "md")
    )
    assert documents[0].data["version"] == 1
    second = await team.press(ANNA, "sbfinalyes")
    assert "Fassung 2 ist festgeschrieben" in second[0].text
    listing = await team.press(BEN, "sbversions")
    assert "Fassung 2 vom" in listing[0].text and "Fassung 1 vom" in listing[0].text
    assert "1 Kommentar aus der Kommentarrunde" in listing[0].text
    resent = await team.press(BEN, "sbresend:1")
    files = [d.filename for d in resent if isinstance(d, Document)]
    assert files == [f"strategie-fassung-1.{ext}" for ext in ("docx", "pdf", "md")]
    assert "gibt es nicht" in (await team.press(BEN, "sbresend:7"))[0].text


async def test_status_lists_every_section_with_its_state(team: Team) -> None:
    (status,) = await team.send(ANNA, Command(name="strategie"))
    assert isinstance(status, Message)
    check_chat(status.text)
    assert status.text.count("○ noch offen") == 8
    labels = [b.label for row in status.buttons for b in row]
    assert "✅ Fassung festschreiben" in labels and "🗂 Fassungen" in labels
    (for_core,) = await team.send(BEN, Command(name="strategie"))
    assert "✅ Fassung festschreiben" not in [b.label for row in for_core.buttons for b in row]


def test_section_text_is_escaped_and_fits_telegram() -> None:
    p = paper("ausfuehrlich")
    for section in p.sections:
        text = section_text(section, own=1)
        check_chat(text)
        assert len(text) <= 3700
    measures = section_text(p.section("massnahmen"))
    assert "&lt;b&gt;fett&lt;/b&gt; *stern* {{ x }}" in measures
    assert "<b>fett</b>" not in measures
    vision = section_text(p.section("vision"))
    assert "<i>Lindenau ist 2035 eine vernetzte Kleinstadt" in vision


# -- one-shot buttons: a double tap acts once ---------------------------------------------


def button_of(reply: Reply, label: str) -> str:
    assert isinstance(reply, Message)
    return next(b.value for row in reply.buttons for b in row if b.label.startswith(label))


async def test_double_tap_on_finalise_stores_one_version_and_sends_the_files_once(
    team: Team,
) -> None:
    (confirm,) = await team.press(ANNA, "sbfinal")
    yes = button_of(confirm, "Ja, Fassung 1 festschreiben")
    first = await team.send(ANNA, Click(button_id=yes))
    assert "Fassung 1 ist festgeschrieben" in first[0].text  # type: ignore[union-attr]
    sent_files = len([r for r in first if isinstance(r, Document)])
    async with team.db.read() as tx:
        outbox_before = len(await tx.outbox.pending(limit=1000))

    again = await team.workshop.process_update(
        Incoming(None, ANNA, "private", Sender(ANNA, "x"), Click(button_id=yes))
    )

    assert again.outbox_ids == []
    assert again.callback_text == texts.BUTTON_USED
    async with team.db.read() as tx:
        assert [v.number for v in await tx.strategy.versions(team.team_id)] == [1]
        assert len(await tx.outbox.pending(limit=1000)) == outbox_before
    assert sent_files == 6  # Anna and Ben, three files each: once


async def test_a_refused_one_shot_press_does_not_use_the_button_up(team: Team) -> None:
    """The use is part of the transaction: if the action is refused, the button stays usable."""
    (confirm,) = await team.press(ANNA, "sbfinal")
    yes = button_of(confirm, "Ja, Fassung 1 festschreiben")
    async with team.db.transaction() as tx:
        await tx.members.set_role((await tx.members.list(team.team_id))[0].id, "kernteam")
    refused = await team.send(ANNA, Click(button_id=yes))
    assert "⛔" in refused[0].text  # type: ignore[union-attr]
    async with team.db.transaction() as tx:
        await tx.members.set_role((await tx.members.list(team.team_id))[0].id, "moderation")
    done = await team.send(ANNA, Click(button_id=yes))
    assert "Fassung 1 ist festgeschrieben" in done[0].text  # type: ignore[union-attr]
