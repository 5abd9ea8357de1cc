"""A fake Telegram Bot API server for end-to-end tests and benchmarks.

:class:`FakeBotApi` is a small aiohttp application that speaks enough of the Bot API for a
python-telegram-bot application to run unmodified against it: point the bot at
:attr:`FakeBotApi.base_url` and :attr:`FakeBotApi.base_file_url` and it polls, sends, edits and
uploads exactly as it would against ``api.telegram.org``. The test plays the users: it pushes
updates (:meth:`~FakeBotApi.push_text`, :meth:`~FakeBotApi.push_callback`, ...) and looks at what
the bot did (:attr:`~FakeBotApi.calls`, :meth:`~FakeBotApi.sent_to`,
:meth:`~FakeBotApi.wait_for_message`). :class:`ChatClient` wraps both sides into a conversation::

    async with FakeBotApi() as api:
        ...  # start the bot with api.token, api.base_url and api.base_file_url
        anna = ChatClient(api, FakeUser(1001, "Anna"))
        await anna.send("/start")
        assert "Willkommen" in (await anna.reply()).text
        await anna.click("Los geht's")
        assert (await anna.reply()).buttons

Everything lives in memory. One server stands for one bot account, whichever token the client
presents. The server runs in the test's event loop; the bot may run in the same loop or in a
subprocess pointed at :attr:`~FakeBotApi.base_url`.

Telegram behaviour a bot has to cope with is reproduced on purpose:

* ``getUpdates`` long polling, offset confirmation, and the 409 conflict a second poller causes;
* flood control (:meth:`~FakeBotApi.fail_next`), users who blocked the bot
  (:meth:`~FakeBotApi.block_user`) and group → supergroup migration
  (:meth:`~FakeBotApi.migrate_group`);
* the common ``400 Bad Request`` answers: empty or too long text, "message is not modified",
  unknown message, unknown or already answered callback query, invalid command names.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import html
import json
import mimetypes
import re
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, Self, TypeVar

from aiohttp import web

__all__ = [
    "DEFAULT_BOT_ID",
    "DEFAULT_BOT_USERNAME",
    "ApiCall",
    "Button",
    "ChatClient",
    "FakeBotApi",
    "FakeChat",
    "FakeUser",
    "SentMessage",
    "html_error",
]

JSONDict = dict[str, Any]
ChatType = Literal["private", "group", "supergroup", "channel"]
MemberStatus = Literal["creator", "administrator", "member", "left", "kicked"]
MessageKind = Literal["text", "photo", "document"]

_T = TypeVar("_T")

DEFAULT_BOT_ID = 7_000_000_001
DEFAULT_BOT_USERNAME = "werkstatt_test_bot"

#: Telegram's limits, counted in characters after the markup has been parsed.
MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_TEXT_LENGTH = 200

#: Uploads up to Telegram's own 50 MB limit must not be cut off by aiohttp's 1 MB default.
_MAX_REQUEST_SIZE = 50 * 1024 * 1024

#: Update types Telegram only delivers when the bot asked for them in ``allowed_updates``.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

#: Form parameters that are plain strings. Clients encode every other value as JSON (numbers,
#: booleans, and nested objects such as ``reply_markup``), so those are decoded.
_STRING_PARAMS = frozenset(
    {
        "action",
        "animation",
        "audio",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "custom_emoji_id",
        "description",
        "document",
        "emoji",
        "file_id",
        "inline_message_id",
        "ip_address",
        "language_code",
        "message_effect_id",
        "name",
        "parse_mode",
        "photo",
        "question",
        "secret_token",
        "short_description",
        "sticker",
        "text",
        "thumbnail",
        "title",
        "url",
        "video",
        "video_note",
        "voice",
    }
)

_COMMAND = re.compile(r"/\S+")
_VALID_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_HTML_TAG = re.compile(r"<[^>]+>")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARK = re.compile(r"(?<!\\)[*_~`|]")
_MARKDOWN_ESCAPE = re.compile(r"\\(.)")

#: A valid 1x1 PNG, the default picture users send.
_TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


# --------------------------------------------------------------------------------------------
# The cast: users and chats played by the test
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FakeUser:
    """A human Telegram user played by the test."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None

    def to_api(self) -> JSONDict:
        """The Bot API ``User`` object."""
        return _without_none(
            id=self.id,
            is_bot=False,
            first_name=self.first_name,
            last_name=self.last_name,
            username=self.username,
            language_code=self.language_code,
        )


@dataclass(frozen=True, slots=True)
class FakeChat:
    """A chat. A private chat has the id of its user (see :meth:`private`)."""

    id: int
    type: ChatType = "private"
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    @classmethod
    def private(cls, user: FakeUser) -> FakeChat:
        """The private chat between ``user`` and the bot."""
        return cls(
            user.id,
            "private",
            username=user.username,
            first_name=user.first_name,
            last_name=user.last_name,
        )

    def to_api(self) -> JSONDict:
        """The Bot API ``Chat`` object."""
        return _without_none(
            id=self.id,
            type=self.type,
            title=self.title,
            username=self.username,
            first_name=self.first_name,
            last_name=self.last_name,
        )


# --------------------------------------------------------------------------------------------
# What the test reads back
# --------------------------------------------------------------------------------------------


class Button(NamedTuple):
    """An inline keyboard button; compares equal to a plain ``(text, data)`` tuple."""

    text: str
    #: The ``callback_data``, or the ``url`` of a link button.
    data: str | None


@dataclass(slots=True)
class SentMessage:
    """A message the bot sent. Objects from :meth:`FakeBotApi.sent_to` follow later edits."""

    chat_id: int
    message_id: int
    kind: MessageKind
    date: int
    text: str | None = None
    caption: str | None = None
    parse_mode: str | None = None
    #: The ``reply_markup`` exactly as sent: inline keyboard, reply keyboard, ... or ``None``.
    reply_markup: JSONDict | None = None
    reply_to_message_id: int | None = None
    file_id: str | None = None
    #: The uploaded bytes (``None`` if the bot sent a URL).
    file_bytes: bytes | None = None
    filename: str | None = None
    mime_type: str | None = None
    edits: int = 0
    edit_date: int | None = None
    deleted: bool = False

    @property
    def buttons(self) -> list[list[Button]]:
        """The inline keyboard as rows of ``(text, callback_data or url)``."""
        return [
            [Button(b["text"], b.get("callback_data", b.get("url"))) for b in row]
            for row in _inline_keyboard(self.reply_markup)
        ]

    @property
    def body(self) -> str:
        """The text, or the caption of a photo or document (``""`` if there is none)."""
        return self.text if self.text is not None else self.caption or ""

    def describe(self) -> str:
        """A one-line summary for assertion messages."""
        labels = " ".join(f"[{b.text}]" for row in self.buttons for b in row)
        kind = "" if self.kind == "text" else f"{self.kind} "
        return f"#{self.message_id} {kind}{self.body!r} {labels}".rstrip()


