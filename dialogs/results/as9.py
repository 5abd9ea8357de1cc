"""AS9 Evaluation durchführen: prerequisites, impact model and monitoring per green project,
indicators with baseline, target and measurements.

Indicators of an impact stage are written in brackets after its text („Mehr Anfragen (Anfragen
pro Monat)“); they are read from there. Measurements belong to the indicator of the same name
(ignoring case and spaces). The monitoring status of a project is the latest report of any
member, with its date and reporter.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from dialogs.parsing import end_month, start_month
from dialogs.records import Answer, Member, Team
from dialogs.results.as5 import amount, idea_fields, sketch_title
from dialogs.results.as7 import green_sketches
from dialogs.results.base import Authors, Result, entry, label_of, latest, select, text
from dialogs.steps.as9 import STATUSES

STEP = "as9"

StageKey = Literal["input", "output", "outcome", "impact"]
STAGES: dict[StageKey, str] = {
    "input": "Input",
    "output": "Output",
    "outcome": "Outcome",
    "impact": "Impact",
}
StatusKey = Literal["nicht_im_plan", "teilweise", "weitgehend", "erreicht"]
STATUS_KEYS: dict[str, StatusKey] = dict(
    zip(STATUSES, ("nicht_im_plan", "teilweise", "weitgehend", "erreicht"), strict=True)
)

_BRACKETS = re.compile(r"\(([^()]*)\)")
_INDICATOR_PREFIX = re.compile(r"^\s*indikator(en)?\s*:\s*", re.IGNORECASE)


def split_indicators(value: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The statement without its bracketed indicators, and the indicators.

    „45.000 € (Ausgaben, Personentage)“ → („45.000 €“, („Ausgaben“, „Personentage“)). Commas
    inside numbers (12,5) do not split.
    """
    if value is None:
        return None, ()
    found: list[str] = []
    for group in _BRACKETS.findall(value):
        for part in re.split(r";|,\s+", _INDICATOR_PREFIX.sub("", group)):
            if part := part.strip(" .:"):
                found.append(part)
    statement = " ".join(_BRACKETS.sub(" ", value).split()).strip(" ,;")
    return statement or None, tuple(dict.fromkeys(found))


class ImpactStage(Result):
    key: StageKey
    label: str
    text: str | None  # as written; None = not yet answered
    statement: str | None  # the text without the bracketed indicators
    indicators: tuple[str, ...]


class ImpactChain(Result):
    stages: tuple[ImpactStage, ...]  # input, output, outcome, impact
    dimensions: tuple[str, ...] | None  # None: not yet chosen

    def stage(self, key: StageKey) -> ImpactStage:
        return next(s for s in self.stages if s.key == key)


class StatusReport(Result):
    status: str
    reporter: str | None
    date: str  # YYYY-MM-DD of the report


class EvaluatedProject(Result):
    """A green project: its impact chain (None = not yet described) and monitoring reports."""

    title: str
    field: str | None
    impact: ImpactChain | None
    reports: tuple[StatusReport, ...]  # newest first, one per member

    @property
    def latest(self) -> StatusReport | None:
        return self.reports[0] if self.reports else None

    @property
    def status_key(self) -> StatusKey | None:
        return STATUS_KEYS.get(self.reports[0].status) if self.reports else None


class MeasuredValue(Result):
    date: str  # YYYY-MM-DD or YYYY-MM
    value: float
    author: str | None


class UnmatchedMeasurement(MeasuredValue):
    indicator: str


class Indicator(Result):
    name: str
    project: str | None
    unit: str | None
    baseline: float | None
    baseline_date: str | None  # as entered (normalised)
    target: float | None
    target_date: str | None
    author: str | None
    measurements: tuple[MeasuredValue, ...]  # by date

    @property
    def latest(self) -> MeasuredValue | None:
        return self.measurements[-1] if self.measurements else None

    @property
    def progress(self) -> float | None:
        """Share of the way from baseline to target the latest value has gone (may be < 0 or
        > 1); None without baseline, target or measurement."""
        last = self.latest
        if last is None or self.baseline is None or self.target is None:
            return None
        if self.target == self.baseline:
            return None
        return (last.value - self.baseline) / (self.target - self.baseline)

    @property
    def baseline_month(self) -> str | None:
        """The baseline date as the chart takes it (a day stays, a period is its first month)."""
        return chart_date(self.baseline_date, start=True)

    @property
    def target_month(self) -> str | None:
        """The target date as the chart takes it (a period is its last month)."""
        return chart_date(self.target_date, start=False)


