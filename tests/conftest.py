"""Shared fixtures: a fake Bot API server, a database, and the real bot running against them."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, closing
from pathlib import Path

import pytest

# python-telegram-bot 22 warns about ``retry_after`` as int unless this is set; tests run with
# warnings as errors, so opt in to the timedelta behaviour the bot already handles.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from bot.app.actions import VERSION, decode, is_action
from bot.app.rendering import Renderer
from bot.config import Settings
from tests.fakeapi import ChatClient, FakeBotApi, FakeUser

TOKEN = "123456789:AAHtestTOKENforTHEfakeAPIserver_xyz"


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "werkstatt.db"


def settings_for(api: FakeBotApi, db_path: Path) -> Settings:
    return Settings(token=TOKEN, db=db_path, api_base_url=api.base_url)


@asynccontextmanager
async def running_bot(api: FakeBotApi, db_path: Path) -> AsyncIterator[object]:
    """The real Application with reliable polling against the fake server, in this process."""
    from bot.telegram.app import WerkstattBot

    bot = WerkstattBot(
        settings_for(api, db_path), renderer=Renderer(executor=ThreadPoolExecutor(1))
    )
    stop = asyncio.Event()
    task = asyncio.create_task(bot.run_polling(stop))
    try:
        await api.wait_for(lambda: bool(api.calls_to("getUpdates")), timeout=15)
        yield bot
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=15)
    assert_buttons_decode(db_path)


def assert_buttons_decode(db_path: Path) -> None:
    """Every button action the bot stored is in the current encoding and decodes."""
    if not db_path.exists():
        return
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
        values = [
            json.loads(p).get("v") or "" for (p,) in conn.execute("SELECT payload FROM buttons")
        ]
    bad = [v for v in values if is_action(v) and not (v.startswith(VERSION) and decode(v))]
    assert not bad, f"buttons that do not decode: {bad}"


@pytest.fixture
async def bot(api: FakeBotApi, db_path: Path) -> AsyncIterator[object]:
    async with running_bot(api, db_path) as running:
        yield running


def person(api: FakeBotApi, user_id: int, name: str) -> ChatClient:
    """A chat client for a person in a private chat."""
    return ChatClient(api, FakeUser(user_id, name))
