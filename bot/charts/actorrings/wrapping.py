"""Line breaking for actor and group names: split long words before a compound part."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from bot.charts.actorrings.style import chart_font
from bot.charts.text import TextMeasurer
from bot.charts.text import wrap_px as text_wrap_px


def wrap_px(
    text: str,
    max_px: float,
    pt: float,
    measure: TextMeasurer,
    bold: bool = False,
    compounds_only: bool = False,
) -> str:
    """Wrap ``text`` so that no line is wider than ``max_px`` (:func:`bot.charts.text.wrap_px`).

    A word that is wider than a line on its own is split in front of a known compound part if
    possible, else with a hyphen, never cut off. With ``compounds_only`` it is only split in
    front of a compound part and otherwise stays whole (and may be wider than ``max_px``).
    """
    font = chart_font(pt, bold)
    split = partial(_compound_split, compounds_only=compounds_only)
    return text_wrap_px(text, max_px, lambda line: measure.size(line, font)[0], split_long=split)


def _compound_split(word: str, fits: Callable[[str], bool], compounds_only: bool) -> list[str]:
    """Hyphenated pieces of a word too wide for a line, preferably split before a compound
    part."""
    pieces: list[str] = []
    while not fits(word) and len(word) > 3:
        cut = _hyphen_cut(word, fits, compounds_only)
        if cut <= 0:
            break
        pieces.append(word[:cut] if word[:cut].endswith("-") else word[:cut] + "-")
        word = word[cut:]
    return [*pieces, word]


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
