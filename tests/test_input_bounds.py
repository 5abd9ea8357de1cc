"""Unusual input gets a clear German answer and changes nothing: digits that are not ASCII
(„²“, „①“, „٣“), numbers beyond any sane bound (400 nines read as infinity), and deep-link
payloads that are no code (``/start live²``, ``/start live99999999999999999999``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.incoming import Command, Incoming, Sender
from bot.app.service import Workshop
from bot.telegram.links import TelegramLinks
from dialogs.errors import InvalidAnswer
from dialogs.parsing import (
    MAX_NUMBER,
    ascii_int,
    match_option,
    parse_choice,
    parse_dots,
    parse_multi,
    parse_number,
    parse_scale,
)
from dialogs.prompts import ChoicePrompt, MultiChoicePrompt, NumberPrompt, ScalePrompt
from storage.database import Database

ASK = {"question": "Was meinen Sie?", "help": "Eine Erklärung."}
OPTIONS = ("Mobilität", "Energie", "Umwelt")
ODD_DIGITS = ["²", "①", "٣", "１", "𝟚", "Ⅱ", "½"]


def hint(parse, *args) -> str:
    with pytest.raises(InvalidAnswer) as raised:
        value = parse(*args)
        pytest.fail(f"accepted {value!r}")
    return raised.value.message


@pytest.mark.parametrize("raw", ODD_DIGITS)
def test_choice_answered_with_a_non_ascii_digit_gets_the_numbered_hint(raw: str) -> None:
    prompt = ChoicePrompt(key="c", options=OPTIONS, **ASK)
    assert match_option(raw, OPTIONS) is None
    assert "1 = Mobilität" in hint(parse_choice, prompt, raw, OPTIONS)


@pytest.mark.parametrize("raw", ODD_DIGITS)
def test_choice_with_own_answer_does_not_take_a_lone_digit_sign_as_wording(raw: str) -> None:
    prompt = ChoicePrompt(key="c", options=OPTIONS, allow_other=True, **ASK)
    assert "Schaltflächen" in hint(parse_choice, prompt, raw, OPTIONS)


@pytest.mark.parametrize("raw", ["²", "① ③", "1, ²"])
def test_multi_choice_with_non_ascii_digits_is_refused(raw: str) -> None:
    prompt = MultiChoicePrompt(key="m", options=OPTIONS, **ASK)
    assert "kenne ich nicht" in hint(parse_multi, prompt, raw, OPTIONS)


@pytest.mark.parametrize("raw", ["²", "٣", "1 ²"])
def test_dots_and_scale_take_ascii_digits_only(raw: str) -> None:
    assert hint(parse_dots, 3, raw, OPTIONS)
    assert hint(parse_scale, ScalePrompt(key="s", low=1, high=5, **ASK), raw)


@pytest.mark.parametrize("raw", ["٣", "１２", "3²"])
def test_numbers_take_ascii_digits_only(raw: str) -> None:
    assert "Zahl" in hint(parse_number, NumberPrompt(key="n", **ASK), raw)


@pytest.mark.parametrize("raw", ["9" * 400, "9" * 400 + ",5", "-" + "9" * 400, "2" * 14])
def test_huge_numbers_are_refused_with_the_bound(raw: str) -> None:
    message = hint(parse_number, NumberPrompt(key="n", **ASK), raw)
    assert "1.000.000.000.000" in message
    message = hint(parse_number, NumberPrompt(key="n", integer=True, **ASK), raw)
    assert "zu groß" in message or "zu klein" in message


def test_the_bound_itself_is_accepted() -> None:
    assert parse_number(NumberPrompt(key="n", integer=True, **ASK), "1.000.000.000.000") == (
        MAX_NUMBER
    )
    year = NumberPrompt(key="y", grouping=False, **ASK)
    assert "1000000000000" in hint(parse_number, year, "9" * 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), ("²", None), ("①", None), ("", None), ("9" * 16, None), ("-1", None)],
)
def test_ascii_int(text: str, expected: int | None) -> None:
    assert ascii_int(text) == expected


# -- deep links through the service ---------------------------------------------------------


@pytest.fixture
async def workshop(tmp_path: Path) -> AsyncIterator[Workshop]:
    async with await Database.open(tmp_path / "w.db") as db:
        yield Workshop(db, links=TelegramLinks("werkstatt_bot"))


async def said(workshop: Workshop, arg: str) -> str:
    ids = await workshop.process(
        Incoming(None, 5, "private", Sender(5, "Eva"), Command(name="start", arg=arg))
    )
    async with workshop.db.read() as tx:
        items = [await tx.outbox.get(i) for i in ids]
    return "\n".join(item.payload["reply"]["text"] for item in items if item)


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        ("live²", "Live-Runde kenne ich nicht"),
        ("live99999999999999999999", "Live-Runde kenne ich nicht"),
        ("live①", "Live-Runde kenne ich nicht"),
        ("live123", "Live-Runde kenne ich nicht"),
        ("<b>ABCD</b>", "Einladungscode ist ungültig"),
        ("A" * 65, "Einladungscode ist ungültig"),
        ("ABCD²345", "Einladungscode ist ungültig"),
    ],
)
async def test_deep_link_payloads_are_checked(workshop: Workshop, arg: str, expected: str) -> None:
    assert expected in await said(workshop, arg)
    async with workshop.db.read() as tx:
        user = await tx.users.by_account(5)
        assert user is not None
        assert await tx.users.get_flow_state(user.id) is None
