"""The workshop over Matrix, end to end: a real Synapse, encrypted rooms, the real bot."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from dialogs.records import Role
from storage.database import Database
from tests.e2e import current_answers
from tests.matrix.botrun import MatrixBotProcess, bot_settings, running_matrix_bot, unique
from tests.matrix.person import Person
from tests.synapse import Synapse


async def members_joined(person: Person, room_id: str, user_id: str) -> None:
    """Sync until ``user_id`` has joined ``room_id`` (the bot accepts invites on its own)."""
    await person.wait_for(lambda: user_id in person.client.rooms[room_id].users, within=60)


async def private_chat(person: Person, bot_user: str) -> str:
    room = await person.direct_room(bot_user)
    await members_joined(person, room, bot_user)
    return room


async def create_team(anna: Person, room: str, town: str = "Musterhausen") -> str:
    """/start → new team in the direct chat; returns the invite code."""
    await anna.say(room, "!start")
    await anna.expect(room, "Willkommen")
    await anna.click(room, "Neues Team")
    await anna.expect(room, "Wie heißt Ihre Kommune")
    await anna.say(room, town)
    await anna.expect(room, "Gemeindetyp")
    await anna.click(room, "Kleinstadt")
    await anna.expect(room, "Namen")
    await anna.say(room, "1")
    await anna.expect(room, "Gruppe")
    await anna.click(room, "Verwaltung")
    created = await anna.expect(room, "ist angelegt")
    return created.body.split("!start ")[1].split("“")[0]


async def join_team(ben: Person, room: str, code: str) -> None:
    await ben.say(room, f"!start {code}")
    await ben.expect(room, "Namen")
    await ben.say(room, "1")
    await ben.expect(room, "Gruppe")
    await ben.click(room, "Zivilgesellschaft")
    await ben.expect(room, "Willkommen im Team")


@pytest.fixture
async def people(synapse: Synapse, tmp_path: Path):
    made: list[Person] = []

    async def make(name: str) -> Person:
        person = await Person.create(synapse, unique(name), tmp_path)
        made.append(person)
        return person

    yield make
    for person in made:
        await person.close()


async def test_a_team_works_through_as3_in_encrypted_direct_chats(
    synapse: Synapse, tmp_path: Path, people
) -> None:
    bot_account = synapse.register(unique("werkstatt"))
    settings = bot_settings(synapse, bot_account, tmp_path)
    async with running_matrix_bot(settings):
        anna, ben = await people("anna"), await people("ben")
        anna_room = await private_chat(anna, bot_account.user_id)
        ben_room = await private_chat(ben, bot_account.user_id)
        assert anna.client.rooms[anna_room].encrypted and ben.client.rooms[ben_room].encrypted

        code = await create_team(anna, anna_room)
        await join_team(ben, ben_room, code)
        await anna.expect(anna_room, "ist dem Team beigetreten")
        await anna.click(anna_room, "Zum Kernteam")
        await anna.expect(anna_room, "Kernteam")
        await ben.expect(ben_room, "Ihre Rolle")

        # Both answer AS3.
        await anna.say(anna_room, "/schritte")
        await anna.expect(anna_room, "Arbeitsschritte")
        await anna.click(anna_room, "AS3")
        await anna.expect(anna_room, "Zieljahr")
        await anna.say(anna_room, "2035")
        await anna.expect(anna_room, "Stichworte")
        await anna.say(anna_room, "Kurze Wege zum Amt – alles auch online")
        await anna.expect(anna_room, "Gespeichert")
        await ben.say(ben_room, "!schritte")
        await ben.expect(ben_room, "Arbeitsschritte")
        await ben.click(ben_room, "AS3")
        await ben.expect(ben_room, "Zieljahr")
        await ben.click(ben_room, "Beibehalten")
        await ben.expect(ben_room, "Stichworte")
        await ben.say(ben_room, "Grüne Innenstadt mit Sensorik für Klimaanpassung")
        await ben.expect(ben_room, "Nr. 2 im Team")
        await ben.click(ben_room, "Fertig")
        await ben.expect(ben_room, "Grundsätze")
        await ben.click(ben_room, "Überspringen")
        await ben.expect(ben_room, "Vision")

        await anna.click(anna_room, "Fertig")
        await anna.expect(anna_room, "Grundsätze")
        await anna.click(anna_room, "Zugang zu Daten")
        await anna.click(anna_room, "Transparenz")
        await anna.click(anna_room, "Fertig")
        shown = await anna.expect(anna_room, "Formulieren Sie nun die Vision")
        assert "Kurze Wege" in shown.body and "Grüne Innenstadt" in shown.body
        await anna.say(
            anna_room,
            "Musterhausen ist 2035 eine klimafreundliche Kleinstadt, in der digitale Dienste "
            "allen das Leben erleichtern.",
        )
        await anna.expect(anna_room, "strategischen Ziele")
        for goal in (
            "Online-Terminvergabe im Bürgerbüro bis 2027",
            "Freies WLAN auf dem Marktplatz",
            "Sensoren messen Hitze in der Innenstadt",
        ):
            await anna.say(anna_room, goal)
            await anna.expect(anna_room, "Gespeichert")
        await anna.click(anna_room, "Fertig")
        await anna.expect(anna_room, "1/3")
        await anna.click(anna_room, "Verwaltung und E-Government")
        await anna.expect(anna_room, "2/3")
        await anna.click(anna_room, "Umwelt und Klima")
        await anna.expect(anna_room, "3/3")
        await anna.click(anna_room, "Verwaltung und E-Government")
        await anna.expect(anna_room, "Wie geht es weiter")
        await anna.click(anna_room, "abschließen")

        for member, room in ((anna, anna_room), (ben, ben_room)):
            await member.expect(room, "Ziele in 2 Handlungsfeldern")
            image = await member.expect(room, "zielmapping")
            assert type(image).__name__ == "RoomEncryptedImage"
            png = await member.download(image)
            assert png.startswith(b"\x89PNG")
            await member.expect(room, "zusammenfassung-as3.md")


IDEAS = ("Leerstandsbörse", "Rufbus-App", "Bürger-WLAN")


async def seed_team(db_path: Path, facilitator: str, voters: list[str]) -> None:
    """A team with AS5 ideas: ``facilitator`` moderates, ``voters`` take part (user ids)."""
    async with await Database.open(db_path) as db, db.transaction() as tx:
        team = await tx.teams.create("Musterhausen", "Kleinstadt")
        first = None
        for user_id in (facilitator, *voters):
            user = await tx.users.get_or_create(f"matrix:{user_id}", "")
            role = Role.FACILITATOR if first is None else Role.PARTICIPANT
            member = await tx.members.add(team.id, user.id, user_id[1:6], role, "Verwaltung")
            first = first or member
        assert first is not None
        for title in IDEAS:
            await tx.answers.add(team.id, "as5", "ideas", first.id, {"title": title})


def votes(db_path: Path) -> dict[str, dict[str, int]]:
    """Each voter's account → their dots by idea title, as the bot reads them."""
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
        accounts = dict(
            conn.execute(
                "SELECT m.id, u.account FROM members AS m JOIN users AS u ON u.id = m.user_id"
            ).fetchall()
        )
    return {
        accounts[a.author_id]: a.value
        for a in current_answers(db_path)
        if (a.step, a.prompt) == ("as5", "votes")
    }


