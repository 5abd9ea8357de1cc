"""Assignments: the facilitator gives a work step (or a part of it) to members with a due day.

Flow: /schritte → „👥 Aufgaben zuweisen“ → work step → (for AS1: whole step or a part) →
members and due day (the ``assign`` flow in dialogs/flows.py) → confirm. The assignees get a
message with a button to the step; bot/assignment_reminders.py reminds them the day before and
on the day. „Wer hat geantwortet?“ lists every assignment with ✅/⏳ per person; there the
facilitator moves a due day or removes an assignment. Every button checks the role again.

„Answered“ has one definition: a member has answered a part when they went through it to its
end (the moment the bot asks „Wie geht es weiter?“; for the questionnaire that is also what
marks it finished), recorded in ``step_finishes`` – also if that was before the assignment. An
assignment of a whole work step is answered when every part of it that has questions for the
member is. When every assignee has answered, the core team is told once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.app import actions as act
from bot.app import conversation
from bot.app.team_actions import require_member
from bot.app.turn import TurnContext
from bot.present import texts
from dialogs.answer_index import AnswerIndex
from dialogs.dialog import Step
from dialogs.engine import Turn
from dialogs.errors import NotAllowed
from dialogs.options import member_label
from dialogs.records import Member, Role, Team
from dialogs.replies import Button, Message, esc
from dialogs.state import DialogState
from dialogs.steps import STEP_NAMES, STEPS, work_steps
from dialogs.view import View
from storage.repositories import Assignment, Tx

#: Where the team works: due days and the reminder hour are local to it.
LOCAL_ZONE = ZoneInfo("Europe/Berlin")
#: Local hour at which reminders go out.
REMIND_HOUR = 9
FLOW = "assign"
DUE_FLOW = "assign_due"
#: The flows this module runs; their end comes back to :func:`finish_flow`.
FLOWS = frozenset({FLOW, DUE_FLOW})
#: Key of the flow state that keeps the members of the assignment to confirm.
CHOICE = "assign_choice"
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


def local_day(moment: datetime) -> date:
    """The calendar day in Europe/Berlin at ``moment`` (UTC-aware)."""
    return moment.astimezone(LOCAL_ZONE).date()


def due_text(day: date) -> str:
    """„Freitag, 12.12.2026“."""
    return f"{WEEKDAYS[day.weekday()]}, {day:%d.%m.%Y}"


def work_step_of(target: str) -> str:
    """The work step an assignment target belongs to (``as1_swot`` → ``as1``)."""
    return target if target in work_steps() else STEPS[target].work_step


def target_name(target: str) -> str:
    """„AS3 Visionen und Ziele“, or for a part „AS1 SWOT-Analyse“."""
    if target in work_steps():
        return STEP_NAMES[target]
    return f"{STEPS[target].number} {STEPS[target].title}"


def assignable_parts(target: str) -> list[Step]:
    """The parts an assignment of ``target`` covers: not the facilitator's set-up dialogs and
    not the questionnaire (it has its own round of invitations and reminders)."""
    parts = work_steps().get(target) or ([STEPS[target]] if target in STEPS else [])
    return [p for p in parts if not p.facilitator_only and p.respondents is None]


def is_target(target: str) -> bool:
    """Whether ``target`` names something that can be assigned."""
    if target in work_steps():
        return target in targets(target)
    return target in STEPS and target in targets(STEPS[target].work_step)


def targets(key: str) -> list[str]:
    """What of work step ``key`` can be assigned: the whole step, and each part if several."""
    parts = assignable_parts(key)
    if not parts:
        return []
    return [key] if len(parts) == 1 else [key, *(p.id for p in parts)]


@dataclass
class Snapshot:
    """What deciding „answered“ needs, loaded once per turn or check."""

    team: Team
    members: dict[int, Member]
    answers: AnswerIndex
    finished: dict[int, set[str]]
    now: datetime

    def required(self, target: str, member: Member) -> list[str]:
        """The parts of ``target`` in which the member has questions."""
        view = View(
            team=self.team,
            member=member,
            answers=list(self.answers.answers),
            index=self.answers,
            members=list(self.members.values()),
            now=self.now,
        )
        return [
            p.id for p in assignable_parts(target) if Turn(p, DialogState(), view).has_questions()
        ]

    def answered(self, target: str, member: Member) -> bool:
        """The member went through every part of ``target`` that has questions for them."""
        done = self.finished.get(member.id, set())
        return all(part in done for part in self.required(target, member))

    def assignees(self, assignment: Assignment) -> list[tuple[Member, bool]]:
        """The assignees who are still in the team, each with whether they answered."""
        found = [self.members.get(i) for i in assignment.member_ids]
        return [(m, self.answered(assignment.step, m)) for m in found if m and m.user_id]

    def next_part(self, target: str, member: Member) -> str:
        """The part of ``target`` the member should open next: the first with questions for
        them that they have not gone through (else the first with questions)."""
        required = self.required(target, member) or [p.id for p in assignable_parts(target)]
        done = self.finished.get(member.id, set())
        return next((part for part in required if part not in done), required[0])

    def open_button(self, target: str, member: Member) -> Button:
        """„▶ Jetzt bearbeiten“: opens the part of ``target`` that is next for the member."""
        return act.OpenPart(part=self.next_part(target, member)).button("▶ Jetzt bearbeiten")

    def eligible(self, target: str) -> list[Member]:
        """Who can be assigned ``target``: members with questions in it."""
        return [m for m in self.members.values() if m.user_id and self.required(target, m)]


async def snapshot(tx: Tx, team_id: int) -> Snapshot:
    """Load what deciding „answered“ needs for one team."""
    team = await tx.teams.get(team_id)
    if team is None:
        raise NotAllowed(texts.NOT_MEMBER)
    members = {m.id: m for m in await tx.members.list(team_id)}
    answers = await tx.answers.indexed(team_id)
    finished = await tx.assignments.finished(team_id)
    return Snapshot(team, members, answers, finished, tx.now())


def _names(members: list[Member]) -> str:
    return ", ".join(esc(m.display_name) for m in members)


# -- /schritte ----------------------------------------------------------------------------------


@dataclass
class Board:
    """The assignments of one team as /schritte shows them to one member."""

    snap: Snapshot | None  # loaded only when the team has assignments
    me: Member
    by_step: dict[str, list[Assignment]]

    def lines(self, key: str) -> list[str]:
        """What of work step ``key`` is assigned to this member and until when; for the core
        team, how far every assignment of the step is."""
        lines = []
        for assignment in self.by_step.get(key, []):
            assert self.snap is not None
            name = esc(target_name(assignment.step))
            if self.me.id in assignment.member_ids:
                mark = (
                    "✅ erledigt"
                    if self.snap.answered(assignment.step, self.me)
                    else f"⏳ bis {due_text(assignment.due)}"
                )
                lines.append(f"   📌 Ihre Aufgabe: {name} – {mark}")
            elif self.me.is_core:
                states = [done for _, done in self.snap.assignees(assignment)]
                lines.append(
                    f"   👥 Zugewiesen: {name} bis {assignment.due:%d.%m.%Y} – "
                    f"{sum(states)} von {len(states)} fertig"
                )
        return lines

    def rows(self) -> list[tuple[Button, ...]]:
        """The facilitator's button to the assignments: assign, see who has answered."""
        if not self.me.is_facilitator:
            return []
        given = [a for group in self.by_step.values() for a in group]
        if not given:
            return [(act.AssignNew().button("👥 Aufgaben zuweisen"),)]
        assert self.snap is not None
        states = [done for a in given for _, done in self.snap.assignees(a)]
        label = f"👥 Zuweisungen: Wer hat geantwortet? ({sum(states)}/{len(states)})"
        return [(act.AssignStatus().button(label),)]


