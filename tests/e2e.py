"""Helpers that make end-to-end tests read like a conversation."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from dialogs.links import Titles
from dialogs.records import Answer
from tests.fakeapi import ChatClient, FakeBotApi, FakeUser, SentMessage


async def expect(client: ChatClient, fragment: str, timeout: float = 10) -> SentMessage:  # noqa: ASYNC109
    """Read the bot's next messages until one contains ``fragment``; fail with what came."""
    seen: list[str] = []
    while True:
        try:
            message = await client.reply(timeout=timeout)
        except AssertionError as error:
            raise AssertionError(f"{fragment!r} never came; got: {seen}") from error
        text = " ".join(filter(None, (message.text, message.caption, message.filename)))
        seen.append(text[:120])
        if fragment.casefold() in text.casefold():
            return message


async def create_team(client: ChatClient, town: str = "Musterhausen") -> str:
    """Run /start → new team; returns the invite code."""
    await client.send("/start")
    await expect(client, "Willkommen")
    await client.click("Neues Team")
    await expect(client, "Wie heißt Ihre Kommune")
    await client.send(town)
    await expect(client, "Gemeindetyp")
    await client.click("Kleinstadt")
    await expect(client, "Namen")
    await client.send("1")
    await expect(client, "Gruppe")
    await client.click("Verwaltung")
    created = await expect(client, "ist angelegt")
    return created.text.split("start=")[1].split()[0]


async def join_team(client: ChatClient, code: str, group: str = "Zivilgesellschaft") -> None:
    """Open the deep link and answer the join questions."""
    await client.send(f"/start {code}")
    await expect(client, "Namen")
    await client.send("1")
    await expect(client, "Gruppe")
    await client.click(group)
    await expect(client, "Willkommen im Team")


# -- helpers for the AS1, AS2 and AS4 tests ---------------------------------------------------


def button_data(message: SentMessage, label: str) -> str:
    """The callback data of the button under ``message`` whose text contains ``label``."""
    for row in message.buttons:
        for button in row:
            if label.casefold() in button.text.casefold() and button.data:
                return button.data
    raise AssertionError(f"no button {label!r} in {message.describe()}")


def offered(message: SentMessage) -> list[str]:
    """The texts of the buttons under ``message``, an option's number taken off („2 Mobilität“
    → „Mobilität“): which options are offered, whatever their numbers."""
    return [re.sub(r"^[0-9]+ ", "", b.text) for row in message.buttons for b in row]


async def press_data(client: ChatClient, data: str) -> None:
    """``client`` presses a button carrying ``data`` (taken from anyone's message)."""
    message = client.last()
    client._skip_unread()
    client.api.push_callback(client.user, message.message_id, data, client.chat)


async def button_answer(api: FakeBotApi, before: int, timeout: float = 10) -> str:  # noqa: ASYNC109
    """The text shown on a pressed button: the answer after the first ``before`` answers."""
    await api.wait_for(lambda: len(api.callback_answers) > before, timeout)
    return str(list(api.callback_answers.values())[before].get("text") or "")


async def open_part(client: ChatClient, label: str) -> SentMessage:
    """/schritte, then the button of the work step part ``label``; returns the overview."""
    await client.send("/schritte")
    overview = await expect(client, "Arbeitsschritte")
    await client.click(label)
    return overview


async def quiet(client: ChatClient, seconds: float = 0.3) -> None:
    """Nothing (more) arrives in the client's chat for a moment."""
    before = len(client.api.timeline(client.chat.id))
    await asyncio.sleep(seconds)
    extra = client.api.timeline(client.chat.id)[before:]
    assert not extra, [m.describe() for m in extra]


def stored_answers(db: Path, step: str | None = None) -> list[tuple]:
    """Every row of the answers table (history included), optionally of one step."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
        rows = conn.execute("SELECT * FROM answers ORDER BY id").fetchall()
        names = [c[0] for c in conn.execute("SELECT * FROM answers LIMIT 0").description]
    step_at = names.index("step")
    return [tuple(r) for r in rows if step is None or r[step_at] == step]


def current_answers(db: Path) -> list[Answer]:
    """Every team's current (not replaced, not deleted) answers, oldest first, as the bot reads
    them: links between entries (stored as entry ids) shown as the entries' titles."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(
            "SELECT * FROM answers WHERE replaced_by IS NULL AND deleted_at IS NULL ORDER BY id"
        ).fetchall()
    answers = [
        Answer(
            id=row["id"],
            team_id=row["team_id"],
            step=row["step"],
            prompt=row["prompt"],
            subject_id=row["subject_id"],
            origin_id=row["origin_id"],
            author_id=row["author_id"],
            value=json.loads(row["value"]),
            created_at=datetime.fromisoformat(row["created_at"]),
        )
        for row in rows
    ]
    teams = {a.team_id for a in answers}
    titles = {team: Titles(a for a in answers if a.team_id == team) for team in teams}
    return [titles[a.team_id].decode(a) for a in answers]


def current_values(db: Path, step: str, prompt: str) -> list[object]:
    """The current values of one prompt, oldest first, as the bot reads them."""
    return [a.value for a in current_answers(db) if (a.step, a.prompt) == (step, prompt)]


async def team_of(api: FakeBotApi, *names: str) -> list[ChatClient]:
    """Anna (facilitator) creates the team, the others join as participants."""
    anna, *others = [
        ChatClient(api, FakeUser(2000 + i, name)) for i, name in enumerate(("Anna", *names))
    ]
    code = await create_team(anna)
    for other in others:
        await join_team(other, code)
        await expect(anna, f"{other.user.first_name}</b>")
    return [anna, *others]


async def make_core(anna: ChatClient, member: ChatClient) -> None:
    """Anna makes ``member`` part of the core team through /team."""
    await anna.send("/team")
    await expect(anna, "Team Musterhausen")
    await anna.click("Rollen ändern")
    await expect(anna, "Wessen Rolle")
    await anna.click(member.user.first_name)
    await expect(anna, "Neue Rolle")
    await anna.click("Kernteam")
    await expect(anna, "gehört jetzt zur Rolle")
    await expect(member, "Kernteam")


async def add_actor(
    client: ChatClient, name: str, group: str, ring: str, note: str | None = None
) -> None:
    """One actor through the four fields (from the name question to the next one); an own
    group goes through „Andere …“."""
    await client.send(name)
    await expect(client, "Zu welcher Gruppe gehört sie")
    if group.startswith("+"):
        await client.click("Andere")
        await expect(client, "eigene Angabe")
        await client.send(group[1:])
    else:
        await client.click(group)
    await expect(client, "Wie stark ist ihr Einfluss")
    await client.click(ring)
    await expect(client, "Notiz ergänzen")
    if note is None:
        await client.click("Überspringen")
    else:
        await client.send(note)
    saved = await expect(client, f"Gespeichert: „{name}“")
    assert "Noch ein Akteur?" in saved.body  # acknowledged and asked again in one message
