"""Durability end to end: the real bot in a subprocess, killed with SIGKILL at bad moments.

The design's promise (DESIGN.md, "Durable state"): a reply means the answer is stored; an
update fetched but not confirmed is processed after a restart, and a redelivered update
changes nothing; a reply decided before a crash is still delivered after it.
"""

from __future__ import annotations

import asyncio
import copy
import json
import re
import sqlite3
from pathlib import Path

import pytest

from tests import fakeapi
from tests.botprocess import BotProcess, eventually, read_only
from tests.conftest import TOKEN, person, running_bot
from tests.e2e import create_team, expect, join_team
from tests.fakeapi import ChatClient, FakeBotApi

SECRET = TOKEN.split(":", 1)[1]


@pytest.fixture
async def proc(api: FakeBotApi, tmp_path: Path):
    process = BotProcess(api, tmp_path / "werkstatt.db", TOKEN, tmp_path / "bot-stderr.log")
    try:
        yield process
    finally:
        await process.close()
    leftovers = await process.reap_children()
    assert not leftovers, f"helper processes outlived the bot: {leftovers}"
    log = process.log()
    # The token is on the command line, but it must never reach a log line.
    assert TOKEN not in log and SECRET not in log, log


def current_answers(db: Path, step: str, prompt: str) -> list[object]:
    with read_only(db) as conn:
        rows = conn.execute(
            "SELECT value FROM answers WHERE step = ? AND prompt = ?"
            " AND replaced_by IS NULL AND deleted_at IS NULL ORDER BY id",
            (step, prompt),
        ).fetchall()
    return [json.loads(row["value"]) for row in rows]


def processed_update_ids(db: Path) -> list[int]:
    with read_only(db) as conn:
        return [r[0] for r in conn.execute("SELECT update_id FROM processed_updates")]


def inbox_ids(db: Path) -> list[int]:
    """Update ids stored in the inbox (fetched and confirmed, not yet cleared)."""
    with read_only(db) as conn:
        return [r[0] for r in conn.execute("SELECT update_id FROM inbox ORDER BY update_id")]


def unsent_outbox(db: Path) -> list[sqlite3.Row]:
    with read_only(db) as conn:
        return conn.execute("SELECT * FROM outbox WHERE sent_at IS NULL").fetchall()


async def open_as3(client: ChatClient) -> None:
    await client.send("/schritte")
    await expect(client, "Arbeitsschritte")
    await client.click("AS3")


# --------------------------------------------------------------------------------------------
# kill -9 in the middle of a step
# --------------------------------------------------------------------------------------------

IDEAS = (
    "Kurze Wege zum Amt – alles auch online",
    "Grüne Innenstadt mit Sensorik",
    "Bürgerbeteiligung per App & im Rathaus <immer>",
)


async def test_kill9_mid_step_continues_at_the_same_prompt(api: FakeBotApi, proc) -> None:
    await proc.start()
    anna = person(api, 2001, "Anna")
    await create_team(anna)
    await open_as3(anna)
    await expect(anna, "Zieljahr")
    await anna.send("2035")
    await expect(anna, "Stichworte")
    for idea in IDEAS:
        await anna.send(idea)
        await expect(anna, "Gespeichert")
    await anna.click("Fertig")
    await expect(anna, "Grundsätze")
    await anna.click("Zugang zu Daten")
    await anna.click("Transparenz")
    await anna.click("Fertig")
    asked = await expect(anna, "Formulieren Sie nun die Vision")

    await proc.kill9()
    await proc.start()
    # A reply sent just before the kill but not yet marked sent is sent again (at least once);
    # let that happen first, so that the next message is the answer to /weiter.
    await eventually(lambda: not unsent_outbox(proc.db))

    await anna.send("/weiter")
    again = await expect(anna, "Formulieren Sie nun die Vision")
    assert again.message_id != asked.message_id  # asked anew, not an old message
    for idea in ("Kurze Wege zum Amt", "Grüne Innenstadt mit Sensorik"):
        assert idea in again.text

    await anna.send("/zusammenfassung as3")
    summary = await expect(anna, "Ideen zur Vision", timeout=20)
    assert "Zieljahr 2035" in summary.text
    assert "3 Ideen zur Vision" in summary.text
    document = await expect(anna, "zusammenfassung-as3.md", timeout=20)
    content = document.file_bytes.decode()
    assert "Zieljahr: **2035**" in content
    for idea in IDEAS:
        # The Markdown escapes some characters; compare the words.
        assert re.sub(r"\W+", " ", idea).strip() in re.sub(r"[\\\W]+", " ", content), idea
    assert "Zugang zu Daten" in content and "Transparenz" in content

    # The dialog really continues where it was: the next answer moves on to the goals.
    await anna.send("/weiter")
    await expect(anna, "Formulieren Sie nun die Vision")
    await anna.send("Musterhausen ist 2035 eine Kleinstadt, in der digitale Dienste helfen.")
    await expect(anna, "strategischen Ziele")
    await proc.stop()
    assert current_answers(proc.db, "as3", "target_year") == [2035]
    assert len(current_answers(proc.db, "as3", "vision_ideas")) == 3


