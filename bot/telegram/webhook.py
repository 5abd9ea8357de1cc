"""Webhook mode: Telegram posts updates; we answer 200 only after the update committed.

A non-2xx answer makes Telegram deliver the update again, so an update whose processing was
cut short is retried — the same at-least-once delivery as our polling. The secret token header
is compared in constant time.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from urllib.parse import urlparse

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.config import Settings
from bot.telegram.polling import ALLOWED_UPDATES

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def make_webhook_app(app: Application, secret: str | None) -> web.Application:
    """An aiohttp app with one POST route that processes an update before answering."""
    locks: dict[int, asyncio.Lock] = {}

    async def receive(request: web.Request) -> web.Response:
        if secret is not None:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                return web.Response(status=403)
        try:
            update = Update.de_json(await request.json(), app.bot)
        except ValueError:
            return web.Response(status=400)
        chat = update.effective_chat.id if update.effective_chat else 0
        async with locks.setdefault(chat, asyncio.Lock()):
            await app.process_update(update)
        return web.Response(status=200)

    web_app = web.Application()
    web_app.router.add_post("/{path:.*}", receive)
    return web_app


async def serve_webhook(app: Application, settings: Settings, stop: asyncio.Event) -> None:
    """Register the webhook with Telegram and serve it until ``stop``."""
    assert settings.webhook_url is not None
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    runner = web.AppRunner(make_webhook_app(app, secret))
    await runner.setup()
    site = web.TCPSite(runner, "0.0.0.0", settings.webhook_port)
    await site.start()
    await app.bot.set_webhook(
        settings.webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
    )
    log.info(
        "webhook listening on port %s for %s",
        settings.webhook_port,
        urlparse(settings.webhook_url).hostname,
    )
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
