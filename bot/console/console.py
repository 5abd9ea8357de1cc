"""``werkstatt console``: the same engine and storage as a chat in the terminal.

Buttons are shown numbered; type ``#2`` to press button 2. An option keeps the number it has
in the message text („2 Verwaltung“), so ``#2`` and a typed ``2`` (sent as a message, read by the
engine) choose the same option; the other buttons are numbered after the options. Anything
else is sent as a message, so a script can drive a whole session through a pipe. The short
answer a pressed button gets (Telegram shows it on the button) is printed after „↳“.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
from pathlib import Path
from typing import TextIO

from bot.app.delivery import Courier
from bot.app.incoming import Click, Command, Incoming, Input, Sender
from bot.app.rendering import Renderer
from bot.app.service import Workshop
from bot.present.privacy_notice import PrivacyNotice
from dialogs.events import TextInput
from dialogs.replies import Button, Document, Message, Picture, Reply, number_buttons
from storage.backup import write_private
from storage.database import Database

_TAG = re.compile(r"</?(b|i|code|u|s|a[^>]*)>")
#: Chats and people of the console are addresses ``console:<number>``.
MESSENGER = "console"


def address(number: int) -> str:
    return f"{MESSENGER}:{number}"


class ConsoleLinks:
    """In the terminal a „link“ is what to type: ``/start <code>``."""

    messenger = "Konsolen"

    def invite_link(self, code: str) -> str:
        return f"/start {code}"

    def private_chat_link(self) -> str:
        return "/start"

    def live_link(self, session_id: int) -> str:
        return f"/start live{session_id}"


def plain(text: str) -> str:
    """Telegram HTML subset → terminal text."""
    return html.unescape(_TAG.sub("", text))


def _label(number: int, button: Button) -> str:
    """The button as listed: ``#2 Verwaltung`` (an option shows its own number)."""
    shown = f"#{button.text}" if button.number is not None else f"#{number} {button.label}"
    return shown + (f" → {button.url}" if button.url else "")


class ConsoleTransport:
    """Prints replies; keeps the buttons of the last message so ``#n`` can press them."""

    def __init__(self, out: TextIO, user_chat: str, output_dir: Path, renderer: Renderer) -> None:
        self.out = out
        self.user_chat = user_chat
        self.output_dir = output_dir
        self.renderer = renderer
        self.buttons: dict[int, Button] = {}

    async def deliver(self, chat_id: str, reply: Reply, edit_message_id: str | None) -> None:
        shown = chat_id.removeprefix(f"{MESSENGER}:")
        prefix = "" if chat_id == self.user_chat else f"📨 [an Chat {shown}] "
        if isinstance(reply, Message):
            self._print(prefix + plain(reply.text))
            if chat_id == self.user_chat:
                self.buttons = number_buttons(reply.buttons)
                for number, button in self.buttons.items():
                    self._print(f"   {_label(number, button)}")
        elif isinstance(reply, Picture):
            images = await self.renderer.chart(reply.chart, reply.data)
            for index, image in enumerate(images, start=1):
                name = reply.filename if len(images) == 1 else f"{index}-{reply.filename}"
                path = self._save(name, image.png)
                self._print(f"{prefix}🖼 {reply.caption}: {path}")
        elif isinstance(reply, Document):
            if reply.text is not None:
                content = reply.text.encode()
            else:
                content = await self.renderer.document(reply.builder or "", reply.data)
            path = self._save(reply.filename, content)
            self._print(f"{prefix}📎 {reply.caption or reply.filename}: {path}")

    async def clear_buttons(self, chat_id: str, message_id: str) -> None:
        """Nothing to do: the console has no message ids, and ``#n`` presses only the newest
        buttons anyway."""

    def answer_button(self, text: str) -> None:
        """The short answer a pressed button got."""
        self._print(f"↳ {plain(text)}")

    def _save(self, name: str, content: bytes) -> Path | str:
        """Write a file only the operator can read; on failure say why instead of a path."""
        path = self.output_dir / name
        try:
            write_private(path, content)
        except OSError as error:
            return f"nicht gespeichert ({error.strerror or error})"
        return path

    def _print(self, text: str) -> None:
        print(text, file=self.out, flush=True)


def parse_line(line: str, buttons: dict[int, Button]) -> Input | None:
    """A typed line → command, button press (``#n``, see :func:`number_buttons`) or text; None
    for an unknown ``#n``."""
    text = line.strip()
    if text.startswith("/"):
        name, _, arg = text[1:].partition(" ")
        return Command(name=name.split("@")[0].lower(), arg=arg.strip())
    match = re.fullmatch(r"#([0-9]{1,6})", text)
    if match:
        button = buttons.get(int(match.group(1)))
        if button is not None and not button.url:
            return Click(button_id=button.value)
        return None
    return TextInput(text=line.rstrip("\n"))


async def run_console(
    db_path: Path,
    *,
    user_id: int,
    name: str,
    output_dir: Path,
    privacy: PrivacyNotice | None = None,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> None:
    """Chat with the workshop in the terminal until end of input or ``/ende``."""
    renderer = Renderer(workers=1)
    async with await Database.open(db_path) as db:
        me = address(user_id)
        transport = ConsoleTransport(stdout, me, output_dir, renderer)
        courier = Courier(db, transport, messenger=MESSENGER)
        workshop = Workshop(db, links=ConsoleLinks(), privacy=privacy)
        await courier.deliver_pending()
        await courier.drain()
        interactive = stdin.isatty()
        if interactive:
            print("Smart-City-Werkstatt (Konsole). /start zum Beginnen, /ende zum Beenden.")
        loop = asyncio.get_running_loop()
        try:
            while True:
                if interactive:
                    print("> ", end="", flush=True)
                line = await loop.run_in_executor(None, stdin.readline)
                if not line or line.strip() in {"/ende", "/exit", "/quit"}:
                    break
                if not line.strip():
                    continue
                if not interactive:
                    print(f"> {line.rstrip()}", file=stdout, flush=True)
                parsed = parse_line(line, transport.buttons)
                if parsed is None:
                    print("Diese Nummer gibt es nicht.", file=stdout, flush=True)
                    continue
                incoming = Incoming(None, me, "private", Sender(me, name), parsed)
                result = await workshop.process_update(incoming)
                if result.callback_text:
                    transport.answer_button(result.callback_text)
                await courier.submit(result.outbox_ids)
                await courier.drain()
        finally:
            await courier.close()
            renderer.close()