async def test_a_live_dot_vote_in_an_encrypted_group_room_totals_exactly(
    synapse: Synapse, tmp_path: Path, people
) -> None:
    bot_account = synapse.register(unique("werkstatt"))
    settings = bot_settings(synapse, bot_account, tmp_path)
    anna = await people("anna")
    voters = [await people(f"voter{i}") for i in range(3)]
    await seed_team(settings.db, anna.user_id, [v.user_id for v in voters])
    async with running_matrix_bot(settings):
        group = await anna.group_room(
            "Kernteam Musterhausen", [bot_account.user_id, *(v.user_id for v in voters)]
        )
        assert anna.client.rooms[group].encrypted
        for voter in voters:
            await voter.sync(0)
            await voter.join(group)
        await members_joined(anna, group, bot_account.user_id)
        for voter in voters:
            await members_joined(anna, group, voter.user_id)
        for voter in voters:  # everyone knows everyone's devices before anything is sent
            await voter.sync(0)

        await anna.say(group, "!live")
        await anna.click_when_offered(group, "Musterhausen")
        linked = await anna.expect(group, "jetzt mit dem Team")
        assert linked.source["content"]["m.relates_to"]["rel_type"] == "m.replace"  # the offer
        await anna.say(group, "!live")
        await anna.expect(group, "Live-Runde starten")
        await anna.click(group, "Punkte")
        await anna.click_when_offered(group, "ohne Timer")
        await anna.expect(group, "Beenden (Moderation)")

        # Voter i gives dots to ideas i, i+1, i+2 (mod 3) and tries a fourth one.
        for k in range(4):
            for i, voter in enumerate(voters):
                if k == 0:
                    await voter.expect(group, "Beenden (Moderation)")
                await voter.click(group, f"+ {IDEAS[(i + k) % 3]}")
        # The status message is edited in place until it shows the totals.
        await anna.wait_for(
            lambda: any("9 Punkte von 3 Personen" in t for t in anna.texts(group)), within=60
        )
        stored = votes(settings.db)
        assert set(stored) == {f"matrix:{v.user_id}" for v in voters}
        assert all(sum(v.values()) == 3 for v in stored.values())
        totals = {title: sum(v.get(title, 0) for v in stored.values()) for title in IDEAS}
        assert totals == dict.fromkeys(IDEAS, 3)
        edits = [e for room, e in anna.received if room == group and e.body.startswith("* ")]
        assert edits and all(
            e.source["content"]["m.relates_to"]["rel_type"] == "m.replace" for e in edits
        )


