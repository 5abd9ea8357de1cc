"""Live sessions through the workshop service, without Telegram: linking, the facilitator's
menu, dot votes and ratings under real concurrency (each update its own write transaction),
the deep link into the private chat, closing once, and the scheduler's throttled edits and
timers (with a recording courier)."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import live
from bot.app.delivery import Courier
from bot.app.incoming import Click, Command, Incoming, Sender
from bot.app.scheduler import LiveScheduler
from bot.app.service import Processed, Workshop
from bot.present import live_view, texts
from bot.present.live_actions import RateRisk
from bot.telegram.links import TelegramLinks
from dialogs.actions import decode
from dialogs.engine import Turn
from dialogs.events import TextInput
from dialogs.records import Member, Role, Team
from dialogs.replies import Message, Reply
from dialogs.state import DialogState
from dialogs.steps import STEPS
from dialogs.view import View
from storage.database import Database

GROUP = -4242
ANNA = 1000  # facilitator of the team
IDEAS = ("Leerstandsbörse", "Rufbus-App", "Bürger-WLAN", "Digitales Rathaus")
RISKS = ("Unklare Zuständigkeiten", "Abhängigkeit von einem Anbieter")
_updates = itertools.count(1)


def tg(native_id: int) -> str:
    """The address of a Telegram chat or person."""
    return f"telegram:{native_id}"


class Clock:
    """The wall clock, which a test can move ahead (``skip``) without waiting."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def skip(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def db(tmp_path: Path, clock: Clock) -> AsyncIterator[Database]:
    async with await Database.open(tmp_path / "live.db", clock=clock) as database:
        yield database


@pytest.fixture
def workshop(db: Database) -> Workshop:
    return Workshop(db, links=TelegramLinks("werkstatt_bot"))


async def seed(db: Database, people: int = 0, *, link: bool = True) -> dict[str, Any]:
    """A team (Anna facilitates), ``people`` participants (telegram ids 2000…), four ideas and
    two risks; the group linked unless ``link`` is False."""
    async with db.transaction() as tx:
        team = await tx.teams.create("Musterhausen", "Kleinstadt")
        anna_user = await tx.users.get_or_create(tg(ANNA), "Anna")
        anna = await tx.members.add(team.id, anna_user.id, "Anna", Role.FACILITATOR, "Verwaltung")
        members = []
        groups = ("Verwaltung", "Politik", "Wirtschaft", "Zivilgesellschaft")
        for i in range(people):
            user = await tx.users.get_or_create(tg(2000 + i), f"Person {i}")
            members.append(
                await tx.members.add(
                    team.id, user.id, f"Person {i}", Role.PARTICIPANT, groups[i % 4]
                )
            )
        ideas = [
            await tx.answers.add(team.id, "as5", "ideas", anna.id, {"title": t}) for t in IDEAS
        ]
        risks = [
            await tx.answers.add(
                team.id, "as6", "risks", anna.id, {"title": t, "category": "Extern"}
            )
            for t in RISKS
        ]
        if link:
            await tx.groups.link(tg(GROUP), team.id, anna.id)
    return {"team": team, "anna": anna, "members": members, "ideas": ideas, "risks": risks}


def incoming(
    telegram_id: int, what: Any, *, chat: int = GROUP, admin: bool | None = None
) -> Incoming:
    return Incoming(
        update_id=next(_updates),
        chat_id=tg(chat),
        chat_type="private" if chat > 0 else "group",
        sender=Sender(tg(telegram_id), f"User {telegram_id}"),
        input=what,
        message_id="1",
        sender_is_chat_admin=admin,
    )


async def outbox(db: Database, chat_id: int | None = None) -> list[dict[str, Any]]:
    async with db.read() as tx:
        rows = await tx._session.fetchall("SELECT id, chat_id, payload FROM outbox ORDER BY id")
    from storage.codec import load_json

    items = [{"id": r["id"], "chat": r["chat_id"], **load_json(r["payload"])} for r in rows]
    return [i for i in items if chat_id is None or i["chat"] == tg(chat_id)]


def texts_of(items: list[dict[str, Any]]) -> list[str]:
    return [i["reply"].get("text") or i["reply"].get("caption", "") for i in items]


async def button(db: Database, label: str, chat_id: int = GROUP) -> str:
    """The stored id of the newest button in ``chat_id`` whose label contains ``label``."""
    for item in reversed(await outbox(db, chat_id)):
        for row in item["reply"].get("buttons", ()):
            for b in row:
                if label in b["label"] and not b.get("url"):
                    return str(b["value"])
    raise AssertionError(f"no button {label!r}")


