"""Safety end to end: flood control, secrets in logs, foreign and forged buttons, bad input,
group chats and people who blocked the bot – through the real Application and a fake server.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import sys
from pathlib import Path

import pytest

from bot.app.delivery import MAX_ATTEMPTS
from bot.logsetup import RedactTokens
from tests.botprocess import eventually, read_only
from tests.conftest import TOKEN, person, running_bot
from tests.e2e import button_answer, create_team, expect, join_team
from tests.fakeapi import ChatClient, FakeBotApi, FakeChat, FakeUser, SentMessage

SECRET = TOKEN.split(":", 1)[1]


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Everything a button press or an answer could change (not the bookkeeping tables)."""
    queries = {
        "teams": "SELECT * FROM teams ORDER BY id",
        "users": "SELECT id, account, display_name, active_team_id, flow_state FROM users"
        " ORDER BY id",
        "members": "SELECT * FROM members ORDER BY id",
        "answers": "SELECT * FROM answers ORDER BY id",
        "step_status": "SELECT * FROM step_status ORDER BY team_id, step",
        "invites": "SELECT * FROM invites ORDER BY code",
        "group_chats": "SELECT * FROM group_chats ORDER BY chat_id",
    }
    with read_only(db) as conn:
        return {name: [tuple(r) for r in conn.execute(sql)] for name, sql in queries.items()}


def current_answers(db: Path, prompt: str) -> list[object]:
    with read_only(db) as conn:
        rows = conn.execute(
            "SELECT value FROM answers WHERE prompt = ? AND replaced_by IS NULL"
            " AND deleted_at IS NULL ORDER BY id",
            (prompt,),
        ).fetchall()
    return [json.loads(row[0]) for row in rows]


def outbox(db: Path, chat_id: int | None = None) -> list[sqlite3.Row]:
    with read_only(db) as conn:
        if chat_id is None:
            return conn.execute("SELECT * FROM outbox ORDER BY id").fetchall()
        return conn.execute(
            "SELECT * FROM outbox WHERE chat_id = ? ORDER BY id", (f"telegram:{chat_id}",)
        ).fetchall()


def button_data(message: SentMessage, label: str) -> str:
    for row in message.buttons:
        for button in row:
            if label.casefold() in button.text.casefold():
                assert button.data is not None
                return button.data
    raise AssertionError(f"no button {label!r} in {message.describe()}")


async def press_foreign(api: FakeBotApi, client: ChatClient, data: str) -> None:
    """``client`` presses a button with ``data`` under the bot's last message in their chat.

    The data may come from anywhere (another person's message, or made up): Telegram's
    client sends whatever callback_data the button carries, and a modified client anything.
    """
    message = client.last()
    client._skip_unread()
    api.push_callback(client.user, message.message_id, data, client.chat)


async def open_as3(client: ChatClient) -> SentMessage:
    await client.send("/schritte")
    steps = await expect(client, "Arbeitsschritte")
    await client.click("AS3")
    return steps


async def quiet(api: FakeBotApi, client: ChatClient, seconds: float = 0.3) -> None:
    """Nothing more arrives in the chat for a moment (a wrong extra reply would)."""
    before = len(api.timeline(client.chat.id))
    await asyncio.sleep(seconds)
    extra = api.timeline(client.chat.id)[before:]
    assert not extra, [m.describe() for m in extra]


# --------------------------------------------------------------------------------------------
# flood control
# --------------------------------------------------------------------------------------------