def chart_date(value: str | None, start: bool = True) -> str | None:
    """A normalised date as ``YYYY-MM-DD`` or ``YYYY-MM``: a day stays, a quarter or year
    becomes its first (``start``) or last month; None for nothing or anything unreadable."""
    if value is None or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?|-Q[1-4])?", value):
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    return start_month(value) if start else end_month(value)


class EvaluationResult(Result):
    """AS9: why, what and when to evaluate; green projects; indicators and measurements."""

    municipality: str
    purpose: tuple[str, ...] | None  # None: not yet answered
    object: str | None
    evaluator: str | None
    timing: tuple[str, ...] | None
    projects: tuple[EvaluatedProject, ...]
    indicators: tuple[Indicator, ...]
    unmatched: tuple[UnmatchedMeasurement, ...]  # measurements of unknown indicators
    contributors: tuple[str, ...]

    @property
    def reported(self) -> tuple[EvaluatedProject, ...]:
        return tuple(p for p in self.projects if p.reports)


def _labels(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list | tuple):
        return None
    return tuple(t for v in value if (t := text(v)))


def _chain(value: Any) -> ImpactChain | None:
    if not isinstance(value, dict):
        return None
    stages = []
    for key, label in STAGES.items():
        written = entry(value, key)
        statement, indicators = split_indicators(written)
        stages.append(
            ImpactStage(
                key=key, label=label, text=written, statement=statement, indicators=indicators
            )
        )
    return ImpactChain(stages=tuple(stages), dimensions=_labels(value.get("dimensions")))


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def evaluation(team: Team, answers: list[Answer], members: list[Member]) -> EvaluationResult:
    """Assemble AS9's results: green projects of AS7, indicators with their measurements."""
    authors = Authors(members)
    step = [a for a in answers if a.step == STEP]
    fields = idea_fields(answers)
    projects = []
    for sketch in green_sketches(answers):
        title = sketch_title(sketch.value)
        given = [a for a in select(step, STEP, "status", sketch.id) if text(a.value) is not None]
        given.sort(key=lambda a: (a.created_at, a.id), reverse=True)
        projects.append(
            EvaluatedProject(
                title=title,
                field=fields.get(title),
                impact=_chain(latest(step, STEP, "impact_model", sketch.id)),
                reports=tuple(
                    StatusReport(
                        status=str(a.value).strip(),
                        reporter=authors.of(a),
                        date=a.created_at.date().isoformat(),
                    )
                    for a in given
                ),
            )
        )

    measured: dict[str, list[MeasuredValue]] = {}
    unmatched: list[UnmatchedMeasurement] = []
    items = select(step, STEP, "indicators")
    names = {_key(label_of(i.value, "name")) for i in items}
    for answer in select(step, STEP, "measurements"):
        name, when = entry(answer.value, "indicator"), entry(answer.value, "date")
        value = amount(answer.value.get("value")) if isinstance(answer.value, dict) else None
        if name is None or when is None or value is None:
            continue
        if _key(name) in names:
            measured.setdefault(_key(name), []).append(
                MeasuredValue(date=when, value=value, author=authors.of(answer))
            )
        else:
            unmatched.append(
                UnmatchedMeasurement(
                    indicator=name, date=when, value=value, author=authors.of(answer)
                )
            )
    indicators = []
    for item in items:
        value = item.value if isinstance(item.value, dict) else {}
        name = label_of(item.value, "name")
        indicators.append(
            Indicator(
                name=name,
                project=entry(value, "project"),
                unit=entry(value, "unit"),
                baseline=amount(value.get("baseline")),
                baseline_date=entry(value, "baseline_date"),
                target=amount(value.get("target")),
                target_date=entry(value, "target_date"),
                author=authors.of(item),
                # Measurements of a repeated name go to its first indicator.
                measurements=tuple(sorted(measured.pop(_key(name), []), key=lambda m: m.date)),
            )
        )
    return EvaluationResult(
        municipality=team.municipality,
        purpose=_labels(latest(step, STEP, "purpose")),
        object=text(latest(step, STEP, "object")),
        evaluator=text(latest(step, STEP, "evaluator")),
        timing=_labels(latest(step, STEP, "timing")),
        projects=tuple(projects),
        indicators=tuple(indicators),
        unmatched=tuple(unmatched),
        contributors=authors.contributors(step),
    )
