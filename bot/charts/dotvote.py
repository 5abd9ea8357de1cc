"""Punktabstimmung (AS5): dots per idea, stacked by stakeholder group, plus a balanced view.

Every participant puts dots on idea cards; each stakeholder group has its own colour. The main
panel shows one horizontal bar per idea (sorted by total dots), split into one segment per group
(colour *and* hatch, so it reads without colour). Beside it, the panel "Ausgewogene Sicht" gives
every group the same weight: per group, an idea's share is its dots from that group divided by
all dots of that group; the balanced score is the mean of these shares over the groups that voted.
Ideas whose rank differs between the two views are marked with ▲ (better) or ▼ (worse), so a
facilitator sees at once whether one group dominated the vote.
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.artist import Artist
from matplotlib.patches import Rectangle
from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt

from bot.charts.base import (
    HATCHES,
    MIN_FONT_PT,
    MUTED_COLOUR,
    PALETTE,
    PHONE_WIDTH_IN,
    TITLE_FONT_PT,
    ChartResult,
    figure_to_png,
    text_box,
)
from bot.charts.canvas import InchCanvas, inch_placeholder
from dialogs.replies import count

__all__ = ["DotVoteData", "VotedIdea", "balanced_scores", "render_dot_vote"]


class VotedIdea(BaseModel):
    """One idea card and the dots it received, per stakeholder group."""

    model_config = ConfigDict(frozen=True)

    title: str
    #: stakeholder group -> number of dots from that group
    votes: dict[str, NonNegativeInt] = Field(default_factory=dict)


class DotVoteData(BaseModel):
    """Input of the dot-vote chart: the stakeholder groups (colour order) and the voted ideas."""

    model_config = ConfigDict(frozen=True)

    title: str = "Punktabstimmung"
    groups: list[str] = Field(default_factory=list)
    ideas: list[VotedIdea] = Field(default_factory=list)


# --- pure calculations -----------------------------------------------------------------------


def _all_groups(data: DotVoteData) -> list[str]:
    """The declared groups, then any group that only appears in the votes (first seen first)."""
    groups = list(dict.fromkeys(data.groups))
    for idea in data.ideas:
        for group in idea.votes:
            if group not in groups:
                groups.append(group)
    return groups


def _balanced_by_index(data: DotVoteData) -> list[float]:
    """Balanced score (0..1) of every idea, in input order; see :func:`balanced_scores`."""
    groups = _all_groups(data)
    group_totals = {g: sum(idea.votes.get(g, 0) for idea in data.ideas) for g in groups}
    voting = [g for g in groups if group_totals[g] > 0]
    if not voting:
        return [0.0 for _ in data.ideas]
    return [
        sum(idea.votes.get(g, 0) / group_totals[g] for g in voting) / len(voting)
        for idea in data.ideas
    ]


def balanced_scores(data: DotVoteData) -> dict[str, float]:
    """Balanced score per idea title, as a fraction 0..1 (all ideas together sum to 1).

    Every group counts equally: per group, an idea's share is its dots from that group divided
    by all dots that group gave; the balanced score is the mean of these shares over the groups
    that gave at least one dot. Groups without dots are ignored; with no dots at all every score
    is 0. Titles are expected to be unique (a repeated title keeps its last idea's score).
    """
    return {
        idea.title: score for idea, score in zip(data.ideas, _balanced_by_index(data), strict=True)
    }


def _competition_ranks(values: list[float]) -> list[int]:
    """Standard competition ranks ("1, 2, 2, 4"), highest value first; ties share a rank."""
    rounded = [round(v, 9) for v in values]
    return [1 + sum(1 for other in rounded if other > v) for v in rounded]


# --- layout helpers --------------------------------------------------------------------------

LABEL_PT = 9.5
SMALL_PT = max(MIN_FONT_PT, 9.0)
MARGIN = 0.2


def _fmt_pct(fraction: float) -> str:
    """German percent with one decimal: 0.125 -> "12,5 %"."""
    return f"{fraction * 100:.1f} %".replace(".", ",")


def _dots(n: int) -> str:
    return "1 Punkt" if n == 1 else f"{n} Punkte"


def _style(index: int) -> tuple[str, str]:
    """Colour and hatch of group ``index``; unique pairs for up to 64 groups."""
    colour = PALETTE[index % len(PALETTE)]
    hatch = HATCHES[(index + index // len(PALETTE)) % len(HATCHES)]
    return colour, hatch


def _hatch_colour(colour: str) -> str:
    """White hatch on dark fills, dark hatch on light fills."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.299 * r + 0.587 * g + 0.114 * b
    return "#ffffff" if luminance < 150 else "#333333"


# --- renderer --------------------------------------------------------------------------------

# Column positions (inches from the left).
RANK_RIGHT = MARGIN + 0.34
LABEL_X0 = MARGIN + 0.42
LABEL_X1 = 3.05
BAR_X0 = 3.17
BAR_MAX = 1.68
SEPARATOR_X = 5.3
BAL_PCT_RIGHT = 6.02
BAL_BAR_X0 = 6.08
BAL_BAR_MAX = 0.42
BAL_RANK_RIGHT = PHONE_WIDTH_IN - MARGIN
CONTENT_W = PHONE_WIDTH_IN - 2 * MARGIN
BAR_H = 0.22
ROW_FILL = "#f3f4f6"
HIGHLIGHT = {"boxstyle": "round,pad=0.15", "facecolor": "#fde68a", "edgecolor": "#b45309"}


@dataclass
class _Stats:
    """Everything computed from the input before drawing."""

    groups: list[str]
    totals: list[int]
    group_totals: list[int]
    balanced: list[float]
    rank_raw: list[int]
    rank_bal: list[int]
    order: list[int]

    @classmethod
    def of(cls, data: DotVoteData) -> _Stats:
        groups = _all_groups(data)
        totals = [sum(idea.votes.values()) for idea in data.ideas]
        balanced = _balanced_by_index(data)
        return cls(
            groups=groups,
            totals=totals,
            group_totals=[sum(idea.votes.get(g, 0) for idea in data.ideas) for g in groups],
            balanced=balanced,
            rank_raw=_competition_ranks([float(t) for t in totals]),
            rank_bal=_competition_ranks(balanced),
            order=sorted(range(len(data.ideas)), key=lambda i: (-totals[i], -balanced[i], i)),
        )

    @property
    def all_dots(self) -> int:
        return sum(self.totals)

    @property
    def voting_groups(self) -> int:
        return sum(1 for t in self.group_totals if t > 0)


def _hatched(x: float, y: float, w: float, h: float, group_index: int, **kwargs) -> Rectangle:
    """A rectangle in the colour and hatch of a stakeholder group."""
    colour, hatch = _style(group_index)
    patch = Rectangle(
        (x, y),
        w,
        h,
        facecolor=colour,
        hatch=hatch,
        hatchcolor=_hatch_colour(colour),
        edgecolor="white",
        **kwargs,
    )
    patch.set_hatch_linewidth(1.2)
    return patch


def _draw_heading(
    canvas: InchCanvas, title: str, data: DotVoteData, stats: _Stats, y: float
) -> tuple[float, dict[str, Artist]]:
    """Title, subtitle and the group legend; returns the new y and the placed artists."""
    placed: dict[str, Artist] = {}
    title_text, _, title_h = canvas.fit(title, CONTENT_W, TITLE_FONT_PT, "bold")
    placed["title"] = canvas.text(MARGIN, y, title_text, TITLE_FONT_PT, fontweight="bold")
    y += title_h + 0.08
    subtitle = (
        f"{count(len(data.ideas), 'Idee', 'Ideen')} · {_dots(stats.all_dots)} · "
        f"{stats.voting_groups} von {count(len(stats.groups), 'Gruppe', 'Gruppen')} "
        f"{'hat' if stats.voting_groups == 1 else 'haben'} abgestimmt"
    )
    sub_text, _, sub_h = canvas.fit(subtitle, CONTENT_W, SMALL_PT)
    placed["subtitle"] = canvas.text(MARGIN, y, sub_text, SMALL_PT, color=MUTED_COLOUR)
    y += sub_h + 0.18

    # Group legend in two columns: swatch (colour + hatch), name, dots and share of all dots.
    columns = 2
    col_w = CONTENT_W / columns
    swatch_w, swatch_h = 0.34, 0.2
    for start in range(0, len(stats.groups), columns):
        row = []
        for gi in range(start, min(start + columns, len(stats.groups))):
            dots = stats.group_totals[gi]
            share = dots / stats.all_dots if stats.all_dots else 0.0
            label = f"{stats.groups[gi]}: {_dots(dots)} ({_fmt_pct(share)})"
            wrapped, _, h = canvas.fit(label, col_w - swatch_w - 0.2, SMALL_PT)
            row.append((gi, wrapped, h))
        row_h = max(swatch_h, *(h for _, _, h in row))
        for col, (gi, wrapped, _) in enumerate(row):
            x = MARGIN + col * col_w
            swatch = _hatched(x, y + (row_h - swatch_h) / 2, swatch_w, swatch_h, gi, linewidth=0.6)
            canvas.ax.add_patch(swatch)
            placed[f"group:{gi}"] = canvas.text(
                x + swatch_w + 0.1, y + row_h / 2, wrapped, SMALL_PT, va="center"
            )
        y += row_h + 0.1
    return y + 0.16, placed


def _draw_column_heads(canvas: InchCanvas, y: float) -> tuple[float, dict[str, Artist]]:
    """Headers above the idea labels, the bars and the balanced view."""
    placed: dict[str, Artist] = {
        "header:ideas": canvas.text(
            MARGIN, y, "Idee (Rang nach Punkten)", SMALL_PT, fontweight="bold"
        ),
        "header:bars": canvas.text(BAR_X0, y, "Punkte je Gruppe", SMALL_PT, fontweight="bold"),
        "header:balanced": canvas.text(
            (SEPARATOR_X + BAL_RANK_RIGHT) / 2 + 0.05,
            y,
            "Ausgewogene\nSicht",
            SMALL_PT,
            fontweight="bold",
            ha="center",
        ),
    }
    y += canvas.size("Ausgewogene\nSicht", SMALL_PT, "bold")[1] + 0.04
    placed["header:share"] = canvas.text(
        BAL_PCT_RIGHT, y, "Anteil", MIN_FONT_PT, ha="right", color=MUTED_COLOUR
    )
    placed["header:rank"] = canvas.text(
        BAL_RANK_RIGHT, y, "Rang", MIN_FONT_PT, ha="right", color=MUTED_COLOUR
    )
    return y + canvas.size("Rang", MIN_FONT_PT)[1] + 0.08, placed


def _draw_row(
    canvas: InchCanvas, data: DotVoteData, stats: _Stats, i: int, y: float, shaded: bool
) -> tuple[float, dict[str, Artist]]:
    """One idea: rank, wrapped title, stacked bar with total, balanced share and rank."""
    idea = data.ideas[i]
    placed: dict[str, Artist] = {}
    label, _, label_h = canvas.fit(idea.title, LABEL_X1 - LABEL_X0, LABEL_PT)
    row_h = max(label_h + 0.14, 0.38)
    mid = y + row_h / 2
    if shaded:
        canvas.ax.add_patch(
            Rectangle(
                (MARGIN - 0.08, y), CONTENT_W + 0.16, row_h, facecolor=ROW_FILL, edgecolor="none"
            )
        )
    placed[f"rank_points:{i}"] = canvas.text(
        RANK_RIGHT,
        mid,
        f"{stats.rank_raw[i]}.",
        LABEL_PT,
        ha="right",
        va="center",
        fontweight="bold",
    )
    placed[f"label:{i}"] = canvas.text(LABEL_X0, mid, label, LABEL_PT, va="center")

    x = BAR_X0
    max_total = max(stats.totals) or 1
    for gi, group in enumerate(stats.groups):
        dots = idea.votes.get(group, 0)
        if dots:
            width = BAR_MAX * dots / max_total
            canvas.ax.add_patch(
                _hatched(x, mid - BAR_H / 2, width, BAR_H, gi, linewidth=0.8, zorder=2)
            )
            x += width
    # An invisible rectangle spanning the whole stacked bar gives the layout box "bar:<i>".
    placed[f"bar:{i}"] = canvas.ax.add_patch(
        Rectangle((BAR_X0, mid - BAR_H / 2), x - BAR_X0, BAR_H, fill=False, linewidth=0)
    )
    placed[f"total:{i}"] = canvas.text(
        x + 0.07, mid, str(stats.totals[i]), LABEL_PT, va="center", fontweight="bold"
    )

    # Balanced view: share, mini bar, rank with ▲/▼ when it differs from the points rank.
    placed[f"share:{i}"] = canvas.text(
        BAL_PCT_RIGHT, mid, _fmt_pct(stats.balanced[i]), SMALL_PT, ha="right", va="center"
    )
    max_bal = max(stats.balanced) or 1.0
    canvas.ax.add_patch(
        Rectangle(
            (BAL_BAR_X0, mid - 0.07),
            BAL_BAR_MAX * stats.balanced[i] / max_bal,
            0.14,
            facecolor="#6b7280",
            edgecolor="none",
            zorder=2,
        )
    )
    rank_bal, rank_raw = stats.rank_bal[i], stats.rank_raw[i]
    differs = rank_bal != rank_raw
    arrow = (" ▲" if rank_bal < rank_raw else " ▼") if differs else ""
    placed[f"rank:{i}"] = canvas.text(
        BAL_RANK_RIGHT,
        mid,
        f"{rank_bal}{arrow}",
        SMALL_PT,
        ha="right",
        va="center",
        fontweight="bold" if differs else "normal",
        bbox=HIGHLIGHT if differs else None,
    )
    return y + row_h, placed


def _notes(stats: _Stats) -> list[str]:
    """The explanation below the chart."""
    n_diff = sum(1 for a, b in zip(stats.rank_raw, stats.rank_bal, strict=True) if a != b)
    notes = [
        "Ausgewogene Sicht: Jede Gruppe zählt gleich viel. Je Gruppe wird der Anteil einer Idee "
        "an allen Punkten dieser Gruppe berechnet; der Wert ist der Mittelwert über die Gruppen, "
        "die abgestimmt haben.",
        "▲ / ▼: In der ausgewogenen Sicht steht die Idee höher / tiefer als nach Punkten"
        + (
            f" (betrifft {n_diff} {'Idee' if n_diff == 1 else 'Ideen'})."
            if n_diff
            else " – hier stimmen beide Rangfolgen überein."
        ),
    ]
    if stats.all_dots and stats.voting_groups > 1:
        top = max(range(len(stats.groups)), key=lambda g: stats.group_totals[g])
        notes.append(
            f"Die meisten Punkte kamen von „{stats.groups[top]}“ "
            f"({_fmt_pct(stats.group_totals[top] / stats.all_dots)} aller Punkte)."
        )
    return notes


def render_dot_vote(data: DotVoteData) -> ChartResult:
    """Render the dot-vote result: stacked bars by group plus the balanced ("ausgewogene") view."""
    title = data.title.strip() or "Punktabstimmung"
    if not data.ideas:
        return inch_placeholder(title, "Noch keine Einträge", MARGIN)

    stats = _Stats.of(data)
    canvas = InchCanvas.create()
    y, placed = _draw_heading(canvas, title, data, stats, MARGIN)
    header_top = y
    y, heads = _draw_column_heads(canvas, y)
    placed |= heads
    rows_top = y
    for position, i in enumerate(stats.order):
        y, row = _draw_row(canvas, data, stats, i, y, shaded=position % 2 == 0)
        placed |= row
    line = {"color": "#9ca3af", "linewidth": 0.8}
    canvas.ax.plot([SEPARATOR_X, SEPARATOR_X], [header_top, y], **line)
    canvas.ax.plot([BAR_X0, BAR_X0], [rows_top, y], color="#4b5563", linewidth=0.8, zorder=3)

    y += 0.16
    for n, note in enumerate(_notes(stats)):
        wrapped, _, h = canvas.fit(note, CONTENT_W, SMALL_PT)
        placed[f"note:{n}"] = canvas.text(MARGIN, y, wrapped, SMALL_PT, color=MUTED_COLOUR)
        y += h + 0.06
    height = y + MARGIN
    canvas.finish(height)

    png = figure_to_png(canvas.fig)
    layout = {name: text_box(canvas.fig, artist) for name, artist in placed.items()}
    return ChartResult.from_png(png, _alt_text(data, title, stats), layout)


def _alt_text(data: DotVoteData, title: str, stats: _Stats) -> str:
    """German text version of the whole chart."""
    groups = stats.groups
    lines = [
        f"{title}: Punktabstimmung über {len(data.ideas)} Ideen, "
        f"{_dots(stats.all_dots)} insgesamt.",
        "Punkte je Gruppe: "
        + "; ".join(f"{g}: {_dots(t)}" for g, t in zip(groups, stats.group_totals, strict=True))
        + ".",
        "Rangfolge nach Punkten (in Klammern je Gruppe) und ausgewogene Sicht, in der jede "
        "Gruppe gleich zählt:",
    ]
    for i in stats.order:
        idea = data.ideas[i]
        parts = [f"{g} {idea.votes[g]}" for g in groups if idea.votes.get(g)]
        per_group = f" ({', '.join(parts)})" if parts else ""
        rank_raw, rank_bal = stats.rank_raw[i], stats.rank_bal[i]
        line = (
            f"{rank_raw}. {idea.title}: {_dots(stats.totals[i])}{per_group}; "
            f"ausgewogen {_fmt_pct(stats.balanced[i])}, Rang {rank_bal}"
        )
        if rank_bal < rank_raw:
            line += " (ausgewogen höher)"
        elif rank_bal > rank_raw:
            line += " (ausgewogen tiefer)"
        lines.append(line + ".")
    return "\n".join(lines)
