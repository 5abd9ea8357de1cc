"""AS2 Strategieprozess planen: the seven key components and the process plan."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from dialogs.parsing import end_month, start_month
from dialogs.records import Answer, Member, Team
from dialogs.results.base import Authors, Result, entry, label_of, latest, select, text
from dialogs.steps.as2 import COMPONENTS, LANES

STEP = "as2"

Phase = Literal["vorbei", "läuft", "geplant"]


class Component(Result):
    """One key component of the strategy; ``status`` None = not yet assessed."""

    key: str
    name: str
    covers: str
    status: str | None
    note: str | None


class PlanItem(Result):
    """One entry of the process plan.

    ``start``/``end`` are the dates as entered (normalised: ``2026-03``, ``2026-Q2``, ``2026``;
    a missing end is the start); ``first_month``/``last_month`` the months they cover
    (``YYYY-MM``), None if the entry has no usable start.
    """

    title: str
    lane: str | None
    start: str | None
    end: str | None
    first_month: str | None
    last_month: str | None
    responsible: str | None
    author: str | None
    phase: Phase | None  # relative to ``today`` of the result

    @property
    def single(self) -> bool:
        """A one-month event (a date rather than a period)."""
        return self.first_month is not None and self.first_month == self.last_month


class ProcessPlanResult(Result):
    """AS2: components, steering and participation, and the plan sorted by time."""

    municipality: str
    today: str  # YYYY-MM
    components: tuple[Component, ...]
    steering: str | None
    participation: str | None
    entries: tuple[PlanItem, ...]  # sorted by start, end, lane, title; undated last
    first_month: str | None  # span of the whole plan
    last_month: str | None
    contributors: tuple[str, ...]

    @property
    def assessed(self) -> int:
        return sum(1 for c in self.components if c.status is not None)

    @property
    def dated(self) -> tuple[PlanItem, ...]:
        return tuple(e for e in self.entries if e.first_month is not None)

    @property
    def lanes(self) -> tuple[str, ...]:
        """Lanes in use: the fixed order first, then own ones in order of appearance."""
        used = [e.lane for e in self.entries if e.lane]
        return tuple(
            [lane for lane in LANES if lane in used]
            + list(dict.fromkeys(lane for lane in used if lane not in LANES))
        )


_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?|-Q[1-4])?")


def _is_date(value: str | None) -> bool:
    """A normalised date as the date prompt stores it (``2026``, ``2026-Q2``, ``2026-03``)."""
    return value is not None and _DATE.fullmatch(value) is not None


def _months(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """First and last month covered; a missing or unreadable end counts as the start."""
    if start is None or not _is_date(start):
        return None, None
    end = end if end is not None and _is_date(end) else start
    # An end typed before the start: the entry covers both dates.
    return min(start_month(start), start_month(end)), max(end_month(start), end_month(end))


def _phase(first: str | None, last: str | None, today: str) -> Phase | None:
    if first is None or last is None:
        return None
    if last < today:
        return "vorbei"
    return "läuft" if first <= today else "geplant"


def _lane_rank(lane: str | None) -> int:
    return LANES.index(lane) if lane in LANES else len(LANES)


def process_plan(
    team: Team, answers: list[Answer], members: list[Member], today: date
) -> ProcessPlanResult:
    """Assemble AS2's results; ``today`` places every entry as past, running or planned."""
    authors = Authors(members)
    step = [a for a in answers if a.step == STEP]
    now = f"{today.year:04d}-{today.month:02d}"
    components = []
    for key, (name, covers) in COMPONENTS.items():
        value = latest(step, STEP, f"component_{key}")
        components.append(
            Component(
                key=key,
                name=name,
                covers=covers,
                status=entry(value, "status"),
                note=entry(value, "note"),
            )
        )
    items = []
    for answer in select(step, STEP, "plan"):
        start = entry(answer.value, "start")
        end = entry(answer.value, "end") or start
        first, last = _months(start, end)
        items.append(
            PlanItem(
                title=label_of(answer.value, "title"),
                lane=entry(answer.value, "lane"),
                start=start,
                end=end,
                first_month=first,
                last_month=last,
                responsible=entry(answer.value, "responsible"),
                author=authors.of(answer),
                phase=_phase(first, last, now),
            )
        )
    items.sort(
        key=lambda e: (
            e.first_month is None,
            e.first_month or "",
            e.last_month or "",
            _lane_rank(e.lane),
            e.title.casefold(),
        )
    )
    firsts = [e.first_month for e in items if e.first_month]
    lasts = [e.last_month for e in items if e.last_month]
    return ProcessPlanResult(
        municipality=team.municipality,
        today=now,
        components=tuple(components),
        steering=text(latest(step, STEP, "steering")),
        participation=text(latest(step, STEP, "participation")),
        entries=tuple(items),
        first_month=min(firsts, default=None),
        last_month=max(lasts, default=None),
        contributors=authors.contributors(step),
    )
