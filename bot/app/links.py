"""What the core asks of the messenger adapter to point people somewhere: links (or codes to
type) for invitations, for the private chat with the bot and for writing into a live session.
Each adapter hands one to the :class:`~bot.app.service.Workshop`; the core never builds a
messenger's link itself."""

from __future__ import annotations

from typing import Protocol


class Links(Protocol):
    """Links of one messenger; ``messenger`` is its name in texts (``"Telegram"``)."""

    messenger: str

    def invite_link(self, code: str) -> str:
        """Where an invited person goes to join with ``code``."""
        ...

    def private_chat_link(self) -> str:
        """Opens the private chat with the bot."""
        ...

    def live_link(self, session_id: int) -> str:
        """Opens the private chat at the entry list of live session ``session_id``."""
        ...
