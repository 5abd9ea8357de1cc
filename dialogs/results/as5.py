"""AS5 Projektideen entwickeln: idea cards, dot votes by stakeholder group, shortlist, sketches.

Votes are stored per member as ``{idea title: dots}``; each member counts for their stakeholder
group. Besides the plain totals the result carries a *balanced* share per idea in which every
group that voted weighs the same (the rule of the dot-vote chart): per group, an idea's share is
its dots from that group divided by all dots of that group; the balanced share is the mean of
these shares over the groups that voted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dialogs.catalog import UNASSIGNED_FIELD
from dialogs.practice import PracticeExample, examples_for
from dialogs.records import STAKEHOLDER_GROUPS, Answer, Member, Team
from dialogs.results.as3 import team_fields
from dialogs.results.base import Authors, Result, entry, label_of, latest, select, text

STEP = "as5"
#: Stakeholder group of votes whose author is not (or no longer) a member.
UNKNOWN_GROUP = "Ohne Angabe"
#: A group holding more than this share of all dots dominated the vote.
DOMINANCE = 0.5


class GroupDots(Result):
    group: str
    dots: int


class Idea(Result):
    """An idea card with its dots. ``author_group`` is None once the author deleted their data
    (or for an anonymous card, like ``author``)."""

    title: str
    field: str | None
    idea: str | None
    goal: str | None
    partners: tuple[str, ...]
    author: str | None
    author_group: str | None
    dots: int
    by_group: tuple[GroupDots, ...]  # groups that gave dots, in the result's group order
    share: float  # of all dots, 0..1
    balanced: float  # every voting group weighs the same, 0..1
    rank: int | None  # competition rank by dots (1, 2, 2, 4); None without dots
    balanced_rank: int | None  # the same by balanced share


class FieldCount(Result):
    field: str
    ideas: int


class ShortlistEntry(Result):
    title: str
    dots: int | None  # None: no idea card of that title (any longer)
    sketched: bool


class Sketch(Result):
    """A project sketch (one document page); None = not yet answered.

    ``field`` comes from the idea card of the same title; ``role`` is the municipality's role as
    set in the project matrix of AS7 (None until then).
    """

    title: str
    field: str | None
    from_idea: bool
    objective: str | None
    target_groups: str | None
    result: str | None
    lead: str | None
    participants: tuple[str, ...]
    responsibilities: str | None
    start: str | None
    end: str | None
    steps: str | None
    location: str | None
    effects: str | None
    success: str | None
    cost: float | None
    followup_cost: float | None
    funding: tuple[str, ...]
    open_questions: str | None
    status: str | None
    role: str | None
    author: str | None


class ProjectIdeasResult(Result):
    """AS5: ideas with their dots, the balance of groups and fields, shortlist and sketches."""

    municipality: str
    town_type: str
    ideas: tuple[Idea, ...]  # in the order they were added
    groups: tuple[str, ...]  # stakeholder groups that voted: the standard order, then others
    group_totals: tuple[GroupDots, ...]  # one per voting group
    total_dots: int
    voters: tuple[str, ...]  # who voted, by name (deleted people left out)
    voter_count: int  # including people who deleted their data
    dominant_group: str | None  # a group with more than half of all dots
    unmatched_dots: int  # dots on titles that are no longer in the list
    fields: tuple[FieldCount, ...]  # ideas per field of action, ideas without a field last
    shortlist: tuple[ShortlistEntry, ...] | None  # None: not yet decided
    sketches: tuple[Sketch, ...]
    examples: tuple[PracticeExample, ...]  # matching the town type and the fields
    contributors: tuple[str, ...]

    @property
    def by_votes(self) -> tuple[Idea, ...]:
        """Ideas with the most dots first (ties keep their order)."""
        return tuple(sorted(self.ideas, key=lambda i: -i.dots))

    @property
    def by_balance(self) -> tuple[Idea, ...]:
        return tuple(sorted(self.ideas, key=lambda i: -i.balanced))

    @property
    def rank_changes(self) -> tuple[Idea, ...]:
        """Voted ideas whose balanced rank differs from their rank by dots."""
        return tuple(i for i in self.by_votes if i.dots and i.rank != i.balanced_rank)

    def group_share(self, group: GroupDots) -> float:
        return group.dots / self.total_dots if self.total_dots else 0.0


def balanced_shares(votes: list[dict[str, int]]) -> list[float]:
    """Balanced share of every idea (0..1, together 1) from its dots per group.

    Per group, an idea's share is its dots from that group divided by all dots of that group;
    the balanced share is the mean over the groups that gave at least one dot. Without any dots
    every share is 0.
    """
    totals: dict[str, int] = {}
    for by_group in votes:
        for group, dots in by_group.items():
            totals[group] = totals.get(group, 0) + dots
    voting = [g for g, n in totals.items() if n > 0]
    if not voting:
        return [0.0 for _ in votes]
    return [sum(v.get(g, 0) / totals[g] for g in voting) / len(voting) for v in votes]


def competition_ranks(values: list[float]) -> list[int | None]:
    """Ranks "1, 2, 2, 4" with the highest value first; None for values of zero."""
    rounded = [round(v, 9) for v in values]
    return [1 + sum(1 for o in rounded if o > v) if v > 0 else None for v in rounded]


def group_order(groups: Iterable[str]) -> list[str]:
    """The standard stakeholder groups first (in their order), then the others as they came."""
    present = list(dict.fromkeys(groups))
    return [g for g in STAKEHOLDER_GROUPS if g in present] + [
        g for g in present if g not in STAKEHOLDER_GROUPS
    ]


def amount(value: Any) -> float | None:
    """A stored number as float; None for nothing (or a yes/no)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _labels(value: Any) -> tuple[str, ...]:
    """A stored multi-choice value as a tuple of non-blank labels."""
    if not isinstance(value, list | tuple):
        return ()
    return tuple(t for v in value if (t := text(v)))


