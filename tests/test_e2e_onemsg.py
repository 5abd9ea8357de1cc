"""One message per answer, bare old questions, stale buttons answered on the button, and option
numbers that mean the same when typed (real Application, fake Bot API)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from dialogs.engine import STALE
from tests.conftest import person
from tests.e2e import (
    button_answer,
    button_data,
    create_team,
    current_values,
    expect,
    open_part,
    press_data,
    quiet,
)
from tests.fakeapi import ChatClient, FakeBotApi


async def at_the_ideas(anna: ChatClient) -> None:
    """A new team, AS3 opened, the target year answered: at the list of vision ideas."""
    await create_team(anna)
    await open_part(anna, "AS3")
    await expect(anna, "Zieljahr")
    await anna.send("2035")
    await expect(anna, "Stichworte")


async def test_an_entry_is_acknowledged_and_asked_again_in_one_message(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna = person(api, 1301, "Anna")
    await at_the_ideas(anna)
    prompt = anna.last()
    assert prompt.buttons
    before = len(api.timeline(anna.chat.id))

    await anna.send("Kurze Wege zum Amt")
    reply = await expect(anna, "Gespeichert: „Kurze Wege zum Amt“ – Nr. 1 im Team.")
    assert "Noch ein Stichwort?" in reply.text and "Fertig" in reply.text
    assert any("Fertig" in b.text for row in reply.buttons for b in row)
    await quiet(anna)
    assert len(api.timeline(anna.chat.id)) == before + 1  # one message, not two
    # The question it supersedes has lost its buttons; its text stays.
    old = next(m for m in api.sent_to(anna.chat.id) if m.message_id == prompt.message_id)
    assert old.buttons == [] and "Stichworte" in (old.text or "")
    (edit,) = [
        c
        for c in api.calls_to("editMessageReplyMarkup")
        if c.params["message_id"] == prompt.message_id
    ]
    assert edit.ok

    # The next entry: again one message, and the previous one goes bare in turn.
    await anna.send("Freies WLAN am Markt")
    second = await expect(anna, "Gespeichert: „Freies WLAN am Markt“ – Nr. 2 im Team.")
    await quiet(anna)
    with_buttons = [m.message_id for m in api.sent_to(anna.chat.id) if m.buttons]
    assert reply.message_id not in with_buttons and second.message_id in with_buttons
    assert current_values(db_path, "as3", "vision_ideas") == [
        "Kurze Wege zum Amt",
        "Freies WLAN am Markt",
    ]


async def test_a_ticked_option_edits_the_question_in_place_and_keeps_its_buttons(
    api: FakeBotApi, bot
) -> None:
    anna = person(api, 1302, "Anna")
    await at_the_ideas(anna)
    await anna.click("Fertig")
    principles = await expect(anna, "Grundsätze")
    await anna.click("Zugang zu Daten")
    ticked = await expect(anna, "Ausgewählt: Zugang zu Daten")
    assert ticked.message_id == principles.message_id and ticked.edits == 1
    assert any("☑" in b.text for row in anna.last().buttons for b in row)
    await anna.click("Fertig")
    following = await expect(anna, "Formulieren Sie nun die Vision")
    await quiet(anna)
    sent = {m.message_id: m for m in api.sent_to(anna.chat.id)}
    assert sent[principles.message_id].buttons == []  # answered: bare now
    assert sent[following.message_id].buttons


async def test_a_stale_button_is_answered_on_the_button_and_changes_nothing(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna = person(api, 1303, "Anna")
    await create_team(anna)
    await open_part(anna, "AS3")
    year = await expect(anna, "Zieljahr")
    skip = button_data(year, "Überspringen")
    await anna.send("2035")
    await expect(anna, "Stichworte")
    await quiet(anna)
    assert (
        next(m for m in api.sent_to(anna.chat.id) if m.message_id == year.message_id).buttons == []
    )
    state = _dialog_state(db_path)

    answered = len(api.callback_answers)
    await press_data(anna, skip)  # pressed anyway (e.g. from a client that still shows it)
    assert await button_answer(api, answered) == STALE
    await quiet(anna)  # nothing in the chat
    assert _dialog_state(db_path) == state
    assert current_values(db_path, "as3", "target_year") == [2035]


async def test_options_are_numbered_in_the_text_and_on_the_buttons_and_typing_the_number_works(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna = person(api, 1304, "Anna")
    await anna.send("/neu")
    await expect(anna, "Wie heißt Ihre Kommune")
    await anna.send("Musterhausen")
    asked = await expect(anna, "Gemeindetyp")
    assert "1 Landgemeinde\n2 Kleinstadt\n3 Mittelstadt" in asked.text
    texts = [b.text for row in asked.buttons for b in row]
    assert texts[:3] == ["1 Landgemeinde", "2 Kleinstadt", "3 Mittelstadt"]
    await anna.send("2")
    await expect(anna, "Namen")
    await anna.send("1")
    group = await expect(anna, "Gruppe")
    assert "2 Politik" in group.text
    await anna.send("2")
    await expect(anna, "ist angelegt")
    await quiet(anna)
    # The dialog ended: its last question is bare too; only the new menu can be pressed.
    assert [m.message_id for m in api.sent_to(anna.chat.id) if m.buttons] == [
        anna.last().message_id
    ]
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
        assert conn.execute("SELECT town_type FROM teams").fetchall() == [("Kleinstadt",)]
        assert conn.execute("SELECT stakeholder_group FROM members").fetchall() == [("Politik",)]


def _dialog_state(db: Path) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return conn.execute("SELECT id, dialog_state FROM members ORDER BY id").fetchall()


async def test_erasing_ones_data_forgets_which_message_was_the_current_question(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna = person(api, 1305, "Anna")
    await at_the_ideas(anna)
    await quiet(anna)
    address = f"telegram:{anna.chat.id}"
    assert _refs_of(db_path, address) == [f"prompt:{address}"]
    await anna.send("/loeschen")
    await expect(anna, "Daten löschen")
    await anna.click("anonym behalten")
    await expect(anna, "Erledigt")
    assert _refs_of(db_path, address) == []


def _refs_of(db: Path, chat_id: str) -> list[str]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        rows = conn.execute("SELECT ref FROM message_refs WHERE chat_id = ?", (chat_id,))
        return [row[0] for row in rows]


async def test_the_answer_goes_out_even_if_the_old_buttons_cannot_be_removed(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna = person(api, 1306, "Anna")
    await at_the_ideas(anna)
    gone = "Bad Request: message to edit not found"
    api.fail_next("editMessageReplyMarkup", error_code=400, description=gone)
    await anna.send("Kurze Wege zum Amt")
    await expect(anna, "Gespeichert: „Kurze Wege zum Amt“")
    api.fail_next("editMessageReplyMarkup", error_code=502)  # Telegram busy: no waiting either
    await anna.send("Freies WLAN am Markt")
    await expect(anna, "Gespeichert: „Freies WLAN am Markt“")
    assert [c.error_code for c in api.calls_to("editMessageReplyMarkup")][-2:] == [400, 502]
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
        attempts = conn.execute("SELECT DISTINCT attempts FROM outbox").fetchall()
    assert attempts == [(0,)]  # no reply counted a failed attempt
