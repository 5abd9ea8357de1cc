"""AS1 Bestandsanalyse: concepts, questionnaire, data infrastructure, SWOT and actor map.

One result brings the five parts together; each part also has its own builder.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from dialogs.catalog import RINGS
from dialogs.parsing import format_german_number
from dialogs.prompts import NumberPrompt
from dialogs.records import Answer, Member, Team, member_label
from dialogs.results.base import (
    Authors,
    Contribution,
    Result,
    entry,
    label_of,
    latest,
    select,
    text,
    whole_number,
)
from dialogs.steps import fragebogen

KONZEPTE = "as1_konzepte"
DATEN = "as1_daten"
SWOT = "as1_swot"
AKTEURE = "as1_akteure"

RingKey = Literal["kern", "erweitert", "peripher"]

# --------------------------------------------------------------------------- concepts


class Concept(Result):
    """An existing concept with what it means for digitalisation (None = not yet answered)."""

    title: str
    kind: str | None
    year: int | None
    goals: str | None
    digital_needs: str | None
    digital_chances: str | None
    author: str | None


def concepts(answers: list[Answer], authors: Authors) -> tuple[Concept, ...]:
    found = []
    for item in select(answers, KONZEPTE, "concepts"):
        found.append(
            Concept(
                title=label_of(item.value, "title"),
                kind=entry(item.value, "kind"),
                year=whole_number(item.value.get("year"))
                if isinstance(item.value, dict)
                else None,
                goals=entry(item.value, "goals"),
                digital_needs=text(latest(answers, KONZEPTE, "digital_needs", item.id)),
                digital_chances=text(latest(answers, KONZEPTE, "digital_chances", item.id)),
                author=authors.of(item),
            )
        )
    return tuple(found)


# --------------------------------------------------------------------------- questionnaire


class QuestionAnswer(Result):
    """One person's answer to a questionnaire question, as display text."""

    text: str
    author: str | None


class QuestionSummary(Result):
    key: str  # prompt key in the answering dialog
    label: str  # short label of the selection
    question: str
    selected: bool  # False: no longer selected, but answers exist
    answers: tuple[QuestionAnswer, ...]


class QuestionGroup(Result):
    key: str
    title: str
    questions: tuple[QuestionSummary, ...]  # selected ones, then answered unselected ones

    @property
    def selected(self) -> tuple[QuestionSummary, ...]:
        return tuple(q for q in self.questions if q.selected)

    @property
    def answer_count(self) -> int:
        return sum(len(q.answers) for q in self.questions)


class GroupProgress(Result):
    group: str  # group key
    asked: int
    answered: int


#: Prompt key of the marker answer stored when a recipient reached the questionnaire's end.
FINISHED = "_finished"


class PersonCompletion(Result):
    """How far one recipient got, per question group (in the catalogue's group order).

    ``answered`` counts answers that say something (a skipped question is not answered);
    ``reached_end``: the person went through to the end of the questionnaire.
    """

    member_id: int
    name: str
    groups: tuple[GroupProgress, ...]
    reached_end: bool = False

    @property
    def asked(self) -> int:
        return sum(g.asked for g in self.groups)

    @property
    def answered(self) -> int:
        return sum(g.answered for g in self.groups)

    @property
    def complete(self) -> bool:
        """„Fertig“ – the one definition that progress, reminders, chart and summary use: the
        person went through to the end (skipping is allowed) or answered every question."""
        return self.asked > 0 and (self.reached_end or self.answered >= self.asked)

    @property
    def skipped(self) -> int:
        """Questions left without an answer by someone who is done."""
        return self.asked - self.answered if self.complete else 0


class QuestionnaireResult(Result):
    groups: tuple[QuestionGroup, ...]  # all six groups, in order
    recipients: tuple[str, ...]  # display names of the chosen people still in the team
    completion: tuple[PersonCompletion, ...]  # one per recipient

    @property
    def selected_count(self) -> int:
        return sum(len(g.selected) for g in self.groups)

    @property
    def answer_count(self) -> int:
        return sum(g.answer_count for g in self.groups)

    @property
    def asked_groups(self) -> tuple[QuestionGroup, ...]:
        """Groups with at least one selected question."""
        return tuple(g for g in self.groups if g.selected)

    @property
    def asked(self) -> int:
        return sum(p.asked for p in self.completion)

    @property
    def answered(self) -> int:
        return sum(p.answered for p in self.completion)