async def board(ctx: TurnContext, team_id: int, me: Member) -> Board:
    """The team's assignments by work step, for /schritte."""
    by_step: dict[str, list[Assignment]] = {}
    for assignment in await ctx.tx.assignments.for_team(team_id):
        by_step.setdefault(work_step_of(assignment.step), []).append(assignment)
    return Board(await snapshot(ctx.tx, team_id) if by_step else None, me, by_step)


# -- assigning ----------------------------------------------------------------------------------


async def choose_step(ctx: TurnContext, team_id: int) -> None:
    """Which work step to assign."""
    await require_member(ctx, team_id, Role.FACILITATOR)
    rows = [
        (act.AssignStep(step=key).button(STEP_NAMES[key]),) for key in work_steps() if targets(key)
    ]
    ctx.say("👥 Welchen Schritt möchten Sie zuweisen?", *rows, team_id=team_id)


async def choose_target(ctx: TurnContext, team_id: int, key: str) -> None:
    """Whole work step or one part of it (AS1); straight on where there is only one."""
    await require_member(ctx, team_id, Role.FACILITATOR)
    choices = targets(key) if key in work_steps() else []
    if not choices:
        ctx.stale_button()
        return
    if len(choices) == 1:
        await begin(ctx, team_id, key)
        return
    rows = [
        (
            act.AssignBegin(target=t).button(
                f"Ganzer Schritt {STEP_NAMES[key]}" if t == key else target_name(t)
            ),
        )
        for t in choices
    ]
    ctx.say("👥 Was möchten Sie zuweisen?", *rows, team_id=team_id)


