"""The strategy paper in one file format: DOCX, PDF or Markdown.

Writers are imported on first use, so the bot starts without loading python-docx or fpdf2.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.charts.base import ChartResult
from bot.documents.strategy_model import StrategyPaper


def build_strategy(
    paper: StrategyPaper, fmt: str, images: Sequence[Sequence[ChartResult]]
) -> bytes:
    """One format (``docx``, ``pdf``, ``md``) of the strategy paper."""
    if fmt == "docx":
        from bot.documents.strategy_docx import write_docx

        return write_docx(paper, images)
    if fmt == "pdf":
        from bot.documents.strategy_pdf import write_pdf

        return write_pdf(paper, images)
    from bot.documents.strategy_markdown import write_markdown

    return write_markdown(paper, images).encode("utf-8")
