"""The one jinja2 environment for summaries and documents.

``StrictUndefined`` turns a missing variable into an error instead of an empty gap. Chat
templates (``*.chat.j2``, Telegram's HTML subset) and HTML templates are autoescaped; user text
only ever enters as a variable, never as template source.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from dialogs import parsing
from dialogs.replies import count

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def md(text: object) -> str:
    """Escape Markdown control characters in user text (one line)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def number(value: float | int | None) -> str:
    return "–" if value is None else parsing.format_german_number(value)


@cache
def environment() -> Environment:
    """The shared environment (created once per process)."""
    env = Environment(
        loader=PackageLoader("templates", ""),
        undefined=StrictUndefined,
        autoescape=lambda name: bool(name) and name.endswith((".chat.j2", ".html.j2")),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    env.filters["number"] = number
    env.filters["date"] = parsing.format_date
    env.globals["count"] = count
    return env


def render(template: str, **context: Any) -> str:
    """Render ``template`` from ``templates/`` with ``context``."""
    return environment().get_template(template).render(**context)
