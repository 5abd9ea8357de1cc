"""AS4 Handlungsfelder bestimmen: the model, the fields of action and experts per field."""

from __future__ import annotations

from dialogs.records import Answer, Member, Team
from dialogs.results.as1 import AKTEURE
from dialogs.results.base import Authors, Result, entry, label_of, latest, select, text
from dialogs.steps.as4 import MODELS

STEP = "as4"


class Expert(Result):
    name: str
    from_actor_map: bool  # one of the actors of AS1 (else a name written in AS4)


class Field(Result):
    """A field of action; None = not yet answered. ``experts`` None = not yet asked."""

    name: str
    description: str | None
    focus: str | None
    role: str | None
    lead: str | None
    author: str | None
    experts: tuple[Expert, ...] | None


class FieldsResult(Result):
    """AS4: how the strategy relates to urban development, and the fields of action."""

    municipality: str
    model: str | None
    model_number: int | None  # 1–3 for the handbook's models, None for an own one
    fields: tuple[Field, ...]
    contributors: tuple[str, ...]

    @property
    def expert_count(self) -> int:
        return sum(len(f.experts or ()) for f in self.fields)


def fields_overview(team: Team, answers: list[Answer], members: list[Member]) -> FieldsResult:
    """Assemble AS4's results: the fields in the order they were added, with their experts."""
    authors = Authors(members)
    step = [a for a in answers if a.step == STEP]
    actors = {
        name.casefold()
        for a in select(answers, AKTEURE, "actors")
        if (name := entry(a.value, "name"))
    }
    fields = []
    for item in select(step, STEP, "fields"):
        chosen = latest(step, STEP, "experts", item.id)
        experts = None
        if chosen is not None:
            names = [n for value in chosen if (n := text(value))]
            experts = tuple(
                Expert(name=n, from_actor_map=n.casefold() in actors) for n in dict.fromkeys(names)
            )
        fields.append(
            Field(
                name=label_of(item.value, "name"),
                description=entry(item.value, "description"),
                focus=entry(item.value, "focus"),
                role=entry(item.value, "role"),
                lead=entry(item.value, "lead"),
                author=authors.of(item),
                experts=experts,
            )
        )
    model = text(latest(step, STEP, "model"))
    return FieldsResult(
        municipality=team.municipality,
        model=model,
        model_number=MODELS.index(model) + 1 if model in MODELS else None,
        fields=tuple(fields),
        contributors=authors.contributors(step),
    )
