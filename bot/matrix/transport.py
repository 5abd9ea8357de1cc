"""Sends transport-neutral replies into Matrix rooms (encrypted where the room is).

A chat address is ``matrix:!room:server`` for a group room and ``matrix:@person:server`` for
the private chat with a person: the direct room they last wrote from (:class:`DirectRooms`),
or a new encrypted direct room if they never did. Charts are uploaded as images, documents as
files (encrypted in encrypted rooms). ``room_send`` ignores unverified devices (the bot verifies
nobody interactively) and nio retries a 429 answer a bounded number of times
(``max_limit_exceeded``); what still fails becomes a Temporary- or PermanentFailure for the
courier.
"""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Any

from nio import (
    AsyncClient,
    ErrorResponse,
    LocalProtocolError,
    RoomCreateResponse,
    RoomSendResponse,
    UploadResponse,
)

from bot.app.delivery import PermanentFailure, TemporaryFailure
from bot.app.rendering import Renderer
from bot.matrix import text
from dialogs.replies import Document, Message, Picture, Reply, esc

log = logging.getLogger(__name__)

PREFIX = "matrix:"
ENCRYPTION = {
    "type": "m.room.encryption",
    "state_key": "",
    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
}


def address(native_id: str) -> str:
    """``matrix:`` + a user id (private chat) or a room id (group)."""
    return f"{PREFIX}{native_id}"


def native(chat: str) -> str:
    if not chat.startswith(PREFIX):
        raise ValueError(f"not a Matrix address: {chat!r}")
    return chat.removeprefix(PREFIX)


