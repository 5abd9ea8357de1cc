"""What a person can do, independent of the messenger: type, press, navigate, send a sticker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

NavAction = Literal["back", "skip", "pause", "resume", "help"]


@dataclass(frozen=True)
class TextInput:
    """A text message."""

    text: str


@dataclass(frozen=True)
class Press:
    """A button press; ``version`` is the dialog version the button was made for."""

    value: str
    version: int


@dataclass(frozen=True)
class Nav:
    """A navigation command (/zurueck, /ueberspringen, /pause, /weiter) or its button."""

    action: NavAction


@dataclass(frozen=True)
class Unsupported:
    """Something we cannot read where text was expected (sticker, photo, voice…)."""

    kind: str


Event = TextInput | Press | Nav | Unsupported
