"""Seeded property-based fuzzing of the whole workshop (Hypothesis, derandomised, bounded).

Members of one team (and an outsider) send random texts (Unicode digits, huge numbers, HTML
specials, empty, very long), commands with odd arguments, presses of buttons they were shown,
of other people's buttons and of forged ids, and open every step, so every prompt kind is met.
Each update goes through :class:`~bot.app.service.Workshop` and each reply through the real
:class:`~bot.telegram.transport.TelegramTransport` into a recording bot that checks what
Telegram checks. Asserted: no unhandled exception, every text and caption parses as Telegram
HTML and fits (4096 / 1024 characters, button answers 200), and the other team's data is
unchanged.
"""

from __future__ import annotations

import asyncio
import itertools
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bot.app.delivery import Courier
from bot.app.incoming import Click, Command, Incoming, Sender
from bot.app.service import Workshop
from bot.charts.base import ChartResult
from bot.telegram.links import TelegramLinks
from bot.telegram.transport import TelegramTransport
from dialogs.events import TextInput
from dialogs.markup import MAX_CAPTION, MAX_TEXT
from dialogs.records import Role
from dialogs.steps import STEPS, work_steps
from storage.codec import load_json
from storage.database import Database
from tests.fakeapi import MAX_CALLBACK_TEXT_LENGTH, html_error

GROUP = -100_555
OUTSIDER = 99
#: Team A: facilitator, core member, participant (Telegram ids); team B is never acted for.
TEAM_A = {1: Role.FACILITATOR, 2: Role.CORE, 3: Role.PARTICIPANT}
TEAM_B = {11: Role.FACILITATOR, 12: Role.PARTICIPANT}
ACTORS = (*TEAM_A, OUTSIDER)
TRICKY = "<b>Idee</b> & Co <a href='x'> a < b ²"

COMMANDS = (
    "start", "hilfe", "datenschutz", "neu", "team", "schritte", "weiter", "zurueck",
    "ueberspringen", "pause", "zusammenfassung", "strategie", "export", "meinedaten",
    "erinnern", "live", "loeschen", "gibtsnicht",
)  # fmt: skip
ARGS = (
    "", "live²", "live99999999999999999999", "live1", "live①", "<b>", "ABCD-2345", "as3",
    "as99", "9" * 80, "x" * 300,
)  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "", " ", "²", "①", "٣", "１２", "9" * 400, "-" + "9" * 30, "1.500,5", "12,5", "2035",
            "Q2 2027", "03/2027", "31.02.2027", "1", "2", "3", "1, 3", "1 1 2", "ja", "nein",
            "Fertig", "<", "&", "&" * 1200, "<b>fett", "</i>", TRICKY, "x" * 5000, "\n" * 50,
            "Tom & Jerry <3", "5", "0", "-1",
        ]
    ),
)  # fmt: skip
WORK_STEPS = tuple(work_steps())
ALL_STEPS = tuple(STEPS)

Action = tuple[str, int, Any]
ACTIONS = st.one_of(
    st.tuples(st.just("text"), st.sampled_from(ACTORS), TEXTS),
    st.tuples(st.just("command"), st.sampled_from(ACTORS), st.tuples(
        st.sampled_from(COMMANDS), st.sampled_from(ARGS))),
    st.tuples(st.just("press"), st.sampled_from(ACTORS), st.integers(0, 40)),
    st.tuples(st.just("press"), st.sampled_from(ACTORS), st.integers(0, 40)),
    st.tuples(st.just("press"), st.sampled_from(ACTORS), st.integers(0, 40)),
    st.tuples(st.just("foreign"), st.sampled_from(ACTORS), st.integers(0, 10_000)),
    st.tuples(st.just("forged"), st.sampled_from(ACTORS), st.text(max_size=70)),
    st.tuples(st.just("open"), st.sampled_from(tuple(TEAM_A)), st.sampled_from(
        [*(f"openwork:{s}" for s in WORK_STEPS), *(f"open:{s}" for s in ALL_STEPS)])),
    st.tuples(st.just("group"), st.sampled_from(ACTORS), st.integers(0, 40)),
)  # fmt: skip


@dataclass
class Sent:
    message_id: int


@dataclass
class CheckingBot:
    """Stands in for ``telegram.Bot``: records what would be sent and what Telegram refuses."""

    problems: list[str] = field(default_factory=list)
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def _check(self, text: str | None, limit: int, what: str) -> None:
        if text is None:
            return
        if len(text) > limit:
            self.problems.append(f"{what} too long ({len(text)}): {text[:80]!r}")
        if (error := html_error(text)) is not None:
            self.problems.append(f"{what} does not parse ({error}): {text[:120]!r}")
        if what == "text" and not text.strip():
            self.problems.append("empty text")

    async def send_message(self, chat_id: int, text: str, **_: Any) -> Sent:
        self._check(text, MAX_TEXT, "text")
        return Sent(next(self.ids))

    async def edit_message_text(self, text: str, **_: Any) -> Sent:
        self._check(text, MAX_TEXT, "text")
        return Sent(next(self.ids))

    async def edit_message_reply_markup(self, chat_id: int, message_id: int, **_: Any) -> Sent:
        return Sent(message_id)

    async def send_photo(self, chat_id: int, photo: Any, caption: str | None = None, **_: Any):
        self._check(caption, MAX_CAPTION, "caption")
        return Sent(next(self.ids))

    async def send_document(self, chat_id: int, document: Any, caption: str | None = None, **_):
        self._check(caption, MAX_CAPTION, "caption")
        return Sent(next(self.ids))


