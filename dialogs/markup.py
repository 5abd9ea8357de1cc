"""Length-safe cutting of reply texts in the HTML subset (escaping: :func:`dialogs.replies.esc`).

Telegram takes at most 4096 characters per message and 1024 per caption, and rejects a text
whose HTML does not parse. A long text is therefore split between tags and entities (never
inside ``<b>`` or ``&amp;``), preferably at a line break, and every part closes the tags still
open at its end and opens them again at the start of the next part.
"""

from __future__ import annotations

import re

MAX_TEXT = 4096
MAX_CAPTION = 1024
ELLIPSIS = "…"

#: A tag, an entity, or one character: the pieces a text may be cut between.
_TOKEN = re.compile(r"<[^<>]*>|&(?:[A-Za-z]+|#[0-9]+|#x[0-9A-Fa-f]+);|[^<&]|[<&]", re.DOTALL)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)")


def _apply(stack: tuple[str, ...], token: str) -> tuple[str, ...]:
    """The open tags (their opening text) after ``token``."""
    found = _TAG_NAME.match(token) if token.startswith("<") and len(token) > 1 else None
    if found is None:
        return stack
    closing, name = found.group(1), found.group(2).lower()
    if not closing:
        return (*stack, token)
    for index in range(len(stack) - 1, -1, -1):
        if _name(stack[index]) == name:
            return stack[:index] + stack[index + 1 :]
    return stack


def _name(opening: str) -> str:
    found = _TAG_NAME.match(opening)
    return found.group(2).lower() if found else ""


def _closers(stack: tuple[str, ...]) -> str:
    return "".join(f"</{_name(tag)}>" for tag in reversed(stack))


def split_html(text: str, limit: int = MAX_TEXT) -> list[str]:
    """``text`` in parts of at most ``limit`` characters, each valid on its own: cut at a line
    break where possible, else between two characters, never inside a tag or an entity; tags
    open at a cut are closed there and reopened in the next part. Empty parts are left out
    (an empty text gives ``[""]``)."""
    if len(text) <= limit:
        return [text]
    tokens = _TOKEN.findall(text)
    parts: list[str] = []
    start, opened = 0, ()
    while start < len(tokens):
        while start < len(tokens) and tokens[start] == "\n":
            start += 1
        prefix = "".join(opened)
        stack, size, end = opened, len(prefix), start
        line_break: tuple[int, tuple[str, ...]] | None = None
        while end < len(tokens):
            after = _apply(stack, tokens[end])
            if size + len(tokens[end]) + len(_closers(after)) > limit and end > start:
                break
            stack, size, end = after, size + len(tokens[end]), end + 1
            if tokens[end - 1] == "\n":
                line_break = (end, stack)
        if end < len(tokens) and line_break is not None:
            end, stack = line_break
        body = "".join(tokens[start:end]).rstrip("\n")
        if _TOKEN.sub(lambda m: "" if m.group().startswith("<") else "x", body).strip():
            parts.append(prefix + body + _closers(stack))
        start, opened = end, stack
    return parts or [""]


def cut_html(text: str, limit: int) -> str:
    """``text`` if it fits, else its first part (see :func:`split_html`) ending in „…“."""
    if len(text) <= limit:
        return text
    return split_html(text, limit - len(ELLIPSIS))[0] + ELLIPSIS
