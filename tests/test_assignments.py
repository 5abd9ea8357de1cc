"""Assignments of work steps: storage, reminders with an injected clock, who may assign."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app.actions import MAX_BYTES
from bot.app.assignment_reminders import remind_due
from bot.app.assignments import snapshot
from bot.app.incoming import Click, Incoming, Sender
from bot.app.service import Workshop
from bot.telegram.links import TelegramLinks
from dialogs.events import TextInput
from dialogs.records import Role
from storage import Database, NotFoundError
from storage.codec import load_json

#: 1 December 2026, 10:00 in Berlin (UTC+1 in winter).
CREATED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DUE = date(2026, 12, 12)


class Clock:
    """A clock the test sets."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def berlin(day: date, hour: int, minute: int = 0) -> datetime:
    """``hour:minute`` in Berlin on ``day`` (December: UTC+1)."""
    return datetime(day.year, day.month, day.day, hour - 1, minute, tzinfo=UTC)


async def setup_team(db: Database) -> dict[str, int]:
    """Anna (facilitator), Ben and Clara (participants) in Musterhausen, and a second team."""
    async with db.transaction() as tx:
        team = await tx.teams.create("Musterhausen", "Kleinstadt")
        ids = {"team": team.id}
        for telegram_id, name, role in (
            (501, "Anna", Role.FACILITATOR),
            (502, "Ben", Role.PARTICIPANT),
            (503, "Clara", Role.PARTICIPANT),
        ):
            user = await tx.users.get_or_create(f"telegram:{telegram_id}", name)
            member = await tx.members.add(team.id, user.id, name, role, "Verwaltung")
            await tx.users.set_active_team(user.id, team.id)
            ids[name] = member.id
        other = await tx.teams.create("Nachbarort", "Landgemeinde")
        user = await tx.users.get_or_create("telegram:504", "Dora")
        ids["Dora"] = (
            await tx.members.add(other.id, user.id, "Dora", Role.FACILITATOR, "Politik")
        ).id
        await tx.users.set_active_team(user.id, other.id)
        ids["other"] = other.id
    return ids


async def assign_swot(db: Database, ids: dict[str, int], due: date = DUE) -> int:
    async with db.transaction() as tx:
        created = await tx.assignments.create(
            ids["team"], "as1_swot", due, [ids["Ben"], ids["Clara"]], created_by=ids["Anna"]
        )
    return created.id


async def reminders_at(db: Database, clock: Clock, moment: datetime) -> list[tuple[int, str]]:
    """Run the check at ``moment``; (chat id, text) of each queued reminder."""
    clock.now = moment
    ids = await remind_due(db)
    async with db.read() as tx:
        items = [await tx.outbox.get(i) for i in ids]
    return [(item.chat_id, item.payload["reply"]["text"]) for item in items if item]


# -- storage ------------------------------------------------------------------------------------


async def test_repository_stores_changes_and_removes_assignments(tmp_path: Path) -> None:
    clock = Clock(CREATED)
    async with await Database.open(tmp_path / "a.db", clock=clock) as db:
        ids = await setup_team(db)
        first = await assign_swot(db, ids)
        async with db.transaction() as tx:
            await tx.assignments.create(ids["team"], "as3", date(2026, 12, 5), [ids["Ben"]],
                                        created_by=ids["Anna"])  # fmt: skip
            listed = await tx.assignments.for_team(ids["team"])
            assert [(a.step, a.due) for a in listed] == [
                ("as3", date(2026, 12, 5)),
                ("as1_swot", DUE),
            ]  # soonest first
            assert listed[1].member_ids == (ids["Ben"], ids["Clara"])
            assert listed[1].due_set_at == CREATED and listed[1].created_by == ids["Anna"]
            assert await tx.assignments.for_team(ids["other"]) == []
            clock.now = CREATED + timedelta(days=1)
            await tx.assignments.set_due(first, date(2026, 12, 20))
            moved = await tx.assignments.get(first)
            assert moved is not None and moved.due == date(2026, 12, 20)
            assert moved.due_set_at == clock.now
            with pytest.raises(NotFoundError):
                await tx.assignments.set_due(999, DUE)
            assert await tx.assignments.claim_done_note(first)
            assert not await tx.assignments.claim_done_note(first)  # once
            assert await tx.assignments.delete(first)
            assert not await tx.assignments.delete(first)
            assert [a.step for a in await tx.assignments.for_team(ids["team"])] == ["as3"]


async def test_finishes_and_reminder_claims_are_kept_once(tmp_path: Path) -> None:
    async with await Database.open(tmp_path / "a.db", clock=Clock(CREATED)) as db:
        ids = await setup_team(db)
        assignment = await assign_swot(db, ids)
        async with db.transaction() as tx:
            await tx.assignments.record_finish(ids["team"], ids["Ben"], "as1_swot")
            await tx.assignments.record_finish(ids["team"], ids["Ben"], "as1_swot")
            assert await tx.assignments.finished(ids["team"]) == {ids["Ben"]: {"as1_swot"}}
            claim = tx.assignments.claim_reminder
            assert await claim(assignment, ids["Ben"], "before", DUE)
            assert not await claim(assignment, ids["Ben"], "before", DUE)
            assert await claim(assignment, ids["Ben"], "on", DUE)  # the other reminder
            assert await claim(assignment, ids["Ben"], "before", DUE + timedelta(days=3))
            await tx.members.delete(ids["Clara"])  # a removed member leaves no assignee row
            current = await tx.assignments.get(assignment)
            assert current is not None and current.member_ids == (ids["Ben"],)