async def test_flood_control_delays_a_reply_but_does_not_lose_it(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna = person(api, 6001, "Anna")
    await anna.send("/start")
    await expect(anna, "Willkommen")
    api.fail_next("sendMessage", retry_after=1)
    await anna.send("/hilfe")
    await expect(anna, "So funktioniert die Werkstatt", timeout=10)
    calls = api.calls_to("sendMessage")
    refused = [c for c in calls if c.error_code == 429]
    assert len(refused) == 1
    delivered = [c for c in calls if c.ok and c.time > refused[0].time]
    assert delivered and delivered[0].time - refused[0].time >= 1.0, "retry_after ignored"
    await eventually(lambda: all(row["sent_at"] for row in outbox(db_path)))
    assert all(row["attempts"] == 0 for row in outbox(db_path))


async def test_flood_control_beyond_the_rate_limiters_retries_still_delivers(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna = person(api, 6002, "Anna")
    await anna.send("/start")
    await expect(anna, "Willkommen")
    # More 429 answers in a row than the rate limiter retries: the courier must keep trying.
    api.fail_next("sendMessage", retry_after=1, times=4)
    await anna.send("/hilfe")
    await expect(anna, "So funktioniert die Werkstatt", timeout=20)
    await eventually(lambda: all(row["sent_at"] for row in outbox(db_path)))
    helps = [m for m in api.sent_to(anna.chat.id) if "So funktioniert" in (m.text or "")]
    assert len(helps) == 1


async def test_a_network_error_while_sending_delays_a_reply_but_does_not_lose_it(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna = person(api, 6003, "Anna")
    await anna.send("/start")
    await expect(anna, "Willkommen")
    api.fail_next("sendMessage", error_code=502)
    api.fail_next("sendMessage", error_code=500)
    await anna.send("/hilfe")
    await expect(anna, "So funktioniert die Werkstatt", timeout=15)
    await eventually(lambda: all(row["sent_at"] for row in outbox(db_path)))


# --------------------------------------------------------------------------------------------
# the token never reaches a log line
# --------------------------------------------------------------------------------------------


async def test_the_token_never_appears_in_the_log(
    api: FakeBotApi, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # httpx explicitly, too: logsetup.configure() (run by any earlier CLI test) quiets it.
    caplog.set_level(logging.DEBUG, logger="httpx")
    anna = person(api, 6101, "Anna")
    async with running_bot(api, db_path):
        await anna.send("/start")
        await expect(anna, "Willkommen")
        api.fail_next("sendMessage", error_code=500)  # a logged failure, with traceback
        await anna.send("/hilfe")
        await expect(anna, "So funktioniert", timeout=15)
    # httpx did log every request URL (which contains bot<token>) ...
    urls = [r for r in caplog.records if r.name == "httpx" and "/bot" in r.getMessage()]
    assert urls, "httpx should log request URLs at INFO in this set-up"
    assert any("getUpdates" in r.getMessage() for r in urls)
    # ... and neither the token nor its secret half made it into any record.
    assert TOKEN not in caplog.text and SECRET not in caplog.text
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "") + str(record.args or "")
        assert SECRET not in text, record.name


def test_redact_tokens_cleans_arguments_and_tracebacks() -> None:
    url = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
    try:
        raise ConnectionError(f"cannot reach {url}")
    except ConnectionError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "httpx", logging.INFO, __file__, 1, 'HTTP Request: %s %s "%s"',
        ("POST", url, "HTTP/1.1 200 OK"), exc_info,
    )  # fmt: skip
    other = logging.LogRecord(
        "bot", logging.INFO, __file__, 2, "token is %(token)s", ({"token": "short-secret"},), None
    )
    redact = RedactTokens("short-secret")
    assert redact.filter(record) and redact.filter(other)
    formatted = logging.Formatter().format(record)
    assert SECRET not in formatted and TOKEN not in formatted
    assert "api.telegram.org/bot<redacted>/sendMessage" in formatted
    assert "Traceback" in formatted and "cannot reach" in formatted
    assert "short-secret" not in logging.Formatter().format(other)


def test_redaction_applies_to_handlers_that_were_not_configured(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A handler added by somebody else (here: pytest's) must not see the token either."""
    from bot import logsetup

    caplog.set_level(logging.INFO)
    logsetup.protect(TOKEN)
    logging.getLogger("httpx").info("HTTP Request: POST %s", f"http://x/bot{TOKEN}/getMe")
    try:
        raise RuntimeError(f"failed: http://x/bot{TOKEN}/getMe")
    except RuntimeError:
        logging.getLogger("telegram.ext.Application").exception("boom")
    assert "getMe" in caplog.text and "Traceback" in caplog.text
    assert SECRET not in caplog.text


# --------------------------------------------------------------------------------------------
# buttons: foreign, forged, not allowed
# --------------------------------------------------------------------------------------------


async def test_a_member_of_another_team_cannot_press_this_teams_buttons(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna = person(api, 6201, "Anna")
    bert = person(api, 6202, "Bert")
    await create_team(anna, "Adorf")
    await create_team(bert, "Bstadt")
    steps = await open_as3(anna)
    prompt = await expect(anna, "Zieljahr")
    await open_as3(bert)
    await expect(bert, "Zieljahr")
    await anna.send("/team")
    team_message = await expect(anna, "Team Adorf")
    foreign = [
        button_data(steps, "AS3"),  # would open AS3 of Adorf for Bert
        button_data(prompt, "Pause"),  # a dialog button: Bert is in AS3, too
        button_data(team_message, "Rollen ändern"),
        button_data(team_message, "Neuer Einladungslink"),
    ]
    before = snapshot(db_path)
    for data in foreign:
        await press_foreign(api, bert, data)
        await expect(bert, "⛔")
    await quiet(api, anna)
    assert snapshot(db_path) == before


async def test_a_participant_cannot_promote_themselves_with_the_facilitators_button(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna = person(api, 6301, "Anna")
    ben = person(api, 6302, "Ben")
    code = await create_team(anna)
    await join_team(ben, code)
    joined = await expect(anna, "ist dem Team beigetreten")
    promote = button_data(joined, "Zum Kernteam")
    before = snapshot(db_path)
    await press_foreign(api, ben, promote)
    refusal = await expect(ben, "⛔")
    assert "Kernteam" not in refusal.text
    assert snapshot(db_path) == before
    roles = {r["display_name"]: r["role"] for r in _members(db_path)}
    assert roles == {"Anna": "moderation", "Ben": "teilnehmend"}


def _members(db: Path) -> list[sqlite3.Row]:
    with read_only(db) as conn:
        return conn.execute("SELECT display_name, role FROM members ORDER BY id").fetchall()


async def test_a_demoted_facilitators_old_buttons_are_checked_again(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    """The role is re-checked on every press, not trusted from when the button was made."""
    anna = person(api, 6401, "Anna")
    ben = person(api, 6402, "Ben")
    code = await create_team(anna)
    await join_team(ben, code)
    await expect(anna, "ist dem Team beigetreten")
    # Anna makes Ben a facilitator; Ben gets the facilitator's tools.
    await anna.send("/team")
    await expect(anna, "Team Musterhausen")
    await anna.click("Rollen ändern")
    await expect(anna, "Wessen Rolle")
    await anna.click("Ben")
    await expect(anna, "Neue Rolle")
    await anna.click("Moderation")
    await expect(anna, "gehört jetzt zur Rolle")
    await ben.send("/team")
    bens_tools = await expect(ben, "Team Musterhausen")
    roles_button = button_data(bens_tools, "Rollen ändern")
    revoke_button = button_data(bens_tools, "Einladungen widerrufen")
    # Anna takes it back.
    await anna.click("Rollen ändern")
    await expect(anna, "Wessen Rolle")
    await anna.click("Ben")
    await expect(anna, "Neue Rolle")
    await anna.click("Teilnehmende")
    await expect(anna, "gehört jetzt zur Rolle")
    await expect(ben, "Teilnehmende")

    before = snapshot(db_path)
    for data in (roles_button, revoke_button):
        await press_foreign(api, ben, data)  # his own, older button
        refusal = await expect(ben, "⛔")
        assert "Das darf nur die Moderation" in refusal.text
    assert snapshot(db_path) == before


async def test_forged_callback_data_is_not_trusted(api: FakeBotApi, bot, db_path: Path) -> None:
    anna = person(api, 6501, "Anna")
    await create_team(anna)
    await open_as3(anna)
    await expect(anna, "Zieljahr")
    before = snapshot(db_path)
    forged = [
        "xY3kQ9aZ0p",  # looks like a button id
        "cmd:close:as3",  # looks like a payload
        '{"v": "cmd:setrole:1:moderation"}',
        "' OR 1=1 --",
        "ä" * 32,  # 64 bytes
    ]
    for data in forged:
        answered = len(api.callback_answers)
        await press_foreign(api, anna, data)
        answer = await button_answer(api, answered)  # on the button, not in the chat
        assert "nicht mehr gültig" in answer
        assert "⛔" not in answer
    await quiet(api, anna)
    assert snapshot(db_path) == before
    # The dialog is unharmed.
    await anna.send("2035")
    await expect(anna, "Stichworte")


# --------------------------------------------------------------------------------------------
# bad input per prompt type
# --------------------------------------------------------------------------------------------


def member_state(db: Path, telegram_id: int) -> dict:
    with read_only(db) as conn:
        row = conn.execute(
            "SELECT m.dialog_state FROM members m JOIN users u ON u.id = m.user_id"
            " WHERE u.account = ?",
            (f"telegram:{telegram_id}",),
        ).fetchone()
    return json.loads(row[0])


def flow_state(db: Path, telegram_id: int) -> object:
    with read_only(db) as conn:
        row = conn.execute(
            "SELECT flow_state FROM users WHERE account = ?", (f"telegram:{telegram_id}",)
        ).fetchone()
    return row[0]


async def rejects(
    api: FakeBotApi, client: ChatClient, db: Path, send, hint: str, *, state
) -> SentMessage:
    """``send()`` gets the friendly ``hint``, and neither answers nor dialog state change."""
    before, position = snapshot(db), state()
    await send()
    reply = await expect(client, hint)
    await quiet(api, client, 0.15)
    assert snapshot(db) == before
    assert state() == position
    return reply


async def test_team_creation_rejects_bad_input(api: FakeBotApi, bot, db_path: Path) -> None:
    anna = person(api, 6601, "Anna")
    await anna.send("/start")
    await expect(anna, "Willkommen")
    await anna.click("Neues Team")
    await expect(anna, "Wie heißt Ihre Kommune")
    state = lambda: flow_state(db_path, anna.user.id)  # noqa: E731
    await rejects(api, anna, db_path, anna.sticker, "Sticker kann ich", state=state)
    await rejects(api, anna, db_path, lambda: anna.send("X"), "etwas kurz", state=state)
    reply = await rejects(api, anna, db_path, lambda: anna.send("M" * 81), "zu lang", state=state)
    assert "höchstens 80 Zeichen" in reply.text and "hat 81" in reply.text
    await anna.send("Musterhausen")
    await expect(anna, "Gemeindetyp")
    reply = await rejects(
        api, anna, db_path, lambda: anna.send("99"), "eine der Schaltflächen", state=state
    )
    assert "2 = Kleinstadt" in reply.text
    await rejects(api, anna, db_path, lambda: anna.send("Metropole"), "Schaltflächen", state=state)
    await rejects(api, anna, db_path, anna.photo, "Fotos kann ich", state=state)
    await anna.send("2")
    await expect(anna, "Namen")


async def test_as3_rejects_bad_input_for_every_prompt_type(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna = person(api, 6701, "Anna")
    await create_team(anna)
    await open_as3(anna)
    await expect(anna, "Zieljahr")
    state = lambda: member_state(db_path, anna.user.id)  # noqa: E731

    # number
    await rejects(api, anna, db_path, lambda: anna.send("zwölf"), "eine Zahl", state=state)
    await rejects(api, anna, db_path, lambda: anna.send("1999"), "zu klein", state=state)
    await rejects(api, anna, db_path, lambda: anna.send("2035,5"), "ganze Zahl", state=state)
    await rejects(api, anna, db_path, anna.voice, "Sprachnachrichten", state=state)
    await anna.send("2035")
    await expect(anna, "Stichworte")

    # items
    reply = await rejects(api, anna, db_path, lambda: anna.send("x" * 301), "zu lang", state=state)
    assert "höchstens 300 Zeichen" in reply.text and "hat 301" in reply.text
    await rejects(api, anna, db_path, lambda: anna.send(" \n\t "), "als Text", state=state)
    await rejects(api, anna, db_path, anna.sticker, "Sticker", state=state)
    await rejects(api, anna, db_path, lambda: anna.photo(caption="Idee"), "Fotos", state=state)
    await anna.send("Kurze Wege zum Amt")
    await expect(anna, "Gespeichert")
    await anna.click("Fertig")
    await expect(anna, "Grundsätze")

    # multiple choice
    reply = await rejects(
        api, anna, db_path, lambda: anna.send("99"), "kenne ich nicht", state=state
    )
    assert "1 = " in reply.text
    await rejects(api, anna, db_path, lambda: anna.send("1, 99"), "kenne ich nicht", state=state)
    await rejects(api, anna, db_path, anna.sticker, "Sticker", state=state)
    await anna.send("1, 2")
    await expect(anna, "Formulieren Sie nun die Vision")

    # free text 20..1200
    reply = await rejects(
        api, anna, db_path, lambda: anna.send("Zu kurz."), "etwas kurz", state=state
    )
    assert "mindestens 20 Zeichen" in reply.text and "bisher 8" in reply.text
    reply = await rejects(
        api, anna, db_path, lambda: anna.send("v" * 1201), "zu lang", state=state
    )
    assert "höchstens 1200 Zeichen" in reply.text and "hat 1201" in reply.text
    await rejects(api, anna, db_path, lambda: anna.send("   "), "als Text", state=state)
    await rejects(api, anna, db_path, anna.voice, "Sprachnachrichten", state=state)
    await anna.send("Musterhausen ist 2035 eine Kleinstadt, in der digitale Dienste helfen.")
    await expect(anna, "strategischen Ziele")
    await anna.send("Online-Terminvergabe bis 2027")
    await expect(anna, "Gespeichert")
    await anna.click("Fertig")
    await expect(anna, "Handlungsfeld")

    # single choice with „Andere …“: a number out of range is no free text
    reply = await rejects(
        api, anna, db_path, lambda: anna.send("99"), "Schaltflächen", state=state
    )
    assert "1 = " in reply.text
    await rejects(api, anna, db_path, anna.photo, "Fotos", state=state)
    await anna.send("1")
    await expect(anna, "Danke")

    assert current_answers(db_path, "target_year") == [2035]
    assert current_answers(db_path, "vision_ideas") == ["Kurze Wege zum Amt"]
    assert len(current_answers(db_path, "data_principles")) == 1
    assert len(current_answers(db_path, "goal_field")) == 1


# --------------------------------------------------------------------------------------------
# group chats
# --------------------------------------------------------------------------------------------


async def test_in_a_group_the_bot_points_to_the_private_chat(
    api: FakeBotApi, bot, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    anna = FakeUser(6801, "Anna")
    group = FakeChat(-1006801, "supergroup", title="Werkstatt Musterhausen")
    api.push_bot_added(anna, group)  # my_chat_member and a service message: no reply
    in_group = ChatClient(api, anna, group)
    # What reaches a bot in a group with privacy mode on: commands, and replies to its messages.
    for send in (
        lambda: in_group.send("/start"),
        lambda: in_group.send(f"/schritte@{api.username}"),
        lambda: in_group.send("/weiter"),
        lambda: in_group.send("Und wie geht das?", reply_to=in_group.last().message_id),
    ):
        await send()
        hint = await expect(in_group, "privaten Chat")
        assert hint.chat_id == group.id
        assert any(b.data and b.data.startswith("https://t.me/") for r in hint.buttons for b in r)
    await quiet(api, in_group)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not [m for m in api.sent_to(group.id) if "schiefgelaufen" in (m.text or "")]
    # The group messages created no team, no dialog and no private chat traffic.
    assert snapshot(db_path)["teams"] == []
    assert api.sent_to(anna.id) == []


# --------------------------------------------------------------------------------------------
# people who blocked the bot
# --------------------------------------------------------------------------------------------


async def test_a_blocked_chat_is_given_up_and_does_not_hold_up_others(
    api: FakeBotApi, db_path: Path
) -> None:
    anna = person(api, 6901, "Anna")
    ben = person(api, 6902, "Ben")
    cara = person(api, 6903, "Cara")
    async with running_bot(api, db_path):
        code = await create_team(anna)
        api.block_user(anna.user)
        # Each join notifies the facilitator, Anna, who blocked the bot.
        await join_team(ben, code)
        await join_team(cara, code, group="Wirtschaft")
        # Anna still writes (a bot blocked right after her message): her replies fail, too.
        await anna.send("/hilfe")
        await ben.send("/schritte")
        await expect(ben, "Arbeitsschritte")
        await cara.send("/hilfe")
        await expect(cara, "So funktioniert")
        await eventually(lambda: len(failed_sends(api, anna.chat.id)) >= 3)
        await eventually(lambda: not [r for r in outbox(db_path) if _pending(r)])
    blocked = [r for r in outbox(db_path, anna.chat.id) if r["sent_at"] is None]
    assert len(blocked) >= 3  # (at least) two join notices and the help
    assert all(r["attempts"] >= MAX_ATTEMPTS and "blocked" in r["last_error"] for r in blocked)
    tries = len(failed_sends(api, anna.chat.id))
    assert tries == len(blocked), "one try per item, no retry loop"
    for other in (ben, cara):
        assert all(r["sent_at"] for r in outbox(db_path, other.chat.id))

    # After a restart the given-up items stay given up; the others are served as usual.
    async with running_bot(api, db_path):
        await ben.send("/hilfe")
        await expect(ben, "So funktioniert")
        await asyncio.sleep(0.2)
    assert len(failed_sends(api, anna.chat.id)) == tries


def failed_sends(api: FakeBotApi, chat_id: int) -> list:
    return [c for c in api.calls if c.params.get("chat_id") == chat_id and c.error_code == 403]


def _pending(row: sqlite3.Row) -> bool:
    return row["sent_at"] is None and row["attempts"] < MAX_ATTEMPTS


# --------------------------------------------------------------------------------------------
# polling survives Telegram's errors
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error_code", "description"),
    [
        (409, "Conflict: terminated by other getUpdates request; make sure that only one bot"),
        (502, None),
        (400, "Bad Request: something unexpected"),
    ],
)
async def test_an_error_from_get_updates_does_not_stop_the_bot(
    api: FakeBotApi, bot, error_code: int, description: str | None
) -> None:
    anna = person(api, 7001, "Anna")
    await anna.send("/start")
    await expect(anna, "Willkommen")
    polls = len(api.calls_to("getUpdates"))
    api.fail_next("getUpdates", error_code=error_code, description=description)
    await anna.send("/hilfe")  # ends the long poll; the next getUpdates fails
    await expect(anna, "So funktioniert")
    await api.wait_for(lambda: any(not c.ok for c in api.calls_to("getUpdates")[polls:]))
    await anna.send("/datenschutz")
    await expect(anna, "Datenschutz", timeout=15)
