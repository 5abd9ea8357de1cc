"""Links on Matrix: ``matrix.to`` to the bot, plus what to type there."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MatrixLinks:
    """:class:`~bot.app.links.Links` for the bot account ``user_id`` (``@werkstatt:example.org``).

    A Matrix link cannot carry a start parameter: the link opens the chat with the bot and the
    text says which command to send there."""

    user_id: str
    messenger: str = "Matrix"

    def private_chat_link(self) -> str:
        return f"https://matrix.to/#/{self.user_id}"

    def invite_link(self, code: str) -> str:
        return f"{self.private_chat_link()} – dort „!start {code}“ senden"

    def live_link(self, session_id: int) -> str:
        return f"{self.private_chat_link()} – dort „!start live{session_id}“ senden"