async def press(workshop: Workshop, db: Database, who: int, label: str) -> Processed:
    return await workshop.process_update(incoming(who, Click(await button(db, label))))


async def start_session(workshop: Workshop, db: Database, kind: str, *choices: str) -> int:
    await workshop.process_update(incoming(ANNA, Command("live")))
    await press(workshop, db, ANNA, kind)
    for label in choices:
        await press(workshop, db, ANNA, label)
    async with db.read() as tx:
        session = await tx.live.open_in_chat(tg(GROUP))
    assert session is not None
    return session.id


async def votes(db: Database) -> dict[int, dict[str, int]]:
    async with db.read() as tx:
        team_votes = await tx.answers.current(1, "as5", "votes")
    return {a.author_id: a.value for a in team_votes if a.author_id is not None}


# -- linking ----------------------------------------------------------------------------------


async def test_linking_needs_facilitator_and_admin(db: Database, workshop: Workshop) -> None:
    await seed(db, people=1, link=False)
    # A participant who administers the group: no team to link.
    await workshop.process_update(incoming(2000, Command("live"), admin=True))
    # The facilitator without admin rights: refused as well.
    await workshop.process_update(incoming(ANNA, Command("live"), admin=False))
    # Telegram could not tell: ask to try again.
    await workshop.process_update(incoming(ANNA, Command("live"), admin=None))
    said = texts_of(await outbox(db, GROUP))
    assert "Moderation eines Werkstatt-Teams" in said[0]
    assert "Admins dieser Gruppe" in said[1]
    assert "nicht prüfen" in said[2]
    async with db.read() as tx:
        assert await tx.groups.team_of(tg(GROUP)) is None
    await workshop.process_update(incoming(ANNA, Command("live"), admin=True))
    assert "Mit welchem Team" in texts_of(await outbox(db, GROUP))[-1]
    # Somebody else cannot press Anna's button: an alert to them, nothing in the group.
    before = len(await outbox(db))
    foreign = await press(workshop, db, 2000, "Musterhausen")
    assert foreign.callback_alert and "nicht zu Ihnen" in (foreign.callback_text or "")
    assert len(await outbox(db)) == before
    done = await press(workshop, db, ANNA, "Musterhausen")
    assert done.callback_text == "✅ Verknüpft."
    async with db.read() as tx:
        assert await tx.groups.team_of(tg(GROUP)) == 1
    assert "jetzt mit dem Team" in texts_of(await outbox(db, GROUP))[-1]
    assert (await outbox(db, GROUP))[-1]["edit_message_id"] == "1"


async def test_group_migration_keeps_link_and_session(db: Database, workshop: Workshop) -> None:
    from bot.app.incoming import ChatMigration

    await seed(db)
    session_id = await start_session(workshop, db, "Punkte", "ohne Timer")
    await workshop.process_update(incoming(ANNA, ChatMigration(new_chat_id=tg(-100777))))
    async with db.read() as tx:
        assert await tx.groups.team_of(tg(-100777)) == 1
        assert (await tx.live.open_in_chat(tg(-100777))).id == session_id  # type: ignore[union-attr]
    assert texts_of(await outbox(db, GROUP))[-1].startswith("<b>🔴")  # nothing said


async def test_live_in_the_private_chat_explains_where_it_works(
    db: Database, workshop: Workshop
) -> None:
    await seed(db)
    await workshop.process_update(incoming(ANNA, Command("live"), chat=ANNA))
    assert "in der Telegram-Gruppe Ihres Teams" in texts_of(await outbox(db, ANNA))[-1]


async def test_only_the_facilitator_opens_the_menu(db: Database, workshop: Workshop) -> None:
    await seed(db, people=1)
    await workshop.process_update(incoming(2000, Command("live")))
    assert "startet und beendet die Moderation" in texts_of(await outbox(db, GROUP))[-1]
    await workshop.process_update(incoming(ANNA, Command("live")))
    menu = (await outbox(db, GROUP))[-1]
    labels = [b["label"] for row in menu["reply"]["buttons"] for b in row]
    assert labels == ["💡 Sammeln", "🔴 Punkte", "📊 Bewerten", "✖ Abbrechen"]


# -- voting -----------------------------------------------------------------------------------


