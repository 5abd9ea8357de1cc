"""AS7 Projekte auswählen und priorisieren: weighted ranking, project matrix and roadmap.

Ranking rule (shown in the summary):

* A member's *weighted score* of a project is Σ weight × score / Σ weight over the criteria they
  scored whose weight is above 0 (scores 1–5, weights 0–3), so it stays on the 1–5 scale.
* The project's weighted score is the mean over the members who scored at least one such
  criterion; without weights there is no weighted score (the summary says so).
* The *risk penalty* is the mean risk score (likelihood × impact, 1–25) of the project's rated
  risks in AS6 divided by 25 – at most one point; a project without rated risks loses nothing.
* Final score = weighted score − risk penalty; projects are ranked by it, highest first.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from dialogs.errors import InvalidAnswer
from dialogs.parsing import (
    MONTHS,
    end_month,
    format_date,
    format_german_number,
    parse_date,
    start_month,
)
from dialogs.prompts import DatePrompt, Granularity
from dialogs.records import Answer, Member, Team
from dialogs.results.as5 import STEP as AS5
from dialogs.results.as5 import amount, idea_fields, sketch_title
from dialogs.results.as6 import project_risks, risk_assessment
from dialogs.results.base import Authors, Result, entry, label_of, latest, select, text
from dialogs.steps.as7 import CRITERIA, GREEN, HORIZONS, LIGHTS

STEP = "as7"
#: The mean risk score is divided by this to give the penalty (so it is at most 1 point).
RISK_DIVISOR = 25
PENALTY_RULE = (
    "Gewichtetes Mittel = Mittel über alle Bewertenden von Σ Gewicht × Einstufung (1–5) / "
    "Σ Gewicht (Kriterien mit Gewicht 0 zählen nicht); die Bewertung ist dieses Mittel abzüglich "
    "des Risikoabzugs aus AS6: "
    f"mittlere Risikobewertung (W × A) der Projektrisiken geteilt durch {RISK_DIVISOR}."
)

Light = Literal["gruen", "gelb", "rot"]
Horizon = Literal["kurz", "mittel", "lang"]
LIGHT_KEYS: dict[str, Light] = dict(zip(LIGHTS, ("gruen", "gelb", "rot"), strict=True))
HORIZON_KEYS: dict[str, Horizon] = dict(zip(HORIZONS, ("kurz", "mittel", "lang"), strict=True))


# --------------------------------------------------------------------------- green projects


def sketches(answers: list[Answer]) -> list[Answer]:
    """The project sketches of AS5, in the order they were added."""
    return select(answers, AS5, "sketches")


def light_of(answers: list[Answer], sketch: Answer) -> str | None:
    """The traffic light label set for a sketch in the project matrix, or None."""
    return entry(latest(answers, STEP, "matrix", sketch.id), "light")


def green_sketches(answers: list[Answer]) -> list[Answer]:
    """Sketches whose current traffic light is green (to be implemented)."""
    return [s for s in sketches(answers) if light_of(answers, s) == GREEN]


# --------------------------------------------------------------------------- milestones

_ANY_DATE = DatePrompt(
    key="milestone",
    question="Meilenstein?",
    help="Datum eines Meilensteins.",
    accepts=tuple(Granularity),
)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = (
    r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{1,2}(?:-\d{1,2})?|\d{1,2}\s*[/.-]\s*\d{4}"
    rf"|q\s*[1-4]\s*/?\s*\d{{4}}|[1-4]\.?\s*quartal\s*\d{{4}}|(?:{_MONTH_NAMES})\.?\s*\d{{4}}|\d{{4}}"
)
_LEADING = re.compile(
    rf"(?P<date>{_DATE})(?![\d/.-]\d)\s*[:–—-]?\s*(?P<title>.*)", re.DOTALL | re.IGNORECASE
)
_TRAILING = re.compile(
    rf"(?P<title>.*?)[\s:–—(-]*(?:(?:bis|im|in|ab|zum|zur|am)\s+)?(?P<date>{_DATE})\)?",
    re.DOTALL | re.IGNORECASE,
)
_SPLIT = re.compile(
    r"[;\n]|,\s*(?=\d{1,2}\s*[/.]\s*\d|\d{4}\b|[qQ]\s*[1-4])|(?<=\d{4}),|(?<=\d{4}\)),"
)
_INSIDE = re.compile(rf"(?<![\w/.-])(?P<date>{_DATE})(?![\w/.-])", re.IGNORECASE)


class Milestone(Result):
    title: str
    date: str  # normalised as the date prompt stores it (2027-06, 2027-Q2, 2027)
    month: str  # first month it covers, YYYY-MM


def _date(raw: str) -> str | None:
    try:
        return parse_date(_ANY_DATE, raw)
    except InvalidAnswer:
        return None


def parse_milestones(raw: str | None) -> tuple[tuple[Milestone, ...], tuple[str, ...]]:
    """Milestones from „06/2027 Prototyp; 01/2028 Start“ and the parts without a readable date.

    Parts are separated by semicolons or line breaks (or a comma before a date); the date may
    stand before or after the title. A date alone is the milestone „Meilenstein“.
    """
    found: list[Milestone] = []
    unreadable: list[str] = []
    for part in _SPLIT.split(raw or ""):
        part = " ".join(part.split()).strip(" ,.")
        if not part:
            continue
        read = None
        for pattern in (_LEADING, _TRAILING):
            match = pattern.fullmatch(part)
            if match and (value := _date(match["date"])):
                read = (match["title"].strip(" :–—-()"), value)
                break
        if read is None:
            for match in _INSIDE.finditer(part):
                if value := _date(match["date"]):
                    rest = part[: match.start()] + " " + part[match.end() :]
                    read = (" ".join(rest.replace("()", " ").split()).strip(" :–—-"), value)
                    break
        if read is None:
            unreadable.append(part)
            continue
        title, value = read
        found.append(Milestone(title=title or "Meilenstein", date=value, month=start_month(value)))
    found.sort(key=lambda m: m.month)
    return tuple(found), tuple(unreadable)


# --------------------------------------------------------------------------- result


class CriterionWeight(Result):
    key: str
    label: str
    weight: int | None  # None: not yet weighted


class CriterionScore(Result):
    key: str
    label: str
    mean: float | None  # mean of the members' scores; None: nobody scored it


class RoadmapEntry(Result):
    """When a green project runs; ``first_month``/``last_month`` None if the start is unknown."""

    start: str | None
    end: str | None
    first_month: str | None
    last_month: str | None
    milestones: tuple[Milestone, ...]
    unreadable: tuple[str, ...]  # milestone parts without a readable date
    depends_on: tuple[str, ...]  # titles of other sketches
    partners: str | None


class RoadmapWarning(Result):
    """A contradiction in the roadmap of a green project, said in German (``text``).

    ``milestone``: index of a milestone outside the project's time; ``prerequisite``: key of a
    project it builds on that ends only after it has started (the arrow runs backwards).
    """

    project: str  # key of the project
    text: str
    milestone: int | None = None
    prerequisite: str | None = None


class RankedProject(Result):
    """A project sketch as assessed in AS7; None = not yet answered."""

    key: str  # stable id of the sketch, e.g. "p12"
    title: str
    field: str | None
    description: str | None
    criteria: tuple[CriterionScore, ...]
    raters: int  # members whose scores count
    weighted: float | None
    risk_score: float | None  # mean AS6 score of the project's rated risks
    risk_count: int  # rated risks of the project
    penalty: float
    score: float | None  # weighted − penalty
    rank: int | None
    role: str | None
    horizon: str | None
    light: str | None  # label as chosen
    cost: float | None
    followup_cost: float | None
    participants: tuple[str, ...]
    roadmap: RoadmapEntry | None  # only for green projects

    @property
    def light_key(self) -> Light | None:
        return LIGHT_KEYS.get(self.light) if self.light else None

    @property
    def horizon_key(self) -> Horizon | None:
        return HORIZON_KEYS.get(self.horizon) if self.horizon else None

    @property
    def green(self) -> bool:
        return self.light == GREEN

    @property
    def costs(self) -> str | None:
        """„45.000 € + 5.000 €/Jahr“; None without any cost estimate."""
        parts = []
        if self.cost is not None:
            parts.append(f"{format_german_number(self.cost)} €")
        if self.followup_cost is not None:
            parts.append(f"{format_german_number(self.followup_cost)} €/Jahr")
        return " + ".join(parts) or None


class ProjectSelectionResult(Result):
    """AS7: weights, ranking (best first, unranked last), matrix and roadmap."""

    municipality: str
    today: str  # YYYY-MM
    weights: tuple[CriterionWeight, ...]
    projects: tuple[RankedProject, ...]
    open_source: str | None
    rule: str
    contributors: tuple[str, ...]

    @property
    def weights_set(self) -> bool:
        return any(w.weight is not None for w in self.weights)

    @property
    def used_weights(self) -> tuple[CriterionWeight, ...]:
        return tuple(w for w in self.weights if w.weight)

    @property
    def green(self) -> tuple[RankedProject, ...]:
        return tuple(p for p in self.projects if p.green)

    @property
    def scored_criteria(self) -> tuple[str, ...]:
        """Keys of the criteria that count (weight above 0) or that someone scored."""
        scored = {c.key for p in self.projects for c in p.criteria if c.mean is not None}
        return tuple(w.key for w in self.weights if w.weight or w.key in scored)

    @property
    def on_roadmap(self) -> tuple[RankedProject, ...]:
        """Green projects with a readable start, by start month."""
        dated = [
            (p.roadmap.first_month, p) for p in self.green if p.roadmap and p.roadmap.first_month
        ]
        return tuple(p for _, p in sorted(dated, key=lambda pair: pair[0]))

    @property
    def roadmap_warnings(self) -> tuple[RoadmapWarning, ...]:
        """Milestones outside their project's time and dependencies that run backwards in
        time (the project starts before the one it builds on ends), in roadmap order."""
        shown = self.on_roadmap
        by_title = {p.title: p for p in shown}
        found: list[RoadmapWarning] = []
        for p in shown:
            entry = p.roadmap
            assert entry is not None and entry.first_month and entry.last_month
            for i, ms in enumerate(entry.milestones):
                if ms.month < entry.first_month:
                    where = f"vor dem Projektstart ({format_date(entry.first_month)})"
                elif ms.month > entry.last_month:
                    where = f"nach dem Projektende ({format_date(entry.last_month)})"
                else:
                    continue
                found.append(
                    RoadmapWarning(
                        project=p.key,
                        milestone=i,
                        text=f"„{p.title}“: Der Meilenstein „{ms.title}“ "
                        f"({format_date(ms.date)}) liegt {where}.",
                    )
                )
            for title in dict.fromkeys(entry.depends_on):
                before = by_title.get(title)
                if before is None or before is p:
                    continue
                assert before.roadmap is not None and before.roadmap.last_month
                if entry.first_month <= before.roadmap.last_month:
                    found.append(
                        RoadmapWarning(
                            project=p.key,
                            prerequisite=before.key,
                            text=f"„{p.title}“ baut auf „{title}“ auf, beginnt aber "
                            f"({format_date(entry.first_month)}), bevor „{title}“ endet "
                            f"({format_date(before.roadmap.last_month)}).",
                        )
                    )
        return tuple(found)


def _weights(answers: list[Answer]) -> dict[str, int]:
    value = latest(answers, STEP, "weights")
    if not isinstance(value, dict):
        return {}
    return {
        k: v
        for k, v in value.items()
        if k in CRITERIA and isinstance(v, int) and not isinstance(v, bool)
    }


def _score(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    return None


def weighted_score(weights: dict[str, int], scores: list[dict[str, Any]]) -> float | None:
    """Mean over members of Σ weight × score / Σ weight (criteria with weight > 0 they scored)."""
    per_member = []
    for given in scores:
        pairs = [(w, s) for key, w in weights.items() if w > 0 and (s := _score(given.get(key)))]
        total = sum(w for w, _ in pairs)
        if total:
            per_member.append(sum(w * s for w, s in pairs) / total)
    return sum(per_member) / len(per_member) if per_member else None


def _months(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """First and last month covered; a missing end counts as the start, a swapped pair is
    turned round."""
    valid = re.compile(r"\d{4}(-\d{2}(-\d{2})?|-Q[1-4])?")
    if start is None or not valid.fullmatch(start):
        return None, None
    end = end if end is not None and valid.fullmatch(end) else start
    return min(start_month(start), start_month(end)), max(end_month(start), end_month(end))


def _roadmap(value: Any) -> RoadmapEntry | None:
    if not isinstance(value, dict):
        return None
    start, end = entry(value, "start"), entry(value, "end")
    first, last = _months(start, end)
    milestones, unreadable = parse_milestones(entry(value, "milestones"))
    depends = value.get("depends_on")
    return RoadmapEntry(
        start=start,
        end=end,
        first_month=first,
        last_month=last,
        milestones=milestones,
        unreadable=unreadable,
        depends_on=tuple(t for v in depends if (t := text(v)))
        if isinstance(depends, list)
        else (),
        partners=entry(value, "partners"),
    )


def _ranks(scores: list[float | None]) -> list[int | None]:
    known = [round(s, 9) for s in scores if s is not None]
    return [None if s is None else 1 + sum(1 for o in known if o > round(s, 9)) for s in scores]


def project_selection(
    team: Team, answers: list[Answer], members: list[Member], today: date
) -> ProjectSelectionResult:
    """Assemble AS7's results; ``today`` marks the present on the roadmap."""
    authors = Authors(members)
    step = [a for a in answers if a.step == STEP]
    weights = _weights(step)
    risks = risk_assessment(team, answers, members).risks
    fields = idea_fields(answers)
    ideas = {
        label_of(a.value, "title"): entry(a.value, "idea") for a in select(answers, AS5, "ideas")
    }
    projects = []
    for sketch in sketches(answers):
        value = sketch.value if isinstance(sketch.value, dict) else {}
        title = sketch_title(sketch.value)
        given = [a.value for a in select(step, STEP, "scores", sketch.id)]
        given = [g for g in given if isinstance(g, dict)]
        weighted = weighted_score(weights, given)
        raters = sum(1 for g in given if weighted_score(weights, [g]) is not None)
        rated = [r.score for r in project_risks(risks, title) if r.score is not None]
        risk_score = sum(rated) / len(rated) if rated else None
        penalty = risk_score / RISK_DIVISOR if risk_score is not None else 0.0
        matrix = latest(step, STEP, "matrix", sketch.id)
        light = entry(matrix, "light")
        criteria = []
        for key, label in CRITERIA.items():
            values = [s for g in given if (s := _score(g.get(key)))]
            criteria.append(
                CriterionScore(
                    key=key, label=label, mean=sum(values) / len(values) if values else None
                )
            )
        participants = value.get("participants")
        projects.append(
            RankedProject(
                key=f"p{sketch.id}",
                title=title,
                field=fields.get(title),
                description=ideas.get(title) or entry(value, "objective"),
                criteria=tuple(criteria),
                raters=raters,
                weighted=weighted,
                risk_score=risk_score,
                risk_count=len(rated),
                penalty=penalty,
                score=weighted - penalty if weighted is not None else None,
                rank=None,
                role=entry(matrix, "role"),
                horizon=entry(matrix, "horizon"),
                light=light,
                cost=amount(value.get("cost")),
                followup_cost=amount(value.get("followup_cost")),
                participants=tuple(t for p in participants if (t := text(p)))
                if isinstance(participants, list)
                else (),
                roadmap=_roadmap(latest(step, STEP, "roadmap", sketch.id))
                if light == GREEN
                else None,
            )
        )
    ranks = _ranks([p.score for p in projects])
    projects = [p.model_copy(update={"rank": r}) for p, r in zip(projects, ranks, strict=True)]
    projects.sort(key=lambda p: (p.score is None, -(p.score or 0.0)))
    return ProjectSelectionResult(
        municipality=team.municipality,
        today=f"{today.year:04d}-{today.month:02d}",
        weights=tuple(
            CriterionWeight(key=k, label=label, weight=weights.get(k))
            for k, label in CRITERIA.items()
        ),
        projects=tuple(projects),
        open_source=text(latest(step, STEP, "open_source")),
        rule=PENALTY_RULE,
        contributors=authors.contributors(step),
    )
