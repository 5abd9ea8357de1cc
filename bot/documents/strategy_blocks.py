"""Small helpers for writing the strategy paper's sections: text shaping and a block writer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from bot.documents.strategy_model import (
    OPEN,
    Block,
    Bullets,
    Figure,
    FigureRef,
    Fill,
    Gap,
    Paragraph,
    Subheading,
    Table,
    clean,
)
from dialogs.parsing import MONTH_NAMES, format_date, format_german_number
from dialogs.replies import clip


def german_date(day: date) -> str:
    return f"{day.day}. {MONTH_NAMES[day.month - 1]} {day.year}"


def shorten(text: object, limit: int) -> str:
    """Cleaned user text on one line, clipped to ``limit`` characters."""
    return clip(clean(text), limit)


def by(text: str, author: str | None) -> str:
    return f"{clean(text)} ({clean(author)})" if author else clean(text)


def or_open(value: object) -> str:
    return clean(value) if value not in (None, "") else OPEN


def fill_of(*parts: bool) -> Fill:
    if all(parts):
        return "gefuellt"
    return "teilweise" if any(parts) else "offen"


def german_number(value: float | None) -> str:
    """„1.500“, „12,5“; „noch offen“ for no value."""
    return OPEN if value is None else format_german_number(value)


def period(start: str | None, end: str | None) -> str:
    if not start:
        return OPEN
    if not end or end == start:
        return format_date(start)
    return f"{format_date(start)} – {format_date(end)}"


class Writer:
    """Collects the blocks of one section and numbers its subheadings."""

    def __init__(self, number: str, figures: Sequence[Figure]) -> None:
        self.number = number
        self.blocks: list[Block] = []
        self._subs = 0
        self._figures = figures

    def sub(self, title: str) -> None:
        self._subs += 1
        self.blocks.append(Subheading(number=f"{self.number}.{self._subs}", title=title))

    def text(self, text: str, style: str = "normal") -> None:
        self.blocks.append(Paragraph(text=text, style=style))  # type: ignore[arg-type]

    def gap(self, text: str) -> None:
        self.blocks.append(Gap(text=text))

    def bullets(self, items: Iterable[str]) -> None:
        items = tuple(items)
        if items:
            self.blocks.append(Bullets(items=items))

    def table(self, header: Sequence[str], rows: Iterable[Sequence[str]], widths=()) -> None:
        rows = tuple(tuple(r) for r in rows)
        if rows:
            self.blocks.append(Table(header=tuple(header), rows=rows, widths=tuple(widths)))

    def figure(self, *charts: str) -> None:
        for figure in self._figures:
            if figure.chart in charts:
                self.blocks.append(FigureRef(number=figure.number, caption=figure.caption))