class DirectRooms:
    """Person → the direct room the bot talks to them in, kept in a JSON file of the store."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rooms: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}

    def get(self, user_id: str) -> str | None:
        return self.rooms.get(user_id)

    def remember(self, user_id: str, room_id: str) -> None:
        if self.rooms.get(user_id) != room_id:
            self.rooms[user_id] = room_id
            partial = self.path.with_suffix(".tmp")
            partial.write_text(json.dumps(self.rooms))
            partial.replace(self.path)


class Options:
    """The stored button ids of the options shown last, per room and per message, so a typed
    number (or a reply with one) presses the right button of the right message. Kept in a
    JSON file of the store, so a number typed after a restart still means the same option."""

    #: Messages whose options are remembered (the newest; older ones are rarely answered).
    KEEP = 500

    def __init__(self, path: Path) -> None:
        self.path = path
        saved = json.loads(path.read_text()) if path.exists() else {}
        self.last: dict[str, str] = saved.get("last", {})
        self.by_event: dict[str, dict[str, str]] = saved.get("by_event", {})

    def shown(self, room_id: str, event_id: str, buttons: dict[str, str]) -> None:
        if buttons:
            self.last[room_id] = event_id
        self.by_event.pop(event_id, None)
        self.by_event[event_id] = buttons
        while len(self.by_event) > self.KEEP:
            self.by_event.pop(next(iter(self.by_event)))
        self._save()

    def _save(self) -> None:
        partial = self.path.with_suffix(".tmp")
        partial.write_text(json.dumps({"last": self.last, "by_event": self.by_event}))
        partial.replace(self.path)

    def forget(self, room_id: str, event_id: str) -> None:
        """The options of ``event_id`` are superseded: a number no longer answers them."""
        if self.by_event.pop(event_id, None) is not None:
            if self.last.get(room_id) == event_id:
                del self.last[room_id]
            self._save()

    def for_input(self, room_id: str, reply_to: str | None) -> tuple[str, dict[str, str]] | None:
        """The message a number answers (the one replied to, else the room's newest with
        options) and its button ids."""
        event_id = reply_to if reply_to in self.by_event else self.last.get(room_id)
        if event_id is None or event_id not in self.by_event:
            return None
        return event_id, self.by_event[event_id]


class MatrixTransport:
    """Delivers replies to Matrix rooms."""

    def __init__(
        self, client: AsyncClient, renderer: Renderer, direct: DirectRooms, shown: Options
    ) -> None:
        self.client = client
        self.renderer = renderer
        self.direct = direct
        self.shown = shown

    async def deliver(self, chat: str, reply: Reply, edit_message_id: str | None) -> str | None:
        """Send (or edit); returns the event id of the last message sent (or the edited one)."""
        room_id = await self._room(native(chat))
        if isinstance(reply, Message):
            content = text.message_content(reply.text, reply.buttons)
            buttons = {str(n): b.value for n, b in text.numbered(reply.buttons).items()}
            if edit_message_id is not None:
                await self._send(room_id, text.edit_content(edit_message_id, content))
                self.shown.shown(room_id, edit_message_id, buttons)
                return edit_message_id
            event_id = await self._send(room_id, content)
            self.shown.shown(room_id, event_id, buttons)
            return event_id
        if isinstance(reply, Picture):
            return await self._picture(room_id, reply)
        if isinstance(reply, Document):
            return await self._document(room_id, reply)
        return None

    async def clear_buttons(self, chat: str, message_id: str) -> None:
        """A superseded question: its numbered options no longer answer anything (Matrix
        messages carry no buttons to remove)."""
        room_id = self.direct.get(native(chat)) or native(chat)
        self.shown.forget(room_id, message_id)

    async def _room(self, target: str) -> str:
        """The room id for a room id, or the direct room for a user id (made if needed)."""
        if not target.startswith("@"):
            return target
        known = self.direct.get(target)
        if known is not None:
            return known
        created = await self.client.room_create(
            is_direct=True, invite=[target], initial_state=[ENCRYPTION]
        )
        if not isinstance(created, RoomCreateResponse):
            raise _failure(created, f"no direct room with {target}")
        self.direct.remember(target, created.room_id)
        return created.room_id

    async def _send(self, room_id: str, content: dict[str, Any]) -> str:
        try:
            sent = await self.client.room_send(
                room_id, "m.room.message", content, ignore_unverified_devices=True
            )
        except LocalProtocolError as error:  # e.g. a room joined but not synced yet
            raise TemporaryFailure(str(error), 1.0) from error
        if not isinstance(sent, RoomSendResponse):
            raise _failure(sent, f"room {room_id}")
        return sent.event_id

    async def _upload(
        self, room_id: str, content: bytes, mimetype: str, filename: str
    ) -> dict[str, Any]:
        """Upload; returns the content keys that point to the file (``file`` if encrypted)."""
        room = self.client.rooms.get(room_id)
        if room is None:  # not synced yet: whether to encrypt is unknown, so wait
            raise TemporaryFailure(f"room {room_id} not synced yet", 1.0)
        encrypt = room.encrypted
        uploaded, keys = await self.client.upload(
            io.BytesIO(content),
            content_type=mimetype,
            filename=filename,
            encrypt=encrypt,
            filesize=len(content),
        )
        if not isinstance(uploaded, UploadResponse):
            raise _failure(uploaded, "upload")
        info = {"mimetype": mimetype, "size": len(content)}
        if encrypt and keys is not None:
            return {"file": {"url": uploaded.content_uri, **keys}, "info": info}
        return {"url": uploaded.content_uri, "info": info}

    async def _picture(self, room_id: str, reply: Picture) -> str | None:
        images = await self.renderer.chart(reply.chart, reply.data)
        event_id = None
        for index, image in enumerate(images, start=1):
            numbered = f" ({index}/{len(images)})" if len(images) > 1 else ""
            file = await self._upload(room_id, image.png, "image/png", reply.filename)
            await self._send(room_id, {"msgtype": "m.image", "body": reply.filename, **file})
            alt = image.alt_text.removeprefix(reply.caption).lstrip(" .:\n")
            caption = f"<b>{esc(reply.caption)}{numbered}</b>\n{esc(alt)}"
            event_id = await self._send(room_id, text.message_content(caption, ()))
        return event_id

    async def _document(self, room_id: str, reply: Document) -> str:
        if reply.text is not None:
            content = reply.text.encode("utf-8")
        else:
            content = await self.renderer.document(reply.builder or "", reply.data)
        file = await self._upload(room_id, content, "application/octet-stream", reply.filename)
        event_id = await self._send(room_id, {"msgtype": "m.file", "body": reply.filename, **file})
        if reply.caption:
            event_id = await self._send(room_id, text.message_content(esc(reply.caption), ()))
        return event_id


def _failure(response: object, what: str) -> Exception:
    """A failed request as the courier's failure: permanent for refusals, else temporary."""
    code = getattr(response, "status_code", None) if isinstance(response, ErrorResponse) else None
    message = f"{what}: {getattr(response, 'message', response)}"
    if code in {"M_FORBIDDEN", "M_NOT_FOUND", "M_UNKNOWN_TOKEN"}:
        return PermanentFailure(message)
    retry = getattr(response, "retry_after_ms", None)
    return TemporaryFailure(message, retry / 1000 if retry else None)