def sketch_title(value: Any) -> str:
    """The name of a sketch: the idea it elaborates (its first field)."""
    return label_of(value, "idea")


def idea_fields(answers: Iterable[Answer]) -> dict[str, str]:
    """Field of action of every idea title (the first card of a title wins)."""
    found: dict[str, str] = {}
    for item in select(answers, STEP, "ideas"):
        title = label_of(item.value, "title")
        field = entry(item.value, "field")
        if title and field and title not in found:
            found[title] = field
    return found


@dataclass(frozen=True)
class DotTally:
    """The dot votes counted once, for the live status and the summary alike.

    ``per_title``: dots per idea title and stakeholder group; ``unmatched``: dots on titles that
    are no longer in the list (they count for nobody's total); ``voters``: the author of every
    vote with at least one dot."""

    per_title: dict[str, dict[str, int]]
    unmatched: int
    voters: tuple[int | None, ...]

    def dots(self, title: str) -> int:
        return sum(self.per_title.get(title, {}).values())

    @property
    def total(self) -> int:
        """All dots on ideas still in the list."""
        return sum(sum(groups.values()) for groups in self.per_title.values())


def tally_dots(answers: list[Answer], members: list[Member], titles: set[str]) -> DotTally:
    """Count the current AS5 votes (live and private) on the ideas named ``titles``."""
    group_of = {m.id: m.stakeholder_group for m in members}
    per_title: dict[str, dict[str, int]] = {}
    unmatched = 0
    voters: list[int | None] = []
    for vote in select(answers, STEP, "votes"):
        if not isinstance(vote.value, dict):
            continue
        group = group_of.get(vote.author_id, UNKNOWN_GROUP) if vote.author_id else UNKNOWN_GROUP
        gave = False
        for title, dots in vote.value.items():
            if isinstance(dots, bool) or not isinstance(dots, int) or dots <= 0:
                continue
            gave = True
            if title not in titles:
                unmatched += dots
                continue
            by_group = per_title.setdefault(title, {})
            by_group[group] = by_group.get(group, 0) + dots
        if gave:
            voters.append(vote.author_id)
    return DotTally(per_title, unmatched, tuple(voters))