async def begin(ctx: TurnContext, team_id: int, target: str) -> None:
    """Start the assign flow: members (only those with questions there), then the due day."""
    await require_member(ctx, team_id, Role.FACILITATOR)
    if not is_target(target):
        ctx.stale_button()
        return
    eligible = (await snapshot(ctx.tx, team_id)).eligible(target)
    if not eligible:
        ctx.say(
            f"In <b>{esc(target_name(target))}</b> hat noch niemand im Team Fragen zu "
            "beantworten. Laden Sie unter /team weitere Personen ein oder ändern Sie Rollen."
        )
        return
    labels = {member_label(m.display_name, m.stakeholder_group): m.id for m in eligible}
    ctx.say(
        f"👥 <b>{esc(target_name(target))}</b> zuweisen",
        (act.AssignCancel().button("✖ Abbrechen"),),
        team_id=team_id,
    )
    values = {
        "team": team_id,
        "step": target,
        "options": {"assignable": list(labels)},  # the choices of the members question
        "ids": labels,
    }
    await _run_flow(ctx, FLOW, values)


async def _run_flow(ctx: TurnContext, flow: str, values: dict) -> None:
    state = DialogState(dialog=flow, draft={"values": values})
    convo = await conversation.flow_conversation(ctx, flow, state)
    await conversation.run(ctx, convo, lambda turn: turn.begin())


async def finish_flow(ctx: TurnContext, values: dict) -> None:
    """The assign (or due-day) flow is done: check the day, then confirm or move the day."""
    team_id = values.get("team")
    if not isinstance(team_id, int):
        ctx.stale_button()
        return
    await require_member(ctx, team_id, Role.FACILITATOR)
    due = date.fromisoformat(values["due"])
    if due < local_day(ctx.tx.now()):
        ctx.say("Dieses Datum liegt in der Vergangenheit. Bitte wählen Sie heute oder später.")
        await _run_flow(ctx, DUE_FLOW, {k: v for k, v in values.items() if k != "due"})
        return
    if "assignment" in values:
        await _move_due(ctx, team_id, int(values["assignment"]), due)
        return
    ids = sorted({values["ids"][label] for label in values["members"] if label in values["ids"]})
    chosen = [m for m in await ctx.tx.members.list(team_id) if m.id in ids]
    choice = {"team": team_id, "step": values["step"], "due": due.isoformat(), "members": ids}
    await ctx.tx.users.set_flow_state(ctx.user.id, {CHOICE: choice})
    ctx.say(
        f"Bitte prüfen Sie:\n<b>{esc(target_name(values['step']))}</b>\n"
        f"für {_names(chosen)}\nfällig am {due_text(due)}",
        (act.AssignConfirm(target=values["step"], due=due).button("✅ Zuweisen"),),
        (act.AssignCancel().button("✖ Abbrechen"),),
        team_id=team_id,
    )


