"""Replies as Matrix message contents, and typed messages back into inputs.

Buttons become numbered options under the text; a person answers with the number (or by
replying to the message with the number). Commands start with ``!`` or ``/``.
"""

from __future__ import annotations

import html
import re
from typing import Any

from bot.app.incoming import Click, Command, Input
from dialogs.events import TextInput
from dialogs.replies import Button, Keyboard, number_buttons

_TAG = re.compile(r"<[^>]+>")
_COMMAND = re.compile(r"^[!/]([A-Za-z0-9_]{1,32})(?:\s+(.*))?$", re.DOTALL)
_NUMBER = re.compile(r"^\s*#?([0-9]{1,3})\s*$")


def plain(text: str) -> str:
    """The chat HTML (b, i, code, a) as plain text, for clients without HTML."""
    return html.unescape(_TAG.sub("", text))


def numbered(rows: Keyboard) -> dict[int, Button]:
    """The buttons answered by number, by their number (as in the console: an option by its
    own number, the others after it; see :func:`dialogs.replies.number_buttons`)."""
    return {n: b for n, b in number_buttons(rows).items() if not b.url}


def message_content(text: str, rows: Keyboard) -> dict[str, Any]:
    """An ``m.text`` content: the text, then the numbered options and links.

    An option the text already lists under its number („2 Verwaltung“, see
    :func:`dialogs.replies.option_list`) is not listed twice."""
    listed = set(text.splitlines())
    extra = [
        f"<b>{n}</b> – {html.escape(b.label)}"
        for n, b in numbered(rows).items()
        if f"{n} {html.escape(b.label)}" not in listed
    ]
    extra += [
        f"🔗 {html.escape(b.label)}: {html.escape(b.url or '')}"
        for row in rows
        for b in row
        if b.url
    ]
    if numbered(rows):
        extra.append("<i>Antworten Sie mit der Nummer.</i>")
    formatted = text if not extra else text + "\n\n" + "\n".join(extra)
    return {
        "msgtype": "m.text",
        "body": plain(formatted),
        "format": "org.matrix.custom.html",
        "formatted_body": formatted.replace("\n", "<br>"),
    }


def edit_content(original_event_id: str, content: dict[str, Any]) -> dict[str, Any]:
    """Replace the message ``original_event_id`` by ``content`` (``m.replace``)."""
    return {
        "msgtype": content["msgtype"],
        "body": "* " + content["body"],
        "m.new_content": content,
        "m.relates_to": {"rel_type": "m.replace", "event_id": original_event_id},
    }


def parse(body: str, buttons: dict[str, str] | None) -> Input:
    """A typed message: a command (``!start CODE``, ``/weiter``), the number of one of the
    options last shown (``buttons``: number → stored button id), or text."""
    text = body.strip()
    command = _COMMAND.match(text)
    if command:
        return Command(name=command.group(1).lower(), arg=(command.group(2) or "").strip())
    number = _NUMBER.match(text)
    if number and buttons and str(int(number.group(1))) in buttons:
        return Click(button_id=buttons[str(int(number.group(1)))])
    return TextInput(text=body)
