"""The one helper each for German numbers, clipped user text and wrapped chart text."""

from __future__ import annotations

import pytest

from bot.charts.base import wrap
from bot.charts.text import wrap_px
from dialogs.parsing import format_german_number
from dialogs.replies import clip


@pytest.mark.parametrize(
    ("value", "decimals", "keep_zeros", "expected"),
    [
        (6.25, 1, False, "6,3"),  # half up, as people round
        (4.0, 1, False, "4"),
        (4.0, 1, True, "4,0"),  # live ratings keep one decimal
        (10 / 3, 1, True, "3,3"),
        (1234.5, 1, True, "1.234,5"),
        (-0.04, 1, True, "0,0"),  # no "-0,0"
        (float("inf"), 2, False, "–"),
    ],
)
def test_german_numbers(value: float, decimals: int, keep_zeros: bool, expected: str) -> None:
    assert format_german_number(value, decimals, keep_zeros=keep_zeros) == expected


def test_clip_keeps_user_text_on_one_line_and_marks_the_cut() -> None:
    assert clip("Ein\nlanger   Titel", 60) == "Ein langer Titel"
    assert clip("Stadtwerke Lindenau GmbH", 10) == "Stadtwerk…"


def test_wrap_breaks_long_words_unless_told_not_to() -> None:
    assert wrap("Breitbandzweckverband Ost", 10) == "Breitbandz\nweckverban\nd Ost"
    assert wrap("Breitbandzweckverband Ost", 10, break_long=False) == "Breitbandzweckverband\nOst"


def test_wrap_px_takes_a_strategy_for_overlong_words() -> None:
    def width(line: str) -> float:
        return 10.0 * len(line)

    assert wrap_px("Zweckverband", 70, width) == "Zweckv-\nerband"
    whole = wrap_px("Zweckverband", 70, width, split_long=lambda word, fits: [word])
    assert whole == "Zweckverband"
