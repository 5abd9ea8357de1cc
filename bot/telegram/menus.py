"""The bot's command menus and descriptions in Telegram.

Menus differ by chat type and role: private chats show what every member can do, group chats
only ``/live`` (the one command that works there), and a facilitator's private chat adds the
moderation commands (``BotCommandScopeChat``). Whether someone is a facilitator is checked
after each of their private updates (one indexed read; roles change by what people do, e.g.
creating a team), and the menu of their chat is changed only when the answer changed – after a
restart once per person, so a menu left from before is corrected.
"""

from __future__ import annotations

import logging

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
)
from telegram.error import TelegramError

from bot.present import texts
from bot.telegram.translate import address
from storage.database import Database

log = logging.getLogger(__name__)


def commands(*, moderation: bool = False, group: bool = False) -> list[BotCommand]:
    """The menu of a private chat (with the moderation commands) or of a group chat."""

    def shown(name: str) -> bool:
        if group:
            return name in texts.GROUP_COMMANDS
        return moderation or name not in texts.MODERATION_COMMANDS

    return [BotCommand(name, text) for name, text in texts.COMMANDS if shown(name)]


async def publish(bot: Bot) -> None:
    """Menus by chat type and the German descriptions (at start-up)."""
    private = commands()
    await bot.set_my_commands(private, scope=BotCommandScopeDefault())
    await bot.set_my_commands(private, scope=BotCommandScopeAllPrivateChats())
    await bot.set_my_commands(commands(group=True), scope=BotCommandScopeAllGroupChats())
    await bot.set_my_description(texts.BOT_DESCRIPTION)
    await bot.set_my_short_description(texts.BOT_SHORT_DESCRIPTION)


class FacilitatorMenus:
    """Gives facilitators' private chats the moderation commands, and takes them away."""

    def __init__(self, bot: Bot, db: Database) -> None:
        self.bot = bot
        self.db = db
        #: Whether the menu of a person's chat shows the moderation commands (as last set).
        self._shown: dict[int, bool] = {}

    async def refresh(self, telegram_id: int) -> None:
        """Check the person's role and fit their chat's menu to it."""
        facilitator = await self._is_facilitator(telegram_id)
        if self._shown.get(telegram_id) == facilitator:
            return
        self._shown[telegram_id] = facilitator
        scope = BotCommandScopeChat(telegram_id)
        try:
            if facilitator:
                await self.bot.set_my_commands(commands(moderation=True), scope=scope)
            else:
                await self.bot.delete_my_commands(scope=scope)
        except TelegramError as error:
            log.warning("menu of chat %s not changed: %s", telegram_id, error)
            del self._shown[telegram_id]

    async def _is_facilitator(self, telegram_id: int) -> bool:
        async with self.db.read() as tx:
            user = await tx.users.by_account(address(telegram_id))
            memberships = await tx.teams.for_user(user.id) if user else []
        return any(member.is_facilitator for _, member in memberships)
