"""Live group sessions end to end: the real Application against the fake Bot API, with a group
chat and several people in it.

Teams are seeded directly in SQLite before the bot starts (60 members would take minutes to
join through the dialog); everything after that goes through Telegram updates.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from dialogs.records import Role
from storage.codec import to_text
from storage.database import Database
from tests.botprocess import eventually
from tests.conftest import running_bot
from tests.e2e import button_data, current_answers, expect
from tests.fakeapi import ChatClient, FakeBotApi, FakeChat, FakeUser, SentMessage

GROUP = FakeChat(-5001, "group", title="Werkstatt Musterhausen")
ANNA = FakeUser(1000, "Anna")
BEN = FakeUser(1001, "Ben")
IDEAS = ("Leerstandsbörse", "Rufbus-App", "Bürger-WLAN", "Digitales Rathaus")
RISKS = ("Unklare Zuständigkeiten", "Abhängigkeit von einem Anbieter")
GROUPS = ("Verwaltung", "Politik", "Wirtschaft", "Zivilgesellschaft")


async def seed(
    db_path: Path, voters: int = 0, *, link: bool = True, ideas: bool = True, risks: bool = False
) -> list[FakeUser]:
    """Anna facilitates the team, Ben takes part, plus ``voters`` people (ids 3000…)."""
    people = [FakeUser(3000 + i, f"Person{i}") for i in range(voters)]
    async with await Database.open(db_path) as db, db.transaction() as tx:
        team = await tx.teams.create("Musterhausen", "Kleinstadt")
        anna_id = 0
        for i, (person, role) in enumerate(
            [(ANNA, Role.FACILITATOR), (BEN, Role.PARTICIPANT)]
            + [(p, Role.PARTICIPANT) for p in people]
        ):
            user = await tx.users.get_or_create(f"telegram:{person.id}", person.first_name)
            member = await tx.members.add(
                team.id, user.id, person.first_name, role, GROUPS[i % len(GROUPS)]
            )
            anna_id = anna_id or member.id
        if ideas:
            for title in IDEAS:
                await tx.answers.add(team.id, "as5", "ideas", anna_id, {"title": title})
        if risks:
            for title in RISKS:
                value = {"title": title, "category": "Extern"}
                await tx.answers.add(team.id, "as6", "risks", anna_id, value)
        if link:
            await tx.groups.link(f"telegram:{GROUP.id}", team.id, anna_id)
    return people


def query(db_path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)) as conn:
        return [tuple(row) for row in conn.execute(sql, params)]


def votes_by_person(db_path: Path) -> dict[int, dict[str, int]]:
    people = dict(
        query(
            db_path,
            "SELECT m.id, CAST(substr(u.account, 10) AS INTEGER)"
            " FROM members AS m JOIN users AS u ON u.id = m.user_id",
        )
    )
    return {
        people[a.author_id]: a.value
        for a in current_answers(db_path)
        if (a.step, a.prompt) == ("as5", "votes")
    }


def group_sends(api: FakeBotApi) -> list[Any]:
    return [
        c
        for c in api.calls
        if c.method.lower().startswith("send") and c.params.get("chat_id") == GROUP.id and c.ok
    ]


def group_edits(api: FakeBotApi, since: float = 0) -> list[Any]:
    return [
        c
        for c in api.calls_to("editMessageText")
        if c.params.get("chat_id") == GROUP.id and c.time >= since
    ]


async def start(anna: ChatClient, kind: str, *choices: str) -> SentMessage:
    """Anna opens the menu with /live and starts a session; returns its status message."""
    await anna.send("/live")
    await expect(anna, "Live-Runde starten")
    for label in (kind, *choices):
        await click_when_shown(anna, label)
    await expect(anna, "Live-Runde gestartet")
    return await anna.api.wait_for_message(
        GROUP.id, lambda m: bool(m.buttons) and "Beenden (Moderation)" in str(m.buttons)
    )


async def click_when_shown(client: ChatClient, label: str) -> None:
    """Press ``label`` as soon as the bot shows it (menus are edited in place)."""

    def shown() -> bool:
        try:
            client._find_button(label)
        except AssertionError:
            return False
        return True

    await client.api.wait_for(shown)
    await client.click(label)


def session_id(status: SentMessage) -> int:
    for row in status.buttons:
        for button in row:
            if button.data and (found := re.search(r"start=live(\d+)", button.data)):
                return int(found.group(1))
    raise AssertionError(f"no deep link in {status.describe()}")


async def answered(api: FakeBotApi, count: int, timeout: float = 60) -> None:  # noqa: ASYNC109
    await api.wait_for(lambda: len(api.callback_answers) >= count, timeout=timeout)


# -- linking ------------------------------------------------------------------------------------


async def test_linking_is_for_facilitators_who_administer_the_group(
    api: FakeBotApi, db_path: Path
) -> None:
    await seed(db_path, link=False)
    anna = ChatClient(api, ANNA, GROUP)
    ben = ChatClient(api, BEN, GROUP)
    api.set_member_status(GROUP.id, BEN, "administrator")
    async with running_bot(api, db_path):
        await ben.send("/live")  # an admin of the group, but no facilitator
        await expect(ben, "Verknüpfen kann nur die Moderation eines Werkstatt-Teams")
        await anna.send("/live")  # the facilitator, but no admin
        await expect(anna, "Verknüpfen können nur Admins dieser Gruppe")
        assert query(db_path, "SELECT * FROM group_chats") == []
        api.set_member_status(GROUP.id, ANNA, "creator")
        await anna.send("/live")
        offer = await expect(anna, "Mit welchem Team")
        # Ben cannot press Anna's button: an alert for him, nothing in the group.
        sends = len(group_sends(api))
        answers = len(api.callback_answers)
        api.push_callback(BEN, offer.message_id, button_data(offer, "Musterhausen"), GROUP)
        await answered(api, answers + 1)
        refusal = list(api.callback_answers.values())[-1]
        assert refusal["show_alert"] is True and "nicht zu Ihnen" in refusal["text"]
        await anna.click("Musterhausen")
        linked = await expect(anna, "jetzt mit dem Team")
        assert linked.message_id == offer.message_id  # the offer was edited
        assert len(group_sends(api)) == sends
        assert [c.params["user_id"] for c in api.calls_to("getChatMember")] == [
            BEN.id,
            ANNA.id,
            ANNA.id,
        ]
        assert query(db_path, "SELECT chat_id, team_id FROM group_chats") == [
            (f"telegram:{GROUP.id}", 1)
        ]

        # Telegram turns the group into a supergroup: the link moves along.
        new_id = api.migrate_group(GROUP.id, by=ANNA)
        # Database state: polled (the bot makes no API call after handling the migration).
        await eventually(
            lambda: query(db_path, "SELECT chat_id FROM group_chats") == [(f"telegram:{new_id}",)]
        )
        supergroup = ChatClient(api, ANNA, FakeChat(new_id, "supergroup", GROUP.title))
        await supergroup.send("/live")
        await expect(supergroup, "Live-Runde starten")


# -- collecting -----------------------------------------------------------------------------


async def test_collect_via_deep_link_edits_the_status_message(
    api: FakeBotApi, db_path: Path
) -> None:
    await seed(db_path)
    anna = ChatClient(api, ANNA, GROUP)
    ben = ChatClient(api, BEN)
    async with running_bot(api, db_path):
        status = await start(anna, "Sammeln", "Vision", "Mit Namen", "ohne Timer")
        assert "Noch keine Beiträge" in (status.text or "")
        sends = len(group_sends(api))
        await ben.send(f"/start live{session_id(status)}")
        await expect(ben, "Live-Sammlung: Stichworte zur Vision")
        await expect(ben, "Stichworte oder kurze Sätze")
        await ben.send("Kurze Wege zum Amt")
        await expect(ben, "Gespeichert")
        await api.wait_for(lambda: "Kurze Wege zum Amt" in (status.text or ""))
        assert "– <i>Ben</i>" in (status.text or "") and "1 Beitrag" in (status.text or "")
        await ben.send("Freies WLAN am Markt")
        await expect(ben, "Gespeichert")
        await api.wait_for(lambda: "2 Beiträge" in (status.text or ""), timeout=15)
        assert len(group_sends(api)) == sends  # edited, never sent anew
        assert status.edits >= 2
        await anna.click("Beenden")
        result = await expect(anna, "Live-Sammlung: Stichworte zur Vision</b> – beendet von")
        assert "Kurze Wege zum Amt – <i>Ben</i>" in (result.text or "")
    stored = query(db_path, "SELECT value, author_id FROM answers WHERE prompt = 'vision_ideas'")
    assert stored == [('"Kurze Wege zum Amt"', 2), ('"Freies WLAN am Markt"', 2)]


async def test_anonymous_collect_hides_names_but_stores_authors(
    api: FakeBotApi, db_path: Path
) -> None:
    await seed(db_path)
    anna = ChatClient(api, ANNA, GROUP)
    ben = ChatClient(api, BEN)
    async with running_bot(api, db_path):
        status = await start(anna, "Sammeln", "Projektideen", "Anonym", "ohne Timer")
        await ben.send(f"/start live{session_id(status)}")
        await expect(ben, "Anonyme Runde")
        await expect(ben, "Wie heißt die Idee?")
        await ben.send("Sensoren für Parkplätze")
        await expect(ben, "Handlungsfeld")
        await ben.send("/ueberspringen")
        await expect(ben, "Worum geht es?")
        await ben.send("/ueberspringen")
        await expect(ben, "Welches Ziel")
        await ben.send("/ueberspringen")
        await expect(ben, "Mit wem")
        await ben.send("/ueberspringen")
        await expect(ben, "Gespeichert: „Sensoren für Parkplätze“")
        await api.wait_for(lambda: "Sensoren für Parkplätze" in (status.text or ""))
        assert "Ben" not in (status.text or "")
        await anna.click("Beenden")
        result = await expect(anna, "beendet von")
        assert "Sensoren für Parkplätze" in (result.text or "")
        assert "Ben" not in (result.text or "")
    rows = query(
        db_path,
        "SELECT m.display_name FROM answers AS a JOIN members AS m ON m.id = a.author_id"
        " WHERE a.prompt = 'ideas' AND a.value LIKE '%Sensoren%'",
    )
    assert rows == [("Ben",)]


# -- voting ---------------------------------------------------------------------------------


async def test_live_vote_with_sixty_concurrent_voters(api: FakeBotApi, db_path: Path) -> None:
    voters = await seed(db_path, voters=60)
    anna = ChatClient(api, ANNA, GROUP)
    stranger = FakeUser(9999, "Fremd")
    async with running_bot(api, db_path):
        status = await start(anna, "Punkte", "ohne Timer")
        data = [button_data(status, f"+ {title}") for title in IDEAS]
        started = time.monotonic()
        before = len(api.callback_answers)
        # 60 people press at the same moment, each four times (the budget is three), spread
        # over the ideas so that person i presses ideas i, i+1, i+2 (and i+3, refused).
        for k in range(4):
            for i, voter in enumerate(voters):
                api.push_callback(voter, status.message_id, data[(i + k) % 4], GROUP)
        api.push_callback(stranger, status.message_id, data[0], GROUP)
        await answered(api, before + 241)
        answers = list(api.callback_answers.values())[before:]
        alerts = [a for a in answers if a.get("show_alert")]
        assert sum("alle 3 Punkte" in a["text"] for a in alerts) == 60
        assert sum("Mitglieder des Teams" in a["text"] for a in alerts) == 1
        stored = votes_by_person(db_path)
        assert set(stored) == {v.id for v in voters}
        assert all(sum(v.values()) == 3 for v in stored.values())  # nobody over budget
        totals = {title: sum(v.get(title, 0) for v in stored.values()) for title in IDEAS}
        assert totals == dict.fromkeys(IDEAS, 45)  # exact
        # The status message shows the final totals – edited a few times, not 240 times.
        await api.wait_for(
            lambda: all(f"{t}: <b>45</b>" in (status.text or "") for t in IDEAS), timeout=15
        )
        assert "180 Punkte von 60 Personen" in (status.text or "")
        await asyncio.sleep(3.5)  # a possible last edit of the burst
        edits = group_edits(api, since=started)
        assert 1 <= len(edits) <= 8, len(edits)
        # Taking dots back, and voting again.
        first = ChatClient(api, voters[0], GROUP)
        await first.click("Meine Punkte zurück")
        await api.wait_for(lambda: "177 Punkte von 59 Personen" in (status.text or ""), 15)
        assert voters[0].id not in votes_by_person(db_path)
        await first.click("+ Bürger-WLAN")
        await api.wait_for(lambda: "178 Punkte von 60 Personen" in (status.text or ""), 15)
        assert votes_by_person(db_path)[voters[0].id] == {"Bürger-WLAN": 1}
        sends = len(group_sends(api))
        assert sends == 2  # the menu and the status message: everything else was edited
        await anna.click("Beenden")
        result = await expect(anna, "Punktabstimmung</b> – beendet von Anna")
        assert "178 Punkte von 60 Personen" in (result.text or "")
        assert "Punkte je Gruppe" in (result.text or "")
        chart = await expect(anna, "Punktabstimmung Musterhausen")
        assert chart.kind == "photo" and chart.filename == "punktabstimmung.png"
        await api.wait_for(lambda: "Beendet" in (status.text or "") and not status.buttons)


# -- rating ---------------------------------------------------------------------------------


def rating_data(status: SentMessage, number: int, letter: str, value: int) -> str:
    """Callback data of ``W3``/``A4`` under risk ``number`` of the status message."""
    rows = status.buttons
    index = next(i for i, row in enumerate(rows) if row[0].text.startswith(f"{number}. "))
    row = rows[index + (1 if letter == "W" else 2)]
    button = row[value - 1]
    assert button.text == f"{letter}{value}" and button.data
    return button.data


async def test_live_rating_by_several_members(api: FakeBotApi, db_path: Path) -> None:
    voters = await seed(db_path, voters=3, ideas=False, risks=True)
    anna = ChatClient(api, ANNA, GROUP)
    async with running_bot(api, db_path):
        status = await start(anna, "Bewerten", "ohne Timer")
        assert "Unklare Zuständigkeiten – noch nicht bewertet" in (status.text or "")
        before = len(api.callback_answers)
        ratings = {0: (2, 4), 1: (3, 5), 2: (4, 3)}
        for i, (w, a) in ratings.items():
            api.push_callback(voters[i], status.message_id, rating_data(status, 1, "W", w), GROUP)
            api.push_callback(voters[i], status.message_id, rating_data(status, 1, "A", a), GROUP)
        # Person 0 changes their mind: one rating per person and dimension.
        api.push_callback(voters[0], status.message_id, rating_data(status, 1, "W", 3), GROUP)
        await answered(api, before + 7)
        await api.wait_for(
            lambda: "W 3,3 · A 4,0 (3 Bewertungen)" in (status.text or ""), timeout=15
        )
        await anna.click("Beenden")
        result = await expect(anna, "Risiken bewerten</b> – beendet von Anna")
        assert "Unklare Zuständigkeiten: W 3,3 · A 4,0 → <b>mittel</b>" in (result.text or "")
        chart = await expect(anna, "Risikomatrix Musterhausen")
        assert chart.kind == "photo"
    rows = query(
        db_path,
        "SELECT prompt, value FROM answers WHERE prompt IN ('likelihood', 'impact')"
        " AND replaced_by IS NULL AND deleted_at IS NULL ORDER BY prompt, value",
    )
    assert rows == [
        ("impact", "3"), ("impact", "4"), ("impact", "5"),
        ("likelihood", "3"), ("likelihood", "3"), ("likelihood", "4"),
    ]  # fmt: skip


# -- timers -----------------------------------------------------------------------------------


def move_end(db_path: Path, seconds: float) -> None:
    """Let the time of the open session run out in ``seconds`` (as if time had passed)."""
    end = to_text(datetime.now(UTC) + timedelta(seconds=seconds))
    with closing(sqlite3.connect(db_path, timeout=5)) as conn, conn:
        conn.execute("UPDATE live_sessions SET ends_at = ? WHERE closed_at IS NULL", (end,))


async def test_timer_warns_and_closes_the_session(api: FakeBotApi, db_path: Path) -> None:
    voters = await seed(db_path, voters=1)
    anna = ChatClient(api, ANNA, GROUP)
    async with running_bot(api, db_path) as bot:
        status = await start(anna, "Punkte", "5 Min.")
        assert "Ende um" in (status.text or "")
        scheduler = bot.services.scheduler  # type: ignore[attr-defined]
        assert list(scheduler.timers) == [1]
        await ChatClient(api, voters[0], GROUP).click("+ Rufbus")
        await api.wait_for(lambda: "Rufbus-App: <b>1</b>" in (status.text or ""))
        # In a thread: the bot runs in this event loop, and a write that waits for its lock
        # must not stop the loop that would let the bot's transaction finish.
        await asyncio.to_thread(move_end, db_path, 2.5)
        scheduler.warn_before = 1.5
        scheduler.poke([1])  # as after any change: the timer follows the stored end
        await expect(anna, "⏳ Noch 1 Minute")
        result = await expect(anna, "die Zeit ist um")
        assert "1 Punkt von 1 Person" in (result.text or "")
        await expect(anna, "Punktabstimmung Musterhausen")
        await api.wait_for(lambda: "Beendet" in (status.text or ""))
    closed = query(
        db_path, "SELECT closed_at IS NOT NULL, warned_at IS NOT NULL FROM live_sessions"
    )
    assert closed == [(1, 1)]


async def test_open_timed_session_is_rescheduled_after_a_restart(
    api: FakeBotApi, db_path: Path
) -> None:
    voters = await seed(db_path, voters=1)
    anna = ChatClient(api, ANNA, GROUP)
    async with running_bot(api, db_path):
        status = await start(anna, "Punkte", "2 Min.")
        await ChatClient(api, voters[0], GROUP).click("+ Leerstandsbörse")
        await api.wait_for(lambda: "Leerstandsbörse: <b>1</b>" in (status.text or ""))
    # The bot is down; meanwhile the time almost ran out.
    move_end(db_path, 2.0)
    sends = len(group_sends(api))
    async with running_bot(api, db_path):
        result = await api.wait_for_message(
            GROUP.id, lambda m: "die Zeit ist um" in (m.text or ""), timeout=15
        )
        assert "Leerstandsbörse: <b>1</b>" in (result.text or "")
        await api.wait_for_message(GROUP.id, lambda m: m.kind == "photo", timeout=15)
        await api.wait_for(lambda: "Beendet" in (status.text or "") and not status.buttons)
    # Only the results were sent; the status message was edited, and no late warning came.
    assert len(group_sends(api)) == sends + 2
    assert not any("Noch 1 Minute" in (c.params.get("text") or "") for c in group_sends(api))
