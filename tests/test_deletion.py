"""/loeschen reaches every copy of the person's name: after a member who contributed
everywhere (an idea in a live round, an indicator another member made her responsible for, a
finalised strategy version, notifications to others) deletes her data, the name is in no table,
not in the bytes of the database file and its WAL, not in the export ZIP, and not in another
member's /meinedaten. The messenger profile name is never stored at all."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import aiosqlite
import pytest

from bot.app.incoming import Click, Command, Incoming, Sender
from bot.app.rendering import Renderer
from bot.app.service import Workshop
from bot.telegram.links import TelegramLinks
from dialogs.events import TextInput
from dialogs.options import member_label
from dialogs.records import Role
from storage.database import Database
from storage.migrate import apply_migrations, discover
from tests.test_live_service import (
    ANNA,
    button,
    incoming,
    press,
    seed,
    start_session,
    tg,
)

NAME = "Zorabella Quenzbrück"
PROFILE = "Profilname Xylophonia"
ZORA, PAUL = 2000, 2001  # Telegram ids of seed()'s two participants


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with await Database.open(tmp_path / "loeschen.db") as database:
        yield database


@pytest.fixture
def workshop(db: Database) -> Workshop:
    return Workshop(db, links=TelegramLinks("werkstatt_bot"))


def private(telegram_id: int, what: object, name: str = PROFILE) -> Incoming:
    found = incoming(telegram_id, what, chat=telegram_id)
    return Incoming(
        found.update_id,
        tg(telegram_id),
        "private",
        Sender(tg(telegram_id), name),
        found.input,
        "1",
    )


async def replies_of(workshop: Workshop, ids: list[int]) -> list[dict]:
    async with workshop.db.read() as tx:
        items = [await tx.outbox.get(i) for i in ids]
    return [item.payload["reply"] for item in items if item]


async def stored_texts(db: Database) -> str:
    """Every text column of every table, for a quick look where a name is."""
    found = []
    async with db.read() as tx:
        tables = await tx._session.fetchall(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        for (table,) in tables:
            for row in await tx._session.fetchall(f'SELECT * FROM "{table}"'):
                found.append(f"{table}: {tuple(row)}")
    return "\n".join(found)


async def contribute_everywhere(db: Database, workshop: Workshop) -> dict:
    data = await seed(db, people=2)
    zora, paul = data["members"]
    team_id = data["team"].id
    async with db.transaction() as tx:
        await tx._session.write(
            "UPDATE members SET display_name = ? WHERE id = ?", (NAME, zora.id)
        )
        await tx.members.set_role(zora.id, Role.FACILITATOR)
        for member in (data["anna"], zora, paul):
            await tx.users.set_active_team(member.user_id, team_id)
        label = member_label(NAME, zora.stakeholder_group)
        for author in (data["anna"], paul):  # others make her responsible for an indicator
            await tx.answers.add(
                team_id, "as9", "indicators", author.id, {"title": "Nutzung", "responsible": label}
            )
        # The indicator links to her by member id; a typed text names her, too.
        await tx.answers.add(
            team_id, "as2", "plan", paul.id, {"title": "Auftakt", "responsible": label}
        )
    # An idea in a live round with names; the result is posted in the group.
    session_id = await start_session(workshop, db, "Sammeln", "Vision", "Mit Namen", "ohne Timer")
    await workshop.process_update(private(ZORA, Command("start", f"live{session_id}")))
    await workshop.process_update(private(ZORA, TextInput("Quartiersladen mit Paketstation")))
    await press(workshop, db, ANNA, "Beenden")
    # She finalises a strategy version (the team list names her; the others are told).
    await workshop.process_update(private(ZORA, Command("strategie")))
    await workshop.process_update(private(ZORA, Click(await button(db, "festschreiben", ZORA))))
    await workshop.process_update(private(ZORA, Click(await button(db, "Ja, Fassung", ZORA))))
    async with db.read() as tx:
        assert len(await tx.strategy.versions(team_id)) == 1
    return data


async def test_deletion_leaves_the_name_nowhere(db: Database, workshop: Workshop) -> None:
    await contribute_everywhere(db, workshop)
    before = await stored_texts(db)
    for place in ("answers", "strategy_versions", "outbox"):
        assert any(NAME in line for line in before.splitlines() if line.startswith(place))
    assert PROFILE not in before

    await workshop.process_update(private(ZORA, Command("loeschen")))
    await workshop.process_update(private(ZORA, Click(await button(db, "anonym behalten", ZORA))))

    first_name = NAME.split()[0]
    assert first_name not in await stored_texts(db)
    raw = b"".join(
        path.read_bytes() for path in db.path.parent.iterdir() if path.name.startswith("loeschen")
    )
    assert first_name.encode() not in raw
    assert b"Quenzbr" not in raw
    assert first_name.encode("utf-16-le") not in raw

    # Another member's /meinedaten (her label was in his answer).
    shown = await replies_of(
        workshop, await workshop.process(private(PAUL, Command("meinedaten")))
    )
    assert shown and all(first_name not in json.dumps(r, ensure_ascii=False) for r in shown)
    assert "Gelöschte Person" in shown[-1]["text"]

    # The facilitator's export: JSON, CSV, summaries, strategy versions.
    exported = await replies_of(workshop, await workshop.process(private(ANNA, Command("export"))))
    (document,) = [r for r in exported if r["kind"] == "document"]
    with ThreadPoolExecutor(1) as pool:
        archive = await Renderer(executor=pool).document(document["builder"], document["data"])
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        names = opened.namelist()
        assert any(n.endswith(".csv") for n in names) and any(n.endswith(".json") for n in names)
        for member in names:
            content = opened.read(member)
            assert first_name.encode() not in content, member
            assert first_name.encode("utf-16-le") not in content, member


async def test_the_messenger_profile_name_is_not_stored(db: Database, workshop: Workshop) -> None:
    """A person who chose another name for the team: the profile name is in no table."""
    await workshop.process_update(private(4711, Command("neu")))
    for text in ("Lindenau", "2", "Bürgermeisterin Kurz", "1"):
        await workshop.process_update(private(4711, TextInput(text)))
    async with db.transaction() as tx:
        ((team, member),) = await tx.teams.for_user((await tx.users.by_account(tg(4711))).id)
        exported = await tx.team_data.tables(team.id)
    assert member.display_name == "Bürgermeisterin Kurz"
    assert [r["display_name"] for r in exported["users"].rows] == [""]
    assert PROFILE.split()[1] not in await stored_texts(db)


async def test_migration_blanks_profile_names_stored_before(tmp_path: Path) -> None:
    path = tmp_path / "alt.db"
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await apply_migrations(conn, [m for m in discover() if m.version <= 3])
        await conn.execute(
            "INSERT INTO users (telegram_id, display_name, created_at) VALUES (7, ?, '2025')",
            (PROFILE,),
        )
    async with await Database.open(path) as db, db.read() as tx:
        user = await tx.users.by_account(tg(7))
    assert user is not None and user.display_name == ""