class QuickRenderer:
    """No real charts or files (they have their own tests); an alt text with HTML specials."""

    async def chart(self, name: str, data: dict[str, Any]) -> list[ChartResult]:
        return [ChartResult(b"png", f"{name}: {TRICKY} " * 60, 10, 10, {})]

    async def document(self, builder: str, data: dict[str, Any]) -> bytes:
        return b"file"


async def seed(db: Database) -> int:
    """Two teams with members, entries with HTML specials, a group linked to team A.
    Returns team B's id."""
    async with db.transaction() as tx:
        team_ids = []
        for town, people in (("Lindenau & <Süd>", TEAM_A), ("Musterhausen", TEAM_B)):
            team = await tx.teams.create(town, "Kleinstadt")
            team_ids.append(team.id)
            first = None
            for telegram_id, role in people.items():
                user = await tx.users.get_or_create(telegram_id, "")
                member = await tx.members.add(
                    team.id, user.id, f"Person {telegram_id} <{town}>", role, "Verwaltung & Co"
                )
                await tx.users.set_active_team(user.id, team.id)
                first = first or member
            assert first is not None
            for title in (TRICKY, "Rufbus-App", "x" * 200):
                await tx.answers.add(team.id, "as5", "ideas", first.id, {"title": title})
                await tx.answers.add(
                    team.id, "as6", "risks", first.id, {"title": title, "category": "Extern"}
                )
                await tx.answers.add(team.id, "as3", "vision_ideas", first.id, title)
            if len(team_ids) == 1:
                await tx.groups.link(GROUP, team.id, first.id)
        return team_ids[1]


async def team_rows(db: Database, team_id: int) -> dict[str, Any]:
    async with db.read() as tx:
        tables = await tx.team_data.tables(team_id)
    return {name: t.rows for name, t in tables.items()}


async def buttons_in(db: Database, chat_id: int | None) -> list[str]:
    """Ids of the buttons sent to ``chat_id`` (None: anywhere), newest first."""
    async with db.read() as tx:
        rows = await tx._session.fetchall("SELECT chat_id, payload FROM outbox ORDER BY id DESC")
    found = []
    for row in rows:
        if chat_id is not None and row["chat_id"] != chat_id:
            continue
        for line in load_json(row["payload"])["reply"].get("buttons", ()):
            found += [b["value"] for b in line if not b.get("url")]
    return found


async def step_button(db: Database, telegram_id: int, action: str) -> str | None:
    """A stored button opening a step, as /schritte shows it (None without an active team)."""
    async with db.transaction() as tx:
        user = await tx.users.by_account(telegram_id)
        if user is None or user.active_team_id is None:
            return None
        payload = {"v": f"cmd:{action}", "dlg": None, "ver": None}
        return await tx.buttons.create(payload, user_id=user.id, team_id=user.active_team_id)


async def run(actions: list[Action]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        async with await Database.open(Path(folder) / "fuzz.db") as db:
            other_team = await seed(db)
            before = await team_rows(db, other_team)
            checking = CheckingBot()
            courier = Courier(db, TelegramTransport(checking, QuickRenderer(), db))  # type: ignore[arg-type]
            workshop = Workshop(db, links=TelegramLinks("werkstatt_bot"))
            updates = itertools.count(1)
            for kind, actor, payload in actions:
                chat = GROUP if kind == "group" else actor
                what: Any
                if kind == "text":
                    what = TextInput(text=payload)
                elif kind == "command":
                    what = Command(name=payload[0], arg=payload[1])
                elif kind in ("press", "group"):
                    shown = await buttons_in(db, chat)
                    if kind == "group" and payload % 5 == 0:
                        what = Command(name="live")
                    elif not shown:
                        continue
                    else:
                        what = Click(button_id=shown[payload % min(len(shown), 12)])
                elif kind == "foreign":
                    anywhere = await buttons_in(db, None)
                    if not anywhere:
                        continue
                    what = Click(button_id=anywhere[payload % len(anywhere)])
                elif kind == "forged":
                    what = Click(button_id=payload)
                else:
                    opener = await step_button(db, actor, payload)
                    if opener is None:
                        continue
                    what = Click(button_id=opener)
                done = await workshop.process_update(
                    Incoming(
                        next(updates),
                        chat,
                        "group" if chat < 0 else "private",
                        Sender(actor, f"Profil {actor} <&>"),
                        what,
                        message_id=1,
                        sender_is_chat_admin=actor == 1 if chat < 0 else None,
                    )
                )
                if done.callback_text and len(done.callback_text) > MAX_CALLBACK_TEXT_LENGTH:
                    checking.problems.append(f"callback answer too long: {done.callback_text!r}")
                await courier.submit(done.outbox_ids)
                await courier.drain()
            await courier.close()
            async with db.read() as tx:
                failed = await tx._session.fetchall(
                    "SELECT last_error FROM outbox WHERE last_error IS NOT NULL"
                )
            assert [row["last_error"] for row in failed] == []
            assert checking.problems == []
            assert await team_rows(db, other_team) == before


@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    # No shrinking: a failure is reported as generated, so even a failing run stays short.
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(ACTIONS, min_size=40, max_size=70))
def test_random_updates_never_break_the_bot_nor_touch_another_team(actions: list[Action]) -> None:
    asyncio.run(run(actions))