# -- what "answered" means ---------------------------------------------------------------------


async def test_answered_means_every_part_with_questions_for_the_member_went_to_its_end(
    tmp_path: Path,
) -> None:
    async with await Database.open(tmp_path / "a.db", clock=Clock(CREATED)) as db:
        ids = await setup_team(db)
        async with db.transaction() as tx:
            snap = await snapshot(tx, ids["team"])
            ben = snap.members[ids["Ben"]]
            # AS2 asks only the core team: a participant cannot be given it.
            assert [m.display_name for m in snap.eligible("as2")] == ["Anna"]
            assert [m.display_name for m in snap.eligible("as3")] == ["Anna", "Ben", "Clara"]
            # The whole AS1: its parts with questions for Ben (not the core team's concepts,
            # not the facilitator's set-up, not the questionnaire with its own round).
            assert snap.required("as1", ben) == ["as1_daten", "as1_swot", "as1_akteure"]
            assert snap.next_part("as1", ben) == "as1_daten"
            for part in ("as1_daten", "as1_swot"):
                await tx.assignments.record_finish(ids["team"], ids["Ben"], part)
            snap = await snapshot(tx, ids["team"])
            assert not snap.answered("as1", ben) and snap.answered("as1_swot", ben)
            assert snap.next_part("as1", ben) == "as1_akteure"
            await tx.assignments.record_finish(ids["team"], ids["Ben"], "as1_akteure")
            snap = await snapshot(tx, ids["team"])
            assert snap.answered("as1", ben)


# -- reminders ----------------------------------------------------------------------------------


async def test_reminders_the_day_before_and_on_the_day_once_each_across_restarts(
    tmp_path: Path,
) -> None:
    clock = Clock(CREATED)
    path = tmp_path / "a.db"
    async with await Database.open(path, clock=clock) as db:
        ids = await setup_team(db)
        await assign_swot(db, ids)
        assert await reminders_at(db, clock, berlin(date(2026, 12, 10), 12)) == []
        assert await reminders_at(db, clock, berlin(date(2026, 12, 11), 8, 55)) == []  # before 9
        sent = await reminders_at(db, clock, berlin(date(2026, 12, 11), 9, 5))
        assert sorted(chat for chat, _ in sent) == ["telegram:502", "telegram:503"]
        assert all("ist morgen fällig (Samstag, 12.12.2026)" in text for _, text in sent)
        assert "SWOT-Analyse" in sent[0][1]
        assert await reminders_at(db, clock, berlin(date(2026, 12, 11), 15)) == []  # once
    async with await Database.open(path, clock=clock) as db:  # a restart
        assert await reminders_at(db, clock, berlin(date(2026, 12, 11), 18)) == []
        async with db.transaction() as tx:  # Ben went through the SWOT analysis
            await tx.assignments.record_finish(ids["team"], ids["Ben"], "as1_swot")
        assert await reminders_at(db, clock, berlin(date(2026, 12, 12), 8)) == []
        sent = await reminders_at(db, clock, berlin(date(2026, 12, 12), 9, 1))
        assert [chat for chat, _ in sent] == ["telegram:503"]  # not Ben: he has answered
        assert "ist heute fällig" in sent[0][1]
    async with await Database.open(path, clock=clock) as db:
        assert await reminders_at(db, clock, berlin(date(2026, 12, 12), 20)) == []
        assert await reminders_at(db, clock, berlin(date(2026, 12, 13), 10)) == []  # past due


async def test_a_moved_due_day_reminds_again_and_a_late_one_does_not_at_once(
    tmp_path: Path,
) -> None:
    clock = Clock(CREATED)
    async with await Database.open(tmp_path / "a.db", clock=clock) as db:
        ids = await setup_team(db)
        assignment = await assign_swot(db, ids)
        assert len(await reminders_at(db, clock, berlin(date(2026, 12, 11), 9, 30))) == 2
        clock.now = berlin(date(2026, 12, 11), 10)
        async with db.transaction() as tx:
            await tx.assignments.set_due(assignment, date(2026, 12, 12 + 3))
        # Set at 10:00: today's 9:00 moment had passed, so no reminder for „tomorrow“ comes
        # late; the moved day's own reminders do.
        assert await reminders_at(db, clock, berlin(date(2026, 12, 12), 9, 30)) == []
        sent = await reminders_at(db, clock, berlin(date(2026, 12, 14), 9, 30))
        assert len(sent) == 2 and "Dienstag, 15.12.2026" in sent[0][1]
        assert len(await reminders_at(db, clock, berlin(date(2026, 12, 15), 9, 30))) == 2
        # Assigned on the day before, after 9:00: only the reminder on the day.
        clock.now = berlin(date(2026, 12, 16), 14)
        await assign_swot(db, ids, due=date(2026, 12, 17))
        assert await reminders_at(db, clock, berlin(date(2026, 12, 16), 15)) == []
        assert len(await reminders_at(db, clock, berlin(date(2026, 12, 17), 9, 15))) == 2


