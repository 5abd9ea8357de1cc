"""Webhook mode: Telegram posts updates; we answer 200 only after the update committed.

A non-2xx answer makes Telegram deliver the update again, so an update whose processing was
cut short is retried — the same at-least-once delivery as our polling. The webhook only runs
with a secret, which Telegram sends in a header and which is compared in constant time; a POST
without it is refused before anything is read. Updates of one chat are processed in order
under a per-chat lock; a chat's lock exists only while one of its updates is in flight.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import weakref
from urllib.parse import urlparse

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.config import Settings
from bot.telegram.polling import ALLOWED_UPDATES, chat_key

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class ChatLocks:
    """One :class:`asyncio.Lock` per chat, dropped as soon as nobody holds or awaits it."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    def __call__(self, chat: int) -> asyncio.Lock:
        lock = self._locks.get(chat)
        if lock is None:
            lock = self._locks[chat] = asyncio.Lock()
        return lock

    def __len__(self) -> int:
        return len(self._locks)


def make_webhook_app(
    app: Application, secret: str, locks: ChatLocks | None = None
) -> web.Application:
    """An aiohttp app with one POST route that processes an update before answering."""
    if not secret:
        raise ValueError("the webhook needs a secret")
    expected = secret.encode()
    chat_locks = locks if locks is not None else ChatLocks()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("webhook: refused a request without the right secret")
            return web.Response(status=403)
        try:
            update = Update.de_json(await request.json(), app.bot)
        except Exception as error:  # not JSON, or not an update the library can read
            # Answered 200: Telegram would post it again and again. Its content stays unlogged.
            log.warning("webhook: skipped an unreadable update (%s)", type(error).__name__)
            return web.Response(status=200)
        async with chat_locks(chat_key(update)):
            await app.process_update(update)
        return web.Response(status=200)

    web_app = web.Application()
    web_app.router.add_post("/{path:.*}", receive)
    return web_app


async def serve_webhook(app: Application, settings: Settings, stop: asyncio.Event) -> None:
    """Register the webhook with Telegram and serve it until ``stop``."""
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    secret = settings.webhook_secret.get_secret_value()
    runner = web.AppRunner(make_webhook_app(app, secret), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    await app.bot.set_webhook(
        settings.webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
    )
    log.info(
        "webhook listening on %s:%s for %s",
        settings.webhook_host,
        settings.webhook_port,
        urlparse(settings.webhook_url).hostname,
    )
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