@dataclass(slots=True)
class ApiCall:
    """One request the bot made, as the server understood it."""

    method: str
    #: Parameters with JSON-encoded values decoded (``reply_markup`` is a ``dict`` here).
    params: JSONDict
    #: Uploaded files by form field name.
    files: dict[str, bytes]
    token: str
    #: When the request arrived, on the :func:`time.monotonic` clock.
    time: float
    filenames: dict[str, str] = field(default_factory=dict)
    #: The ``error_code`` the server answered with, ``None`` for a successful call.
    error_code: int | None = None

    @property
    def ok(self) -> bool:
        """Whether the call succeeded."""
        return self.error_code is None


class _BotApiError(Exception):
    """An error answer in Telegram's format; raised by method handlers."""

    def __init__(
        self, error_code: int, description: str, parameters: JSONDict | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def to_api(self) -> JSONDict:
        body: JSONDict = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad_request(reason: str) -> _BotApiError:
    return _BotApiError(400, f"Bad Request: {reason}")


@dataclass(frozen=True, slots=True)
class _StoredFile:
    data: bytes
    filename: str | None
    mime_type: str
    unique_id: str
    path: str


# --------------------------------------------------------------------------------------------
# Method registry
# --------------------------------------------------------------------------------------------

_Handler = Callable[["FakeBotApi", ApiCall], Awaitable[object]]
_METHODS: dict[str, _Handler] = {}


def _bot_api(*names: str) -> Callable[[_Handler], _Handler]:
    """Register a :class:`FakeBotApi` method as the handler of Bot API methods ``names``."""

    def register(handler: _Handler) -> _Handler:
        for name in names:
            _METHODS[name.lower()] = handler
        return handler

    return register


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------


class FakeBotApi:
    """An in-memory Telegram Bot API server bound to ``127.0.0.1`` on a free port.

    Use it as an async context manager, or call :meth:`start` and :meth:`stop`. Method names are
    case-insensitive, as with Telegram; unknown methods answer ``404 Not Found``.

    Chats the bot writes to need not be introduced: an unknown positive id is taken for a
    private chat, a negative one for a group (``-100…`` for a supergroup). :meth:`register`
    gives them proper names.
    """

    def __init__(
        self,
        *,
        bot_id: int = DEFAULT_BOT_ID,
        username: str = DEFAULT_BOT_USERNAME,
        first_name: str = "Smart-City-Werkstatt (Test)",
        token: str | None = None,
    ) -> None:
        self.bot_id = bot_id
        self.username = username
        self.first_name = first_name
        #: A token for the bot under test; the server accepts any token, though.
        self.token = token or f"{bot_id}:fake-token-for-tests"

        #: Every request in arrival order, failed ones included.
        self.calls: list[ApiCall] = []
        #: The highest ``offset`` the bot confirmed with ``getUpdates`` (0 before the first).
        self.confirmed_offset = 0
        #: Updates Telegram would not have created (see ``allowed_updates``).
        self.dropped_updates: list[JSONDict] = []
        #: Answers to callback queries by query id (parameters of ``answerCallbackQuery``).
        self.callback_answers: dict[str, JSONDict] = {}
        self.webhook_url: str | None = None
        #: Texts set with ``setMyDescription``/``setMyShortDescription`` by (field, language).
        self.descriptions: dict[tuple[str, str], str] = {}

        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._closing = False
        self._activity = asyncio.Event()

        self._updates: list[JSONDict] = []
        self._next_update_id = 1
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0

        self._users: dict[int, FakeUser] = {}
        self._chats: dict[int, FakeChat] = {}
        self._last_message_id: defaultdict[int, int] = defaultdict(int)
        self._messages: defaultdict[int, dict[int, JSONDict]] = defaultdict(dict)
        self._sent: defaultdict[int, dict[int, SentMessage]] = defaultdict(dict)
        self._timeline: defaultdict[int, list[SentMessage]] = defaultdict(list)
        self._files: dict[str, _StoredFile] = {}
        self._file_ids_by_path: dict[str, str] = {}
        self._open_queries: set[str] = set()
        self._next_query_id = 1

        self._failures: defaultdict[str, deque[_BotApiError]] = defaultdict(deque)
        self._blocked: set[int] = set()
        self._migrated: dict[int, int] = {}
        self._member_status: dict[tuple[int, int], MemberStatus] = {}
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> Self:
        """Start serving on a free port of ``127.0.0.1``."""
        if self._runner is not None:
            raise RuntimeError("FakeBotApi is already running")
        app = web.Application(client_max_size=_MAX_REQUEST_SIZE)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        # handler_cancellation: a client that hangs up (a killed bot process, a cancelled long
        # poll) must not leave a zombie getUpdates behind.
        runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=2)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        self._runner = runner
        self._port = runner.addresses[0][1]
        self._closing = False
        return self

    async def stop(self) -> None:
        """Release pending long polls and shut the server down; the records stay readable."""
        if self._runner is None:
            return
        self._closing = True
        self._pulse()
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        if self._port is None or self._runner is None:
            raise RuntimeError("FakeBotApi is not running: use 'async with' or await start()")
        return self._port

    @property
    def base_url(self) -> str:
        """``base_url`` for :class:`telegram.Bot`; it appends ``{token}/{method}``."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """``base_file_url`` for :class:`telegram.Bot`, serving files from ``getFile``."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- setting the scene -------------------------------------------------------------------

    def register(self, user: FakeUser, chat: FakeChat | None = None) -> None:
        """Make a user (and a chat) known without sending anything."""
        self._users[user.id] = user
        self._chats[user.id] = FakeChat.private(user)
        if chat is not None:
            self._chats[chat.id] = chat

    def set_member_status(self, chat_id: int, user: FakeUser | int, status: MemberStatus) -> None:
        """What ``getChatMember`` reports for ``user`` in ``chat_id`` (default ``"member"``)."""
        self._member_status[chat_id, _id_of(user)] = status

    def block_user(self, user: FakeUser | int) -> None:
        """Let sends to this private chat fail with ``403 Forbidden: bot was blocked``."""
        self._blocked.add(_id_of(user))

    def unblock_user(self, user: FakeUser | int) -> None:
        """Undo :meth:`block_user`."""
        self._blocked.discard(_id_of(user))

    def migrate_group(
        self, group_id: int, supergroup_id: int | None = None, *, by: FakeUser | None = None
    ) -> int:
        """Upgrade a group to a supergroup and return the supergroup's id.

        From now on every request naming ``group_id`` fails with ``400`` and
        ``parameters.migrate_to_chat_id``, as with Telegram. With ``by`` the two service messages
        Telegram sends (``migrate_to_chat_id`` in the group, ``migrate_from_chat_id`` in the
        supergroup) are pushed as updates, too.
        """
        group = self._chat(group_id)
        new_id = supergroup_id if supergroup_id is not None else int(f"-100{abs(group_id)}")
        supergroup = FakeChat(new_id, "supergroup", group.title)
        self._chats[new_id] = supergroup
        for (chat_id, user_id), status in list(self._member_status.items()):
            if chat_id == group_id:
                self._member_status[new_id, user_id] = status
        if by is not None:
            self._push_message(by, group, migrate_to_chat_id=new_id)
            self._push_message(by, supergroup, migrate_from_chat_id=group_id)
        self._migrated[group_id] = new_id
        return new_id

    def fail_next(
        self,
        method: str,
        *,
        retry_after: int | None = None,
        error_code: int = 429,
        description: str | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with an error instead of serving them.

        The default is Telegram's flood control: ``429 Too Many Requests: retry after N`` with
        ``parameters.retry_after`` (``N`` defaults to 1), which PTB raises as ``RetryAfter``.
        Other codes get Telegram's standard description unless one is given.
        """
        if error_code == 429 and retry_after is None:
            retry_after = 1
        if description is None:
            description = _STANDARD_DESCRIPTIONS.get(error_code, f"Error {error_code}")
            if retry_after is not None:
                description += f": retry after {retry_after}"
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        failures = self._failures[method.lower()]
        failures.extend(_BotApiError(error_code, description, parameters) for _ in range(times))

    # -- reading what happened ---------------------------------------------------------------

    def calls_to(self, method: str) -> list[ApiCall]:
        """The recorded calls of one Bot API method."""
        return [call for call in self.calls if call.method.lower() == method.lower()]

    def sent_to(self, chat_id: int) -> list[SentMessage]:
        """The bot's messages in a chat that still exist, oldest first, as currently edited."""
        return list(self._sent[chat_id].values())

    def timeline(self, chat_id: int) -> list[SentMessage]:
        """Snapshots of every message the bot sent or edited in a chat, in order; an edit of
        the buttons alone (editMessageReplyMarkup) is not listed: see :meth:`sent_to`."""
        return list(self._timeline[chat_id])

    def history(self, chat_id: int) -> list[JSONDict]:
        """All messages of a chat, users' and bot's, as Bot API ``Message`` objects."""
        return list(self._messages[chat_id].values())

    @property
    def pending_updates(self) -> list[JSONDict]:
        """Updates the bot has not confirmed yet."""
        return list(self._updates)

    def bot_commands(
        self, scope: JSONDict | None = None, language_code: str = ""
    ) -> list[tuple[str, str]]:
        """The ``(command, description)`` pairs set with ``setMyCommands`` for a scope."""
        commands = self._commands.get(_commands_key(scope, language_code), [])
        return [(c["command"], c["description"]) for c in commands]

    async def wait_for(
        self,
        predicate: Callable[[], _T],
        timeout: float = 10,  # noqa: ASYNC109 - a plain timeout reads best in tests
    ) -> _T:
        """Wait until ``predicate()`` returns something truthy, and return that.

        The predicate is evaluated now and after every API request and pushed update.
        Raises :class:`AssertionError` after ``timeout`` seconds.
        """
        try:
            return await self._wait_until(predicate, timeout)
        except TimeoutError:
            name = getattr(predicate, "__qualname__", repr(predicate))
            raise AssertionError(f"{name} did not come true within {timeout}s") from None

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[SentMessage], object] | None = None,
        count: int = 1,
        timeout: float = 10,  # noqa: ASYNC109
    ) -> SentMessage:
        """Wait until the chat has ``count`` bot messages matching ``predicate``.

        Returns the newest matching message. Edits count: a message that is edited into
        matching wakes the waiter as well.
        """

        def newest_match() -> SentMessage | None:
            matches = [m for m in self.sent_to(chat_id) if predicate is None or predicate(m)]
            return matches[-1] if len(matches) >= count else None

        try:
            return await self._wait_until(newest_match, timeout)
        except TimeoutError:
            raise AssertionError(
                f"no {count} matching bot message(s) in chat {chat_id} within {timeout}s; "
                f"the bot's messages there:\n{self.transcript(chat_id)}"
            ) from None

    def transcript(self, chat_id: int) -> str:
        """The bot's messages in a chat, one line each, for assertion messages."""
        lines = [f"  {message.describe()}" for message in self.sent_to(chat_id)]
        return "\n".join(lines) or "  (none)"

    # -- playing the users -------------------------------------------------------------------

    def push_update(self, update: Mapping[str, Any]) -> int:
        """Queue a raw update for ``getUpdates`` and return its (newly assigned) ``update_id``.

        Like Telegram, the server drops updates of types the bot did not subscribe to with
        ``allowed_updates``; they end up in :attr:`dropped_updates`.
        """
        update_id = self._next_update_id
        self._next_update_id += 1
        stored = {"update_id": update_id} | {k: v for k, v in update.items() if k != "update_id"}
        if self._wants(_update_type(stored)):
            self._updates.append(stored)
        else:
            self.dropped_updates.append(stored)
        self._pulse()
        return update_id

    def push_text(
        self,
        user: FakeUser,
        text: str,
        chat: FakeChat | None = None,
        *,
        reply_to: int | None = None,
    ) -> int:
        """``user`` writes ``text`` (in private unless ``chat`` is given).

        A leading ``/command`` (``/start TOKEN``, ``/help@bot``) gets its ``bot_command``
        entity, so ``CommandHandler`` matches it.
        """
        content: JSONDict = {"text": text}
        if command := _COMMAND.match(text):
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(command.group())}
            ]
        if reply_to is not None:
            chat_id = (chat or FakeChat.private(user)).id
            content["reply_to_message"] = self._message(chat_id, reply_to)
        return self._push_message(user, chat, **content)

    def push_callback(
        self, user: FakeUser, message_id: int, data: str, chat: FakeChat | None = None
    ) -> int:
        """``user`` presses a button with ``data`` under the bot's message ``message_id``."""
        chat = chat or FakeChat.private(user)
        self.register(user, chat)
        query_id = str(self._next_query_id)
        self._next_query_id += 1
        self._open_queries.add(query_id)
        query = {
            "id": query_id,
            "from": user.to_api(),
            "chat_instance": f"instance{abs(chat.id)}",
            "message": self._message(chat.id, message_id),
            "data": data,
        }
        return self.push_update({"callback_query": query})

    def push_sticker(self, user: FakeUser, chat: FakeChat | None = None, emoji: str = "👍") -> int:
        """``user`` sends a sticker."""
        file_id = self._store_file("sticker", b"RIFF fake sticker", None, "image/webp")
        sticker = self._file_object(file_id) | {
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
            "emoji": emoji,
        }
        return self._push_message(user, chat, sticker=sticker)

    def push_photo(
        self,
        user: FakeUser,
        chat: FakeChat | None = None,
        *,
        data: bytes = _TINY_PNG,
        caption: str | None = None,
    ) -> int:
        """``user`` sends a picture; the bot can download ``data`` via ``getFile``."""
        file_id = self._store_file("photo", data, None, "image/png")
        content = _without_none(photo=self._photo_sizes(file_id), caption=caption)
        return self._push_message(user, chat, **content)

    def push_voice(
        self,
        user: FakeUser,
        chat: FakeChat | None = None,
        *,
        data: bytes = b"OggS fake voice",
        duration: int = 3,
    ) -> int:
        """``user`` sends a voice message."""
        file_id = self._store_file("voice", data, None, "audio/ogg")
        voice = self._file_object(file_id) | {"duration": duration, "mime_type": "audio/ogg"}
        return self._push_message(user, chat, voice=voice)

    def push_document(
        self,
        user: FakeUser,
        data: bytes,
        filename: str,
        chat: FakeChat | None = None,
        *,
        caption: str | None = None,
        mime_type: str = "application/octet-stream",
    ) -> int:
        """``user`` sends a file; the bot can download ``data`` via ``getFile``."""
        file_id = self._store_file("document", data, filename, mime_type)
        content = _without_none(document=self._document(file_id), caption=caption)
        return self._push_message(user, chat, **content)

    def push_new_chat_members(
        self, user: FakeUser, chat: FakeChat, members: Sequence[FakeUser]
    ) -> int:
        """``user`` adds ``members`` to a group (a ``new_chat_members`` service message)."""
        for member in members:
            self.register(member)
        new = [member.to_api() for member in members]
        return self._push_message(user, chat, new_chat_members=new)

    def push_bot_added(
        self, user: FakeUser, chat: FakeChat, status: MemberStatus = "member"
    ) -> int:
        """``user`` adds the bot to a group: ``my_chat_member``, then the service message.

        Returns the update id of the service message.
        """
        self.register(user, chat)
        self._member_status[chat.id, self.bot_id] = status
        self.push_update(
            {
                "my_chat_member": {
                    "chat": chat.to_api(),
                    "from": user.to_api(),
                    "date": _now(),
                    "old_chat_member": _member_object(self.bot_user(), "left"),
                    "new_chat_member": _member_object(self.bot_user(), status),
                }
            }
        )
        return self._push_message(user, chat, new_chat_members=[self.bot_user()])

    def bot_user(self) -> JSONDict:
        """The bot's own ``User`` object (the ``from`` of its messages)."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    # -- waiting -----------------------------------------------------------------------------

    def _pulse(self) -> None:
        """Wake everybody waiting for activity: long polls, ``wait_for``, ``ChatClient``."""
        self._activity.set()
        self._activity = asyncio.Event()

    async def _wait_until(self, predicate: Callable[[], _T], seconds: float) -> _T:
        """Return the first truthy ``predicate()``; re-check on activity; ``TimeoutError``."""
        async with asyncio.timeout(seconds):
            while True:
                activity = self._activity  # taken before checking, so no pulse is missed
                if result := predicate():
                    return result
                await activity.wait()

    # -- HTTP plumbing -----------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        call = await _read_call(request)
        self.calls.append(call)
        self._pulse()
        try:
            result = await self._dispatch(call)
        except _BotApiError as error:
            call.error_code = error.error_code
            status, body = error.error_code, error.to_api()
        else:
            status, body = 200, {"ok": True, "result": result}
        self._pulse()
        return web.json_response(body, status=status)

    async def _handle_file(self, request: web.Request) -> web.Response:
        file_id = self._file_ids_by_path.get(request.match_info["path"])
        if file_id is None:
            raise web.HTTPNotFound()
        stored = self._files[file_id]
        return web.Response(body=stored.data, content_type=stored.mime_type)

    async def _dispatch(self, call: ApiCall) -> object:
        method = call.method.lower()
        handler = _METHODS.get(method)
        if handler is None:
            raise _BotApiError(404, "Not Found")
        if failures := self._failures.get(method):
            raise failures.popleft()
        chat_id = call.params.get("chat_id")
        if not isinstance(chat_id, int):
            pass  # "@username" or missing: the handler complains if it needs one
        elif chat_id in self._migrated:
            raise _BotApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrated[chat_id]},
            )
        elif chat_id in self._blocked and method.startswith(("send", "edit", "copy", "forward")):
            raise _BotApiError(403, "Forbidden: bot was blocked by the user")
        return await handler(self, call)

    # -- Bot API: bot and updates ------------------------------------------------------------

    @_bot_api("getMe")
    async def _get_me(self, call: ApiCall) -> JSONDict:
        return self.bot_user() | {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    @_bot_api(
        "logOut",
        "close",
        "setMyDescription",
        "setMyShortDescription",
        "setMyName",
        "setChatMenuButton",
    )
    async def _accept(self, call: ApiCall) -> bool:
        return True

    @_bot_api("getUpdates")
    async def _get_updates(self, call: ApiCall) -> list[JSONDict]:
        if self.webhook_url:
            raise _BotApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = _int_param(call, "offset", 0)
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self.confirmed_offset = max(self.confirmed_offset, offset)
        elif offset < 0:
            self._updates = self._updates[offset:]
        if (allowed := call.params.get("allowed_updates")) is not None:
            self._allowed_updates = frozenset(allowed) or None
        limit = min(max(_int_param(call, "limit", 100), 1), 100)
        timeout = max(_int_param(call, "timeout", 0), 0)

        # A newer getUpdates terminates this one, as Telegram does with two bot instances.
        self._poll_generation += 1
        generation = self._poll_generation
        self._pulse()

        def done() -> bool:
            return bool(self._updates) or self._closing or generation != self._poll_generation

        if timeout:
            with contextlib.suppress(TimeoutError):
                await self._wait_until(done, seconds=timeout)
        if generation != self._poll_generation:
            raise _BotApiError(
                409,
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
            )
        return self._updates[:limit]

    @_bot_api("setWebhook")
    async def _set_webhook(self, call: ApiCall) -> bool:
        self.webhook_url = call.params.get("url") or None
        if call.params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    @_bot_api("deleteWebhook")
    async def _delete_webhook(self, call: ApiCall) -> bool:
        self.webhook_url = None
        if call.params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    @_bot_api("getWebhookInfo")
    async def _get_webhook_info(self, call: ApiCall) -> JSONDict:
        return {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    @_bot_api("setMyCommands")
    async def _set_my_commands(self, call: ApiCall) -> bool:
        commands = call.params.get("commands")
        if not isinstance(commands, list):
            raise _bad_request('field "commands" must be an Array')
        for command in commands:
            if not _VALID_COMMAND.fullmatch(str(command.get("command", ""))):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = _commands_key(call.params.get("scope"), call.params.get("language_code", ""))
        self._commands[key] = commands
        return True

    @_bot_api("getMyCommands")
    async def _get_my_commands(self, call: ApiCall) -> list[JSONDict]:
        key = _commands_key(call.params.get("scope"), call.params.get("language_code", ""))
        return self._commands.get(key, [])

    @_bot_api("deleteMyCommands")
    async def _delete_my_commands(self, call: ApiCall) -> bool:
        key = _commands_key(call.params.get("scope"), call.params.get("language_code", ""))
        self._commands.pop(key, None)
        return True

    @_bot_api("setMyDescription", "setMyShortDescription")
    async def _set_my_description(self, call: ApiCall) -> bool:
        short = call.method.lower() == "setmyshortdescription"
        field_name = "short_description" if short else "description"
        text = str(call.params.get(field_name) or "")
        if len(text) > (120 if short else 512):
            raise _bad_request(f"{field_name.upper()}_INVALID")
        self.descriptions[(field_name, call.params.get("language_code", ""))] = text
        return True

    @_bot_api("getMyDescription", "getMyShortDescription")
    async def _get_my_description(self, call: ApiCall) -> JSONDict:
        short = call.method.lower() == "getmyshortdescription"
        field_name = "short_description" if short else "description"
        key = (field_name, call.params.get("language_code", ""))
        return {field_name: self.descriptions.get(key, "")}

    # -- Bot API: chats ----------------------------------------------------------------------

    @_bot_api("getChat")
    async def _get_chat(self, call: ApiCall) -> JSONDict:
        chat = self._chat_param(call)
        gifts = dict.fromkeys(
            (
                "unlimited_gifts",
                "limited_gifts",
                "unique_gifts",
                "premium_subscription",
                "gifts_from_channels",
            ),
            False,
        )
        return chat.to_api() | {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gifts,
        }

    @_bot_api("getChatMember")
    async def _get_chat_member(self, call: ApiCall) -> JSONDict:
        chat = self._chat_param(call)
        user_id = _int_param(call, "user_id", 0)
        if user_id == self.bot_id:
            user = self.bot_user()
        elif user_id in self._users:
            user = self._users[user_id].to_api()
        else:
            user = FakeUser(user_id, f"User {user_id}").to_api()
        return _member_object(user, self._member_status.get((chat.id, user_id), "member"))

    @_bot_api("sendChatAction")
    async def _send_chat_action(self, call: ApiCall) -> bool:
        self._chat_param(call)
        _required(call, "action", "wrong parameter action in request")
        return True

    # -- Bot API: messages -------------------------------------------------------------------

    @_bot_api("sendMessage")
    async def _send_message(self, call: ApiCall) -> JSONDict:
        chat = self._chat_param(call)
        text = _required(call, "text", "message text is empty")
        parse_mode = call.params.get("parse_mode")
        _check_length(text, parse_mode, MAX_TEXT_LENGTH, "message is too long")
        return self._publish(self._new_sent(call, chat, "text", text=text, parse_mode=parse_mode))

    @_bot_api("sendPhoto")
    async def _send_photo(self, call: ApiCall) -> JSONDict:
        return self._send_file(call, "photo")

    @_bot_api("sendDocument")
    async def _send_document(self, call: ApiCall) -> JSONDict:
        return self._send_file(call, "document")

    @_bot_api("editMessageText")
    async def _edit_message_text(self, call: ApiCall) -> JSONDict:
        sent = self._editable(call)
        if sent.kind != "text":
            raise _bad_request("there is no text in the message to edit")
        text = _required(call, "text", "message text is empty")
        parse_mode = call.params.get("parse_mode")
        _check_length(text, parse_mode, MAX_TEXT_LENGTH, "message is too long")
        # Like Telegram: an edit without reply_markup removes the inline keyboard.
        return self._edit(sent, self._markup(call), text=text, parse_mode=parse_mode)

    @_bot_api("editMessageCaption")
    async def _edit_message_caption(self, call: ApiCall) -> JSONDict:
        sent = self._editable(call)
        if sent.kind == "text":
            raise _bad_request("there is no caption in the message to edit")
        caption = call.params.get("caption")
        parse_mode = call.params.get("parse_mode")
        _check_length(caption or "", parse_mode, MAX_CAPTION_LENGTH, "message caption is too long")
        return self._edit(sent, self._markup(call), caption=caption, parse_mode=parse_mode)

    @_bot_api("editMessageReplyMarkup")
    async def _edit_message_reply_markup(self, call: ApiCall) -> JSONDict:
        # Only the buttons change: no new entry in the timeline (nothing arrives in the chat).
        return self._edit(self._editable(call), self._markup(call), arrives=False)

    @_bot_api("deleteMessage")
    async def _delete_message(self, call: ApiCall) -> bool:
        chat = self._chat_param(call)
        message_id = _int_param(call, "message_id", 0)
        if self._messages[chat.id].pop(message_id, None) is None:
            raise _bad_request("message to delete not found")
        if (sent := self._sent[chat.id].pop(message_id, None)) is not None:
            sent.deleted = True
        return True

    @_bot_api("answerCallbackQuery")
    async def _answer_callback_query(self, call: ApiCall) -> bool:
        query_id = str(call.params.get("callback_query_id", ""))
        if query_id not in self._open_queries:
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(str(call.params.get("text") or "")) > MAX_CALLBACK_TEXT_LENGTH:
            raise _bad_request("message is too long")
        self._open_queries.remove(query_id)
        self.callback_answers[query_id] = {
            k: v for k, v in call.params.items() if k != "callback_query_id"
        }
        return True

    @_bot_api("getFile")
    async def _get_file(self, call: ApiCall) -> JSONDict:
        file_id = str(call.params.get("file_id", ""))
        if file_id not in self._files:
            raise _bad_request("invalid file_id")
        return self._file_object(file_id) | {"file_path": self._files[file_id].path}

    # -- message helpers ---------------------------------------------------------------------

    def _send_file(self, call: ApiCall, kind: Literal["photo", "document"]) -> JSONDict:
        chat = self._chat_param(call)
        caption = call.params.get("caption")
        parse_mode = call.params.get("parse_mode")
        _check_length(caption or "", parse_mode, MAX_CAPTION_LENGTH, "message caption is too long")
        file_id = self._input_file(call, kind)
        stored = self._files.get(file_id)
        sent = self._new_sent(
            call,
            chat,
            kind,
            caption=caption,
            parse_mode=parse_mode,
            file_id=file_id,
            file_bytes=stored.data if stored else None,
            filename=stored.filename if stored else file_id.rsplit("/", 1)[-1],
            mime_type=stored.mime_type if stored else None,
        )
        return self._publish(sent)

    def _input_file(self, call: ApiCall, field_name: str) -> str:
        """The file id of an uploaded, re-sent (file id) or linked (URL) file."""
        reference = call.params.get(field_name)
        part = field_name
        if isinstance(reference, str) and reference.startswith("attach://"):
            part = reference.removeprefix("attach://")
        if part in call.files:
            if not call.files[part]:
                raise _bad_request("file must be non-empty")
            filename = call.filenames.get(part)
            mime_type = mimetypes.guess_type(filename or "")[0] or "application/octet-stream"
            return self._store_file(field_name, call.files[part], filename, mime_type)
        if not isinstance(reference, str) or not reference:
            raise _bad_request(f"there is no {field_name} in the request")
        if reference in self._files or reference.startswith(("http://", "https://")):
            return reference
        raise _bad_request("wrong file identifier/HTTP URL specified")

    def _new_sent(
        self, call: ApiCall, chat: FakeChat, kind: MessageKind, **fields: Any
    ) -> SentMessage:
        reply_to = self._reply_target(call, chat)
        return SentMessage(
            chat_id=chat.id,
            message_id=self._new_message_id(chat.id),
            kind=kind,
            date=_now(),
            reply_markup=call.params.get("reply_markup"),
            reply_to_message_id=reply_to,
            **fields,
        )

    def _reply_target(self, call: ApiCall, chat: FakeChat) -> int | None:
        parameters = call.params.get("reply_parameters") or {}
        message_id = parameters.get("message_id", call.params.get("reply_to_message_id"))
        if message_id is None or message_id in self._messages[chat.id]:
            return message_id
        lenient = parameters.get(
            "allow_sending_without_reply", call.params.get("allow_sending_without_reply")
        )
        if lenient:
            return None
        raise _bad_request("message to be replied not found")

    def _publish(self, sent: SentMessage, *, arrives: bool = True) -> JSONDict:
        """Store a new or edited bot message and return its ``Message`` object; ``arrives``:
        it is handed out by :meth:`ChatClient.reply` (see :meth:`timeline`)."""
        message = self._render(sent)
        self._sent[sent.chat_id][sent.message_id] = sent
        self._messages[sent.chat_id][sent.message_id] = message
        if arrives:
            self._timeline[sent.chat_id].append(dataclasses.replace(sent))
        return message

    def _edit(
        self, sent: SentMessage, markup: JSONDict | None, *, arrives: bool = True, **changes: Any
    ) -> JSONDict:
        """Apply ``changes`` (text, caption, parse_mode) and the new markup to a bot message."""
        changes["reply_markup"] = markup
        if all(getattr(sent, name) == value for name, value in changes.items()):
            raise _bad_request(_NOT_MODIFIED)
        for name, value in changes.items():
            setattr(sent, name, value)
        sent.edits += 1
        sent.edit_date = _now()
        return self._publish(sent, arrives=arrives)

    def _editable(self, call: ApiCall) -> SentMessage:
        if "inline_message_id" in call.params:
            raise _bad_request("inline messages are not supported by the fake Bot API")
        chat = self._chat_param(call)
        message_id = _int_param(call, "message_id", 0)
        if (sent := self._sent[chat.id].get(message_id)) is not None:
            return sent
        if message_id in self._messages[chat.id]:
            raise _bad_request("message can't be edited")
        raise _bad_request("message to edit not found")

    @staticmethod
    def _markup(call: ApiCall) -> JSONDict | None:
        return call.params.get("reply_markup")

    def _render(self, sent: SentMessage) -> JSONDict:
        """The Bot API ``Message`` object of a bot message (a fresh dict on every change)."""
        message: JSONDict = {
            "message_id": sent.message_id,
            "date": sent.date,
            "chat": self._chat(sent.chat_id).to_api(),
            "from": self.bot_user(),
        }
        if sent.edit_date is not None:
            message["edit_date"] = sent.edit_date
        replied = self._messages[sent.chat_id].get(sent.reply_to_message_id or 0)
        if replied is not None:
            # Telegram does not nest replies any deeper.
            message["reply_to_message"] = {
                k: v for k, v in replied.items() if k != "reply_to_message"
            }
        if sent.text is not None:
            message["text"] = sent.text
        if sent.caption is not None:
            message["caption"] = sent.caption
        if sent.kind == "photo" and sent.file_id is not None:
            message["photo"] = self._photo_sizes(sent.file_id)
        if sent.kind == "document" and sent.file_id is not None:
            message["document"] = self._document(sent.file_id, sent.filename)
        if _inline_keyboard(sent.reply_markup):
            message["reply_markup"] = {"inline_keyboard": _inline_keyboard(sent.reply_markup)}
        return message

    def _push_message(self, user: FakeUser, chat: FakeChat | None, **content: Any) -> int:
        """Store a message from ``user`` and push it as a ``message`` update."""
        chat = chat or FakeChat.private(user)
        self.register(user, chat)
        message = {
            "message_id": self._new_message_id(chat.id),
            "date": _now(),
            "chat": chat.to_api(),
            "from": user.to_api(),
            **content,
        }
        self._messages[chat.id][message["message_id"]] = message
        return self.push_update({"message": message})

    def _message(self, chat_id: int, message_id: int) -> JSONDict:
        try:
            return self._messages[chat_id][message_id]
        except KeyError:
            raise LookupError(f"chat {chat_id} has no message {message_id}") from None

    def _new_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] += 1
        return self._last_message_id[chat_id]

    # -- chats, files, subscriptions ---------------------------------------------------------

    def _chat(self, chat_id: int) -> FakeChat:
        """The chat with this id, made up on first sight (see the class docstring)."""
        if (chat := self._chats.get(chat_id)) is None:
            if chat_id > 0:
                user = self._users.get(chat_id, FakeUser(chat_id, f"User {chat_id}"))
                chat = FakeChat.private(user)
            elif chat_id < -1_000_000_000_000:
                chat = FakeChat(chat_id, "supergroup", f"Supergroup {chat_id}")
            else:
                chat = FakeChat(chat_id, "group", f"Group {chat_id}")
            self._chats[chat_id] = chat
        return chat

    def _chat_param(self, call: ApiCall) -> FakeChat:
        chat_id = call.params.get("chat_id")
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for chat in self._chats.values():
                if chat.username and chat.username.lower() == chat_id[1:].lower():
                    return chat
            raise _bad_request("chat not found")
        if not isinstance(chat_id, int) or isinstance(chat_id, bool) or chat_id == 0:
            raise _bad_request("chat_id is empty")
        return self._chat(chat_id)

    def _store_file(self, kind: str, data: bytes, filename: str | None, mime_type: str) -> str:
        number = len(self._files) + 1
        file_id = f"{kind}-{number}"
        extension = filename.rsplit(".", 1)[-1] if filename and "." in filename else "bin"
        path = f"{kind}s/file_{number}.{extension}"
        self._files[file_id] = _StoredFile(data, filename, mime_type, f"unique-{number}", path)
        self._file_ids_by_path[path] = file_id
        return file_id

    def _file_object(self, file_id: str) -> JSONDict:
        stored = self._files.get(file_id)
        if stored is None:  # a URL the bot sent: Telegram would have fetched it
            return {"file_id": file_id, "file_unique_id": file_id}
        return {
            "file_id": file_id,
            "file_unique_id": stored.unique_id,
            "file_size": len(stored.data),
        }

    def _photo_sizes(self, file_id: str) -> list[JSONDict]:
        return [self._file_object(file_id) | {"width": 1280, "height": 960}]

    def _document(self, file_id: str, filename: str | None = None) -> JSONDict:
        stored = self._files.get(file_id)
        return self._file_object(file_id) | _without_none(
            file_name=stored.filename if stored else filename,
            mime_type=stored.mime_type if stored else None,
        )

    def _wants(self, update_type: str) -> bool:
        """Whether Telegram would create an update of this type for the bot."""
        if self._allowed_updates is None:
            return update_type not in _OPT_IN_UPDATES
        return update_type in self._allowed_updates


_STANDARD_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


# --------------------------------------------------------------------------------------------
# The test client
# --------------------------------------------------------------------------------------------


class ChatClient:
    """One user talking to the bot, so that a test reads like the conversation it checks.

    :meth:`reply` hands out the bot's messages and edits in this chat one by one. Every user
    action (:meth:`send`, :meth:`click`, ...) first skips whatever the bot said before it, so
    ``await anna.send("/start"); await anna.reply()`` is the answer to ``/start``.

    ``chat`` defaults to the user's private chat; pass a group to talk there.
    """

    def __init__(self, api: FakeBotApi, user: FakeUser, chat: FakeChat | None = None) -> None:
        self.api = api
        self.user = user
        self.chat = chat or FakeChat.private(user)
        api.register(user, self.chat)
        self._consumed = len(api.timeline(self.chat.id))

    async def send(self, text: str, *, reply_to: int | None = None) -> int:
        """Write ``text`` to the bot; returns the update id."""
        self._skip_unread()
        return self.api.push_text(self.user, text, self.chat, reply_to=reply_to)

    async def click(self, label: str) -> int:
        """Press the button whose text contains ``label`` (case-insensitive).

        Looks through the bot's messages from the newest; an exact match wins over a partial
        one. Raises :class:`AssertionError` listing the available buttons if there is none.
        """
        message, data = self._find_button(label)
        self._skip_unread()
        return self.api.push_callback(self.user, message.message_id, data, self.chat)

    async def sticker(self, emoji: str = "👍") -> int:
        """Send a sticker; returns the update id."""
        self._skip_unread()
        return self.api.push_sticker(self.user, self.chat, emoji)

    async def photo(self, data: bytes = _TINY_PNG, caption: str | None = None) -> int:
        """Send a picture; returns the update id."""
        self._skip_unread()
        return self.api.push_photo(self.user, self.chat, data=data, caption=caption)

    async def voice(self, duration: int = 3) -> int:
        """Send a voice message; returns the update id."""
        self._skip_unread()
        return self.api.push_voice(self.user, self.chat, duration=duration)

    async def reply(self, timeout: float = 10) -> SentMessage:  # noqa: ASYNC109
        """The next message or edit of the bot in this chat, as it looked at that moment."""

        def unread() -> SentMessage | None:
            timeline = self.api.timeline(self.chat.id)
            return timeline[self._consumed] if len(timeline) > self._consumed else None

        try:
            message = await self.api.wait_for(unread, timeout)
        except AssertionError:
            raise AssertionError(
                f"{self.user.first_name} got no reply in chat {self.chat.id} within {timeout}s; "
                f"the bot's messages there:\n{self.api.transcript(self.chat.id)}"
            ) from None
        self._consumed += 1
        return message

    def last(self) -> SentMessage:
        """The bot's newest message in this chat, as currently edited."""
        messages = self.api.sent_to(self.chat.id)
        if not messages:
            raise AssertionError(f"the bot has not written to chat {self.chat.id}")
        return messages[-1]

    def texts(self) -> list[str]:
        """Text (or caption) of every bot message in this chat, oldest first."""
        return [message.body for message in self.api.sent_to(self.chat.id)]

    def _skip_unread(self) -> None:
        self._consumed = len(self.api.timeline(self.chat.id))

    def _find_button(self, label: str) -> tuple[SentMessage, str]:
        wanted = label.casefold()
        messages = self.api.sent_to(self.chat.id)
        for message in reversed(messages):
            buttons = [b for row in _inline_keyboard(message.reply_markup) for b in row]
            partial = [b for b in buttons if wanted in b["text"].casefold()]
            exact = [b for b in partial if b["text"].casefold() == wanted]
            chosen = exact or partial
            if len(chosen) > 1:
                names = ", ".join(repr(b["text"]) for b in chosen)
                raise AssertionError(f"{label!r} is ambiguous in {message.describe()}: {names}")
            if chosen:
                if "callback_data" not in chosen[0]:
                    raise AssertionError(f"{chosen[0]['text']!r} is not a callback button")
                return message, chosen[0]["callback_data"]
        available = "\n".join(f"  {m.describe()}" for m in reversed(messages) if m.buttons)
        raise AssertionError(
            f"no button matching {label!r} in chat {self.chat.id}; "
            f"buttons there:\n{available or '  (none)'}"
        )


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