async def test_sixty_concurrent_voters_exact_totals_and_budget(
    db: Database, workshop: Workshop
) -> None:
    data = await seed(db, people=60)
    touched: list[int] = []
    workshop.on_live_change = touched.extend
    session_id = await start_session(workshop, db, "Punkte", "ohne Timer")
    status = (await outbox(db, GROUP))[-1]
    assert status["ref"] == f"live:{session_id}" and "edit_ref" not in status
    plus = [b["value"] for row in status["reply"]["buttons"] for b in row if "+" in b["label"]]
    assert len(plus) == len(IDEAS)
    said_before = len(await outbox(db))
    # Everybody presses four times at once (one more than the budget), spread over the ideas.
    presses = [
        workshop.process_update(incoming(2000 + i, Click(plus[(i + k) % len(plus)])))
        for k in range(4)
        for i in range(60)
    ]
    results = await asyncio.gather(*presses)
    refused = [r for r in results if r.callback_alert]
    assert len(refused) == 60
    assert all("alle 3 Punkte" in (r.callback_text or "") for r in refused)
    stored = await votes(db)
    assert len(stored) == 60
    assert all(sum(v.values()) == 3 for v in stored.values())
    totals: dict[str, int] = {}
    for vote in stored.values():
        for title, dots in vote.items():
            totals[title] = totals.get(title, 0) + dots
    assert sum(totals.values()) == 180
    # Member i pressed ideas i, i+1, i+2 (the fourth press was refused): 45 each.
    assert totals == dict.fromkeys(IDEAS, 45)
    assert set(touched) == {session_id}
    # The presses answered the pressers only; nothing was sent anywhere.
    assert len(await outbox(db)) == said_before
    member_ids = {m.id for m in data["members"]}
    assert set(stored) == member_ids


async def test_take_dots_back_and_vote_again(
    db: Database, workshop: Workshop, clock: Clock
) -> None:
    await seed(db, people=1)
    await start_session(workshop, db, "Punkte", "ohne Timer")
    assert (await press(workshop, db, 2000, "+ Rufbus")).callback_text.startswith("✔ Punkt")  # type: ignore[union-attr]
    clock.skip(2)  # a second dot on purpose, not a double tap
    await press(workshop, db, 2000, "+ Rufbus")
    assert list((await votes(db)).values()) == [{"Rufbus-App": 2}]
    back = await press(workshop, db, 2000, "Meine Punkte zurück")
    assert "wieder 3 Punkte" in (back.callback_text or "")
    assert await votes(db) == {}
    nothing = await press(workshop, db, 2000, "Meine Punkte zurück")
    assert "noch keine Punkte" in (nothing.callback_text or "")
    await press(workshop, db, 2000, "+ Leerstandsbörse")
    assert list((await votes(db)).values()) == [{"Leerstandsbörse": 1}]


async def _old_button(db: Database, value: str, *, team_id: int | None = 1) -> str:
    """A button as versions before the typed actions stored it in the group."""
    async with db.transaction() as tx:
        return await tx.buttons.create(
            {"v": value, "dlg": None, "ver": None}, user_id=None, team_id=team_id
        )


async def test_live_buttons_stored_by_older_versions_still_work(
    db: Database, workshop: Workshop
) -> None:
    data = await seed(db, people=1)
    session_id = await start_session(workshop, db, "Punkte", "ohne Timer")
    dot = await _old_button(db, f"live:s:{session_id}:dot:{data['ideas'][1].id}")
    done = await workshop.process_update(incoming(2000, Click(dot)))
    assert (done.callback_text or "").startswith("✔ Punkt für „Rufbus-App“")
    assert list((await votes(db)).values()) == [{"Rufbus-App": 1}]
    menu = await _old_button(db, "live:new:collect:ideas")
    await workshop.process_update(incoming(ANNA, Click(menu)))
    assert "mit Namen oder anonym" in texts_of(await outbox(db, GROUP))[-1]


@pytest.mark.parametrize(
    "value", ["live:s:1:rate:1:x:5", "live:s:1:rate:1:l:9", "live:s:1:fly", "live:new:x:y:z:w"]
)
async def test_a_broken_old_live_button_is_refused_politely(
    db: Database, workshop: Workshop, value: str
) -> None:
    await seed(db, people=1)
    await start_session(workshop, db, "Bewerten", "ohne Timer")
    before = await outbox(db)
    refused = await workshop.process_update(incoming(2000, Click(await _old_button(db, value))))
    assert refused.callback_alert and refused.callback_text == texts.BUTTON_UNKNOWN
    assert await outbox(db) == before
    async with db.read() as tx:
        assert await tx.answers.current(1, "as6", "likelihood") == []