async def confirm(ctx: TurnContext, team_id: int, target: str, day: date) -> None:
    """Store the assignment checked last and tell each assignee (a second press stores nothing
    twice)."""
    me = await require_member(ctx, team_id, Role.FACILITATOR)
    if not is_target(target):
        ctx.stale_button()
        return
    flow = await ctx.tx.users.get_flow_state(ctx.user.id) or {}
    choice = flow.get(CHOICE) or {}
    checked = (choice.get("team"), choice.get("step"), choice.get("due"))
    ids = choice.get("members", []) if checked == (team_id, target, day.isoformat()) else []
    snap = await snapshot(ctx.tx, team_id)
    eligible = {m.id: m for m in snap.eligible(target)}
    chosen = [eligible[i] for i in ids if i in eligible]
    if not chosen or day < local_day(ctx.tx.now()):
        ctx.say("Diese Auswahl gilt nicht mehr – es wurde nichts zugewiesen. Bitte neu beginnen.")
        return
    for existing in await ctx.tx.assignments.for_team(team_id):
        if (existing.step, existing.due, set(existing.member_ids)) == (
            target,
            day,
            {m.id for m in chosen},
        ):
            ctx.say("Diese Zuweisung ist schon gespeichert.")
            return
    await ctx.tx.assignments.create(team_id, target, day, [m.id for m in chosen], created_by=me.id)
    for member in chosen:
        await _tell(
            ctx,
            member,
            f"👥 {esc(me.display_name)} bittet Sie, <b>{esc(target_name(target))}</b> bis "
            f"{due_text(day)} zu bearbeiten.",
            snap.open_button(target, member),
        )
    ctx.say(
        f"✅ <b>{esc(target_name(target))}</b> ist {_names(chosen)} zugewiesen, fällig am "
        f"{due_text(day)}. Wer bis dahin nicht fertig ist, wird am Vortag und am Tag selbst um "
        f"{REMIND_HOUR} Uhr erinnert.",
        (act.AssignStatus().button("👥 Wer hat geantwortet?"),),
        (act.ShowSteps().button("📋 Alle Schritte"),),
        team_id=team_id,
    )


async def _tell(ctx: TurnContext, member: Member, text: str, button: Button | None) -> None:
    user = await ctx.tx.users.get(member.user_id) if member.user_id else None
    if user is None:
        return
    rows = ((button,),) if button else ()
    ctx.notify(user.account, Message(text=text, buttons=rows), team_id=member.team_id)


async def cancel(ctx: TurnContext, team_id: int) -> None:
    """Stop assigning (also in the middle of the questions): nothing is stored."""
    await require_member(ctx, team_id, Role.FACILITATOR)
    flow = await ctx.tx.users.get_flow_state(ctx.user.id)
    if flow and flow.get("dialog") in (FLOW, DUE_FLOW):
        await ctx.tx.users.set_flow_state(ctx.user.id, None)
    ctx.say("Abgebrochen – es wurde nichts zugewiesen.")


# -- who has answered, changing and removing -----------------------------------------------------


async def show_status(ctx: TurnContext, team_id: int) -> None:
    """„Wer hat geantwortet?“: every assignment of the team with ✅/⏳ per person, and the
    buttons to assign, move a due day or remove an assignment."""
    await require_member(ctx, team_id, Role.FACILITATOR)
    snap = await snapshot(ctx.tx, team_id)
    given = await ctx.tx.assignments.for_team(team_id)
    lines = ["<b>Zuweisungen · Wer hat geantwortet?</b>"]
    rows: list[tuple[Button, ...]] = []
    for number, assignment in enumerate(given, 1):
        mark = f"{number}. " if len(given) > 1 else ""
        lines += ["", f"<b>{mark}{esc(target_name(assignment.step))}</b> – fällig am "
                  f"{due_text(assignment.due)}"]  # fmt: skip
        people = snap.assignees(assignment)
        lines += [f"{'✅' if done else '⏳'} {esc(m.display_name)}" for m, done in people]
        if not people:
            lines.append("(niemand mehr im Team)")
        rows.append(
            (
                act.AssignDue(assignment=assignment.id).button(f"📅 {mark}Datum ändern"),
                act.AssignRemove(assignment=assignment.id).button(f"🗑 {mark}Entfernen"),
            )
        )
    if not given:
        lines += [
            "",
            "Noch ist nichts zugewiesen. Geben Sie einen Schritt oder einen Teil davon an "
            "Personen im Team, mit einem Fälligkeitsdatum; ich erinnere rechtzeitig.",
        ]
    rows.append((act.AssignNew().button("➕ Zuweisen"),))
    rows.append((act.ShowSteps().button("📋 Alle Schritte"),))
    ctx.say("\n".join(lines), *rows, team_id=team_id)


