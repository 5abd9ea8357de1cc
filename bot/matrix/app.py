"""The Matrix bot: sync loop, durable inbox and the workshop service.

Login happens once: device id, access token and the encryption keys stay in the store
directory (``MATRIX_STORE_DIR``); later starts restore them (``restore_login``), so messages
sent while the bot was down can still be decrypted. The device keys are uploaded right after
login, before any room is joined. Invitations (direct chats and group rooms) are accepted.

Durability as over Telegram: the messages of one sync response are stored in the inbox in one
transaction (their event ids are their keys); only then is the sync token saved, and only then
are they handled – each in its own transaction that records the event id. A restart handles
what the inbox still holds; a redelivered event is recognised by its id and changes nothing.
nio's own token store (``store_sync_tokens``) is off: it saves the token before the events are
handled. A message that cannot be decrypted is answered with a request to send it again.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from nio import (
    AsyncClient,
    AsyncClientConfig,
    LoginResponse,
    MatrixRoom,
    MegolmEvent,
    RoomCreateEvent,
    RoomMessage,
    RoomMessageText,
    SyncResponse,
    WhoamiResponse,
)

from bot import health
from bot.app import retention
from bot.app.delivery import Courier
from bot.app.incoming import Click, Edited, Incoming, Sender
from bot.app.reminders import remind_periodically
from bot.app.rendering import Renderer
from bot.app.scheduler import LiveScheduler
from bot.app.service import Workshop
from bot.config import Settings
from bot.matrix import text
from bot.matrix.links import MatrixLinks
from bot.matrix.transport import DirectRooms, MatrixTransport, Options, address
from dialogs.events import Unsupported
from dialogs.replies import Message
from storage.database import Database
from storage.repositories import InboxEntry

log = logging.getLogger(__name__)

MESSENGER = "matrix"
#: Long-poll time of one sync (milliseconds).
SYNC_TIMEOUT_MS = 30_000
#: Seconds between two looks for replies other processes queued for Matrix chats.
PENDING_PERIOD = 5.0
UNDECRYPTABLE = (
    "🔒 Ihre letzte Nachricht konnte ich nicht entschlüsseln. Bitte senden Sie sie noch einmal."
)
UNSUPPORTED = "unsupported"


class MatrixStartError(Exception):
    """The homeserver refused the login or cannot be reached (German message)."""


@dataclass
class Login:
    user_id: str
    device_id: str
    access_token: str


def store_dir(settings: Settings) -> Path:
    """``MATRIX_STORE_DIR``, by default ``<database>.matrix`` beside the database."""
    return settings.matrix_store_dir or settings.db.with_name(settings.db.name + ".matrix")


class MatrixBot:
    """One Matrix account serving the workshop."""

    def __init__(self, settings: Settings, *, renderer: Renderer | None = None) -> None:
        self.settings = settings
        self.store = store_dir(settings)
        self.store.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.client = AsyncClient(
            settings.matrix_homeserver_url or "",
            settings.matrix_user_id or "",
            store_path=str(self.store),
            config=AsyncClientConfig(
                encryption_enabled=True,
                store_sync_tokens=False,
                max_limit_exceeded=5,
                max_timeouts=5,
            ),
        )
        self.renderer = renderer or Renderer()
        self.direct = DirectRooms(self.store / "direct-rooms.json")
        self.shown = Options(self.store / "options.json")
        self.db: Database | None = None
        self.workshop: Workshop | None = None
        self.courier: Courier | None = None
        self.scheduler: LiveScheduler | None = None
        #: Room → who created it (nio keeps no creator; room version 12 gives creators
        #: unlimited power without listing them in the power levels).
        self.creators: dict[str, str] = {}
        #: Set once the first sync after the start has been handled (for tests, health).
        self.ready = asyncio.Event()

    # -- login ------------------------------------------------------------------------------

    async def login(self) -> None:
        """Restore the stored login, or log in once (token or password) and store it."""
        try:
            await self._login()
        except (aiohttp.ClientError, OSError, TimeoutError) as error:
            url = self.settings.matrix_homeserver_url
            raise MatrixStartError(
                f"Der Matrix-Server {url} ist nicht erreichbar ({type(error).__name__})."
            ) from None

    async def _login(self) -> None:
        saved = self.store / "login.json"
        if saved.exists():
            login = Login(**json.loads(saved.read_text()))
        elif self.settings.matrix_access_token is not None:
            self.client.access_token = self.settings.matrix_access_token.get_secret_value()
            who = await self.client.whoami()
            if not isinstance(who, WhoamiResponse) or not who.device_id:
                raise MatrixStartError(f"Der Matrix-Zugang wurde abgelehnt ({who}).")
            login = Login(who.user_id, who.device_id, self.client.access_token)
        elif self.settings.matrix_password is not None:
            response = await self.client.login(
                self.settings.matrix_password.get_secret_value(), device_name="Werkstatt-Bot"
            )
            if not isinstance(response, LoginResponse):
                raise MatrixStartError(f"Die Matrix-Anmeldung schlug fehl ({response}).")
            login = Login(response.user_id, response.device_id, response.access_token)
        else:
            raise MatrixStartError("MATRIX_ACCESS_TOKEN oder MATRIX_PASSWORD fehlt.")
        if not saved.exists():
            partial = saved.with_suffix(".tmp")
            partial.write_text(json.dumps(login.__dict__))
            partial.chmod(0o600)
            partial.replace(saved)
        self.client.restore_login(login.user_id, login.device_id, login.access_token)
        if self.client.should_upload_keys:
            await self.client.keys_upload()

    # -- running ----------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until ``stop`` is set."""
        self.db = await Database.open(self.settings.db)
        tasks: list[asyncio.Task[None]] = []
        try:
            await self.login()
            links = MatrixLinks(self.client.user_id)
            transport = MatrixTransport(self.client, self.renderer, self.direct, self.shown)
            self.courier = Courier(self.db, transport, messenger=MESSENGER)
            privacy = self.settings.privacy_notice()
            privacy = dataclasses.replace(privacy, messenger=links.messenger)
            self.workshop = Workshop(self.db, links=links, privacy=privacy)
            self.scheduler = LiveScheduler(self.db, self.courier, links=links)
            self.workshop.on_live_change = self.scheduler.poke
            await retention.prune(self.db, self.settings.retention_days)
            token_file = self.store / "sync-token"
            since = token_file.read_text().strip() if token_file.exists() else None
            await self.scheduler.start()
            tasks = [
                asyncio.create_task(self._pending_periodically()),
                asyncio.create_task(remind_periodically(self.db, self.courier.submit)),
            ]
            first = True
            while not stop.is_set():
                sync = asyncio.create_task(
                    self.client.sync(
                        timeout=0 if first else SYNC_TIMEOUT_MS, since=since, full_state=first
                    )
                )
                stopped = asyncio.create_task(stop.wait())
                await asyncio.wait({sync, stopped}, return_when=asyncio.FIRST_COMPLETED)
                stopped.cancel()
                if not sync.done():
                    sync.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await sync
                    break
                response = sync.result()
                if not isinstance(response, SyncResponse):
                    log.warning("sync failed (%s); retrying", response)
                    await asyncio.sleep(2)
                    continue
                await self._after_sync()
                entries = self._entries(response)
                await self._store(entries)
                since = response.next_batch
                _write_atomically(token_file, since)
                await self._accept_invites(response)
                if first:
                    # The rooms are known now: first what was left from before the restart
                    # (replies not sent yet, messages not handled yet), then the new ones,
                    # all in the order they were stored.
                    await self.courier.deliver_pending()
                    await self._handle_stored()
                else:
                    await self._handle(entries)
                await asyncio.to_thread(health.beat, self.settings.db)
                first = False
                self.ready.set()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if self.scheduler is not None:
                await self.scheduler.stop()
            if self.courier is not None:
                await self.courier.drain(final=True)
                await self.courier.close()
            await self.client.close()
            self.renderer.close()
            await self.db.close()

    async def _after_sync(self) -> None:
        """Keep the encryption keys current (what ``sync_forever`` would do)."""
        if self.client.should_upload_keys:
            await self.client.keys_upload()
        if self.client.should_query_keys:
            await self.client.keys_query()
        if self.client.should_claim_keys:
            users = self.client.get_users_for_key_claiming()
            if users:
                await self.client.keys_claim(users)

    async def _accept_invites(self, response: SyncResponse) -> None:
        for room_id in response.rooms.invite:
            joined = await self.client.join(room_id)
            log.info("joined room %s: %s", room_id, type(joined).__name__)

    # -- the inbox --------------------------------------------------------------------------

    def _entries(self, response: SyncResponse) -> list[InboxEntry]:
        """The messages of a sync response, reduced to what handling them needs."""
        entries = []
        for room_id, joined in response.rooms.join.items():
            room = self.client.rooms.get(room_id)
            for event in (*joined.state, *joined.timeline.events):
                if isinstance(event, RoomCreateEvent):
                    self.creators[room_id] = event.sender
            for event in joined.timeline.events:
                payload = self._payload(room, room_id, event)
                if payload is not None:
                    entries.append(
                        InboxEntry(
                            update_id=event.event_id,
                            chat_key=address(room_id),
                            payload=payload,
                        )
                    )
        return entries

    def _payload(
        self, room: MatrixRoom | None, room_id: str, event: object
    ) -> dict[str, Any] | None:
        sender = getattr(event, "sender", None)
        if sender is None or sender == self.client.user_id:
            return None
        if not isinstance(event, RoomMessage | MegolmEvent):
            return None
        private = room is not None and room.member_count <= 2
        payload: dict[str, Any] = {
            "room": room_id,
            "sender": sender,
            "name": (room.user_name(sender) if room else None) or sender,
            "private": private,
        }
        source = getattr(event, "source", {}) or {}
        content = source.get("content", {}) if isinstance(source, dict) else {}
        relates = content.get("m.relates_to") or {}
        if relates.get("rel_type") == "m.replace":
            payload["kind"] = "edited"
        elif isinstance(event, MegolmEvent):
            payload["kind"] = "undecryptable"
        elif isinstance(event, RoomMessageText):
            payload["kind"] = "text"
            payload["body"] = _without_reply_quote(event.body)
            payload["reply_to"] = (relates.get("m.in_reply_to") or {}).get("event_id")
        else:
            payload["kind"] = UNSUPPORTED
        return payload

    async def _store(self, entries: list[InboxEntry]) -> None:
        if entries:
            assert self.db is not None
            async with self.db.transaction() as tx:
                await tx.inbox.add(entries)

    async def _handle_stored(self) -> None:
        """Handle what a previous run stored but did not handle (in order)."""
        assert self.db is not None
        async with self.db.transaction() as tx:
            waiting = [
                e for e in await tx.inbox.waiting() if str(e.chat_key).startswith("matrix:")
            ]
        if waiting:
            log.info("handling %d messages stored before the restart", len(waiting))
        await self._handle(waiting)

    async def _handle(self, entries: list[InboxEntry]) -> None:
        assert self.db is not None and self.courier is not None
        for entry in entries:
            try:
                await self._handle_one(str(entry.update_id), entry.payload)
            except Exception:
                log.exception("event %s failed", entry.update_id)
        if entries:
            async with self.db.transaction() as tx:
                await tx.inbox.remove([e.update_id for e in entries])

    async def _handle_one(self, event_id: str, payload: dict[str, Any]) -> None:
        assert self.db is not None and self.workshop is not None and self.courier is not None
        sender: str = payload["sender"]
        room_id: str = payload["room"]
        if payload["private"]:
            self.direct.remember(sender, room_id)
            chat = address(sender)
        else:
            chat = address(room_id)
        if payload["kind"] == "undecryptable":
            await self._say_once(event_id, chat, UNDECRYPTABLE)
            return
        answered: str | None = None
        if payload["kind"] == "text":
            shown = self.shown.for_input(room_id, payload.get("reply_to"))
            what = text.parse(payload["body"], shown[1] if shown else None)
            if isinstance(what, Click) and shown is not None:
                answered = shown[0]  # a reply that edits (``Message.edit``) replaces it
        elif payload["kind"] == "edited":
            what = Edited()
        else:
            what = Unsupported(kind="unknown")
        incoming = Incoming(
            update_id=event_id,
            chat_id=chat,
            chat_type="private" if payload["private"] else "group",
            sender=Sender(address(sender), payload["name"]),
            input=what,
            message_id=answered,
            # In a Matrix room the person who may link it is its moderator (power level 50+).
            sender_is_chat_admin=self._is_moderator(room_id, sender),
        )
        result = await self.workshop.process_update(incoming)
        if result.callback_text and result.callback_alert:
            # A refused press (Telegram shows it to the presser only, as an alert): here it
            # goes into the presser's private chat. Plain confirmations need no message.
            await self._say_once(None, address(sender), result.callback_text)
        await self.courier.submit(result.outbox_ids)

    def _is_moderator(self, room_id: str, user_id: str) -> bool | None:
        room = self.client.rooms.get(room_id)
        if room is None:
            return None
        # Room version 12 gives the creator unlimited power without listing them.
        creator = self.creators.get(room_id)
        return user_id == creator or room.power_levels.get_user_level(user_id) >= 50

    async def _say_once(self, event_id: str | None, chat: str, message: str) -> None:
        """Queue a plain message (recorded with ``event_id``, so only once)."""
        assert self.db is not None and self.courier is not None
        async with self.db.transaction() as tx:
            if event_id is not None:
                if await tx.updates.seen(event_id):
                    return
                await tx.updates.record(event_id)
            payload = {"reply": Message(text=message).model_dump(mode="json")}
            item = await tx.outbox.add(chat, payload)
        await self.courier.submit([item])

    # -- periodic work ----------------------------------------------------------------------

    async def _pending_periodically(self) -> None:
        """Replies another process (the Telegram bot, a reminder) queued for Matrix chats."""
        assert self.courier is not None
        while True:
            await asyncio.sleep(PENDING_PERIOD)
            try:
                await self.courier.deliver_pending()
            except Exception:
                log.exception("delivering pending replies failed; trying again later")


def _without_reply_quote(body: str) -> str:
    """A reply's body without the quoted fallback lines (``> …``) clients put in front."""
    lines = body.split("\n")
    if not lines or not lines[0].startswith("> "):
        return body
    while lines and lines[0].startswith(">"):
        lines.pop(0)
    return "\n".join(lines).lstrip("\n")


def _write_atomically(path: Path, content: str) -> None:
    partial = path.with_suffix(".tmp")
    partial.write_text(content)
    partial.replace(path)


async def run_matrix(settings: Settings) -> None:
    """Start the Matrix bot until SIGINT/SIGTERM."""
    bot = MatrixBot(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await bot.run(stop)
