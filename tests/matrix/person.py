"""A person using a Matrix client with encryption (matrix-nio), as the tests drive them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from nio import (
    AsyncClient,
    AsyncClientConfig,
    Event,
    MatrixRoom,
    MegolmEvent,
    RoomMessage,
    RoomMessageText,
)
from nio.crypto.attachments import decrypt_attachment

from tests.synapse import Account, Synapse

ENCRYPTION = {
    "type": "m.room.encryption",
    "state_key": "",
    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
}


class Person:
    """One account with its own device and key store; collects what arrives in its rooms."""

    def __init__(self, synapse: Synapse, account: Account, store: Path) -> None:
        store.mkdir(parents=True, exist_ok=True)
        self.account = account
        self.user_id = account.user_id
        self.client = AsyncClient(
            synapse.url,
            account.user_id,
            device_id=account.device_id,
            store_path=str(store),
            config=AsyncClientConfig(encryption_enabled=True, store_sync_tokens=False),
        )
        self.client.restore_login(account.user_id, account.device_id, account.access_token)
        #: (room id, event) of everything others sent, in arrival order.
        self.received: list[tuple[str, RoomMessage | MegolmEvent]] = []
        self.client.add_event_callback(self._collect, (RoomMessage, MegolmEvent))
        self._cursor = 0

    async def _collect(self, room: MatrixRoom, event: Event) -> None:
        if getattr(event, "sender", None) != self.user_id:
            self.received.append((room.room_id, event))  # type: ignore[arg-type]

    @classmethod
    async def create(cls, synapse: Synapse, name: str, home: Path) -> Person:
        person = cls(synapse, synapse.register(name), home / f"store-{name}")
        await person.client.keys_upload()
        await person.client.sync(timeout=0, full_state=True)
        return person

    async def close(self) -> None:
        await self.client.close()

    async def sync(self, timeout_ms: int = 500) -> None:
        await self.client.sync(timeout=timeout_ms)
        if self.client.should_query_keys:
            await self.client.keys_query()
        if self.client.should_claim_keys:
            users = self.client.get_users_for_key_claiming()
            if users:
                await self.client.keys_claim(users)

    async def direct_room(self, other: str, *, encrypted: bool = True) -> str:
        """Open an (encrypted) direct chat with ``other``; returns its room id."""
        response = await self.client.room_create(
            is_direct=True, invite=[other], initial_state=[ENCRYPTION] if encrypted else []
        )
        await self.sync(0)
        return response.room_id

    async def group_room(self, name: str, invite: list[str], *, encrypted: bool = True) -> str:
        response = await self.client.room_create(
            name=name, invite=invite, initial_state=[ENCRYPTION] if encrypted else []
        )
        await self.sync(0)
        return response.room_id

    async def join(self, room_id: str) -> None:
        await self.client.join(room_id)
        await self.sync(0)

    async def say(self, room_id: str, text: str) -> str:
        """Send a text (encrypted in an encrypted room); returns its event id."""
        await self.sync(0)
        response = await self.client.room_send(
            room_id,
            "m.room.message",
            {"msgtype": "m.text", "body": text},
            ignore_unverified_devices=True,
        )
        return response.event_id

    async def expect(self, room_id: str, fragment: str, within: float = 60.0) -> RoomMessage:
        """The next message in ``room_id`` (after those already expected) containing
        ``fragment`` (its text, or an image or file name); fails with what came instead."""
        seen: list[str] = []
        deadline = time.monotonic() + within
        while True:
            while self._cursor < len(self.received):
                room, event = self.received[self._cursor]
                self._cursor += 1
                if room != room_id:
                    continue
                body = getattr(event, "body", "") or type(event).__name__
                seen.append(body[:100])
                if fragment.casefold() in body.casefold():
                    return event  # type: ignore[return-value]
            if time.monotonic() > deadline:
                raise AssertionError(f"{fragment!r} never came in {room_id}; got: {seen}")
            await self.sync(500)

    async def click(self, room_id: str, label: str) -> None:
        """Answer with the number of the option ``label`` of the newest message (up to the
        last one expected) that offers it."""
        for room, event in reversed(self.received[: self._cursor]):
            if room != room_id:
                continue
            for line in (getattr(event, "body", "") or "").splitlines():
                # „3 – ◀ Zurück“ under the text, or an option the text numbers: „1 Kleinstadt“
                number, _, text = line.partition(" ")
                text = text.removeprefix("– ")
                if number.isdigit() and label.casefold() in text.casefold():
                    await self.say(room_id, number)
                    return
        raise AssertionError(f"no option {label!r} offered in {room_id}")

    async def click_when_offered(self, room_id: str, label: str, within: float = 60.0) -> None:
        """Sync until a message offers ``label`` (menus are edited in place), then click it."""
        deadline = time.monotonic() + within
        while True:
            self._cursor = len(self.received)
            try:
                await self.click(room_id, label)
                return
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
                await self.sync(500)

    async def download(self, event: RoomMessage) -> bytes:
        """The content of an image or file event, decrypted if it came encrypted."""
        response = await self.client.download(mxc=event.url)  # type: ignore[attr-defined]
        body: bytes = response.body  # type: ignore[union-attr]
        if hasattr(event, "key"):
            return decrypt_attachment(
                body,
                event.key["k"],  # type: ignore[attr-defined]
                event.hashes["sha256"],  # type: ignore[attr-defined]
                event.iv,  # type: ignore[attr-defined]
            )
        return body

    def texts(self, room_id: str | None = None) -> list[str]:
        """The texts received (in ``room_id`` only, if given)."""
        return [
            e.body
            for room, e in self.received
            if isinstance(e, RoomMessageText) and room_id in (None, room)
        ]

    async def wait_for(self, predicate: Callable[[], bool], within: float = 60.0) -> None:
        """Sync until ``predicate()`` holds."""
        deadline = time.monotonic() + within
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; received: {self.texts()[-5:]}")
            await self.sync(500)
            await asyncio.sleep(0)