async def _read_call(request: web.Request) -> ApiCall:
    """Parse a Bot API request: query string, JSON, urlencoded or multipart body."""
    params: JSONDict = {name: _decode(name, value) for name, value in request.query.items()}
    files: dict[str, bytes] = {}
    filenames: dict[str, str] = {}
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            params.update(body)
    elif request.can_read_body:
        for name, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                files[name] = value.file.read()
                filenames[name] = value.filename
            else:
                text = value if isinstance(value, str) else bytes(value).decode()
                params[name] = _decode(name, text)
    return ApiCall(
        method=request.match_info["method"],
        params=params,
        files=files,
        token=request.match_info["token"],
        time=time.monotonic(),
        filenames=filenames,
    )


def _decode(name: str, value: str) -> Any:
    """Undo the JSON encoding clients apply to non-string form values."""
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value  # e.g. chat_id="@channel"


def _int_param(call: ApiCall, name: str, default: int) -> int:
    value = call.params.get(name, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad_request(f"invalid {name} specified") from None


def _required(call: ApiCall, name: str, reason: str) -> str:
    value = call.params.get(name)
    if value is None or value == "":
        raise _bad_request(reason)
    return str(value)


def _check_length(text: str, parse_mode: str | None, limit: int, reason: str) -> None:
    """Reject what Telegram rejects: HTML that does not parse, and over-long text."""
    if (parse_mode or "").lower() == "html" and (error := html_error(text)) is not None:
        raise _bad_request(f"can't parse entities: {error}")
    if _visible_length(text, parse_mode) > limit:
        raise _bad_request(reason)


#: The tags Telegram's HTML parse mode knows (https://core.telegram.org/bots/api#html-style).
TELEGRAM_TAGS = frozenset(
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
        "a", "code", "pre", "blockquote", "tg-emoji",
    }
)  # fmt: skip
_MARKUP = re.compile(
    r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>(?:\s+[^<>]*)?)>"
    r"|&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});"
    r"|[<>&]"
)


