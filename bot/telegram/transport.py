"""Sends transport-neutral replies through the Bot API.

Rate limits: python-telegram-bot's ``AIORateLimiter`` (configured in :mod:`bot.telegram.app`)
keeps group chats under 20 messages per minute and retries 429 answers after their
``retry_after``; the courier limits bulk sends. A RetryAfter that still escapes, a network
error or a 5xx answer becomes :class:`~bot.app.delivery.TemporaryFailure`, so the courier keeps the
item and tries again — a reply is delayed, never dropped. A chat that blocked the bot is a
:class:`~bot.app.delivery.PermanentFailure`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram import Message as TgMessage
from telegram.constants import ChatAction, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.app.delivery import PermanentFailure, TemporaryFailure
from bot.app.rendering import Renderer
from bot.telegram.polling import seconds
from bot.telegram.translate import address, native
from dialogs.markup import MAX_CAPTION, MAX_TEXT, cut_html, split_html
from dialogs.replies import Document, Keyboard, Message, Picture, Reply, esc
from storage.database import Database

log = logging.getLogger(__name__)

#: Seconds between two chat actions while a chart or document is being made.
CHAT_ACTION_PERIOD = 4.0


def keyboard(rows: Keyboard) -> InlineKeyboardMarkup | None:
    """Stored buttons (values are opaque ids) → inline keyboard."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(b.text, url=b.url)
                if b.url
                else InlineKeyboardButton(b.text, callback_data=b.value)
                for b in row
            ]
            for row in rows
        ]
    )


class TelegramTransport:
    """Delivers replies to Telegram chats."""

    def __init__(self, bot: Bot, renderer: Renderer, db: Database) -> None:
        self.bot = bot
        self.renderer = renderer
        self.db = db

    async def deliver(self, chat: str, reply: Reply, edit_message_id: str | None) -> str | None:
        """Send (or edit) to the chat with address ``chat``; returns the id of the last message
        sent or edited."""
        chat_id = native(chat)
        edit_id = None if edit_message_id is None else int(edit_message_id)
        try:
            sent = await self._deliver(chat_id, reply, edit_id)
        except ChatMigrated as migrated:
            async with self.db.transaction() as tx:
                await tx.groups.migrate(chat, address(migrated.new_chat_id))
                await tx.live.migrate(chat, address(migrated.new_chat_id))
            sent = await self._deliver(migrated.new_chat_id, reply, edit_id)
        except Forbidden as error:
            raise PermanentFailure(f"chat {chat_id}: {error.message}") from error
        except RetryAfter as error:
            raise TemporaryFailure(error.message, seconds(error.retry_after)) from error
        except BadRequest:
            raise  # a NetworkError subclass, but retrying the same request will not help
        except NetworkError as error:  # also TimedOut and 5xx answers
            raise TemporaryFailure(error.message) from error
        return None if sent is None else str(sent)

    async def clear_buttons(self, chat: str, message_id: str) -> None:
        """Remove the inline keyboard of an earlier message. Whatever goes wrong (the message is
        gone, already bare, Telegram is busy) is only logged: the next reply must not wait."""
        try:
            await self.bot.edit_message_reply_markup(
                native(chat), int(message_id), reply_markup=None
            )
        except TelegramError as error:
            log.info("buttons of message %s in chat %s stay: %s", message_id, chat, error)

    async def _deliver(
        self, chat_id: int, reply: Reply, edit_message_id: int | None
    ) -> int | None:
        if isinstance(reply, Message):
            return await self._text(chat_id, reply, edit_message_id)
        if isinstance(reply, Picture):
            return await self._picture(chat_id, reply)
        if isinstance(reply, Document):
            return await self._document(chat_id, reply)
        return None

    async def _text(self, chat_id: int, reply: Message, edit_message_id: int | None) -> int:
        markup = keyboard(reply.buttons)
        if edit_message_id is not None and len(reply.text) <= MAX_TEXT:
            try:
                edited = await self.bot.edit_message_text(
                    reply.text,
                    chat_id=chat_id,
                    message_id=edit_message_id,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                    disable_web_page_preview=True,
                )
                return edited.message_id if isinstance(edited, TgMessage) else edit_message_id
            except BadRequest as error:
                if "not modified" in error.message.lower():
                    return edit_message_id
                log.info("edit failed in chat %s (%s); sending anew", chat_id, error.message)
        parts = split_html(reply.text)
        message_id = 0
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            sent = await self.bot.send_message(
                chat_id,
                part,
                parse_mode=ParseMode.HTML,
                reply_markup=markup if last else None,
                disable_web_page_preview=True,
            )
            message_id = sent.message_id
        return message_id

    @asynccontextmanager
    async def _busy(self, chat_id: int, action: ChatAction) -> AsyncIterator[None]:
        """Show „sendet ein Foto/eine Datei …“ while the block renders and uploads.

        Telegram shows a chat action for about five seconds, so it is repeated until the block
        ends. A failed chat action is only logged: it must not hold up the reply. Group chats
        get none: every request there counts against the group's 20 messages per minute.
        """
        if chat_id < 0:
            yield
            return

        async def repeat() -> None:
            while True:
                try:
                    await self.bot.send_chat_action(chat_id, action)
                except TelegramError as error:
                    log.info("chat action in chat %s failed: %s", chat_id, error)
                    return
                await asyncio.sleep(CHAT_ACTION_PERIOD)

        task = asyncio.create_task(repeat())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _picture(self, chat_id: int, reply: Picture) -> int | None:
        async with self._busy(chat_id, ChatAction.UPLOAD_PHOTO):
            return await self._send_picture(chat_id, reply)

    async def _send_picture(self, chat_id: int, reply: Picture) -> int | None:
        images = await self.renderer.chart(reply.chart, reply.data)
        message_id = None
        for index, image in enumerate(images, start=1):
            numbered = f" ({index}/{len(images)})" if len(images) > 1 else ""
            alt = image.alt_text.removeprefix(reply.caption).lstrip(" .:\n")
            caption = f"<b>{esc(reply.caption)}{numbered}</b>\n{esc(alt)}"
            long_text = len(caption) > MAX_CAPTION
            sent = await self.bot.send_photo(
                chat_id,
                InputFile(image.png, filename=reply.filename),
                caption=cut_html(f"<b>{esc(reply.caption)}{numbered}</b>", MAX_CAPTION)
                if long_text
                else caption,
                parse_mode=ParseMode.HTML,
            )
            message_id = sent.message_id
            if long_text:
                for part in split_html(f"Textfassung der Grafik:\n{esc(alt)}"):
                    sent = await self.bot.send_message(chat_id, part, parse_mode=ParseMode.HTML)
                    message_id = sent.message_id
        return message_id

    async def _document(self, chat_id: int, reply: Document) -> int:
        if reply.text is not None:
            content = reply.text.encode("utf-8")
        else:
            async with self._busy(chat_id, ChatAction.UPLOAD_DOCUMENT):
                content = await self.renderer.document(reply.builder or "", reply.data)
        sent = await self.bot.send_document(
            chat_id,
            InputFile(content, filename=reply.filename),
            caption=cut_html(esc(reply.caption), MAX_CAPTION) or None,
            parse_mode=ParseMode.HTML,
        )
        return sent.message_id
