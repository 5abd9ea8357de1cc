"""Binary documents by name: which charts they need, and how they are built.

A :class:`~dialogs.replies.Document` with ``builder`` names an entry here; its ``data`` is
JSON (it waits in the outbox). :meth:`bot.app.rendering.Renderer.document` first renders the charts
the builder asks for (in parallel, through the chart cache), then runs :func:`build_document`
in a worker process with the data and the pictures. Writers are imported lazily, so the bot
starts without loading python-docx or fpdf2 (:mod:`bot.documents.strategy_formats`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.charts.base import ChartResult
from bot.documents.strategy_formats import build_strategy
from bot.documents.strategy_model import StrategyPaper

#: A chart to render first: (chart name, chart data).
ChartRequest = tuple[str, dict[str, Any]]
Images = Sequence[Sequence[ChartResult]]

STRATEGY_FILES = {
    "strategie_docx": "docx",
    "strategie_pdf": "pdf",
    "strategie_md": "md",
}


@dataclass(frozen=True)
class Builder:
    charts: Callable[[dict[str, Any]], list[ChartRequest]]
    build: Callable[[dict[str, Any], Images], bytes]


def paper_charts(data: dict[str, Any]) -> list[ChartRequest]:
    """The figures of a serialised strategy paper (``data`` is the paper itself)."""
    return [(f["chart"], f["data"]) for f in data.get("figures", ())]


def _strategy(fmt: str) -> Builder:
    return Builder(
        charts=paper_charts,
        build=lambda data, images: build_strategy(StrategyPaper.model_validate(data), fmt, images),
    )


def _export_charts(data: dict[str, Any]) -> list[ChartRequest]:
    return paper_charts(data["paper"]) if data.get("paper") else []


def _export(data: dict[str, Any], images: Images) -> bytes:
    from bot.documents.export_zip import write_export

    return write_export(data, images)


BUILDERS: dict[str, Builder] = {
    **{name: _strategy(fmt) for name, fmt in STRATEGY_FILES.items()},
    "export_zip": Builder(charts=_export_charts, build=_export),
}


def chart_requests(builder: str, data: dict[str, Any]) -> list[ChartRequest]:
    return BUILDERS[builder].charts(data)


def build_document(builder: str, data: dict[str, Any], images: Images) -> bytes:
    """Top-level, so a process pool can run it: the document's bytes."""
    return BUILDERS[builder].build(data, images)