# --------------------------------------------------------------------------------------------
# kill -9 in the middle of a burst of messages
# --------------------------------------------------------------------------------------------


async def three_members_collecting_ideas(api: FakeBotApi) -> list[ChatClient]:
    anna = person(api, 3001, "Anna")
    ben = person(api, 3002, "Ben")
    cara = person(api, 3003, "Cara")
    code = await create_team(anna)
    await join_team(ben, code)
    await join_team(cara, code, group="Wirtschaft")
    await open_as3(anna)
    await expect(anna, "Zieljahr")
    await anna.send("2035")
    await expect(anna, "Stichworte")
    for member in (ben, cara):  # participants start right at the ideas
        await open_as3(member)
        await expect(member, "Stichworte")
    return [anna, ben, cara]


def saved_texts(api: FakeBotApi, client: ChatClient) -> list[str]:
    """The items confirmed with „Gespeichert: …“ in this chat, in the order of the replies."""
    found = []
    for message in api.timeline(client.chat.id):
        match = re.search(r"Gespeichert: „(.*?)“", message.text or "")
        if match:
            found.append(match.group(1))
    return found


async def test_kill9_during_a_burst_loses_nothing_and_duplicates_nothing(
    api: FakeBotApi, proc
) -> None:
    await proc.start()
    members = await three_members_collecting_ideas(api)
    texts = {
        m.user.id: [f"Idee {i} von {m.user.first_name}" for i in range(1, 11)] for m in members
    }

    update_ids: list[int] = []
    for i in range(10):  # as fast as possible: no awaiting between the pushes
        for member in members:
            update_ids.append(api.push_text(member.user, texts[member.user.id][i]))

    def saved_count() -> int:
        return sum(len(saved_texts(api, m)) for m in members)

    await api.wait_for(lambda: saved_count() >= 5, timeout=20)
    await proc.kill9()

    stored_at_kill = len(current_answers(proc.db, "as3", "vision_ideas"))
    assert 5 <= stored_at_kill < 30, f"the kill should interrupt the burst ({stored_at_kill})"
    unconfirmed = {u["update_id"] for u in api.pending_updates}
    processed_at_kill = set(processed_update_ids(proc.db))
    # Some updates were confirmed to Telegram but not processed: only the inbox has them.
    waiting = set(inbox_ids(proc.db)) - processed_at_kill
    assert waiting & (set(update_ids) - unconfirmed)

    await proc.start()
    everything = {text for member_texts in texts.values() for text in member_texts}
    await api.wait_for(
        lambda: everything <= {t for m in members for t in saved_texts(api, m)}, timeout=30
    )
    await api.wait_for(lambda: api.confirmed_offset > max(update_ids), timeout=30)
    await eventually(lambda: not unsent_outbox(proc.db))

    ideas = current_answers(proc.db, "as3", "vision_ideas")
    for text in everything:
        assert ideas.count(text) == 1, f"{text!r} stored {ideas.count(text)} times"
    assert len(ideas) == 30
    recorded = processed_update_ids(proc.db)
    assert len(recorded) == len(set(recorded))
    assert set(update_ids) <= set(recorded)
    assert not api.pending_updates
    # Per chat, the replies keep the order in which the person wrote.
    for member in members:
        first_seen = list(dict.fromkeys(saved_texts(api, member)))
        assert first_seen == texts[member.user.id]
    await proc.stop()


