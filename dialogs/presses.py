"""What the buttons of a question carry: typed answers of the one codec (:mod:`dialogs.actions`).

The engine reads a press with :func:`read`. Buttons stored by versions before the typed answers
carry the bare kind and its field (``opt:2``, ``done``, ``meant:own``); they read the same.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from dialogs import actions as codec
from dialogs.events import NavAction

#: Labels of the buttons a prompt kind may show besides its options.
DONE = "✅ Fertig"
OTHER = "✏️ Andere …"


class DialogPress(codec.Action):
    """A button of a question: answered by the dialog engine, not routed as a command."""


class Pick(DialogPress):
    """Option ``index`` of a choice, the point ``index`` of a scale, yes (0) or no (1), or one
    dot on option ``index``."""

    kind: Literal["opt"] = "opt"
    index: int


class ResetDots(DialogPress):
    kind: Literal["reset"] = "reset"


class Done(DialogPress):
    kind: Literal["done"] = "done"


class Other(DialogPress):
    """„Andere …“: the person writes their own option."""

    kind: Literal["other"] = "other"


class Keep(DialogPress):
    """Keep the answer given before."""

    kind: Literal["keep"] = "keep"


class UndoEntry(DialogPress):
    kind: Literal["undo"] = "undo"


class Meant(DialogPress):
    """„Meinten Sie …?“: candidate number ``choice``, or ``own`` (as typed)."""

    kind: Literal["meant"] = "meant"
    choice: str


class KeepOwn(DialogPress):
    """Take over the member's earlier answers to a per-entry question, or review them all."""

    kind: Literal["own"] = "own"
    mode: Literal["keep", "review"]


class NavPress(DialogPress):
    """A navigation button; ``action`` is what it does."""

    action: ClassVar[NavAction]


class Help(NavPress):
    action: ClassVar[NavAction] = "help"
    kind: Literal["help"] = "help"


class Back(NavPress):
    action: ClassVar[NavAction] = "back"
    kind: Literal["back"] = "back"


class Skip(NavPress):
    action: ClassVar[NavAction] = "skip"
    kind: Literal["skip"] = "skip"


class Pause(NavPress):
    action: ClassVar[NavAction] = "pause"
    kind: Literal["pause"] = "pause"


def read(value: str) -> DialogPress | None:
    """The answer a question's button carries (current or older format), else None."""
    pressed = codec.decode(value) if codec.is_action(value) else codec.from_parts(value.split(":"))
    return pressed if isinstance(pressed, DialogPress) else None


#: The longest realistic instance of every kind (checked at import).
EXAMPLES: tuple[DialogPress, ...] = (
    Pick(index=-999_999), ResetDots(), Done(), Other(), Keep(), UndoEntry(), Meant(choice="own"),
    KeepOwn(mode="review"), Help(), Back(), Skip(), Pause(),
)  # fmt: skip
codec.check_examples(DialogPress, EXAMPLES)
