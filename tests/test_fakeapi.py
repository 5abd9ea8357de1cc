"""The fake Bot API, driven by a real python-telegram-bot ``Bot`` and ``Application``."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    BotCommand,
    ChatMemberAdministrator,
    ChatMemberMember,
    ChatMemberOwner,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MessageEntity,
    Update,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    RetryAfter,
)
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from tests.fakeapi import ApiCall, ChatClient, FakeBotApi, FakeChat, FakeUser

ANNA = FakeUser(1001, "Anna", "Schmidt", username="anna_s")
BERND = FakeUser(1002, "Bernd")
GEMEINDERAT = FakeChat(-4001, "group", "Gemeinderat")

KEYBOARD = InlineKeyboardMarkup(
    [[InlineKeyboardButton("Ja, weiter", callback_data="yes")],
     [InlineKeyboardButton("Nein", callback_data="no")],
     [InlineKeyboardButton("Mehr dazu", url="https://example.org")]]
)  # fmt: skip


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
        yield bot


# -- identity and polling --------------------------------------------------------------------


async def test_get_me_reports_the_configured_identity(api: FakeBotApi, bot: Bot) -> None:
    me = await bot.get_me()

    assert (me.id, me.username, me.is_bot) == (api.bot_id, "werkstatt_test_bot", True)
    assert [call.method for call in api.calls] == ["getMe", "getMe"]  # initialize() + ours
    assert {call.token for call in api.calls} == {api.token}


async def test_any_token_is_accepted_and_recorded(api: FakeBotApi) -> None:
    async with Bot("42:other", base_url=api.base_url) as other:
        assert (await other.get_me()).username == api.username

    assert api.calls[-1].token == "42:other"


async def test_unknown_method_is_404(api: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound, match="sendTelepathy"):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": 1})

    assert api.calls[-1].error_code == 404


async def test_an_offset_confirms_all_earlier_updates(api: FakeBotApi, bot: Bot) -> None:
    first, second, third = (api.push_text(ANNA, text) for text in ("eins", "zwei", "drei"))

    assert [u.update_id for u in await bot.get_updates()] == [first, second, third]
    assert len(await bot.get_updates()) == 3, "fetching alone confirms nothing"

    assert [u.update_id for u in await bot.get_updates(offset=second)] == [second, third]
    assert api.confirmed_offset == second

    assert await bot.get_updates(offset=third + 1) == ()
    assert api.pending_updates == []


async def test_a_negative_offset_keeps_only_the_newest_updates(api: FakeBotApi, bot: Bot) -> None:
    for text in ("eins", "zwei", "drei"):
        api.push_text(ANNA, text)

    (update,) = await bot.get_updates(offset=-1)

    assert update.message is not None and update.message.text == "drei"
    assert len(api.pending_updates) == 1


async def test_limit_caps_the_batch(api: FakeBotApi, bot: Bot) -> None:
    for text in ("eins", "zwei", "drei"):
        api.push_text(ANNA, text)

    assert len(await bot.get_updates(limit=2)) == 2


async def test_long_poll_returns_as_soon_as_an_update_arrives(api: FakeBotApi, bot: Bot) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await api.wait_for(lambda: api.calls_to("getUpdates"))

    update_id = api.push_text(ANNA, "Hallo")
    updates = await asyncio.wait_for(poll, timeout=5)

    assert [u.update_id for u in updates] == [update_id]
    assert time.monotonic() - started < 5


async def test_long_poll_without_updates_waits_for_its_timeout(api: FakeBotApi, bot: Bot) -> None:
    started = time.monotonic()

    assert await bot.get_updates(timeout=1) == ()
    assert time.monotonic() - started >= 0.9


async def test_a_second_poller_terminates_the_first(api: FakeBotApi, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=10))
    await api.wait_for(lambda: api.calls_to("getUpdates"))

    async with Bot(api.token, base_url=api.base_url) as second_instance:
        second = asyncio.create_task(second_instance.get_updates(timeout=10))
        with pytest.raises(Conflict, match="terminated by other getUpdates"):
            await first

        api.push_text(ANNA, "Hallo")
        assert len(await second) == 1


async def test_stop_releases_pending_long_polls() -> None:
    api = await FakeBotApi().start()
    async with Bot(api.token, base_url=api.base_url) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        await api.wait_for(lambda: api.calls_to("getUpdates"))

        await asyncio.wait_for(api.stop(), timeout=5)

        assert await asyncio.wait_for(poll, timeout=5) == ()


async def test_get_updates_conflicts_with_an_active_webhook(api: FakeBotApi, bot: Bot) -> None:
    await bot.set_webhook("https://example.org/hook")
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()

    await bot.delete_webhook()
    assert await bot.get_updates() == ()


# -- what users send -------------------------------------------------------------------------


async def test_a_command_gets_its_bot_command_entity(api: FakeBotApi, bot: Bot) -> None:
    api.push_text(ANNA, "/start abc")
    api.push_text(BERND, "/hilfe@werkstatt_test_bot bitte", GEMEINDERAT)
    api.push_text(ANNA, "kein /befehl")

    start, hilfe, plain = (u.message for u in await bot.get_updates())

    assert start is not None and hilfe is not None and plain is not None
    assert start.entities == (MessageEntity(MessageEntity.BOT_COMMAND, 0, len("/start")),)
    assert start.parse_entities() == {start.entities[0]: "/start"}
    assert hilfe.chat.type == "group" and hilfe.from_user is not None
    assert hilfe.from_user.id == BERND.id
    assert hilfe.parse_entities(["bot_command"]).popitem()[1] == "/hilfe@werkstatt_test_bot"
    assert plain.entities == ()


async def test_media_updates_are_valid_bot_api_objects(api: FakeBotApi, bot: Bot) -> None:
    api.push_sticker(ANNA, emoji="🎉")
    api.push_photo(ANNA, caption="Marktplatz")
    api.push_voice(ANNA)
    api.push_document(ANNA, b"%PDF-1.4", "plan.pdf", mime_type="application/pdf")

    sticker, photo, voice, document = (u.message for u in await bot.get_updates())

    assert sticker is not None and sticker.sticker is not None
    assert sticker.sticker.emoji == "🎉"
    assert photo is not None and photo.photo and photo.caption == "Marktplatz"
    assert voice is not None and voice.voice is not None
    assert document is not None and document.document is not None
    assert document.document.file_name == "plan.pdf"
    downloaded = await (await document.document.get_file()).download_as_bytearray()
    assert bytes(downloaded) == b"%PDF-1.4"


async def test_message_ids_count_per_chat(api: FakeBotApi, bot: Bot) -> None:
    api.push_text(ANNA, "eins")
    api.push_text(BERND, "eins")
    sent = await bot.send_message(ANNA.id, "Antwort")

    assert [m["message_id"] for m in api.history(ANNA.id)] == [1, 2]
    assert [m["message_id"] for m in api.history(BERND.id)] == [1]
    assert sent.message_id == 2 and sent.from_user is not None and sent.from_user.is_bot


async def test_allowed_updates_decide_what_telegram_creates(api: FakeBotApi, bot: Bot) -> None:
    await bot.get_updates(allowed_updates=["callback_query"])

    api.push_text(ANNA, "wird verworfen")

    assert await bot.get_updates() == ()
    assert len(api.dropped_updates) == 1


# -- what the bot sends ----------------------------------------------------------------------


async def test_a_click_reaches_the_bot_as_callback_query(api: FakeBotApi, bot: Bot) -> None:
    anna = ChatClient(api, ANNA)
    sent = await bot.send_message(ANNA.id, "Weiter?", reply_markup=KEYBOARD)

    assert sent.reply_markup == KEYBOARD
    assert anna.last().buttons == [
        [("Ja, weiter", "yes")],
        [("Nein", "no")],
        [("Mehr dazu", "https://example.org")],
    ]

    await anna.click("nein")
    (update,) = await bot.get_updates()

    query = update.callback_query
    assert query is not None and query.data == "no"
    assert query.from_user.id == ANNA.id
    assert query.message is not None and query.message.message_id == sent.message_id
    assert await query.answer("Alles klar")
    assert api.callback_answers[query.id] == {"text": "Alles klar"}
    with pytest.raises(BadRequest, match="Query is too old"):
        await query.answer()


async def test_click_explains_what_it_could_not_find(api: FakeBotApi, bot: Bot) -> None:
    anna = ChatClient(api, ANNA)
    await bot.send_message(ANNA.id, "Weiter?", reply_markup=KEYBOARD)

    with pytest.raises(AssertionError, match=r"(?s)'Vielleicht'.*\[Ja, weiter\] \[Nein\]"):
        await anna.click("Vielleicht")
    with pytest.raises(AssertionError, match="not a callback button"):
        await anna.click("Mehr")


async def test_edits_are_tracked_and_identical_edits_refused(api: FakeBotApi, bot: Bot) -> None:
    anna = ChatClient(api, ANNA)
    sent = await bot.send_message(ANNA.id, "Schritt 1", reply_markup=KEYBOARD)
    await bot.edit_message_text("Schritt 2", chat_id=ANNA.id, message_id=sent.message_id)

    first, second = await anna.reply(), await anna.reply()

    assert (first.text, first.edits, len(first.buttons)) == ("Schritt 1", 0, 3)
    assert (second.text, second.edits, second.buttons) == ("Schritt 2", 1, [])
    assert anna.texts() == ["Schritt 2"]
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Schritt 2", chat_id=ANNA.id, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="not found"):
        await bot.edit_message_text("?", chat_id=ANNA.id, message_id=99)


async def test_send_photo_records_the_uploaded_bytes(api: FakeBotApi, bot: Bot) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"chart" * 100

    sent = await bot.send_photo(ANNA.id, png, caption="Ihr Fortschritt", filename="chart.png")

    (call,) = api.calls_to("sendPhoto")
    assert call.files == {"photo": png} and call.filenames == {"photo": "chart.png"}
    assert call.params["caption"] == "Ihr Fortschritt"
    (photo,) = api.sent_to(ANNA.id)
    assert (photo.kind, photo.file_bytes, photo.filename) == ("photo", png, "chart.png")
    assert sent.photo and sent.caption == "Ihr Fortschritt"
    downloaded = await (await sent.photo[-1].get_file()).download_as_bytearray()
    assert bytes(downloaded) == png


async def test_send_document_and_resend_by_file_id(api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_document(ANNA.id, b"# Strategie", filename="strategie.md")
    assert sent.document is not None and sent.document.file_name == "strategie.md"

    await bot.send_document(BERND.id, sent.document.file_id)

    (again,) = api.sent_to(BERND.id)
    assert (again.kind, again.file_bytes, again.filename) == (
        "document",
        b"# Strategie",
        "strategie.md",
    )


async def test_nested_parameters_are_decoded(api: FakeBotApi, bot: Bot) -> None:
    await bot.send_message(ANNA.id, "123", reply_markup=KEYBOARD, disable_notification=True)

    params = api.calls_to("sendMessage")[0].params
    assert params["chat_id"] == ANNA.id and params["text"] == "123"
    assert params["disable_notification"] is True
    assert params["reply_markup"] == KEYBOARD.to_dict()


async def test_overlong_text_is_refused(api: FakeBotApi, bot: Bot) -> None:
    await bot.send_message(ANNA.id, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")

    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(ANNA.id, "x" * 4097)


async def test_delete_message(api: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(ANNA.id, "Tippfehler")

    assert await bot.delete_message(ANNA.id, sent.message_id)
    assert api.sent_to(ANNA.id) == []
    with pytest.raises(BadRequest, match="not found"):
        await bot.delete_message(ANNA.id, sent.message_id)


# -- failures --------------------------------------------------------------------------------


async def test_fail_next_raises_retry_after(
    api: FakeBotApi, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # PTB warns about int retry_after otherwise
    api.fail_next("sendMessage", retry_after=3, times=2)

    for _ in range(2):
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(ANNA.id, "Hallo")
        assert raised.value.retry_after == dtm.timedelta(seconds=3)
    await bot.send_message(ANNA.id, "Hallo")

    assert [call.error_code for call in api.calls_to("sendMessage")] == [429, 429, None]
    assert len(api.sent_to(ANNA.id)) == 1


async def test_fail_next_with_another_error(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("getChat", error_code=400, description="Bad Request: chat not found")

    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.get_chat(ANNA.id)
    assert (await bot.get_chat(ANNA.id)).id == ANNA.id


async def test_blocked_user(api: FakeBotApi, bot: Bot) -> None:
    api.block_user(ANNA)

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(ANNA.id, "Erinnerung")

    api.unblock_user(ANNA)
    await bot.send_message(ANNA.id, "Erinnerung")


async def test_migrated_group(api: FakeBotApi, bot: Bot) -> None:
    api.push_text(ANNA, "/start", GEMEINDERAT)
    supergroup_id = api.migrate_group(GEMEINDERAT.id, by=ANNA)

    with pytest.raises(ChatMigrated) as raised:
        await bot.send_message(GEMEINDERAT.id, "Hallo")

    assert raised.value.new_chat_id == supergroup_id
    sent = await bot.send_message(supergroup_id, "Hallo")
    assert sent.chat.type == "supergroup" and sent.chat.title == "Gemeinderat"
    service = [u.message for u in await bot.get_updates()][-2:]
    assert [(m.migrate_to_chat_id, m.migrate_from_chat_id) for m in service if m] == [
        (supergroup_id, None),
        (None, GEMEINDERAT.id),
    ]


# -- chats, members, commands ----------------------------------------------------------------


async def test_chat_member_status_is_configurable(api: FakeBotApi, bot: Bot) -> None:
    api.set_member_status(GEMEINDERAT.id, ANNA, "administrator")
    api.set_member_status(GEMEINDERAT.id, BERND, "creator")

    anna = await bot.get_chat_member(GEMEINDERAT.id, ANNA.id)
    bernd = await bot.get_chat_member(GEMEINDERAT.id, BERND.id)
    stranger = await bot.get_chat_member(GEMEINDERAT.id, 5555)

    assert isinstance(anna, ChatMemberAdministrator)
    assert isinstance(bernd, ChatMemberOwner)
    assert isinstance(stranger, ChatMemberMember)


async def test_get_chat_and_chat_action(api: FakeBotApi, bot: Bot) -> None:
    api.register(ANNA, GEMEINDERAT)

    private, group = await bot.get_chat(ANNA.id), await bot.get_chat(GEMEINDERAT.id)

    assert (private.type, private.first_name, private.username) == ("private", "Anna", "anna_s")
    assert (group.type, group.title) == ("group", "Gemeinderat")
    assert await bot.send_chat_action(ANNA.id, "typing")


async def test_commands_per_scope(api: FakeBotApi, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Loslegen"), BotCommand("hilfe", "Hilfe")])
    await bot.set_my_commands([BotCommand("start", "Start")], language_code="en")

    assert [c.command for c in await bot.get_my_commands()] == ["start", "hilfe"]
    assert api.bot_commands(language_code="en") == [("start", "Start")]
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start", "Großbuchstaben sind verboten")])


# -- a whole application ---------------------------------------------------------------------


async def test_an_application_holds_a_conversation(api: FakeBotApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(f"Hallo! args={context.args}", reply_markup=KEYBOARD)

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(f"Gewählt: {query.data}")

    application = (
        Application.builder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CallbackQueryHandler(answer))

    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(timeout=5)
        try:
            anna = ChatClient(api, ANNA)
            await anna.send("/start abc")
            greeting = await anna.reply()
            await anna.click("Ja")
            choice = await anna.reply()
        finally:
            await application.updater.stop()
            await application.stop()

    assert greeting.text == "Hallo! args=['abc']"
    assert (choice.message_id, choice.text, choice.edits) == (
        greeting.message_id,
        "Gewählt: yes",
        1,
    )
    assert len(api.callback_answers) == 1
    assert api.pending_updates == [], "the updater confirmed everything on shutdown"


async def test_reply_explains_a_silent_bot(api: FakeBotApi) -> None:
    anna = ChatClient(api, ANNA)
    await anna.send("Hallo?")

    with pytest.raises(AssertionError, match="Anna got no reply"):
        await anna.reply(timeout=0.05)


async def test_api_calls_are_recorded_in_order(api: FakeBotApi, bot: Bot) -> None:
    await bot.send_message(ANNA.id, "Hallo")

    call = api.calls[-1]
    assert isinstance(call, ApiCall) and call.ok
    assert (call.method, call.files) == ("sendMessage", {})
    assert call.time <= time.monotonic()