def _sketch(
    item: Answer,
    answers: list[Answer],
    titles: set[str],
    fields: dict[str, str],
    authors: Authors,
) -> Sketch:
    value = item.value if isinstance(item.value, dict) else {}
    title = sketch_title(item.value)
    matrix = latest(answers, "as7", "matrix", item.id)
    return Sketch(
        title=title,
        field=fields.get(title),
        from_idea=title in titles,
        objective=entry(value, "objective"),
        target_groups=entry(value, "target_groups"),
        result=entry(value, "result"),
        lead=entry(value, "lead"),
        participants=_labels(value.get("participants")),
        responsibilities=entry(value, "responsibilities"),
        start=entry(value, "start"),
        end=entry(value, "end"),
        steps=entry(value, "steps"),
        location=entry(value, "location"),
        effects=entry(value, "effects"),
        success=entry(value, "success"),
        cost=amount(value.get("cost")),
        followup_cost=amount(value.get("followup_cost")),
        funding=_labels(value.get("funding")),
        open_questions=entry(value, "open_questions"),
        status=entry(value, "status"),
        role=entry(matrix, "role"),
        author=authors.of(item),
    )


def project_ideas(team: Team, answers: list[Answer], members: list[Member]) -> ProjectIdeasResult:
    """Assemble AS5's results from the current answers of the team."""
    authors = Authors(members)
    step = [a for a in answers if a.step == STEP]
    cards = select(step, STEP, "ideas")
    titles = [label_of(c.value, "title") for c in cards]
    first_of = {t: i for i, t in reversed(list(enumerate(titles)))}
    tally = tally_dots(step, members, set(titles))
    # Dots of a title belong to its first card (titles name the cards on the voting buttons).
    votes = [tally.per_title.get(t, {}) if first_of[t] == i else {} for i, t in enumerate(titles)]
    groups = group_order(g for v in votes for g in v)
    totals = [GroupDots(group=g, dots=sum(v.get(g, 0) for v in votes)) for g in groups]
    total = sum(t.dots for t in totals)
    balanced = balanced_shares(votes)
    dots = [sum(v.values()) for v in votes]
    ranks = competition_ranks([float(d) for d in dots])
    balanced_ranks = competition_ranks(balanced)
    group_of = {m.id: m.stakeholder_group for m in members if m.user_id is not None}

    ideas = []
    for i, card in enumerate(cards):
        value = card.value if isinstance(card.value, dict) else {}
        ideas.append(
            Idea(
                title=titles[i],
                field=entry(value, "field"),
                idea=entry(value, "idea"),
                goal=entry(value, "goal"),
                partners=_labels(value.get("partners")),
                author=authors.of(card),
                author_group=None if card.anonymous else group_of.get(card.author_id or -1),
                dots=dots[i],
                by_group=tuple(
                    GroupDots(group=g, dots=votes[i][g]) for g in groups if g in votes[i]
                ),
                share=dots[i] / total if total else 0.0,
                balanced=balanced[i],
                rank=ranks[i],
                balanced_rank=balanced_ranks[i],
            )
        )

    counts: dict[str, int] = {}
    for idea in ideas:
        name = idea.field or UNASSIGNED_FIELD
        counts[name] = counts.get(name, 0) + 1
    known = [f for f in team_fields(answers) if f in counts]
    order = [*known, *(f for f in counts if f not in known and f != UNASSIGNED_FIELD)]
    if UNASSIGNED_FIELD in counts:
        order.append(UNASSIGNED_FIELD)

    fields = idea_fields(step)
    sketches = tuple(
        _sketch(s, answers, set(titles), fields, authors) for s in select(step, STEP, "sketches")
    )
    sketched = {s.title for s in sketches}
    chosen = latest(step, STEP, "shortlist")
    shortlist = None
    if isinstance(chosen, list):
        shortlist = tuple(
            ShortlistEntry(
                title=t,
                dots=dots[first_of[t]] if t in first_of else None,
                sketched=t in sketched,
            )
            for t in _labels(chosen)
        )

    dominant = next((t.group for t in totals if total and t.dots / total > DOMINANCE), None)
    wanted_fields = [*team_fields(answers), *(i.field for i in ideas if i.field)]
    return ProjectIdeasResult(
        municipality=team.municipality,
        town_type=team.town_type,
        ideas=tuple(ideas),
        groups=tuple(groups),
        group_totals=tuple(totals),
        total_dots=total,
        voters=tuple(sorted({n for v in tally.voters if (n := authors.name(v)) is not None})),
        voter_count=len(tally.voters),
        dominant_group=dominant,
        unmatched_dots=tally.unmatched,
        fields=tuple(FieldCount(field=f, ideas=counts[f]) for f in order),
        shortlist=shortlist,
        sketches=sketches,
        examples=examples_for(team.town_type, dict.fromkeys(wanted_fields)),
        contributors=authors.contributors(step),
    )
