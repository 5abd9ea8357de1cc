"""Prompt kinds: how a work step asks something, declared as frozen data.

Every kind is a pydantic model with a ``kind`` tag; together they form the discriminated union
:data:`Prompt`. Declaration errors (bad bounds, duplicate keys, button labels that do not fit)
raise when the module that declares the step is imported.

Each kind also brings its behaviour, so the engine and the question screen need no list of
kinds: :meth:`PromptBase.parse` reads typed text, :meth:`~PromptBase.hint` says what to type,
:meth:`~PromptBase.answer_buttons` makes the answer buttons, :meth:`~PromptBase.pick` says what
a pressed one means, :meth:`~PromptBase.done` what „Fertig“ stores, :meth:`~PromptBase.shown`
how an earlier answer reads. A new kind is one class here (added to :data:`Prompt`) and a test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from dialogs import parsing, presses
from dialogs.errors import DeclarationError, InvalidAnswer
from dialogs.parsing import Granularity as Granularity
from dialogs.replies import Button, esc

#: Telegram shows at most this many bytes of a button reliably on a phone; longer labels are
#: a declaration error (callback data itself is a short opaque id, see the adapter).
MAX_BUTTON_BYTES = 64
#: Telegram's limit for one message.
MAX_MESSAGE_CHARS = 4096


class Audience(StrEnum):
    """Who answers a prompt."""

    ALL = "alle"
    CORE = "kernteam"  # core team and facilitator
    FACILITATOR = "moderation"


class Scope(StrEnum):
    """How answers of several members combine.

    ``pool``: every member adds entries to one shared list (ideas, goals, actors).
    ``member``: one answer per member, aggregated later (ratings, questionnaire answers).
    ``team``: one answer for the whole team, made by the core team (vision statement).
    ``flow``: kept in the dialog only, handed over when the dialog ends (team creation).
    """

    POOL = "pool"
    MEMBER = "member"
    TEAM = "team"
    FLOW = "flow"


class Condition(BaseModel):
    """Ask a prompt only if an earlier answer is one of ``values`` (or, for a list answer,
    contains ``contains``). ``key`` names a prompt of the same dialog or ``"step.key"``."""

    model_config = ConfigDict(frozen=True)

    key: str
    values: tuple[Any, ...] = ()
    contains: str | None = None
    #: Compare this field of a form answer instead of the whole answer.
    field: str | None = None
    #: For prompts asked per entry: test the answer about the same entry.
    per_entry: bool = False

    def holds(self, value: Any) -> bool:
        """True if ``value`` (the current answer, or None) satisfies the condition."""
        if self.field is not None:
            value = value.get(self.field) if isinstance(value, dict) else None
        if self.contains is not None:
            return isinstance(value, list) and self.contains in value
        return value in self.values


Rows = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class Asking:
    """What a prompt kind sees of the dialog when it asks or reads an answer: the options
    offered now (with the team's own), what is ticked, the dots given so far, and whether the
    prompt is a field of a list entry."""

    options: tuple[str, ...] = ()
    selected: tuple[str, ...] = ()
    dots: Mapping[str, int] = field(default_factory=dict)
    in_list: bool = False


@dataclass(frozen=True)
class Accept:
    """A pressed button answers the question with ``value``."""

    value: Any


@dataclass(frozen=True)
class Toggle:
    """A pressed button ticks ``option`` on or off."""

    option: str


@dataclass(frozen=True)
class AddDot:
    """A pressed button gives option ``index`` one more dot."""

    index: int


#: What a pressed answer button means (None: nothing here, the button is from elsewhere).
Picked = Accept | Toggle | AddDot | None


class PromptBase(BaseModel):
    """What every prompt has: a key, a question, help, and who answers it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    question: str = Field(min_length=3)
    help: str = Field(min_length=3, description="Erklärung für „Was ist gemeint?“")
    example: str | None = None
    optional: bool = True
    audience: Audience = Audience.ALL
    scope: Scope = Scope.MEMBER
    #: Ask once per entry of this items prompt (``"goals"`` in the same step or ``"as5.ideas"``).
    for_each: str | None = None
    #: Show the current entries of this items prompt above the question.
    show: str | None = None
    only_if: Condition | None = None
    #: Key of a team date answer in the same dialog after which this prompt is closed.
    deadline: str | None = None

    #: Whether the question shows „✅ Fertig“ (a typed done-word then acts like it).
    offers_done: ClassVar[bool] = False

    @property
    def choices(self) -> tuple[str, ...]:
        """Static button labels (empty for free-form kinds)."""
        return ()

    def parse(self, raw: str, asking: Asking) -> Any:
        """The value typed text stands for; raises InvalidAnswer (or NearMatch) with a hint."""
        raise InvalidAnswer("Bitte nutzen Sie die Schaltflächen.")

    def hint(self, asking: Asking) -> str:
        """The short line under the question that says how to answer."""
        return ""

    def answer_buttons(self, asking: Asking) -> Rows:
        """The buttons that answer the question (navigation is added by the screen)."""
        return ()

    def numbered_options(self, asking: Asking) -> tuple[str, ...]:
        """The options a typed number chooses, numbered from 1 in the message text."""
        return ()

    def pick(self, index: int, asking: Asking) -> Picked:
        """What pressing the answer button ``index`` (a :class:`~dialogs.presses.Pick`) does."""
        return None

    def done(self, asking: Asking) -> Accept | None:
        """What „Fertig“ stores (None: „Fertig“ is nothing for this kind)."""
        return None

    def shown(self, value: Any) -> str | None:
        """An earlier answer as shown under „Bisher“ (escaped); None: the usual rendering."""
        return None


def _check_labels(labels: tuple[str, ...], where: str) -> None:
    seen: set[str] = set()
    for label in labels:
        if not label.strip():
            raise DeclarationError(f"{where}: leere Auswahl")
        if len(label.encode()) > MAX_BUTTON_BYTES:
            raise DeclarationError(
                f"{where}: Schaltfläche {label!r} ist länger als {MAX_BUTTON_BYTES} Bytes"
            )
        if label.casefold() in seen:
            raise DeclarationError(f"{where}: Auswahl {label!r} doppelt")
        seen.add(label.casefold())


class TextPrompt(PromptBase):
    """Free text within length bounds."""

    kind: Literal["text"] = "text"
    min_length: int = 1
    max_length: int = 1000

    @model_validator(mode="after")
    def _bounds(self) -> TextPrompt:
        if not 1 <= self.min_length <= self.max_length <= MAX_MESSAGE_CHARS - 200:
            raise DeclarationError(
                f"{self.key}: Längengrenzen {self.min_length}..{self.max_length}"
            )
        return self

    def parse(self, raw: str, asking: Asking) -> Any:
        return parsing.parse_text(self, raw)

    def hint(self, asking: Asking) -> str:
        if asking.in_list:
            return (
                f"Freier Text, höchstens {self.max_length} Zeichen. „Fertig“ beendet die "
                "Liste; als Text schreiben Sie es in Anführungszeichen."
            )
        return f"Freier Text, höchstens {self.max_length} Zeichen."


class ChoicePrompt(PromptBase):
    """One of several buttons; ``options_from`` adds team-specific options (e.g. fields)."""

    kind: Literal["choice"] = "choice"
    options: tuple[str, ...] = ()
    options_from: str | None = None
    allow_other: bool = False
    other_max_length: int = 80

    @property
    def choices(self) -> tuple[str, ...]:
        return self.options

    @model_validator(mode="after")
    def _options(self) -> ChoicePrompt:
        if not self.options and not self.options_from:
            raise DeclarationError(f"{self.key}: keine Auswahlmöglichkeiten")
        _check_labels(self.options, self.key)
        return self

    def parse(self, raw: str, asking: Asking) -> Any:
        return parsing.parse_choice(self, raw, asking.options)

    def hint(self, asking: Asking) -> str:
        other = " oder schreiben Sie Ihre eigene Angabe" if self.allow_other else ""
        return f"Wählen Sie eine Schaltfläche{other}."

    def answer_buttons(self, asking: Asking) -> Rows:
        rows = [
            (presses.Pick(index=i).button(option, number=i + 1),)
            for i, option in enumerate(asking.options)
        ]
        if self.allow_other:
            rows.append((presses.Other().button(presses.OTHER),))
        return tuple(rows)

    def numbered_options(self, asking: Asking) -> tuple[str, ...]:
        return asking.options

    def pick(self, index: int, asking: Asking) -> Picked:
        return Accept(asking.options[index]) if 0 <= index < len(asking.options) else None


class MultiChoicePrompt(ChoicePrompt):
    """Several buttons toggled on and off, ended with „Fertig“."""

    offers_done: ClassVar[bool] = True

    kind: Literal["multi"] = "multi"  # type: ignore[assignment]
    min_selected: int = 0
    max_selected: int | None = None

    @model_validator(mode="after")
    def _selection_bounds(self) -> MultiChoicePrompt:
        if self.max_selected is not None and self.max_selected < max(1, self.min_selected):
            raise DeclarationError(f"{self.key}: max_selected < min_selected")
        if (
            not self.options_from
            and not self.allow_other
            and self.min_selected > len(self.options)
        ):
            raise DeclarationError(f"{self.key}: min_selected > Zahl der Optionen")
        return self

    def parse(self, raw: str, asking: Asking) -> Any:
        return parsing.parse_multi(self, raw, asking.options)

    def hint(self, asking: Asking) -> str:
        return "Tippen Sie alles Zutreffende an und dann „Fertig“ – oder schreiben Sie Nummern."

    def answer_buttons(self, asking: Asking) -> Rows:
        rows = [
            (presses.Pick(index=i).button(f"{'☑' if o in asking.selected else '☐'} {o}", i + 1),)
            for i, o in enumerate(asking.options)
        ]
        if self.allow_other:
            rows.append((presses.Other().button(presses.OTHER),))
        return (*rows, (presses.Done().button(presses.DONE),))

    def pick(self, index: int, asking: Asking) -> Picked:
        return Toggle(asking.options[index]) if 0 <= index < len(asking.options) else None

    def done(self, asking: Asking) -> Accept | None:
        return Accept(parsing.check_selection(self, list(asking.selected)))


class ScalePrompt(PromptBase):
    """A whole number on a scale, e.g. 1–5, with labels for some points."""

    kind: Literal["scale"] = "scale"
    low: int = 1
    high: int = 5
    labels: dict[int, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _range(self) -> ScalePrompt:
        if self.high <= self.low or self.high - self.low > 10:
            raise DeclarationError(f"{self.key}: Skala {self.low}..{self.high} ungültig")
        if any(not self.low <= point <= self.high for point in self.labels):
            raise DeclarationError(f"{self.key}: Beschriftung außerhalb der Skala")
        _check_labels(tuple(self.button_label(p) for p in self.points), self.key)
        return self

    @property
    def points(self) -> range:
        return range(self.low, self.high + 1)

    def button_label(self, point: int) -> str:
        """``"3"`` or ``"3 – mittel"``."""
        label = self.labels.get(point)
        return f"{point} – {label}" if label else str(point)

    def parse(self, raw: str, asking: Asking) -> Any:
        return parsing.parse_scale(self, raw)

    def hint(self, asking: Asking) -> str:
        return f"Eine Zahl von {self.low} bis {self.high}."

    def answer_buttons(self, asking: Asking) -> Rows:
        points = [presses.Pick(index=p).button(self.button_label(p), p) for p in self.points]
        width = 5 if not self.labels else 1
        return tuple(tuple(points[i : i + width]) for i in range(0, len(points), width))

    def pick(self, index: int, asking: Asking) -> Picked:
        return Accept(index) if index in self.points else None


class NumberPrompt(PromptBase):
    """A number in German notation (``1.500``, ``12,5``)."""

    kind: Literal["number"] = "number"
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    #: Show thousands separators (off for years: „2035“, not „2.035“).
    grouping: bool = True
    unit: str | None = None

    @model_validator(mode="after")
    def _range(self) -> NumberPrompt:
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise DeclarationError(f"{self.key}: minimum > maximum")
        return self

    def parse(self, raw: str, asking: Asking) -> Any:
        return parsing.parse_number(self, raw)

    def hint(self, asking: Asking) -> str:
        unit = f" in {self.unit}" if self.unit else ""
        kind = "Eine ganze Zahl" if self.integer else "Eine Zahl"
        if not self.grouping:
            return f"{kind}{unit}."
        return f"{kind}{unit}, z. B. {'1.500' if self.integer else '1.500 oder 12,5'}."

    def shown(self, value: Any) -> str | None:
        return None if self.grouping else esc(value)


class DatePrompt(PromptBase):
    """A day, month, quarter or year: ``15.03.2027``, ``03/2027``, ``Q2 2027``, ``2027``."""

    kind: Literal["date"] = "date"
    accepts: tuple[Granularity, ...] = (Granularity.MONTH, Granularity.QUARTER, Granularity.YEAR)
    min_year: int = 2000
    max_year: int = 2100

    @model_validator(mode="after")
    def _years(self) -> DatePrompt:
        if not self.accepts:
            raise DeclarationError(f"{self.key}: keine Datumsform erlaubt")
        if self.min_year > self.max_year:
            raise DeclarationError(f"{self.key}: min_year > max_year")
        return self

    def parse(self, raw: str, asking: Asking) -> Any:
        return parsing.parse_date(self, raw)

    def hint(self, asking: Asking) -> str:
        return f"Zum Beispiel {parsing.date_hint(self)}."


class ConfirmPrompt(PromptBase):
    """Yes or no."""

    kind: Literal["confirm"] = "confirm"
    yes: str = "Ja"
    no: str = "Nein"

    @property
    def choices(self) -> tuple[str, ...]:
        return (self.yes, self.no)

    @model_validator(mode="after")
    def _labels(self) -> ConfirmPrompt:
        _check_labels(self.choices, self.key)
        return self

    def parse(self, raw: str, asking: Asking) -> Any:
        return parsing.parse_confirm(self, raw)

    def answer_buttons(self, asking: Asking) -> Rows:
        return (
            (presses.Pick(index=0).button(self.yes, 1), presses.Pick(index=1).button(self.no, 2)),
        )

    def numbered_options(self, asking: Asking) -> tuple[str, ...]:
        return self.choices

    def pick(self, index: int, asking: Asking) -> Picked:
        return Accept(index == 0) if index in (0, 1) else None


class DotsPrompt(PromptBase):
    """Dot voting: a budget of dots spread over the entries of a list (several on one allowed).

    The value maps each chosen entry's title to its number of dots.
    """

    offers_done: ClassVar[bool] = True
    kind: Literal["dots"] = "dots"
    options_from: str
    budget: int = Field(default=3, ge=1, le=20)

    def parse(self, raw: str, asking: Asking) -> Any:
        return parsing.parse_dots(self.budget, raw, asking.options)

    def hint(self, asking: Asking) -> str:
        given = sum(asking.dots.values())
        return (
            f"Vergeben: {given} von {self.budget} Punkten. Jedes Antippen gibt einen Punkt; "
            "mehrere auf dieselbe Idee sind erlaubt. Zum Schluss „Fertig“."
        )

    def answer_buttons(self, asking: Asking) -> Rows:
        rows = []
        for i, option in enumerate(asking.options):
            marks = "●" * asking.dots.get(option, 0)
            label = f"{marks} {option}" if marks else option
            rows.append((presses.Pick(index=i).button(label[:64], i + 1),))
        reset = presses.ResetDots().button("↩ Zurücksetzen")
        return (*rows, (reset, presses.Done().button(presses.DONE)))

    def numbered_options(self, asking: Asking) -> tuple[str, ...]:
        return asking.options

    def pick(self, index: int, asking: Asking) -> Picked:
        return AddDot(index)

    def done(self, asking: Asking) -> Accept | None:
        return Accept(dict(asking.dots))

    def shown(self, value: Any) -> str | None:
        return esc(", ".join(f"{k} ({v})" for k, v in (value or {}).items()))


FieldPrompt = Annotated[
    TextPrompt
    | ChoicePrompt
    | MultiChoicePrompt
    | ScalePrompt
    | NumberPrompt
    | DatePrompt
    | ConfirmPrompt,
    Field(discriminator="kind"),
]


def _check_fields(key: str, fields: tuple[PromptBase, ...]) -> None:
    keys = [f.key for f in fields]
    if len(set(keys)) != len(keys):
        raise DeclarationError(f"{key}: Feldschlüssel doppelt: {keys}")
    for f in fields:
        if f.for_each or f.show or f.scope is not Scope.MEMBER or f.audience is not Audience.ALL:
            raise DeclarationError(f"{key}.{f.key}: Felder erben Umfang und Zielgruppe")


class FormPrompt(PromptBase):
    """Several fields answered one after another, stored as one record."""

    kind: Literal["form"] = "form"
    fields: tuple[FieldPrompt, ...]

    @model_validator(mode="after")
    def _fields(self) -> FormPrompt:
        if not self.fields:
            raise DeclarationError(f"{self.key}: Formular ohne Felder")
        _check_fields(self.key, self.fields)
        return self


class ItemsPrompt(PromptBase):
    """A list entered one entry at a time, ended with „Fertig“.

    Without ``fields`` an entry is one text; with ``fields`` each entry is a small form.
    """

    kind: Literal["items"] = "items"
    scope: Scope = Scope.POOL
    fields: tuple[FieldPrompt, ...] = ()
    item_name: str = "Eintrag"
    #: Grammatical gender of ``item_name`` for „ein Ziel“ / „eine Idee“.
    item_gender: Literal["m", "f", "n"] = "m"
    max_length: int = 500
    max_items: int = 200

    @model_validator(mode="after")
    def _items(self) -> ItemsPrompt:
        if self.scope is not Scope.POOL:
            raise DeclarationError(f"{self.key}: Listen sind immer gemeinsame Sammlungen (pool)")
        _check_fields(self.key, self.fields)
        if self.fields and not (
            self.fields[0].kind == "text"
            or (self.fields[0].kind == "choice" and self.fields[0].allow_other)
        ):
            raise DeclarationError(
                f"{self.key}: das erste Feld eines Eintrags muss Text sein (oder Auswahl mit "
                "eigener Angabe)"
            )
        return self

    @property
    def one_item(self) -> str:
        """„ein Ziel“, „eine Idee“."""
        return ("eine " if self.item_gender == "f" else "ein ") + self.item_name

    @property
    def title_field(self) -> str | None:
        """Key of the field that names an entry (the first one), or None for plain entries."""
        return self.fields[0].key if self.fields else None


Prompt = Annotated[
    TextPrompt
    | ChoicePrompt
    | MultiChoicePrompt
    | ScalePrompt
    | NumberPrompt
    | DatePrompt
    | ConfirmPrompt
    | FormPrompt
    | ItemsPrompt
    | DotsPrompt,
    Field(discriminator="kind"),
]

SimplePrompt = (
    TextPrompt | ChoicePrompt | MultiChoicePrompt | ScalePrompt | NumberPrompt | DatePrompt
) | ConfirmPrompt
