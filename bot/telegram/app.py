"""The Telegram bot: python-telegram-bot's Application around the workshop service.

One handler translates every update and passes it to :class:`~bot.app.service.Workshop`; the
replies leave through the outbox courier after the transaction committed. Services are opened
right after the Application initialised and closed before it shuts down (our own polling loop
replaces ``run_polling``, which is what would call ``post_init``); nothing lives in module
globals.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import signal
from dataclasses import dataclass

from telegram import Bot, Update
from telegram.constants import ChatMemberStatus
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import AIORateLimiter, Application, ContextTypes, TypeHandler

from bot import health, logsetup
from bot.app import retention
from bot.app.delivery import Courier
from bot.app.incoming import Click, Command, Incoming
from bot.app.reminders import remind_periodically
from bot.app.rendering import Renderer
from bot.app.scheduler import LiveScheduler
from bot.app.service import Workshop
from bot.config import TOKEN_REJECTED, Settings
from bot.telegram import menus
from bot.telegram.links import TelegramLinks
from bot.telegram.polling import ReliablePoller
from bot.telegram.translate import native, translate
from bot.telegram.transport import TelegramTransport
from storage.database import Database

log = logging.getLogger(__name__)

#: Seconds between two signs of life in webhook mode (``werkstatt health``).
HEARTBEAT_PERIOD = 60

ERROR_TEXT = (
    "⚠️ Da ist bei mir etwas schiefgelaufen. Ihre letzte Eingabe ist vielleicht nicht "
    "gespeichert – mit /weiter sehen Sie die aktuelle Frage und können sie noch einmal senden."
)
#: After a failed button press: the press changed nothing (its transaction was rolled back).
BUTTON_ERROR_TEXT = (
    "⚠️ Da ist bei mir etwas schiefgelaufen – diese Aktion wurde nicht ausgeführt. Bitte "
    "tippen Sie die Schaltfläche noch einmal an. Klappt es wieder nicht, finden Sie unter "
    "/schritte alle Arbeitsschritte und können dort weitermachen."
)
#: The answer to the pressed button itself: a short note in private chats (the message above
#: follows), the whole notice as a pop-up in groups (the group does not need to read it).
BUTTON_ERROR_NOTE = "⚠️ Das hat nicht geklappt."
BUTTON_ERROR_ALERT = (
    "⚠️ Da ist bei mir etwas schiefgelaufen – diese Aktion wurde nicht ausgeführt. Bitte "
    "tippen Sie die Schaltfläche noch einmal an."
)


@dataclass
class Services:
    """What the handlers need, opened once per process."""

    db: Database
    workshop: Workshop
    courier: Courier
    renderer: Renderer
    menus: menus.FacilitatorMenus
    scheduler: LiveScheduler | None = None
    reminders: asyncio.Task[None] | None = None


class WerkstattBot:
    """Wires the Application to the workshop service."""

    def __init__(self, settings: Settings, *, renderer: Renderer | None = None) -> None:
        assert settings.token is not None
        # Before anything logs a request URL: whoever set up logging, the token stays out.
        logsetup.protect(
            settings.token.get_secret_value(),
            settings.webhook_secret.get_secret_value() if settings.webhook_secret else "",
        )
        self.settings = settings
        self._renderer = renderer
        self.services: Services | None = None
        #: Whether Telegram accepted the token and the services opened once (see run_bot).
        self.started = False
        self.app: Application = (
            Application.builder()
            .token(settings.token.get_secret_value())
            .base_url(settings.api_base_url)
            .base_file_url(settings.file_base_url)
            .updater(None)
            .rate_limiter(
                # No overall cap: replies to many different people must not queue behind a
                # 30/s limit (bulk sends are limited by the courier). Groups: 20 per minute.
                AIORateLimiter(overall_max_rate=0, group_max_rate=20, max_retries=3)
            )
            .build()
        )
        self.app.add_handler(TypeHandler(Update, self.on_update))
        self.app.add_error_handler(self.on_error)

    async def _open(self, app: Application) -> None:
        db = await Database.open(self.settings.db)
        renderer = self._renderer or Renderer()
        transport = TelegramTransport(app.bot, renderer, db)
        courier = Courier(db, transport, messenger="telegram")
        links = TelegramLinks(app.bot.username)
        workshop = Workshop(db, links=links, privacy=self.settings.privacy_notice())
        scheduler = LiveScheduler(db, courier, links=links)
        workshop.on_live_change = scheduler.poke
        self.services = Services(
            db=db,
            workshop=workshop,
            courier=courier,
            renderer=renderer,
            menus=menus.FacilitatorMenus(app.bot, db),
            scheduler=scheduler,
        )
        if self.settings.operator is None:
            log.warning("WERKSTATT_OPERATOR is not set: the privacy notice names no operator")
        await retention.prune(db, self.settings.retention_days)
        try:
            await menus.publish(app.bot)
        except TelegramError as error:
            log.warning("command menus and descriptions not set: %s", error)
        pending = await self.services.courier.deliver_pending()
        if pending:
            log.info("delivering %d replies left from before the restart", pending)
        live = await scheduler.start()
        if live:
            log.info("re-scheduled %d open live sessions", live)
        self.services.reminders = asyncio.create_task(
            remind_periodically(db, self.services.courier.submit)
        )
        self.started = True

    async def _close(self, app: Application) -> None:
        if self.services is None:
            return
        if self.services.reminders is not None:
            self.services.reminders.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.services.reminders
        if self.services.scheduler is not None:
            await self.services.scheduler.stop()
        await self.services.courier.drain(final=True)
        await self.services.courier.close()
        self.services.renderer.close()
        await self.services.db.close()
        self.services = None

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Translate, process in one transaction, then hand the replies to the courier."""
        assert self.services is not None
        incoming = translate(update, context.bot.username)
        if incoming is None:
            return
        command = incoming.input
        if not incoming.private and isinstance(command, Command) and command.name == "live":
            # Linking a group needs its admins: ask Telegram only for this command.
            admin = await _is_chat_admin(context.bot, incoming)
            incoming = dataclasses.replace(incoming, sender_is_chat_admin=admin)
        result = await self.services.workshop.process_update(incoming)
        if isinstance(incoming.input, Click) and update.callback_query is not None:
            with contextlib.suppress(Exception):
                await update.callback_query.answer(
                    text=result.callback_text, show_alert=result.callback_alert
                )
        await self.services.courier.submit(result.outbox_ids)
        if incoming.private:
            await self.services.menus.refresh(native(incoming.sender.account))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log with context (never the token) and tell the person what to do: after a typed
        message how to send it again, after a button press that it did nothing."""
        chat = update.effective_chat if isinstance(update, Update) else None
        log.error(
            "error while handling update %s in chat %s",
            getattr(update, "update_id", None),
            chat.id if chat else None,
            exc_info=context.error,
        )
        query = update.callback_query if isinstance(update, Update) else None
        private = chat is not None and chat.type == chat.PRIVATE
        if query is not None:
            with contextlib.suppress(Exception):
                if private:
                    await query.answer(BUTTON_ERROR_NOTE)
                else:
                    await query.answer(BUTTON_ERROR_ALERT, show_alert=True)
        if chat is not None and (query is None or private):
            with contextlib.suppress(Exception):
                await context.bot.send_message(
                    chat.id, BUTTON_ERROR_TEXT if query is not None else ERROR_TEXT
                )

    async def run_polling(self, stop: asyncio.Event) -> None:
        """Run with :class:`ReliablePoller` until ``stop`` is set."""
        async with self.app:
            await self._open(self.app)
            try:
                await self.app.bot.delete_webhook()
                await self.app.start()
                assert self.services is not None
                poller = ReliablePoller(
                    self.app.bot,
                    self.app.process_update,
                    self.services.db,
                    on_poll=self._heartbeat,
                )
                task = asyncio.create_task(poller.run())
                stopped = asyncio.create_task(stop.wait())
                try:
                    # Polling that ends by itself (an invalid token, a bug) ends the process
                    # with its error, instead of leaving a bot that silently stopped reading.
                    await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
                    poller.stop()
                    await task
                    await poller.confirm()
                finally:
                    stopped.cancel()
                    await self.app.stop()
            finally:
                await self._close(self.app)

    async def run_webhook(self, stop: asyncio.Event) -> None:
        """Serve the webhook until ``stop`` is set."""
        from bot.telegram.webhook import serve_webhook

        async with self.app:
            await self._open(self.app)
            beating = asyncio.create_task(self._beat_periodically())
            try:
                await self.app.start()
                await serve_webhook(self.app, self.settings, stop)
                await self.app.stop()
            finally:
                beating.cancel()
                await self._close(self.app)

    async def _heartbeat(self) -> None:
        """Record a successful poll for ``werkstatt health`` (a few bytes, off the loop)."""
        try:
            await asyncio.to_thread(health.beat, self.settings.db)
        except OSError as error:
            log.warning("could not record the heartbeat: %s", error)

    async def _beat_periodically(self) -> None:
        """Webhook mode has no polls: the running event loop is the sign of life."""
        while True:
            await self._heartbeat()
            await asyncio.sleep(HEARTBEAT_PERIOD)


async def _is_chat_admin(bot: Bot, incoming: Incoming) -> bool | None:
    """Whether the sender administers the chat (None if Telegram could not tell us)."""
    try:
        member = await bot.get_chat_member(
            native(incoming.chat_id), native(incoming.sender.account)
        )
    except TelegramError as error:
        log.warning("getChatMember in chat %s failed: %s", incoming.chat_id, error)
        return None
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


class BotStartError(Exception):
    """Telegram refused the token or cannot be reached (German message for the operator)."""


async def run_bot(settings: Settings) -> None:
    """Start the bot (polling, or webhook when configured) until SIGINT/SIGTERM."""
    bot = WerkstattBot(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        if settings.webhook_url:
            await bot.run_webhook(stop)
        else:
            await bot.run_polling(stop)
    except InvalidToken:
        raise BotStartError(TOKEN_REJECTED) from None
    except NetworkError as error:
        if bot.started:
            raise  # a network error after the start is a bug to see, not an operator mistake
        raise BotStartError(f"Telegram ist nicht erreichbar ({error.message}).") from None
