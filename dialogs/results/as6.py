"""AS6 Risiken abschätzen: risks with their aggregated ratings, zones and safeguards.

Every member rates likelihood and impact (1–5) of each risk. The result takes the mean of each
over the members who rated it; the *score* is mean likelihood × mean impact (1–25). The *zone*
follows the risk matrix: both means are rounded half up to a cell (1–5), and the cell's product
decides – niedrig ≤ 4, mittel 5–12, hoch ≥ 15. Ratings *disagree* when they span two or more
points (max − min ≥ 2) in likelihood or impact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from dialogs.records import Answer, Member, Team
from dialogs.results.base import Authors, Result, entry, label_of, latest, select, text
from dialogs.steps.as6 import STRATEGY_LEVEL

STEP = "as6"
#: Ratings that span this many points (max − min) or more disagree.
DISAGREEMENT = 2

Zone = Literal["niedrig", "mittel", "hoch"]
ZONES: tuple[Zone, ...] = ("hoch", "mittel", "niedrig")


def cell(value: float) -> int:
    """The matrix cell of a mean rating: rounded half up, kept within 1..5."""
    return min(5, max(1, math.floor(value + 0.5 + 1e-9)))


def zone_of(likelihood: float, impact: float) -> Zone:
    """The zone of the cell the two means fall into (the rule of the risk matrix chart)."""
    product = cell(likelihood) * cell(impact)
    if product <= 4:
        return "niedrig"
    return "mittel" if product <= 12 else "hoch"


class Risk(Result):
    """A risk with its aggregated rating; ``likelihood``/``impact`` None = nobody rated it yet."""

    title: str
    category: str | None
    project: str | None  # a sketch's title or the strategy level; None = not said
    description: str | None
    author: str | None
    likelihood: float | None
    impact: float | None
    raters: int  # members who gave both ratings
    disagreement: bool
    score: float | None  # mean likelihood × mean impact
    zone: Zone | None
    reach: str | None
    duration: str | None
    level: str | None
    mitigation: str | None
    countermeasure: str | None

    @property
    def rated(self) -> bool:
        return self.score is not None

    @property
    def strategy_level(self) -> bool:
        return self.project in (None, STRATEGY_LEVEL)


class RiskAssessmentResult(Result):
    """AS6: risks sorted by score (unrated last), emergency plan and abort criteria."""

    municipality: str
    risks: tuple[Risk, ...]
    emergency_plan: str | None
    abort_criteria: str | None
    contributors: tuple[str, ...]

    @property
    def rated(self) -> tuple[Risk, ...]:
        return tuple(r for r in self.risks if r.rated)

    @property
    def unrated(self) -> tuple[Risk, ...]:
        return tuple(r for r in self.risks if not r.rated)

    @property
    def high(self) -> tuple[Risk, ...]:
        return tuple(r for r in self.risks if r.zone == "hoch")

    def in_zone(self, zone: Zone) -> tuple[Risk, ...]:
        return tuple(r for r in self.risks if r.zone == zone)


@dataclass(frozen=True)
class RatingTally:
    """The ratings of one risk counted once, for the live status and the summary alike: one
    rating (1–5) per member and dimension, the last one counts."""

    likelihoods: dict[int | None, int]
    impacts: dict[int | None, int]

    @property
    def likelihood(self) -> float | None:
        return _mean(list(self.likelihoods.values()))

    @property
    def impact(self) -> float | None:
        return _mean(list(self.impacts.values()))

    @property
    def raters(self) -> int:
        """Members who gave both ratings."""
        return len(self.likelihoods.keys() & self.impacts.keys())

    @property
    def disagreement(self) -> bool:
        spreads = (_spread(list(self.likelihoods.values())), _spread(list(self.impacts.values())))
        return max(spreads) >= DISAGREEMENT


def tally_ratings(answers: list[Answer], risk_id: int) -> RatingTally:
    """Count the current ratings (live and private) of the risk ``risk_id``."""
    return RatingTally(
        _ratings(answers, "likelihood", risk_id), _ratings(answers, "impact", risk_id)
    )


def _ratings(answers: list[Answer], prompt: str, subject: int) -> dict[int | None, int]:
    """One rating per member (the last one counts), by author id."""
    found: dict[int | None, int] = {}
    for answer in select(answers, STEP, prompt, subject):
        value = answer.value
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
            found[answer.author_id] = value
    return found


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _spread(values: list[int]) -> int:
    return max(values) - min(values) if values else 0


def project_risks(risks: tuple[Risk, ...], project: str) -> tuple[Risk, ...]:
    """The risks attached to one project (matched by title, ignoring case and spaces)."""
    key = " ".join(project.split()).casefold()
    return tuple(r for r in risks if r.project and " ".join(r.project.split()).casefold() == key)


def risk_assessment(
    team: Team, answers: list[Answer], members: list[Member]
) -> RiskAssessmentResult:
    """Assemble AS6's results: every risk rated, zoned and with its safeguards."""
    authors = Authors(members)
    step = [a for a in answers if a.step == STEP]
    risks = []
    for item in select(step, STEP, "risks"):
        tally = tally_ratings(step, item.id)
        likelihood, impact = tally.likelihood, tally.impact
        score: float | None = None
        zone: Zone | None = None
        if likelihood is not None and impact is not None:
            score, zone = likelihood * impact, zone_of(likelihood, impact)
        details = latest(step, STEP, "details", item.id)
        risks.append(
            Risk(
                title=label_of(item.value, "title"),
                category=entry(item.value, "category"),
                project=entry(item.value, "project"),
                description=entry(item.value, "description"),
                author=authors.of(item),
                likelihood=likelihood,
                impact=impact,
                raters=tally.raters,
                disagreement=tally.disagreement,
                score=score,
                zone=zone,
                reach=entry(details, "reach"),
                duration=entry(details, "duration"),
                level=entry(details, "level"),
                mitigation=entry(details, "mitigation"),
                countermeasure=text(latest(step, STEP, "countermeasure", item.id)),
            )
        )
    risks.sort(key=lambda r: (r.score is None, -(r.score or 0.0)))
    return RiskAssessmentResult(
        municipality=team.municipality,
        risks=tuple(risks),
        emergency_plan=text(latest(step, STEP, "emergency_plan")),
        abort_criteria=text(latest(step, STEP, "abort_criteria")),
        contributors=authors.contributors(step),
    )