async def test_kill9_after_the_inbox_commit_processes_each_update_once_after_restart(
    api: FakeBotApi, proc
) -> None:
    """A batch stored in the inbox and confirmed to Telegram, then a crash before it was
    handled: Telegram will not send it again, the restarted bot handles it from the inbox."""
    await proc.start()
    anna, *_ = await three_members_collecting_ideas(api)
    texts = [f"Gedanke {i}" for i in range(1, 61)]
    update_ids = [api.push_text(anna.user, text) for text in texts]

    # Telegram hears of the batch only after the inbox committed it: kill right then.
    await api.wait_for(lambda: api.confirmed_offset > max(update_ids), timeout=20)
    await proc.kill9()

    assert not api.pending_updates, "Telegram would not deliver the batch again"
    processed_at_kill = set(processed_update_ids(proc.db))
    waiting = set(inbox_ids(proc.db)) - processed_at_kill
    assert waiting and waiting <= set(update_ids), "the kill should come before the handling"
    assert set(update_ids) <= waiting | processed_at_kill

    await proc.start()
    await api.wait_for(lambda: set(texts) <= set(saved_texts(api, anna)), timeout=60)
    await eventually(lambda: not unsent_outbox(proc.db))
    await proc.stop()

    ideas = [i for i in current_answers(proc.db, "as3", "vision_ideas") if i in texts]
    assert ideas == texts, "each update stored exactly once, in the order it was written"
    assert set(update_ids) <= set(processed_update_ids(proc.db))
    assert list(dict.fromkeys(saved_texts(api, anna))) == texts
    assert inbox_ids(proc.db) == [], "a clean stop leaves no handled update in the inbox"


# --------------------------------------------------------------------------------------------
# the same update twice
# --------------------------------------------------------------------------------------------


def redeliver(api: FakeBotApi, update: dict) -> None:
    """Put an update Telegram already handed out back into the queue, with its id.

    This is what Telegram does when the bot did not confirm the update (it crashed after
    storing it). FakeBotApi.push_update always assigns a new id, hence the private access.
    """
    api._updates.insert(0, copy.deepcopy(update))
    api._updates.sort(key=lambda u: u["update_id"])
    api._pulse()


def pending_update(api: FakeBotApi, update_id: int) -> dict:
    """A pushed update, looked up while it is still pending."""
    return copy.deepcopy(next(u for u in api.pending_updates if u["update_id"] == update_id))


