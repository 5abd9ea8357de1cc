"""Line breaking for actor and group names, measured in pixels or characters."""

from __future__ import annotations

import re
import textwrap

from bot.charts.actorrings.style import chart_font
from bot.charts.text import TextMeasurer


def wrap_words(text: str, width: int) -> str:
    """Wrap at word boundaries (and hyphens); words longer than ``width`` stay whole."""
    words = " ".join(text.split())
    lines = textwrap.wrap(words, width=max(1, width), break_long_words=False) or [words]
    return "\n".join(lines)


def wrap_px(
    text: str,
    max_px: float,
    pt: float,
    measure: TextMeasurer,
    bold: bool = False,
    compounds_only: bool = False,
) -> str:
    """Wrap ``text`` so that no line is wider than ``max_px``.

    Breaks at spaces and after hyphens; a word that is wider than a line on its own is split
    with a hyphen, never cut off. With ``compounds_only`` a word is only split in front of a
    known compound part and otherwise stays whole (and may be wider than ``max_px``).
    """
    tokens: list[tuple[str, bool]] = []  # (piece, preceded by a space)
    for word in text.split():
        pieces = re.split(r"(?<=-)(?=.)", word)
        tokens += [(piece, i == 0) for i, piece in enumerate(pieces)]

    def fits(line: str) -> bool:
        return measure.size(line, chart_font(pt, bold))[0] <= max_px

    lines: list[str] = []
    current = ""
    for piece, spaced in tokens:
        trial = current + (" " if spaced and current else "") + piece
        if current and not fits(trial):
            lines.append(current)
            trial = piece
        current = trial
        while not fits(current) and len(current) > 3:
            cut = _hyphen_cut(current, fits, compounds_only)
            if cut <= 0:
                break
            if current[:cut].endswith("-"):
                lines.append(current[:cut])
            else:
                lines.append(current[:cut] + "-")
            current = current[cut:]
    if current or not lines:
        lines.append(current)
    return "\n".join(lines)


#: Second parts of German compounds common in actor and group names: a long word is
#: preferably split in front of one of them ("Zivil-gesellschaft", "Verwaltungs-dienst…").
_STEM_WORDS = """
    akademie beauftragt beirat betrieb bibliothek dienst einrichtung forum gemeinde gemeinschaft
    genossenschaft gesellschaft hilfe initiative kammer kreis leistung management netzwerk
    organisation planung politik schule stelle stiftung technik unternehmen verband verbund
    verein versorgung verwaltung werk wirtschaft wissenschaft zentrum zweck
"""


_STEMS = tuple(_STEM_WORDS.split())


def _hyphen_cut(word: str, fits, compounds_only: bool = False) -> int:
    """Where to split a word that is too wide: before a compound part if possible (else 0
    with ``compounds_only``)."""
    lower = word.casefold()
    for cut in range(len(word) - 4, 3, -1):
        if lower.startswith(_STEMS, cut) and fits(word[:cut] + "-"):
            return cut
    if compounds_only:
        return 0
    cut = len(word) - 2
    while cut > 1 and not fits(word[:cut] + "-"):
        cut -= 1
    return cut