async def test_a_double_tap_on_a_dot_counts_once_and_shows_the_count(
    db: Database, workshop: Workshop, clock: Clock
) -> None:
    await seed(db, people=1)
    await start_session(workshop, db, "Punkte", "ohne Timer")
    await press(workshop, db, 2000, "+ Rufbus")
    clock.skip(0.4)
    again = await press(workshop, db, 2000, "+ Rufbus")
    assert list((await votes(db)).values()) == [{"Rufbus-App": 1}]
    assert "zählt einmal" in (again.callback_text or "")
    assert "1 von 3 vergeben" in (again.callback_text or "")
    # Another idea within the second is no double tap; the same one a second later neither.
    await press(workshop, db, 2000, "+ Leerstandsbörse")
    clock.skip(1.2)
    await press(workshop, db, 2000, "+ Rufbus")
    assert list((await votes(db)).values()) == [{"Rufbus-App": 2, "Leerstandsbörse": 1}]


async def test_private_votes_count_against_the_live_budget(
    db: Database, workshop: Workshop
) -> None:
    data = await seed(db, people=1)
    async with db.transaction() as tx:
        await tx.answers.add(1, "as5", "votes", data["members"][0].id, {"Bürger-WLAN": 3})
    await start_session(workshop, db, "Punkte", "ohne Timer")
    refused = await press(workshop, db, 2000, "+ Rufbus")
    assert refused.callback_alert and "alle 3 Punkte" in (refused.callback_text or "")
    # The status shows live and private votes as one result.
    async with db.transaction() as tx:
        session = await tx.live.open_in_chat(tg(GROUP))
        assert session is not None
        await tx.live.touch(session.id)
    _, ids = await live.refresh_status(db, session.id, TelegramLinks("werkstatt_bot"))
    assert "Bürger-WLAN: <b>3</b>" in texts_of(await outbox(db, GROUP))[-1]
    assert ids


async def test_non_member_press_is_refused_to_them_only(db: Database, workshop: Workshop) -> None:
    await seed(db)
    await start_session(workshop, db, "Punkte", "ohne Timer")
    before = await outbox(db)
    refused = await press(workshop, db, 9999, "+ Rufbus")
    assert refused.callback_alert
    assert "Mitglieder des Teams" in (refused.callback_text or "")
    assert len(refused.callback_text or "") <= 200
    assert await outbox(db) == before
    assert await votes(db) == {}
    # Ending is the facilitator's: a participant's press is refused, too.
    async with db.transaction() as tx:
        user = await tx.users.get_or_create(tg(3000), "Bea")
        await tx.members.add(1, user.id, "Bea", Role.PARTICIPANT, "Politik")
    end = await press(workshop, db, 3000, "Beenden")
    assert end.callback_alert and "Moderation" in (end.callback_text or "")


async def test_end_posts_results_once(db: Database, workshop: Workshop) -> None:
    await seed(db, people=2)
    session_id = await start_session(workshop, db, "Punkte", "ohne Timer")
    end_button = await button(db, "Beenden")
    await press(workshop, db, 2000, "+ Rufbus")
    await press(workshop, db, 2001, "+ Rufbus")
    await press(workshop, db, 2001, "+ Leerstandsbörse")
    first = await workshop.process_update(incoming(ANNA, Click(end_button)))
    assert first.callback_text == "⏹ Beendet."
    group = await outbox(db, GROUP)
    final, text, picture = group[-3:]
    assert final["edit_ref"] == f"live:{session_id}" and final["reply"]["buttons"] == []
    assert "Beendet" in final["reply"]["text"]
    assert "Ergebnis:</b> 3 Punkte von 2 Personen" in text["reply"]["text"]
    assert "Punkte je Gruppe" in text["reply"]["text"]
    assert picture["reply"]["chart"] == "punktabstimmung"
    dots = {i["title"]: sum(i["votes"].values()) for i in picture["reply"]["data"]["ideas"]}
    assert dots["Rufbus-App"] == 2 and dots["Leerstandsbörse"] == 1
    again = await workshop.process_update(incoming(ANNA, Click(end_button)))
    assert again.callback_text == "Diese Live-Runde ist beendet."
    assert len(await outbox(db, GROUP)) == len(group)
    late = await press(workshop, db, 2000, "+ Rufbus")
    assert late.callback_text == "Diese Live-Runde ist beendet."
    async with db.read() as tx:
        closed = await tx.live.get(session_id)
    assert closed is not None and closed.result and "Rufbus-App" in closed.result