@pytest.fixture
def handed_out(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Ids of every update ``getUpdates`` returned to the bot, in order."""
    ids: list[int] = []
    original = fakeapi._METHODS["getupdates"]

    async def recording(server: FakeBotApi, call: fakeapi.ApiCall) -> object:
        result = await original(server, call)
        ids.extend(update["update_id"] for update in result)  # type: ignore[attr-defined]
        return result

    monkeypatch.setitem(fakeapi._METHODS, "getupdates", recording)
    return ids


def bot_output(api: FakeBotApi) -> int:
    return sum(
        len(api.calls_to(method))
        for method in ("sendMessage", "editMessageText", "sendPhoto", "sendDocument")
    )


async def test_a_redelivered_update_is_stored_once_and_answered_once(
    api: FakeBotApi, db_path: Path, handed_out: list[int]
) -> None:
    anna = person(api, 4001, "Anna")
    async with running_bot(api, db_path):
        await create_team(anna)
        await open_as3(anna)
        await expect(anna, "Zieljahr")
        await anna.send("2035")
        await expect(anna, "Stichworte")
        first = pending_update(api, await anna.send("Ein Rathaus ohne Warteschlangen"))
        await expect(anna, "Gespeichert")
        second = pending_update(api, await anna.send("Sensoren für Parkplätze"))
        await expect(anna, "Gespeichert")

        # While the bot runs: the bot waits in a long poll that already confirmed the
        # update; it is handed out again anyway.
        await api.wait_for(
            lambda: api.calls_to("getUpdates")[-1].params.get("offset") == second["update_id"] + 1
        )
        await asyncio.sleep(0.1)
        output = bot_output(api)
        redeliver(api, second)
        await api.wait_for(lambda: handed_out.count(second["update_id"]) == 2)
        await api.wait_for(lambda: not api.pending_updates)
        await asyncio.sleep(0.3)  # a second reply would have been sent by now
        assert bot_output(api) == output, "a redelivered update was answered again"

        click = pending_update(api, await anna.click("Fertig"))
        await expect(anna, "Grundsätze")

    # After a stop (or a crash between commit and confirmation) a fresh process starts
    # without an offset and Telegram hands out both again.
    redeliver(api, first)
    redeliver(api, click)
    output = bot_output(api)
    async with running_bot(api, db_path):
        await api.wait_for(lambda: handed_out.count(click["update_id"]) == 2)
        await api.wait_for(lambda: not api.pending_updates)
        await asyncio.sleep(0.3)
    assert handed_out.count(first["update_id"]) == 2
    assert bot_output(api) == output, "a redelivered update was answered again"

    saved = [m.text for m in api.timeline(anna.chat.id) if "Gespeichert" in (m.text or "")]
    assert len(saved) == 2
    ideas = current_answers(db_path, "as3", "vision_ideas")
    assert ideas == ["Ein Rathaus ohne Warteschlangen", "Sensoren für Parkplätze"]
    with read_only(db_path) as conn:
        state = json.loads(
            conn.execute(
                "SELECT dialog_state FROM members WHERE display_name = 'Anna'"
            ).fetchone()[0]
        )
    assert state["dialog"] == "as3"


# --------------------------------------------------------------------------------------------
# a crash between commit and send
# --------------------------------------------------------------------------------------------


async def test_a_reply_stored_before_a_crash_is_delivered_after_the_restart(
    api: FakeBotApi, proc
) -> None:
    proc.log_level = "DEBUG"  # python-telegram-bot logs its base URL, with the token, at DEBUG
    await proc.start()
    anna = person(api, 5001, "Anna")
    await create_team(anna)
    await open_as3(anna)
    await expect(anna, "Zieljahr")
    # Telegram is unreachable for sending: the answer is committed, its reply is not sent.
    api.fail_next("sendMessage", error_code=500, times=1000)
    update_id = await anna.send("2040")
    await api.wait_for(lambda: api.confirmed_offset > update_id, timeout=10)
    await api.wait_for(lambda: any(not c.ok for c in api.calls_to("sendMessage")), timeout=10)
    assert current_answers(proc.db, "as3", "target_year") == [2040]
    pending = unsent_outbox(proc.db)
    assert pending, "the reply must wait in the outbox"
    await proc.kill9()
    api._failures.clear()  # Telegram is back

    await proc.start()
    reply = await expect(anna, "Stichworte", timeout=15)
    assert reply.text
    await eventually(lambda: not unsent_outbox(proc.db))
    # Delivered once, not once per attempt.
    stichworte = [m for m in api.sent_to(anna.chat.id) if "Stichworte" in (m.text or "")]
    assert len(stichworte) == 1
    await proc.stop()
    # The URLs were logged, redacted (the fixture checks that the token is absent).
    assert re.search(r"Set Bot API URL: http://127\.0\.0\.1:\d+/bot<redacted>", proc.log())


async def test_a_clean_stop_during_an_outage_keeps_the_reply_for_the_next_start(
    api: FakeBotApi, proc
) -> None:
    await proc.start()
    anna = person(api, 5101, "Anna")
    await anna.send("/start")
    await expect(anna, "Willkommen")
    api.fail_next("sendMessage", error_code=502, times=1000)
    await anna.send("/hilfe")
    await api.wait_for(lambda: any(not c.ok for c in api.calls_to("sendMessage")), timeout=10)
    await proc.stop(timeout=10)  # SIGTERM: no endless retrying, exit code 0
    assert len(unsent_outbox(proc.db)) == 1
    assert unsent_outbox(proc.db)[0]["attempts"] == 0  # an outage is no failed attempt
    api._failures.clear()
    await proc.start()
    await expect(anna, "So funktioniert", timeout=15)
    await eventually(lambda: not unsent_outbox(proc.db))
    await proc.stop()
    assert "stays pending until the next start" in proc.log()


async def test_a_revoked_token_ends_the_process_instead_of_idling(api: FakeBotApi, proc) -> None:
    await proc.start()
    anna = person(api, 5201, "Anna")
    await anna.send("/start")
    await expect(anna, "Willkommen")
    api.fail_next("getUpdates", error_code=401, description="Unauthorized")
    await anna.send("/hilfe")  # ends the long poll; the next one is refused
    await expect(anna, "So funktioniert")
    code = await proc.wait_exit(timeout=15)
    assert code not in (0, None), "polling ended, so must the process (for a restart)"
    assert "InvalidToken" in proc.log() or "Unauthorized" in proc.log()
