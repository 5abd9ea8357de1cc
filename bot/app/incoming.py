"""What reaches the bot from any messenger, already translated into plain values."""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.events import TextInput, Unsupported


@dataclass(frozen=True)
class Sender:
    """The person behind an update; ``account`` is their address (``telegram:123``), which
    also reaches their private chat."""

    account: str
    name: str


@dataclass(frozen=True)
class Command:
    """A slash command such as ``/start ABCD2345``; ``name`` without slash and bot name."""

    name: str
    arg: str = ""


@dataclass(frozen=True)
class Click:
    """A pressed button, identified by its opaque stored id."""

    button_id: str


@dataclass(frozen=True)
class ChatMigration:
    """The group got a new address (Telegram turned it into a supergroup)."""

    new_chat_id: str


@dataclass(frozen=True)
class Edited:
    """The sender changed a message after sending it; the change is not taken over."""


Input = Command | TextInput | Click | Unsupported | ChatMigration | Edited


@dataclass(frozen=True)
class Incoming:
    """One update: who, where, what. ``update_id`` is the messenger's key of the update
    (Telegram's update id, a Matrix event id), None where the transport has none.
    ``chat_id`` is the chat's address; in a private chat it is the sender's account."""

    update_id: int | str | None
    chat_id: str
    chat_type: str
    sender: Sender
    input: Input
    message_id: str | None = None
    #: Whether the sender administers the (group) chat, as the messenger reported it; None
    #: where nobody asked (private chats, most group updates).
    sender_is_chat_admin: bool | None = None

    @property
    def private(self) -> bool:
        return self.chat_type == "private"