async def _status_and_result(db: Database, session_id: int) -> tuple[str, str]:
    """The status message's text and the result's text for the session as it stands."""
    async with db.read() as tx:
        session = await tx.live.get(session_id)
        assert session is not None
        data = await live.snapshot(tx, session.team_id)
    status, _ = live_view.status(session, data, "werkstatt_bot")
    result, _ = live_view.results(session, data, "beendet.")
    return status, result


async def test_status_and_result_count_the_same_dots_after_an_idea_is_withdrawn(
    db: Database, workshop: Workshop
) -> None:
    data = await seed(db, people=1)
    session_id = await start_session(workshop, db, "Punkte", "ohne Timer")
    for label in ("+ Rufbus", "+ Bürger-WLAN", "+ Leerstandsbörse"):
        await press(workshop, db, 2000, label)
    async with db.transaction() as tx:  # the card of „Bürger-WLAN“ is withdrawn
        await tx.answers.delete(data["ideas"][2].id)
    status, result = await _status_and_result(db, session_id)
    assert "<b>Stand:</b> 2 Punkte von 1 Person" in status
    assert "<b>Ergebnis:</b> 2 Punkte von 1 Person" in result


async def test_status_and_result_count_the_same_raters(db: Database, workshop: Workshop) -> None:
    await seed(db, people=1)
    session_id = await start_session(workshop, db, "Bewerten", "ohne Timer")
    await press(workshop, db, ANNA, "W2")
    await press(workshop, db, ANNA, "A3")
    await press(workshop, db, 2000, "W4")  # Person 0 rates the likelihood only
    status, result = await _status_and_result(db, session_id)
    assert "W 3,0 · A 3,0 (1 Bewertung)" in status
    assert "W 3,0 · A 3,0 → <b>mittel</b> (1 Bewertung)" in result


async def test_one_session_per_group(db: Database, workshop: Workshop) -> None:
    await seed(db)
    await start_session(workshop, db, "Punkte", "ohne Timer")
    await workshop.process_update(incoming(ANNA, Command("live")))
    assert "läuft bereits" in texts_of(await outbox(db, GROUP))[-1]


# -- rating -----------------------------------------------------------------------------------


async def test_ratings_one_per_person_and_dimension(db: Database, workshop: Workshop) -> None:
    data = await seed(db, people=3)
    session_id = await start_session(workshop, db, "Bewerten", "5 Min.")
    risk = data["risks"][0]
    presses = []
    for i, (w, a) in enumerate(((2, 4), (3, 5), (4, 3))):
        for dim, value in (("l", w), ("i", a)):
            presses.append(
                workshop.process_update(
                    incoming(2000 + i, Click(await _rate_button(db, risk.id, dim, value)))
                )
            )
    await asyncio.gather(*presses)
    # Pressing again changes the rating instead of adding one.
    changed = await workshop.process_update(
        incoming(2000, Click(await _rate_button(db, risk.id, "l", 3)))
    )
    assert "Wahrscheinlichkeit 3" in (changed.callback_text or "")
    same = await workshop.process_update(
        incoming(2000, Click(await _rate_button(db, risk.id, "l", 3)))
    )
    assert "hatten Sie schon" in (same.callback_text or "")
    async with db.read() as tx:
        likelihood = await tx.answers.current(1, "as6", "likelihood", subject_id=risk.id)
        impact = await tx.answers.current(1, "as6", "impact", subject_id=risk.id)
    assert sorted(a.value for a in likelihood) == [3, 3, 4]
    assert sorted(a.value for a in impact) == [3, 4, 5]
    assert len({a.author_id for a in likelihood}) == 3
    mine = await workshop.process_update(incoming(2000, Click(await button(db, "1. Unklare"))))
    assert "Wahrscheinlichkeit 3 · Auswirkung 4" in (mine.callback_text or "")
    _, ids = await live.refresh_status(db, session_id, TelegramLinks("werkstatt_bot"))
    assert ids
    status = texts_of(await outbox(db, GROUP))[-1]
    assert "Unklare Zuständigkeiten – W 3,3 · A 4,0 (3 Bewertungen)" in status
    assert "Ende um" in status
    await press(workshop, db, ANNA, "Beenden")
    group = await outbox(db, GROUP)
    assert group[-1]["reply"]["chart"] == "risikomatrix"
    assert "W 3,3 · A 4,0" in group[-2]["reply"]["text"]


