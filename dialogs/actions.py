"""The one codec for what a button carries: typed actions, encoded as ``v1|kind|field|…``.

A button's action is a small frozen model with typed fields and a ``kind`` tag. Every layer
declares its own kinds by subclassing :class:`Action` (dialog answers in :mod:`dialogs.buttons`,
live-session buttons in :mod:`bot.present.live_actions`, the application's commands in
:mod:`bot.app.actions`); each kind registers itself in :data:`KINDS` when its class is made.
:func:`encode` turns an action into a versioned string of at most :data:`MAX_BYTES` bytes,
:func:`decode` turns such a string back into the action, or into ``None`` if it names no known
kind or its fields do not fit. Payloads written before the typed actions (``cmd:…``,
``live:…``) decode through a translator registered for their prefix.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from dialogs.replies import Button

#: Version tag of the current encoding.
VERSION = "v1"
#: The most an encoded action may take (Telegram's limit for callback data).
MAX_BYTES = 64
_SEP = "|"

A = TypeVar("A", bound="Action")


class Action(BaseModel):
    """One button action. ``one_shot``: the button works once (a double tap changes nothing);
    ``needs_team``: it acts within the team the stored button belongs to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    one_shot: ClassVar[bool] = False
    needs_team: ClassVar[bool] = True

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        field = cls.model_fields.get("kind")
        if field is None or not isinstance(field.default, str):
            return  # a base class of a family, not a kind
        if KINDS.setdefault(field.default, cls) is not cls:
            raise TypeError(f"action kind {field.default!r} is declared twice")

    def button(self, label: str, number: int | None = None) -> Button:
        """A button labelled ``label`` that carries this action; ``number``: the option's
        number, shown on the button and in the message text."""
        return Button(label=label, value=encode(self), number=number)


#: Every action kind of every layer: its ``kind`` tag → its model.
KINDS: dict[str, type[Action]] = {}
#: Prefix of an older payload format → translator into ``[kind, field, …]`` (None: unknown).
LEGACY: dict[str, Callable[[str], list[str] | None]] = {}


class ActionTooLong(ValueError):
    """An encoded action would exceed :data:`MAX_BYTES`."""


def kinds_of(family: type[A]) -> dict[str, type[A]]:
    """The registered kinds that belong to ``family`` (a base class)."""
    return {kind: cls for kind, cls in KINDS.items() if issubclass(cls, family)}  # type: ignore[misc]


def is_action(value: str) -> bool:
    """Whether a stored button value is in the action format (current or an older prefix)."""
    return value.startswith((VERSION + _SEP, *LEGACY))


def encode(action: Action) -> str:
    """``action`` as ``v1|kind|field|…``; raises :class:`ActionTooLong` past the limit."""
    fields = [_field_text(getattr(action, name)) for name in _field_names(type(action))]
    text = _SEP.join([VERSION, *fields])
    if len(text.encode()) > MAX_BYTES:
        raise ActionTooLong(f"{text!r} is longer than {MAX_BYTES} bytes")
    return text


def decode(text: str) -> Action | None:
    """The action ``text`` encodes (current or an older format), or ``None`` if none fits."""
    if text.startswith(VERSION + _SEP):
        return from_parts([_unescape(p) for p in text.removeprefix(VERSION + _SEP).split(_SEP)])
    for prefix, translate in LEGACY.items():
        if text.startswith(prefix):
            parts = translate(text.removeprefix(prefix))
            return from_parts(parts) if parts is not None else None
    return None


def from_parts(parts: Sequence[str]) -> Action | None:
    """The action of kind ``parts[0]`` with its other fields ``parts[1:]`` in declaration
    order."""
    cls = KINDS.get(parts[0]) if parts else None
    if cls is None or len(parts) != len(cls.model_fields):
        return None
    try:
        return cls.model_validate(dict(zip(_field_names(cls), parts, strict=True)))
    except ValidationError:
        return None


def check_examples(family: type[A], examples: Sequence[A]) -> None:
    """Every kind of ``family`` has an example, and each encodes within the limit (call it at
    import, so a new field that makes a button too long fails at once)."""
    missing = set(kinds_of(family).values()) - {type(example) for example in examples}
    if missing:
        raise TypeError(f"no example for {sorted(cls.__name__ for cls in missing)}")
    for example in examples:
        encode(example)


@cache
def _field_names(cls: type[Action]) -> tuple[str, ...]:
    """The order of an encoding: the kind, then the fields as declared (base classes first)."""
    return ("kind", *(name for name in cls.model_fields if name != "kind"))


def _field_text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("%", "%25").replace(_SEP, "%7C")


def _unescape(part: str) -> str:
    return part.replace("%7C", _SEP).replace("%25", "%")
