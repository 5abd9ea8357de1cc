"""Every outgoing text parses as Telegram HTML and fits: members' labels are escaped in hints,
long texts are split between tags and entities (dialogs/markup.py), and the fake Bot API
refuses what Telegram refuses."""

from __future__ import annotations

import html
import re

import pytest

from dialogs.errors import InvalidAnswer
from dialogs.markup import MAX_CAPTION, MAX_TEXT, cut_html, split_html
from dialogs.parsing import parse_choice, parse_multi
from dialogs.prompts import ChoicePrompt, MultiChoicePrompt
from dialogs.replies import esc
from tests.conftest import person
from tests.e2e import create_team, expect
from tests.fakeapi import html_error

TAG = re.compile(r"<[^>]*>")
ASK = {"question": "Was meinen Sie?", "help": "Eine Erklärung."}


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("<b>fett</b> &amp; <i>kursiv</i> &lt;3 &#128512;", True),
        ('<a href="https://example.org">Link</a>', True),
        ("a < b", False),
        ("Tom & Jerry", False),
        ("&am", False),
        ("<b>offen", False),
        ("<b><i>falsch</b></i>", False),
        ("<div>nein</div>", False),
        ("</b>", False),
    ],
)
def test_the_fake_api_checks_html_like_telegram(text: str, valid: bool) -> None:
    assert (html_error(text) is None) is valid


def test_option_labels_in_the_unknown_answer_hint_are_escaped() -> None:
    options = ("<b>Leerstand</b>", "Tom & Jerry", "a < b")
    multi = MultiChoicePrompt(key="m", options=options, **ASK)
    with pytest.raises(InvalidAnswer) as raised:
        parse_multi(multi, "gibt es nicht", options)
    assert "kenne ich nicht" in raised.value.message
    assert html_error(raised.value.message) is None
    assert "1 = &lt;b&gt;Leerstand&lt;/b&gt;" in raised.value.message
    with pytest.raises(InvalidAnswer) as raised:
        parse_choice(ChoicePrompt(key="c", options=options, **ASK), "9", options)
    assert html_error(raised.value.message) is None


@pytest.mark.parametrize(
    "text",
    [
        "<b>Vision</b>\n" + esc("&" * 1200),
        "<b>" + esc("<&>" * 900) + "</b>",
        "\n".join(f"<i>{i}</i> {esc('Tom & Jerry')}" for i in range(600)),
        '<a href="https://example.org">' + "x" * 5000 + "</a>",
        "<b>" + "\n" * 5000 + "x</b>",
    ],
)
def test_split_parts_fit_parse_and_keep_the_visible_text(text: str) -> None:
    parts = split_html(text)
    assert all(len(part) <= MAX_TEXT and html_error(part) is None for part in parts)

    shown = "".join(html.unescape(TAG.sub("", part)) for part in parts)
    assert shown.replace("\n", "") == html.unescape(TAG.sub("", text)).replace("\n", "")


def test_split_prefers_line_breaks() -> None:
    lines = [f"Zeile {i}: " + "x" * 50 for i in range(200)]
    parts = split_html("\n".join(lines))
    assert all(part.split("\n")[-1] in lines for part in parts)


def test_a_short_text_is_one_part_unchanged() -> None:
    assert split_html("<b>kurz</b> &amp; gut") == ["<b>kurz</b> &amp; gut"]


def test_cut_caption_ends_with_an_ellipsis_and_parses() -> None:
    caption = cut_html("<b>" + esc("&" * 2000) + "</b>", MAX_CAPTION)
    assert len(caption) <= MAX_CAPTION and caption.endswith("…")
    assert html_error(caption) is None


async def test_a_vision_of_ampersands_is_shown_again_without_a_rejected_message(api, bot) -> None:
    anna = person(api, 1001, "Anna")
    await create_team(anna)
    await anna.send("/schritte")
    await expect(anna, "Arbeitsschritte")
    await anna.click("AS3")
    await expect(anna, "Zieljahr")
    await anna.send("2035")
    await expect(anna, "Stichworte")
    await anna.click("Fertig")
    await expect(anna, "Grundsätze")
    await anna.click("Überspringen")
    await expect(anna, "Formulieren Sie nun die Vision")
    await anna.send("&" * 1200)
    await expect(anna, "strategischen Ziele")
    await anna.send("/zurueck")
    await expect(anna, "Bisher")
    sends = api.calls_to("sendMessage") + api.calls_to("editMessageText")
    assert all(call.ok for call in sends), [call.params.get("text", "")[:80] for call in sends]