async def _rate_button(db: Database, risk_id: int, dim: str, value: int) -> str:
    """The stored id of the rating button for ``risk_id``/``dim``/``value``."""
    async with db.read() as tx:
        rows = await tx._session.fetchall("SELECT id, payload FROM buttons")
    from storage.codec import load_json

    for row in reversed(rows):
        action = decode(load_json(row["payload"])["v"])
        if isinstance(action, RateRisk) and (action.risk, action.dimension, action.value) == (
            risk_id,
            dim,
            value,
        ):
            return str(row["id"])
    raise AssertionError("no rating button")


# -- collecting via the deep link -------------------------------------------------------------


@pytest.mark.parametrize("anonymous", [False, True])
async def test_collect_via_deep_link(db: Database, workshop: Workshop, anonymous: bool) -> None:
    data = await seed(db, people=1)
    session_id = await start_session(
        workshop, db, "Sammeln", "Vision", "Anonym" if anonymous else "Mit Namen", "ohne Timer"
    )
    status = (await outbox(db, GROUP))[-1]
    link = status["reply"]["buttons"][0][0]
    assert link["url"] == f"https://t.me/werkstatt_bot?start=live{session_id}"
    touched: list[int] = []
    workshop.on_live_change = touched.extend
    await workshop.process_update(incoming(2000, Command("start", f"live{session_id}"), chat=2000))
    private = texts_of(await outbox(db, 2000))
    assert "Live-Sammlung: Stichworte zur Vision" in private[0]
    assert ("ohne Namen" in private[0]) is anonymous
    assert "Stichworte oder kurze Sätze" in private[-1]
    await workshop.process_update(incoming(2000, TextInput("Kurze Wege zum Amt"), chat=2000))
    await workshop.process_update(incoming(2000, TextInput("Freies WLAN am Markt"), chat=2000))
    assert touched == [session_id, session_id]
    async with db.read() as tx:
        entries = await tx.answers.current(1, "as3", "vision_ideas")
    assert [e.value for e in entries] == ["Kurze Wege zum Amt", "Freies WLAN am Markt"]
    assert {e.author_id for e in entries} == {data["members"][0].id}  # authors always stored
    _, ids = await live.refresh_status(db, session_id, TelegramLinks("werkstatt_bot"))
    edit = (await outbox(db, GROUP))[-1]
    assert edit["id"] in ids and edit["edit_ref"] == f"live:{session_id}"
    assert "2 Beiträge" in edit["reply"]["text"]
    assert "Freies WLAN am Markt" in edit["reply"]["text"]
    assert ("Person 0" in edit["reply"]["text"]) is not anonymous
    # Nothing changed since: no further edit.
    assert (await live.refresh_status(db, session_id, TelegramLinks("werkstatt_bot")))[1] == []
    await press(workshop, db, ANNA, "Beenden")
    result = texts_of(await outbox(db, GROUP))[-1]
    assert "2 Beiträge" in result and "Kurze Wege zum Amt" in result
    assert ("Person 0" in result) is not anonymous
    async with db.read() as tx:
        closed = await tx.live.get(session_id)
    # The record kept with the session names nobody (deleting one's data must not miss it).
    assert closed is not None and closed.result is not None
    assert "Kurze Wege zum Amt" in closed.result and "Person 0" not in closed.result


async def test_deep_link_refusals(db: Database, workshop: Workshop) -> None:
    await seed(db)
    vote_id = await start_session(workshop, db, "Punkte", "ohne Timer")
    await workshop.process_update(incoming(5555, Command("start", f"live{vote_id}"), chat=5555))
    await workshop.process_update(incoming(ANNA, Command("start", f"live{vote_id}"), chat=ANNA))
    await workshop.process_update(incoming(ANNA, Command("start", "live999"), chat=ANNA))
    assert "Mitglieder des Teams" in texts_of(await outbox(db, 5555))[-1]
    said = texts_of(await outbox(db, ANNA))
    assert "direkt in der Gruppe" in said[-2]
    assert "kenne ich nicht" in said[-1]


# -- the scheduler: throttled edits, timers, restart ------------------------------------------