async def _own(ctx: TurnContext, team_id: int, assignment_id: int) -> Assignment | None:
    assignment = await ctx.tx.assignments.get(assignment_id)
    if assignment is None or assignment.team_id != team_id:
        ctx.stale_button("Diese Zuweisung gibt es nicht mehr.")
        return None
    return assignment


async def change_due(ctx: TurnContext, team_id: int, assignment_id: int) -> None:
    """Ask for a new due day of an assignment."""
    await require_member(ctx, team_id, Role.FACILITATOR)
    assignment = await _own(ctx, team_id, assignment_id)
    if assignment is None:
        return
    ctx.say(
        f"📅 Neues Datum für <b>{esc(target_name(assignment.step))}</b> "
        f"(bisher {due_text(assignment.due)})",
        team_id=team_id,
    )
    await _run_flow(ctx, DUE_FLOW, {"team": team_id, "assignment": assignment.id})


async def _move_due(ctx: TurnContext, team_id: int, assignment_id: int, due: date) -> None:
    assignment = await _own(ctx, team_id, assignment_id)
    if assignment is None:
        return
    await ctx.tx.assignments.set_due(assignment.id, due)
    snap = await snapshot(ctx.tx, team_id)
    for member, done in snap.assignees(assignment):
        if not done:
            await _tell(
                ctx,
                member,
                f"📅 <b>{esc(target_name(assignment.step))}</b> ist jetzt am {due_text(due)} "
                "fällig.",
                snap.open_button(assignment.step, member),
            )
    ctx.say(f"📅 Neues Datum gespeichert: {due_text(due)}.")
    await show_status(ctx, team_id)


async def remove(ctx: TurnContext, team_id: int, assignment_id: int) -> None:
    """Delete an assignment; those who had not answered yet are told."""
    await require_member(ctx, team_id, Role.FACILITATOR)
    assignment = await _own(ctx, team_id, assignment_id)
    if assignment is None:
        return
    snap = await snapshot(ctx.tx, team_id)
    await ctx.tx.assignments.delete(assignment.id)
    for member, done in snap.assignees(assignment):
        if not done:
            await _tell(
                ctx,
                member,
                f"Die Aufgabe <b>{esc(target_name(assignment.step))}</b> (fällig am "
                f"{due_text(assignment.due)}) ist aufgehoben.",
                None,
            )
    ctx.say(f"🗑 Die Zuweisung von <b>{esc(target_name(assignment.step))}</b> ist entfernt.")
    await show_status(ctx, team_id)


# -- answering ----------------------------------------------------------------------------------


async def after_finish(ctx: TurnContext, team_id: int, step_id: str, member: Member) -> None:
    """The member went through ``step_id``: record it; point to the next part of their
    assignment, if any; when that completes an assignment for everyone, tell the core team
    (once)."""
    await ctx.tx.assignments.record_finish(team_id, member.id, step_id)
    covering = [
        a
        for a in await ctx.tx.assignments.for_team(team_id)
        if member.id in a.member_ids and step_id in {p.id for p in assignable_parts(a.step)}
    ]
    if not covering:
        return
    snap = await snapshot(ctx.tx, team_id)
    for assignment in covering:
        if not snap.answered(assignment.step, member):
            following = snap.next_part(assignment.step, member)
            ctx.say(
                f"📌 Als Nächstes für Ihre Aufgabe <b>{esc(target_name(assignment.step))}</b>: "
                f"{esc(target_name(following))}",
                (snap.open_button(assignment.step, member),),
                team_id=team_id,
            )
    for assignment in covering:
        if assignment.done_noted_at is not None:
            continue
        people = snap.assignees(assignment)
        if not all(done for _, done in people):
            continue
        if not await ctx.tx.assignments.claim_done_note(assignment.id):
            continue
        text = (
            f"✅ Alle zugewiesenen Personen haben <b>{esc(target_name(assignment.step))}</b> "
            f"bearbeitet: {_names([m for m, _ in people])} (fällig am "
            f"{due_text(assignment.due)})."
        )
        for chat_id in await ctx.tx.members.accounts(team_id, {Role.FACILITATOR, Role.CORE}):
            ctx.notify(
                chat_id,
                Message(
                    text=text,
                    buttons=(
                        (
                            act.ShowSummary(step=work_step_of(assignment.step)).button(
                                "📄 Zusammenfassung ansehen"
                            ),
                        ),
                    ),
                ),
                team_id=team_id,
            )
