"""When an indicator's next measurement is due (AS9): a pure function of answers and today."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dialogs import parsing
from dialogs.records import Answer
from dialogs.steps.as9 import INTERVAL_MONTHS


@dataclass(frozen=True)
class DueMeasurement:
    """One indicator whose next measurement is due, and who enters it."""

    indicator_id: int
    name: str
    responsible: str
    due: date


def first_day(value: str) -> date:
    """The first day of a normalised date (``2027``, ``2027-Q2``, ``2027-03``, ``2027-03-15``)."""
    if len(value) == 10:
        return date.fromisoformat(value)
    year, month = parsing.start_month(value).split("-")
    return date(int(year), int(month), 1)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months (the day is clamped to 28 to stay valid)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


def _key(name: object) -> str:
    return " ".join(str(name).split()).casefold()


def due_measurements(answers: Iterable[Answer], today: date) -> list[DueMeasurement]:
    """Indicators with an interval and a responsible person whose last value (a measurement,
    else the baseline) is at least one interval old."""
    answers = [a for a in answers if a.step == "as9"]
    measured: dict[str, list[str]] = {}
    for answer in answers:
        if answer.prompt == "measurements" and isinstance(answer.value, dict):
            when = answer.value.get("date")
            if when:
                measured.setdefault(_key(answer.value.get("indicator")), []).append(when)
    due: list[DueMeasurement] = []
    for answer in answers:
        if answer.prompt != "indicators" or not isinstance(answer.value, dict):
            continue
        value = answer.value
        months = INTERVAL_MONTHS.get(value.get("interval") or "")
        if not months or not value.get("responsible"):
            continue
        dates = [*measured.get(_key(value.get("name")), []), value.get("baseline_date")]
        known = [first_day(d) for d in dates if d]
        if not known:
            continue
        next_due = add_months(max(known), months)
        if next_due <= today:
            due.append(
                DueMeasurement(answer.id, str(value["name"]), value["responsible"], next_due)
            )
    return due