# -- who may assign -----------------------------------------------------------------------------


async def press(db: Database, telegram_id: int, team_id: int, value: str) -> str:
    """``telegram_id`` presses a button made for them with ``value``; what the bot says."""
    async with db.transaction() as tx:
        user = await tx.users.by_account(f"telegram:{telegram_id}")
        assert user is not None
        (button_id,) = await tx.buttons.create_many([{"v": value}], user.id, team_id)
    workshop = Workshop(db, links=TelegramLinks("werkstatt_bot"))
    incoming = Incoming(
        update_id=None,
        chat_id=f"telegram:{telegram_id}",
        chat_type="private",
        sender=Sender(account=f"telegram:{telegram_id}", name="x"),
        input=Click(button_id=button_id),
    )
    ids = await workshop.process(incoming)
    async with db.read() as tx:
        items = [await tx.outbox.get(i) for i in ids]
    return " ".join(item.payload["reply"]["text"] for item in items if item)


@pytest.mark.parametrize(
    "value",
    ["cmd:asgnew", "cmd:asgstep:as3", "cmd:asgbegin:as3", "cmd:asgok:as3:2026-12-12:2",
     "cmd:asgview", "cmd:asgdue:1", "cmd:asgdel:1", "cmd:asgcancel"],
)  # fmt: skip
async def test_only_the_facilitator_of_the_team_may_assign(tmp_path: Path, value: str) -> None:
    async with await Database.open(tmp_path / "a.db", clock=Clock(CREATED)) as db:
        ids = await setup_team(db)
        await assign_swot(db, ids)
        said = await press(db, 502, ids["team"], value)  # Ben, a participant
        assert "Das darf nur die Moderation" in said
        said = await press(db, 504, ids["team"], value)  # Dora, of another team
        assert "Team, dem Sie nicht angehören" in said
        async with db.read() as tx:
            assert len(await tx.assignments.for_team(ids["team"])) == 1
            (only,) = await tx.assignments.for_team(ids["team"])
            assert only.due == DUE


# -- confirming: the choice waits in the flow state, every button fits 64 bytes ------------------


async def _say(db: Database, telegram_id: int, what: Click | TextInput) -> list[Any]:
    """``telegram_id`` sends ``what`` privately; the replies the bot queued."""
    workshop = Workshop(db, links=TelegramLinks("werkstatt_bot"))
    chat = f"telegram:{telegram_id}"
    incoming = Incoming(None, chat, "private", Sender(chat, "x"), what)
    ids = await workshop.process(incoming)
    async with db.read() as tx:
        return [(await tx.outbox.get(i)).payload["reply"] for i in ids]  # type: ignore[union-attr]


async def test_assigning_many_members_keeps_every_button_within_64_bytes(tmp_path: Path) -> None:
    async with await Database.open(tmp_path / "a.db", clock=Clock(CREATED)) as db:
        ids = await setup_team(db)
        async with db.transaction() as tx:
            for n in range(20):
                user = await tx.users.get_or_create(f"telegram:{600 + n}", f"Person {n}")
                await tx.members.add(ids["team"], user.id, f"Person {n}", Role.CORE, "Politik")
        await press(db, 501, ids["team"], "v1|asgbegin|as3")
        await _say(db, 501, TextInput(", ".join(str(n) for n in range(1, 24))))
        (check,) = [
            r for r in await _say(db, 501, TextInput("12.12.2026")) if "prüfen" in r["text"]
        ]
        confirm = next(
            b["value"] for row in check["buttons"] for b in row if "Zuweisen" in b["label"]
        )
        said = " ".join(r["text"] for r in await _say(db, 501, Click(confirm)))
        assert "ist Anna, Ben, Clara, Person 0," in said
        async with db.read() as tx:
            (assignment,) = await tx.assignments.for_team(ids["team"])
            rows = await tx._session.fetchall("SELECT payload FROM buttons")
        assert len(assignment.member_ids) == 23
        values = [load_json(row["payload"])["v"] for row in rows]
        assert all(len(v.encode()) <= MAX_BYTES for v in values), max(values, key=len)


async def test_a_confirmation_from_another_choice_assigns_nothing(tmp_path: Path) -> None:
    async with await Database.open(tmp_path / "a.db", clock=Clock(CREATED)) as db:
        ids = await setup_team(db)
        said = await press(db, 501, ids["team"], "v1|asgok|as3|2026-12-12")
        assert "gilt nicht mehr" in said
        async with db.read() as tx:
            assert await tx.assignments.for_team(ids["team"]) == []
