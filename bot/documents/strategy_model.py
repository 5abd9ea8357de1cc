"""The strategy paper as a pure, typed document: built once, written as DOCX, PDF and Markdown.

:func:`bot.documents.strategy.build_paper` fills this model from the team's results; the three
writers only walk it. So the three formats always say the same, and user text reaches every
format as plain data (each writer escapes it the way its format needs).

The model is JSON-serialisable: it travels in the outbox to the rendering worker and is kept
with every finalised version, so a version's files can be rebuilt exactly later.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

#: What an empty part of the paper says; never replaced by invented content.
OPEN = "noch offen"
#: Characters of table text that fit on one line across the page body (9 pt on A4 with 2 cm
#: margins in the PDF, a little more in Word): what column widths are measured against.
TABLE_LINE_CHARS = 92

Variant = Literal["kompakt", "ausfuehrlich"]
VARIANT_LABELS: dict[str, str] = {
    "kompakt": "Kompaktfassung",
    "ausfuehrlich": "Ausführliche Fassung",
}
Fill = Literal["gefuellt", "teilweise", "offen"]
FILL_LABELS: dict[str, str] = {
    "gefuellt": "✅ gefüllt",
    "teilweise": "◐ teilweise",
    "offen": "○ noch offen",
}

# Characters no document format can carry (XML forbids them; PDF fonts have no glyphs).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean(text: object) -> str:
    """User text made safe to carry: control characters dropped, line ends normalised."""
    return _CONTROL.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n")).strip()


class Node(BaseModel):
    model_config = ConfigDict(frozen=True)


class Paragraph(Node):
    """Running text. ``quote`` sets it apart (the vision), ``label`` is a bold lead-in line
    (e.g. a field of action above its goals), ``note`` is small print."""

    kind: Literal["paragraph"] = "paragraph"
    text: str
    style: Literal["normal", "quote", "label", "note"] = "normal"


class Gap(Node):
    """A part that has no results yet: „noch offen: …“ with what is missing."""

    kind: Literal["gap"] = "gap"
    text: str

    @property
    def shown(self) -> str:
        return f"{OPEN.capitalize()}: {self.text}" if self.text else OPEN.capitalize()


class Subheading(Node):
    """A heading inside a section (numbered ``1.2`` by the builder)."""

    kind: Literal["subheading"] = "subheading"
    number: str
    title: str

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}"


class Bullets(Node):
    kind: Literal["bullets"] = "bullets"
    items: tuple[str, ...]


class Table(Node):
    """A table; ``widths`` are relative column widths (they need not sum to 1)."""

    kind: Literal["table"] = "table"
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()

    def column_shares(self) -> tuple[float, ...]:
        """Shares of the page width per column: the given widths, widened where a column's
        longest word would not fit (so no writer has to break a word), taken from the
        others."""
        widths = self.widths if len(self.widths) == len(self.header) else (1.0,) * len(self.header)
        total = sum(widths)
        wanted = [w / total for w in widths]
        longest = []
        for column, heading in enumerate(self.header):
            words = [len(w) * 1.12 for w in heading.split()]  # headings are bold
            for row in self.rows:
                words += [len(w) for w in row[column].split()]
            longest.append(max(words, default=0.0))
        need = [(n + 2.5) / TABLE_LINE_CHARS for n in longest]
        if sum(need) >= 1:
            return tuple(n / sum(need) for n in need)
        shares = list(wanted)
        fixed: set[int] = set()
        while True:
            short = [i for i in range(len(shares)) if i not in fixed and shares[i] < need[i]]
            if not short:
                return tuple(shares)
            fixed.update(short)
            rest = 1 - sum(need[i] for i in fixed)
            free = [i for i in range(len(shares)) if i not in fixed]
            base = sum(wanted[i] for i in free)
            for i in fixed:
                shares[i] = need[i]
            for i in free:
                shares[i] = rest * wanted[i] / base


class FigureRef(Node):
    """A pointer to a figure of the annex (the picture itself is printed there)."""

    kind: Literal["figure_ref"] = "figure_ref"
    number: int
    caption: str

    @property
    def text(self) -> str:
        return f"Siehe Abbildung {self.number} im Anhang: {self.caption}."


Block = Annotated[
    Paragraph | Gap | Subheading | Bullets | Table | FigureRef, Field(discriminator="kind")
]


class Section(Node):
    """A numbered chapter; ``fill`` says whether its results exist (for the status view)."""

    key: str
    number: str
    title: str
    fill: Fill
    sources: str  # which work steps it draws on, e.g. "AS3"
    blocks: tuple[Block, ...]

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def subheadings(self) -> tuple[Subheading, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Subheading))


class Figure(Node):
    """A chart of the annex: rendered from ``data`` by the chart ``chart`` when written."""

    number: int
    chart: str
    data: dict
    caption: str
    source: str  # the work step it comes from, e.g. "AS1"


class StrategyPaper(Node):
    """Everything the strategy paper says, in order."""

    municipality: str
    town_type: str
    title: str
    variant: Variant
    version: int | None  # None: a draft
    date: str  # ISO date of the paper
    date_label: str  # "14. Mai 2026"
    sections: tuple[Section, ...]
    figures: tuple[Figure, ...]

    @property
    def status_label(self) -> str:
        return f"Fassung {self.version}" if self.version else "Entwurf"

    @property
    def variant_label(self) -> str:
        return VARIANT_LABELS[self.variant]

    @property
    def place(self) -> str:
        """„Lindenau (Kleinstadt)“ for the title page."""
        return f"{self.municipality} ({self.town_type})"

    @property
    def subtitle(self) -> str:
        return f"{self.status_label} · {self.variant_label} · Stand {self.date_label}"

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def contents(self) -> list[tuple[int, str]]:
        """The table of contents: (level, label) of every section and subheading, and the
        annex."""
        entries: list[tuple[int, str]] = []
        for section in self.sections:
            entries.append((1, section.label))
            entries += [(2, sub.label) for sub in section.subheadings]
        if self.figures:
            entries.append((1, ANNEX_TITLE))
        return entries


ANNEX_TITLE = "Anhang: Grafiken"


def figure_title(figure: Figure) -> str:
    return f"Abbildung {figure.number}: {figure.caption}"
