"""Telegram ``Update`` → transport-neutral :class:`~bot.app.incoming.Incoming`."""

from __future__ import annotations

from telegram import Message, MessageEntity, Update

from bot.app.incoming import ChatMigration, Click, Command, Edited, Incoming, Input, Sender
from dialogs.events import TextInput, Unsupported

PREFIX = "telegram:"


def address(native_id: int) -> str:
    """The neutral address of a Telegram chat or person (``telegram:123``)."""
    return f"{PREFIX}{native_id}"


def native(chat: str) -> int:
    """The Telegram id behind an address made by :func:`address`."""
    if not chat.startswith(PREFIX):
        raise ValueError(f"not a Telegram address: {chat!r}")
    return int(chat.removeprefix(PREFIX))


#: Message attributes we recognise but cannot use where text is expected.
_UNSUPPORTED = (
    "sticker", "photo", "voice", "video", "video_note", "animation", "audio", "document",
    "location", "contact", "poll", "dice", "venue",
)  # fmt: skip


def _command(message: Message, bot_username: str) -> Command | None:
    entities = message.entities or ()
    if not message.text or not entities:
        return None
    first = entities[0]
    if first.type != MessageEntity.BOT_COMMAND or first.offset != 0:
        return None
    word = message.text[1 : first.length]
    name, _, addressed = word.partition("@")
    if addressed and addressed.lower() != bot_username.lower():
        return None
    return Command(name=name.lower(), arg=message.text[first.length :].strip())


def _message_input(message: Message, bot_username: str) -> Input:
    command = _command(message, bot_username)
    if command is not None:
        return command
    if message.text is not None:
        return TextInput(text=message.text)
    kind = next((name for name in _UNSUPPORTED if getattr(message, name, None)), "unknown")
    return Unsupported(kind=kind)


def _sender_name(user) -> str:
    return (user.full_name or user.username or str(user.id)).strip()[:60]


def translate(update: Update, bot_username: str) -> Incoming | None:
    """The update as an :class:`Incoming`, or None for updates the workshop ignores."""
    if update.callback_query is not None:
        query = update.callback_query
        message = query.message
        if message is None or query.data is None:
            return None
        return Incoming(
            update_id=update.update_id,
            chat_id=address(message.chat.id),
            chat_type=message.chat.type,
            sender=Sender(address(query.from_user.id), _sender_name(query.from_user)),
            input=Click(button_id=query.data),
            message_id=str(message.message_id),
        )
    edited = update.edited_message
    if edited is not None and edited.from_user is not None and not edited.from_user.is_bot:
        return Incoming(
            update_id=update.update_id,
            chat_id=address(edited.chat.id),
            chat_type=edited.chat.type,
            sender=Sender(address(edited.from_user.id), _sender_name(edited.from_user)),
            input=Edited(),
            message_id=str(edited.message_id),
        )
    message = update.message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return None
    if message.migrate_to_chat_id:
        # The group became a supergroup: its link and live session move to the new id.
        return Incoming(
            update_id=update.update_id,
            chat_id=address(message.chat.id),
            chat_type=message.chat.type,
            sender=Sender(address(message.from_user.id), _sender_name(message.from_user)),
            input=ChatMigration(new_chat_id=address(message.migrate_to_chat_id)),
            message_id=str(message.message_id),
        )
    if message.new_chat_members or message.left_chat_member or message.migrate_from_chat_id:
        return None
    return Incoming(
        update_id=update.update_id,
        chat_id=address(message.chat.id),
        chat_type=message.chat.type,
        sender=Sender(address(message.from_user.id), _sender_name(message.from_user)),
        input=_message_input(message, bot_username),
        message_id=str(message.message_id),
    )