def answer_text(value: Any, prompt: Any = None) -> str:
    """A stored questionnaire answer as text: lists joined, numbers German with their unit."""
    if isinstance(value, bool):
        return "Ja" if value else "Nein"
    if isinstance(value, int | float):
        unit = prompt.unit if isinstance(prompt, NumberPrompt) and prompt.unit else None
        return format_german_number(value) + (f" {unit}" if unit else "")
    if isinstance(value, list | tuple):
        return ", ".join(str(v).strip() for v in value) or "keine Auswahl"
    return str(value).strip()


def _answered(value: Any) -> bool:
    """A stored answer that says something (an empty selection says „none“)."""
    return isinstance(value, list | tuple) or text(value) is not None


def recipients(answers: Iterable[Answer], members: Iterable[Member]) -> tuple[Member, ...]:
    """The chosen members who are still in the team (member labels matched, in team order)."""
    labels = set(fragebogen.recipient_labels(answers))
    return tuple(
        m
        for m in members
        if m.user_id is not None and member_label(m.display_name, m.stakeholder_group) in labels
    )


def questionnaire(
    answers: list[Answer], members: list[Member], authors: Authors
) -> QuestionnaireResult:
    answer_step = fragebogen.ANSWER.id
    people = recipients(answers, members)
    groups: list[QuestionGroup] = []
    selected_keys: dict[str, set[str]] = {}
    chosen = {fragebogen.answer_key(q) for q in fragebogen.selected_questions(answers)}
    for group in fragebogen.GROUPS:
        summaries = []
        for question in fragebogen.questions_of(group.key):
            key = fragebogen.answer_key(question)
            given = [a for a in select(answers, answer_step, key) if _answered(a.value)]
            if key not in chosen and not given:
                continue
            summaries.append(
                QuestionSummary(
                    key=key,
                    label=question.label,
                    question=question.prompt.question,
                    selected=key in chosen,
                    answers=tuple(
                        QuestionAnswer(
                            text=answer_text(a.value, question.prompt), author=authors.of(a)
                        )
                        for a in given
                    ),
                )
            )
        summaries.sort(key=lambda q: not q.selected)
        selected_keys[group.key] = {q.key for q in summaries if q.selected}
        groups.append(QuestionGroup(key=group.key, title=group.title, questions=tuple(summaries)))

    answered_keys: dict[int, set[str]] = {}
    for a in answers:
        if a.step == answer_step and a.author_id is not None and _answered(a.value):
            answered_keys.setdefault(a.author_id, set()).add(a.prompt)
    completion = tuple(
        PersonCompletion(
            member_id=person.id,
            name=person.display_name,
            reached_end=FINISHED in answered_keys.get(person.id, set()),
            groups=tuple(
                GroupProgress(
                    group=group.key,
                    asked=len(selected_keys[group.key]),
                    answered=len(selected_keys[group.key] & answered_keys.get(person.id, set())),
                )
                for group in fragebogen.GROUPS
            ),
        )
        for person in people
    )
    return QuestionnaireResult(
        groups=tuple(groups),
        recipients=tuple(p.display_name for p in people),
        completion=completion,
    )


# --------------------------------------------------------------------------- data


class DataSet(Result):
    name: str
    frequency: str | None
    method: str | None
    author: str | None


class DataInfrastructure(Result):
    existing: tuple[DataSet, ...]
    ethics: str | None
    needs: tuple[Contribution, ...]
    platform: tuple[Contribution, ...]

    @property
    def empty(self) -> bool:
        return not (self.existing or self.ethics or self.needs or self.platform)


def _pool(answers: list[Answer], step: str, prompt: str, authors: Authors):
    return tuple(
        authors.contribution(a) for a in select(answers, step, prompt) if text(a.value) is not None
    )


def data_infrastructure(answers: list[Answer], authors: Authors) -> DataInfrastructure:
    return DataInfrastructure(
        existing=tuple(
            DataSet(
                name=label_of(a.value, "name"),
                frequency=entry(a.value, "frequency"),
                method=entry(a.value, "method"),
                author=authors.of(a),
            )
            for a in select(answers, DATEN, "existing")
        ),
        ethics=text(latest(answers, DATEN, "ethics")),
        needs=_pool(answers, DATEN, "needs", authors),
        platform=_pool(answers, DATEN, "platform", authors),
    )


# --------------------------------------------------------------------------- SWOT