class Recorder:
    """A transport that records what it was asked to do and hands out message ids."""

    def __init__(self) -> None:
        #: (chat, reply, message id to edit or None, the message id it became)
        self.calls: list[tuple[str, Reply, str | None, str]] = []
        self._ids = itertools.count(100)

    async def deliver(self, chat_id: str, reply: Reply, edit_message_id: str | None) -> str:
        message_id = edit_message_id if edit_message_id is not None else str(next(self._ids))
        self.calls.append((chat_id, reply, edit_message_id, message_id))
        return message_id


async def test_scheduler_throttles_and_coalesces_edits(db: Database, workshop: Workshop) -> None:
    await seed(db, people=30)
    recorder = Recorder()
    courier = Courier(db, recorder)
    scheduler = LiveScheduler(db, courier, links=TelegramLinks("werkstatt_bot"), edit_interval=0.5)
    workshop.on_live_change = scheduler.poke
    await start_session(workshop, db, "Punkte", "ohne Timer")
    await courier.submit([i["id"] for i in await outbox(db)])
    await courier.drain()
    status_id = recorder.calls[-1][3]
    assert "Punktabstimmung" in recorder.calls[-1][1].text  # type: ignore[union-attr]
    before = len(recorder.calls)
    plus = await button(db, "+ Rufbus")
    for i in range(30):  # one after another, as the poller hands them over
        done = await workshop.process_update(incoming(2000 + i, Click(plus)))
        await courier.submit(done.outbox_ids)
    await scheduler.idle()
    await courier.drain()
    edits = recorder.calls[before:]
    assert 1 <= len(edits) <= 5, len(edits)
    assert {edit[2] for edit in edits} == {status_id}  # always the one status message
    final = edits[-1][1]
    assert isinstance(final, Message) and "Rufbus-App: <b>30</b>" in final.text
    await scheduler.stop()
    await courier.close()


async def test_timer_warns_closes_and_survives_a_restart(db: Database, workshop: Workshop) -> None:
    await seed(db, people=1)
    recorder = Recorder()
    courier = Courier(db, recorder)
    session_id = await start_session(workshop, db, "Punkte", "2 Min.")
    await press(workshop, db, 2000, "+ Rufbus")
    # Time passes: the end is near. (The stored end is what counts, also after a restart.)
    # (Margins of a second: a loaded machine may take that long to set up the schedulers.)
    soon = datetime.now(UTC) + timedelta(seconds=3)
    async with db.transaction() as tx:
        await tx.live.set_end(session_id, soon)
    first = LiveScheduler(db, courier, links=TelegramLinks("werkstatt_bot"), warn_before=2.0)
    assert await first.start() == 1
    assert first.timers == {session_id: soon}
    await first.stop()  # the process ends before the timer fired
    restarted = LiveScheduler(db, courier, links=TelegramLinks("werkstatt_bot"), warn_before=2.0)
    assert await restarted.start() == 1
    await asyncio.wait_for(_closed(db, session_id), timeout=10)
    # The scheduler hands the closing messages to the courier just after its commit.
    await asyncio.wait_for(_delivered(courier, recorder, "die Zeit ist um"), timeout=10)
    said = [c[1] for c in recorder.calls if c[0] == tg(GROUP)]
    texts = [r.text for r in said if isinstance(r, Message)]
    assert sum("⏳ Noch 1 Minute" in t for t in texts) == 1
    assert any("die Zeit ist um" in t for t in texts)
    assert [r.chart for r in said if not isinstance(r, Message)] == ["punktabstimmung"]
    await asyncio.sleep(0.05)
    assert restarted.timers == {}
    assert await restarted.start() == 0  # nothing open any more
    await restarted.stop()
    await courier.close()


async def _delivered(courier: Courier, recorder: Recorder, fragment: str) -> None:
    while True:
        await courier.drain()
        said = [c[1] for c in recorder.calls if c[0] == tg(GROUP)]
        if any(fragment in r.text for r in said if isinstance(r, Message)):
            return
        await asyncio.sleep(0.05)


async def _closed(db: Database, session_id: int) -> None:
    while True:
        async with db.read() as tx:
            session = await tx.live.get(session_id)
        if session is not None and not session.is_open:
            return
        await asyncio.sleep(0.05)


# -- the engine's entry point for deep links --------------------------------------------------


def _turn(role: Role, state: DialogState | None = None) -> Turn:
    now = datetime.now(UTC)
    team = Team(id=1, municipality="Musterhausen", town_type="Kleinstadt", created_at=now)
    member = Member(
        id=7, team_id=1, user_id=7, display_name="Bea", role=role,
        stakeholder_group="Politik", joined_at=now,
    )  # fmt: skip
    return Turn(STEPS["as3"], state or DialogState(), View(team=team, member=member, now=now))


