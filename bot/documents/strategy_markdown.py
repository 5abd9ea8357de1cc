"""The strategy paper as Markdown, from the jinja2 template ``strategie.md.j2``.

User text only ever enters the template as data and is escaped there (``md`` filter,
:func:`lines`), so ``*``, ``<b>`` or ``{{ x }}`` in a contribution stay literal text.
With ``images`` the annex embeds every chart as a PNG data URI with its text version, so the
one file is complete; without, the annex names the charts (the version record keeps that
lighter text).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

from bot.charts.base import ChartResult
from bot.documents.strategy_model import StrategyPaper
from bot.documents.templating import md, render


def lines(text: object, separator: str) -> str:
    """Each line of ``text`` escaped for Markdown, blank lines dropped, joined by
    ``separator`` (a line break that fits the place: table cell, list item, quote)."""
    return separator.join(md(line) for line in str(text).splitlines() if line.strip())


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def write_markdown(
    paper: StrategyPaper, images: Sequence[Sequence[ChartResult]] | None = None
) -> str:
    shown = None
    if images is not None:
        shown = [[(data_uri(i.png), i.alt_text) for i in figure] for figure in images]
    return render("strategie.md.j2", paper=paper, images=shown, lines=lines)
