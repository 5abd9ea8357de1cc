"""Line breaking for narrow table cells: between words, and inside a word only where it is
longer than the whole line — then at a German syllable boundary (pyphen's dictionary) with a
visible hyphen, never silently in the middle („Gegenmaß-|nahme“, not „Gegenmaßnahm|e“)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pyphen

#: Width of a text in the unit of the line width (the writer measures in its current font).
Measure = Callable[[str], float]


@cache
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="de_DE")


def _break_points(word: str) -> list[tuple[int, str]]:
    """Where ``word`` may be broken: (position, text added at the end of the line)."""
    points = {p: "-" for p in _dictionary().positions(word)}
    for index, char in enumerate(word[:-1], start=1):
        if char in "-/–":  # an existing hyphen or slash ends the line as it is
            points[index] = ""
    return sorted(points.items())


def _split_word(word: str, width: float, measure: Measure) -> list[str]:
    """An overlong ``word`` as pieces that each fit ``width``; every piece but the last ends
    with a hyphen (or the word's own hyphen)."""
    pieces: list[str] = []
    while measure(word) > width:
        fitting = [
            (p, mark) for p, mark in _break_points(word) if measure(word[:p] + mark) <= width
        ]
        if fitting:
            position, mark = fitting[-1]
        else:  # no syllable boundary fits: as many letters as fit, then a hyphen
            position, mark = 1, "-"
            while position < len(word) - 1 and measure(word[: position + 1] + "-") <= width:
                position += 1
        pieces.append(word[:position] + mark)
        word = word[position:]
    return [*pieces, word]


def wrap_lines(text: str, width: float, measure: Measure) -> list[str]:
    """``text`` as lines no wider than ``width``; its own line breaks are kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if measure(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            *full, line = _split_word(word, width, measure)
            lines += full
        lines.append(line)
    return lines