def _key(index: int) -> str:
    return STEPS["as3"].prompts[index].key


def test_begin_at_opens_the_named_prompt_without_intro() -> None:
    turn = _turn(Role.PARTICIPANT, DialogState(dialog="as5", index=2, version=4))
    outcome = turn.begin_at("vision_ideas")
    assert outcome.state.dialog == "as3" and outcome.state.version > 4
    assert _key(outcome.state.index) == "vision_ideas"
    assert len(outcome.replies) == 1  # the question only, no intro
    assert "Stichworte" in outcome.replies[0].text  # type: ignore[union-attr]
    with pytest.raises(KeyError):
        _turn(Role.PARTICIPANT).begin_at("nonsense")


def test_begin_at_a_prompt_not_for_this_member_begins_at_the_start() -> None:
    outcome = _turn(Role.PARTICIPANT).begin_at("vision_statement")  # core team only
    assert _key(outcome.state.index) != "vision_statement"
    assert "AS3" in outcome.replies[0].text  # type: ignore[union-attr]  (the intro)
    core = _turn(Role.CORE).begin_at("vision_statement")
    assert _key(core.state.index) == "vision_statement"


@pytest.mark.parametrize("anonymous", [False, True])
async def test_an_anonymous_round_names_nobody_in_summary_export_or_overview(
    db: Database, workshop: Workshop, anonymous: bool
) -> None:
    """Anonymous means anonymous everywhere: the step summary for the core team (chat and
    Markdown), the export and /schritte – while a named round keeps its names."""
    data = await seed(db, people=1)
    async with db.transaction() as tx:
        await tx.users.set_active_team(data["anna"].user_id, data["team"].id)
    session_id = await start_session(
        workshop, db, "Sammeln", "Vision", "Anonym" if anonymous else "Mit Namen", "ohne Timer"
    )
    await workshop.process_update(incoming(2000, Command("start", f"live{session_id}"), chat=2000))
    await workshop.process_update(incoming(2000, TextInput("Kurze Wege zum Amt"), chat=2000))
    await press(workshop, db, ANNA, "Beenden")

    await workshop.process_update(incoming(ANNA, Command("zusammenfassung", "as3"), chat=ANNA))
    replies = [i["reply"] for i in await outbox(db, ANNA)]
    chat = next(r["text"] for r in replies if "Ideen zur Vision" in (r.get("text") or ""))
    markdown = next(r["text"] for r in replies if r.get("filename", "").endswith(".md"))
    assert "Kurze Wege zum Amt" in markdown
    assert ("Person 0" in chat) is not anonymous
    assert ("Kurze Wege zum Amt *(Person 0)*" in markdown) is not anonymous
    assert ("Person 0" in markdown) is not anonymous

    await workshop.process_update(incoming(ANNA, Command("schritte"), chat=ANNA))
    overview = texts_of(await outbox(db, ANNA))[-1]
    assert ("Beiträge von: Person 0" in overview) is not anonymous
    assert ("Beiträge von: anonym" in overview) is anonymous

    await workshop.process_update(incoming(ANNA, Command("export"), chat=ANNA))
    export = (await outbox(db, ANNA))[-1]["reply"]
    rows = [r for r in export["data"]["tables"]["answers"] if r["prompt"] == "vision_ideas"]
    assert [r["anonymous"] for r in rows] == [int(anonymous)]  # kept: it was anonymous
    author = None if anonymous else data["members"][0].id
    assert [r["author_id"] for r in rows] == [author]  # never who made it
    assert ("Person 0" in str(export["data"]["summaries"])) is not anonymous

    # The person's own data says which of their entries are anonymous.
    await workshop.process_update(incoming(2000, Command("meinedaten"), chat=2000))
    record = json.loads((await outbox(db, 2000))[-1]["reply"]["text"])
    mine = [c for c in record["teams"][0]["beitraege"] if c["frage"] == "vision_ideas"]
    assert [(c["wert"], c["anonym"]) for c in mine] == [("Kurze Wege zum Amt", anonymous)]

    # After the round, the same person's next entry carries their name again.
    await workshop.process_update(incoming(2000, TextInput("Freies WLAN am Markt"), chat=2000))
    async with db.read() as tx:
        entries = await tx.answers.current(data["team"].id, "as3", "vision_ideas")
    assert [e.anonymous for e in entries] == [anonymous, False]