class SwotResult(Result):
    strengths: tuple[Contribution, ...]
    weaknesses: tuple[Contribution, ...]
    opportunities: tuple[Contribution, ...]
    threats: tuple[Contribution, ...]

    @property
    def total(self) -> int:
        return (
            len(self.strengths)
            + len(self.weaknesses)
            + len(self.opportunities)
            + len(self.threats)
        )


def swot(answers: list[Answer], authors: Authors) -> SwotResult:
    return SwotResult(
        strengths=_pool(answers, SWOT, "strengths", authors),
        weaknesses=_pool(answers, SWOT, "weaknesses", authors),
        opportunities=_pool(answers, SWOT, "opportunities", authors),
        threats=_pool(answers, SWOT, "threats", authors),
    )


# --------------------------------------------------------------------------- actor map

_RING_KEYS: tuple[RingKey, ...] = ("kern", "erweitert", "peripher")
_RING_BY_LABEL: dict[str, RingKey] = {
    **{RINGS[key].casefold(): key for key in _RING_KEYS},
    **{key: key for key in _RING_KEYS},
}


def ring_key(value: Any) -> RingKey | None:
    """The ring key (kern/erweitert/peripher) of a stored ring label; None if unknown."""
    return _RING_BY_LABEL.get(str(value).strip().casefold()) if value is not None else None


class Actor(Result):
    name: str
    group: str | None
    ring: RingKey | None  # None: no known ring stored
    note: str | None
    author: str | None


class ActorGroup(Result):
    name: str | None  # None: actors without a group
    actors: tuple[Actor, ...]


class Ring(Result):
    key: RingKey
    label: str
    groups: tuple[ActorGroup, ...]  # only groups with actors in this ring

    @property
    def count(self) -> int:
        return sum(len(g.actors) for g in self.groups)


class ActorMap(Result):
    chosen_groups: tuple[str, ...]  # as chosen in the step (None chosen yet: empty)
    groups: tuple[str, ...]  # chosen groups, then own groups that actors were given
    actors: tuple[Actor, ...]
    rings: tuple[Ring, ...]  # always the three rings, centre outwards
    unplaced: tuple[Actor, ...]  # actors without a known ring


def actor_map(answers: list[Answer], authors: Authors) -> ActorMap:
    chosen = tuple(str(g) for g in latest(answers, AKTEURE, "groups") or ())
    actors = tuple(
        Actor(
            name=label_of(a.value, "name"),
            group=entry(a.value, "group"),
            ring=ring_key(a.value.get("ring")) if isinstance(a.value, dict) else None,
            note=entry(a.value, "note"),
            author=authors.of(a),
        )
        for a in select(answers, AKTEURE, "actors")
    )
    groups = list(chosen)
    for actor in actors:
        if actor.group and actor.group not in groups:
            groups.append(actor.group)
    order: list[str | None] = [*groups, None]
    rings = tuple(
        Ring(
            key=key,
            label=RINGS[key],
            groups=tuple(
                ActorGroup(name=group, actors=members)
                for group in order
                if (members := tuple(a for a in actors if a.ring == key and a.group == group))
            ),
        )
        for key in _RING_KEYS
    )
    return ActorMap(
        chosen_groups=chosen,
        groups=tuple(groups),
        actors=actors,
        rings=rings,
        unplaced=tuple(a for a in actors if a.ring is None),
    )


# --------------------------------------------------------------------------- all of AS1


class InventoryResult(Result):
    """AS1: everything the summary shows."""

    municipality: str
    concepts: tuple[Concept, ...]
    questionnaire: QuestionnaireResult
    data: DataInfrastructure
    swot: SwotResult
    actors: ActorMap
    contributors: tuple[str, ...]


AS1_STEPS = (KONZEPTE, fragebogen.SETUP_ID, fragebogen.ANSWER.id, DATEN, SWOT, AKTEURE)


def inventory(team: Team, answers: list[Answer], members: list[Member]) -> InventoryResult:
    """Assemble AS1's results from the current answers of the team."""
    authors = Authors(members)
    own = [a for a in answers if a.step in AS1_STEPS]
    return InventoryResult(
        municipality=team.municipality,
        concepts=concepts(own, authors),
        questionnaire=questionnaire(own, members, authors),
        data=data_infrastructure(own, authors),
        swot=swot(own, authors),
        actors=actor_map(own, authors),
        contributors=authors.contributors(own),
    )
