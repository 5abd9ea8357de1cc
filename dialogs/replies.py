"""Transport-neutral replies: what the bot says, independent of Telegram or the console.

Texts use a small HTML subset (``<b>``, ``<i>``); user text inside them is always escaped with
:func:`esc`. Adapters translate these values into Bot API calls or terminal output.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field


def esc(text: object) -> str:
    """Escape user-provided text for the HTML subset."""
    return html.escape(str(text), quote=False)


def count(n: int, one: str, many: str) -> str:
    """A number with its noun in the right grammatical number: „1 Frage“, „3 Fragen“."""
    return f"{n} {one if n == 1 else many}"


def clip(text: object, limit: int = 60) -> str:
    """User text on one line: whitespace collapsed, cut at ``limit`` characters with „…“.

    On one line, every HTML tag around it stays on its line too, so Telegram's split of a long
    message at line breaks never cuts a tag in two.
    """
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


class Button(BaseModel):
    """A button. ``value`` is resolved server-side; ``url`` makes it a link button instead.

    ``number`` is the option's number: typing it means this button (the console presses it
    with ``#number``), and the button shows it (:attr:`text`)."""

    model_config = ConfigDict(frozen=True)

    label: str
    value: str = ""
    url: str | None = None
    number: int | None = None

    @property
    def text(self) -> str:
        """What the button shows: the label after its number („2 Verwaltung“), or the label
        alone if it begins with the number already (a scale point „3 – mittel“)."""
        if self.number is None or self.label.split(" ", 1)[0] == str(self.number):
            return self.label
        return f"{self.number} {self.label}"


def option_list(labels: Iterable[str]) -> str:
    """Options numbered for the message text, one per line („1 Verwaltung“), escaped; the
    same numbers as on their buttons (:attr:`Button.number`)."""
    return "\n".join(f"{n} {esc(label)}" for n, label in enumerate(labels, start=1))


Keyboard = tuple[tuple[Button, ...], ...]


def number_buttons(rows: Keyboard) -> dict[int, Button]:
    """The buttons by the number that chooses them where buttons are typed as numbers
    (console, Matrix): an option by its own number, the others (help, back, …) counted on
    after the highest option number, in their order."""
    buttons = [b for row in rows for b in row]
    numbered = {b.number: b for b in buttons if b.number is not None}
    after = max(numbered, default=0)
    rest = [b for b in buttons if b.number is None]
    return {**numbered, **{after + i: b for i, b in enumerate(rest, start=1)}}


class Message(BaseModel):
    """A text message, optionally with buttons; ``edit`` replaces the message a button was on."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["text"] = "text"
    text: str
    buttons: Keyboard = ()
    edit: bool = False


class Picture(BaseModel):
    """A chart, rendered from ``data`` by the chart named ``chart`` when it is sent."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["picture"] = "picture"
    chart: str
    data: dict[str, Any]
    caption: str
    filename: str


class Document(BaseModel):
    """A file. Text documents travel as ``text``; binary ones are built by ``builder`` on send."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["document"] = "document"
    filename: str
    caption: str = ""
    text: str | None = None
    builder: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)


Reply = Annotated[Message | Picture | Document, Field(discriminator="kind")]


def say(text: str, *rows: tuple[Button, ...] | list[Button]) -> Message:
    """Shorthand for a message with rows of buttons."""
    return Message(text=text, buttons=tuple(tuple(row) for row in rows if row))
