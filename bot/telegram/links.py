"""Telegram's deep links (``t.me/<bot>?start=<payload>``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TelegramLinks:
    """:class:`~bot.app.links.Links` for the bot ``@username``."""

    username: str
    messenger: str = "Telegram"

    def invite_link(self, code: str) -> str:
        return f"https://t.me/{self.username}?start={code}"

    def private_chat_link(self) -> str:
        return f"https://t.me/{self.username}"

    def live_link(self, session_id: int) -> str:
        return f"https://t.me/{self.username}?start=live{session_id}"