def html_error(text: str) -> str | None:
    """Why Telegram would refuse ``text`` in HTML parse mode, or None if it parses: only its
    tags, properly nested and closed, and every ``<``, ``>`` and ``&`` a tag or an entity."""
    stack: list[str] = []
    for match in _MARKUP.finditer(text):
        token = match.group()
        if match.group("name") is None:
            if token in "<>&":
                return f"unescaped {token!r} at offset {match.start()}"
            continue
        name = match.group("name").lower()
        if name not in TELEGRAM_TAGS:
            return f"unsupported tag {name!r} at offset {match.start()}"
        if not match.group("close"):
            stack.append(name)
        elif not stack or stack.pop() != name:
            return f"unmatched end tag {name!r} at offset {match.start()}"
    return f"unclosed tag {stack[-1]!r}" if stack else None


def _visible_length(text: str, parse_mode: str | None) -> int:
    """The length Telegram counts: without markup. Approximate, erring on the short side."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        text = html.unescape(_HTML_TAG.sub("", text))
    elif mode.startswith("markdown"):
        text = _MARKDOWN_ESCAPE.sub(r"\1", _MARKDOWN_MARK.sub("", _MARKDOWN_LINK.sub(r"\1", text)))
    return len(text)


def _utf16_len(text: str) -> int:
    """Entity offsets and lengths are counted in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _inline_keyboard(markup: JSONDict | None) -> list[list[JSONDict]]:
    return (markup or {}).get("inline_keyboard") or []


def _update_type(update: JSONDict) -> str:
    return next((key for key in update if key != "update_id"), "")


def _commands_key(scope: JSONDict | None, language_code: str) -> tuple[str, str]:
    return json.dumps(scope or {"type": "default"}, sort_keys=True), language_code


def _member_object(user: JSONDict, status: MemberStatus) -> JSONDict:
    """A Bot API ``ChatMember`` object; administrators may do everything."""
    member: JSONDict = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member |= {"can_be_edited": False, "is_anonymous": False} | dict.fromkeys(
            (
                "can_manage_chat",
                "can_delete_messages",
                "can_manage_video_chats",
                "can_restrict_members",
                "can_promote_members",
                "can_change_info",
                "can_invite_users",
                "can_post_stories",
                "can_edit_stories",
                "can_delete_stories",
                "can_pin_messages",
            ),
            True,
        )
    elif status == "kicked":
        member["until_date"] = 0
    return member


def _id_of(user: FakeUser | int) -> int:
    return user.id if isinstance(user, FakeUser) else user


def _without_none(**fields: Any) -> JSONDict:
    return {name: value for name, value in fields.items() if value is not None}


def _now() -> int:
    return int(time.time())
