"""The Telegram side under attack and abuse (issue 12): a forged webhook POST, a revoked token,
an update the library cannot read, a member who floods, chatter in groups, edited messages, and
what the bot process keeps in memory."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession
from aiohttp.test_utils import TestClient, TestServer

from bot.app.incoming import Command, Incoming, Sender
from bot.app.rendering import Renderer
from bot.app.service import Workshop
from bot.telegram.links import TelegramLinks
from bot.telegram.webhook import SECRET_HEADER, ChatLocks, make_webhook_app
from dialogs.events import TextInput
from storage.database import Database
from tests.botprocess import ROOT, BotProcess, read_only
from tests.conftest import TOKEN, person, running_bot
from tests.e2e import create_team, current_values, expect, quiet
from tests.fakeapi import FakeBotApi

SECRET = "Werkstatt_secret-42"

# --------------------------------------------------------------------------------------------
# webhook
# --------------------------------------------------------------------------------------------


class RecordingApp:
    """Stands in for the Application: records what would be processed."""

    bot = None

    def __init__(self) -> None:
        self.processed: list[int] = []

    async def process_update(self, update: Any) -> None:
        await asyncio.sleep(0)
        self.processed.append(update.update_id)


def message_update(update_id: int, chat_id: int, text: str = "/export") -> dict[str, Any]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Anna"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_700_000_000,
            "chat": {"id": chat_id, "type": "private", "first_name": "Anna"},
            "from": user,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
        },
    }


async def test_the_webhook_refuses_forged_posts_and_keeps_no_lock_per_chat() -> None:
    app = RecordingApp()
    locks = ChatLocks()
    async with TestClient(TestServer(make_webhook_app(app, SECRET, locks))) as client:  # type: ignore[arg-type]
        for headers in ({}, {SECRET_HEADER: "guessed"}, {SECRET_HEADER: SECRET + "x"}):
            answer = await client.post("/hook", json=message_update(1, 7001), headers=headers)
            assert answer.status == 403
        assert app.processed == [], "a forged update reached the bot"

        good = {SECRET_HEADER: SECRET}
        answers = await asyncio.gather(
            *(
                client.post("/hook", json=message_update(10 + i, 8000 + i % 40), headers=good)
                for i in range(120)
            )
        )
        assert {a.status for a in answers} == {200}
        assert sorted(app.processed) == list(range(10, 130))
        # 40 chats were served; no lock outlives its chat's last update.
        assert len(locks) == 0

        # An update the library cannot read is skipped, not posted again and again.
        broken = {"update_id": 500, "message": {"message_id": 1, "text": "geheim"}}
        assert (await client.post("/hook", json=broken, headers=good)).status == 200
        assert 500 not in app.processed


async def test_the_bot_in_webhook_mode_answers_only_posts_with_the_secret(
    api: FakeBotApi, db_path: Path
) -> None:
    from bot.config import Settings
    from bot.telegram.app import WerkstattBot

    with socket.socket() as probe:  # a free port on the local host
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings(
        token=TOKEN,
        db=db_path,
        api_base_url=api.base_url,
        webhook_url="https://werkstatt.example.org/hook",
        webhook_secret=SECRET,
        webhook_port=port,
    )
    bot = WerkstattBot(settings, renderer=Renderer(executor=ThreadPoolExecutor(1)))
    stop = asyncio.Event()
    task = asyncio.create_task(bot.run_webhook(stop))
    try:
        await api.wait_for(lambda: api.calls_to("setWebhook"), timeout=15)
        assert api.calls_to("setWebhook")[-1].params["secret_token"] == SECRET
        url = f"http://127.0.0.1:{port}/hook"
        async with ClientSession() as http:
            for headers in ({}, {SECRET_HEADER: "falsch"}):
                async with http.post(url, json=message_update(1, 9501), headers=headers) as r:
                    assert r.status == 403
            await asyncio.sleep(0.3)
            assert api.sent_to(9501) == []
            with read_only(db_path) as conn:
                assert conn.execute("SELECT COUNT(*) FROM processed_updates").fetchone()[0] == 0
            good = {SECRET_HEADER: SECRET}
            async with http.post(url, json=message_update(2, 9501, "/hilfe"), headers=good) as r:
                assert r.status == 200
        await api.wait_for_message(9501, lambda m: "So funktioniert" in (m.text or ""))
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=15)


def test_the_webhook_does_not_start_without_a_secret(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WERKSTATT_"))}
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-m", "bot.cli", "--db", str(tmp_path / "w.db"), "run"]
    command += ["--token", TOKEN, "--webhook-url", "https://werkstatt.example.org/hook"]
    result = subprocess.run(
        command,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "WERKSTATT_WEBHOOK_SECRET" in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "w.db").exists()


def test_the_webhook_binds_to_the_local_host_unless_configured() -> None:
    from bot.config import Settings

    assert Settings(token=TOKEN).webhook_host == "127.0.0.1"
    assert Settings(token=TOKEN, WERKSTATT_WEBHOOK_HOST="0.0.0.0").webhook_host == "0.0.0.0"


# --------------------------------------------------------------------------------------------
# a revoked token
# --------------------------------------------------------------------------------------------


async def test_a_token_refused_at_start_is_not_printed(api: FakeBotApi, tmp_path: Path) -> None:
    proc = BotProcess(api, tmp_path / "werkstatt.db", TOKEN, tmp_path / "bot.log")
    api.fail_next("getMe", error_code=401, description="Unauthorized")
    child = await asyncio.create_subprocess_exec(
        *proc.command(),
        cwd=tmp_path,
        env=proc.environment(),
        stdin=subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(child.communicate(), timeout=60)
    output = (stdout + stderr).decode()
    assert child.returncode not in (0, None)
    assert TOKEN not in output and TOKEN.split(":", 1)[1] not in output, output
    assert "Token abgelehnt" in output
    assert "Traceback" not in output


# --------------------------------------------------------------------------------------------
# an update the library cannot read
# --------------------------------------------------------------------------------------------


async def test_an_unreadable_update_is_skipped_and_the_bot_goes_on(
    api: FakeBotApi, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    anna = person(api, 9101, "Anna")
    async with running_bot(api, db_path):
        # A message without chat and date: python-telegram-bot cannot build an Update of it.
        broken = api.push_update(
            {"message": {"message_id": 1, "text": "Vertraulicher Inhalt", "from": {"id": 1}}}
        )
        await anna.send("/hilfe")
        await expect(anna, "So funktioniert")
        await api.wait_for(lambda: api.confirmed_offset > broken)
    assert any(str(broken) in r.getMessage() for r in caplog.records)
    assert "Vertraulicher Inhalt" not in caplog.text
    # After a restart the broken update is not fetched again (it was confirmed).
    assert all(u["update_id"] != broken for u in api.pending_updates)


# --------------------------------------------------------------------------------------------
# fairness
# --------------------------------------------------------------------------------------------


async def test_a_flooding_member_does_not_hold_up_another(api: FakeBotApi, db_path: Path) -> None:
    flooder = person(api, 9201, "Flo")
    ben = person(api, 9202, "Ben")
    async with running_bot(api, db_path):
        await flooder.send("/start")
        await expect(flooder, "Willkommen")
        # A full getUpdates batch of 100 messages at once, then Ben asks for help.
        flood = [api.push_text(flooder.user, f"Nachricht {i}") for i in range(100)]
        ben_update = api.push_text(ben.user, "/hilfe")
        await expect(ben, "So funktioniert", timeout=30)
        await api.wait_for(lambda: len(api.sent_to(flooder.chat.id)) == 101, timeout=60)
        await api.wait_for(lambda: api.confirmed_offset > ben_update, timeout=10)
    with read_only(db_path) as conn:
        order = [
            r[0]
            for r in conn.execute(
                "SELECT update_id FROM processed_updates ORDER BY processed_at, update_id"
            )
        ]
    # Ben was served while the flood was still being worked off, not after it …
    assert order.index(ben_update) < order.index(flood[59]), "Ben waited for the whole flood"
    # … and the flood kept its order.
    assert [u for u in order if u in flood] == flood


# --------------------------------------------------------------------------------------------
# group chatter
# --------------------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def group_texts(db: Database, chat_id: int) -> list[str]:
    async with db.read() as tx:
        rows = await tx._session.fetchall(
            "SELECT payload FROM outbox WHERE chat_id = ? ORDER BY id", (chat_id,)
        )
    return [json.loads(r["payload"])["reply"].get("text", "") for r in rows]


def in_group(chat_id: int, what: Any, update_id: int) -> Incoming:
    return Incoming(update_id, chat_id, "group", Sender(9301, "Anna"), what, message_id=1)


async def test_plain_group_messages_get_the_hint_once_an_hour_and_never_when_linked(
    tmp_path: Path,
) -> None:
    clock = Clock()
    async with await Database.open(tmp_path / "g.db", clock=clock) as db:
        workshop = Workshop(db, links=TelegramLinks("werkstatt_bot"))
        unlinked, linked = -5001, -5002
        async with db.transaction() as tx:
            team = await tx.teams.create("Musterhausen", "Kleinstadt")
            await tx.groups.link(linked, team.id, None)
        ids = iter(range(1, 1000))
        for _ in range(25):
            await workshop.process(in_group(unlinked, TextInput("Hallo?"), next(ids)))
            await workshop.process(in_group(linked, TextInput("Hallo?"), next(ids)))
            clock.now += timedelta(minutes=2)
        assert len(await group_texts(db, unlinked)) == 1
        assert await group_texts(db, linked) == []

        clock.now += timedelta(minutes=15)  # more than an hour after the first hint
        await workshop.process(in_group(unlinked, TextInput("Noch jemand da?"), next(ids)))
        assert len(await group_texts(db, unlinked)) == 2
        # A command addressed to the bot is still answered.
        await workshop.process(in_group(unlinked, Command("weiter"), next(ids)))
        assert len(await group_texts(db, unlinked)) == 3


# --------------------------------------------------------------------------------------------
# edited messages
# --------------------------------------------------------------------------------------------


async def test_an_edited_answer_gets_a_note_and_the_stored_answer_stays(
    api: FakeBotApi, db_path: Path
) -> None:
    anna = person(api, 9401, "Anna")
    async with running_bot(api, db_path):
        await create_team(anna)
        await anna.send("/schritte")
        await expect(anna, "Arbeitsschritte")
        await anna.click("AS3")
        await expect(anna, "Zieljahr")
        await anna.send("2035")
        await expect(anna, "Stichworte")
        sent = api.history(anna.chat.id)
        original = next(m for m in sent if m.get("text") == "2035")
        api.push_update(
            {"edited_message": original | {"text": "2040", "edit_date": original["date"] + 5}}
        )
        note = await expect(anna, "nicht")
        assert "/zurueck" in note.text
        await quiet(anna)
    assert current_values(db_path, "as3", "target_year") == [2035]


# --------------------------------------------------------------------------------------------
# memory
# --------------------------------------------------------------------------------------------


def test_the_rendering_pool_is_small_and_recycles_its_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.app import rendering

    monkeypatch.setattr(rendering.os, "cpu_count", lambda: 2)
    renderer = rendering.Renderer()
    pool = renderer._pool()
    try:
        assert pool._max_workers == 1  # type: ignore[attr-defined]
        assert pool._max_tasks_per_child  # type: ignore[attr-defined]
    finally:
        renderer.close()
    monkeypatch.setattr(rendering.os, "cpu_count", lambda: 16)
    assert rendering.default_workers() == 2