def stored_ideas(db_path: Path) -> list[str]:
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)) as conn:
        rows = conn.execute(
            "SELECT value FROM answers WHERE step = 'as3' AND prompt = 'vision_ideas'"
            " AND replaced_by IS NULL AND deleted_at IS NULL ORDER BY id"
        ).fetchall()
    return [json.loads(value) for (value,) in rows]


async def test_kill_9_mid_burst_loses_nothing_and_answers_nothing_twice(
    synapse: Synapse, tmp_path: Path, people
) -> None:
    bot_account = synapse.register(unique("werkstatt"))
    settings = bot_settings(synapse, bot_account, tmp_path)
    bot = MatrixBotProcess(settings, tmp_path / "bot.log")
    anna = await people("anna")
    try:
        await bot.start()
        room = await private_chat(anna, bot_account.user_id)
        await create_team(anna, room)
        await anna.say(room, "/schritte")
        await anna.expect(room, "Arbeitsschritte")
        await anna.click(room, "AS3")
        await anna.expect(room, "Zieljahr")
        await anna.say(room, "2035")
        await anna.expect(room, "Stichworte")

        ideas = [f"Idee {n:02d} für Musterhausen" for n in range(1, 16)]
        for idea in ideas:
            await anna.say(room, idea)
        await anna.wait_for(lambda: sum("Gespeichert" in t for t in anna.texts(room)) >= 3)
        await bot.kill9()
        await bot.reap_children()
        await bot.start()

        await anna.wait_for(lambda: len(stored_ideas(settings.db)) >= len(ideas), within=90)
        assert stored_ideas(settings.db) == ideas  # each once, in order
        await anna.wait_for(
            lambda: all(any(i in t for t in anna.texts(room)) for i in ideas), within=60
        )
        # The acknowledgement line of each entry (the re-asked question under it may list
        # earlier entries again).
        saved = [
            line for t in anna.texts(room) for line in t.splitlines() if "Gespeichert" in line
        ]
        answers = {idea: sum(f"„{idea}“" in t for t in saved) for idea in ideas}
        assert all(count >= 1 for count in answers.values()), answers
        assert sum(count - 1 for count in answers.values()) <= 1, answers  # the one in flight
        await bot.stop()
        # A number typed after a restart still presses the option shown before it.
        await bot.start()
        await anna.click(room, "Fertig")
        await anna.expect(room, "Grundsätze")
        await bot.stop()
    finally:
        await bot.close()


async def test_a_message_the_bot_cannot_decrypt_is_answered_with_a_request_to_resend(
    synapse: Synapse, tmp_path: Path, people
) -> None:
    bot_account = synapse.register(unique("werkstatt"))
    async with running_matrix_bot(bot_settings(synapse, bot_account, tmp_path)):
        anna = await people("anna")
        room = await private_chat(anna, bot_account.user_id)
        # An encrypted event of a session the bot never got a key for.
        await asyncio.to_thread(
            synapse.send_raw,
            anna.account,
            room,
            "m.room.encrypted",
            {
                "algorithm": "m.megolm.v1.aes-sha2",
                "ciphertext": "AwgAEnB5",
                "sender_key": "ZnJlbWQ",
                "session_id": "unbekannt",
                "device_id": anna.account.device_id,
            },
        )
        await anna.expect(room, "nicht entschlüsseln")
        await anna.say(room, "!start")  # sent again, readable: answered as usual
        await anna.expect(room, "Willkommen")
