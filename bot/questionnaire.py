"""The questionnaire round of AS1: invitations, progress, reminders, closing the round."""

from __future__ import annotations

from bot.team_actions import require_member
from bot.texts import count
from bot.turn import TurnContext
from dialogs.options import member_label
from dialogs.records import Member, Role, StepStatus
from dialogs.replies import Button, Message, esc
from dialogs.steps import fragebogen

ANSWER_STEP = fragebogen.ANSWER.id
#: Marker answer stored when a respondent reached the end of the questionnaire.
FINISHED = "_finished"


async def _round(ctx: TurnContext, team_id: int) -> tuple[list[Member], list[str], dict[int, int]]:
    """Recipients (members), the selected answer keys, and answered counts per member id
    (everyone who reached the end counts as complete: skipping is an answer, too)."""
    answers = await ctx.tx.answers.current(team_id)
    labels = set(fragebogen.recipient_labels(answers))
    members = [
        m
        for m in await ctx.tx.members.list(team_id)
        if m.user_id and member_label(m.display_name, m.stakeholder_group) in labels
    ]
    keys = [fragebogen.answer_key(q) for q in fragebogen.selected_questions(answers)]
    answered: dict[int, int] = {}
    for answer in answers:
        if answer.step == ANSWER_STEP and answer.prompt in keys and answer.author_id is not None:
            answered[answer.author_id] = answered.get(answer.author_id, 0) + 1
    for answer in answers:
        if answer.step == ANSWER_STEP and answer.prompt == FINISHED and answer.author_id:
            answered[answer.author_id] = max(answered.get(answer.author_id, 0), len(keys))
    return members, keys, answered


async def mark_finished(ctx: TurnContext, team_id: int) -> None:
    """A respondent went through the questionnaire (skipped questions count as answered)."""
    member = await require_member(ctx, team_id)
    if not await ctx.tx.answers.current(team_id, ANSWER_STEP, FINISHED, author_id=member.id):
        await ctx.tx.answers.add(team_id, ANSWER_STEP, FINISHED, member.id, True)


async def send_invitations(ctx: TurnContext, team_id: int) -> None:
    """After the set-up: every chosen person gets a button to the questionnaire."""
    sender = await require_member(ctx, team_id, Role.FACILITATOR)
    members, keys, _ = await _round(ctx, team_id)
    if not keys:
        ctx.say("Es sind noch keine Fragen ausgewählt – der Fragebogen wurde nicht verschickt.")
        return
    minutes = max(5, len(keys))
    for member in members:
        user = await ctx.tx.users.get(member.user_id) if member.user_id else None
        if user is None:
            continue
        ctx.notify(
            user.telegram_id,
            Message(
                text=f"📝 {esc(sender.display_name)} bittet Sie, den <b>Fragebogen "
                f"Digitalisierung</b> zu beantworten: {count(len(keys), 'Frage', 'Fragen')}, etwa "
                f"{count(minutes, 'Minute', 'Minuten')}. "
                "Jede Frage können Sie überspringen.",
                buttons=(
                    (Button(label="📝 Fragebogen beantworten", value=f"cmd:open:{ANSWER_STEP}"),),
                ),
            ),
            team_id=team_id,
        )
    ctx.say(
        f"📨 Der Fragebogen ({count(len(keys), 'Frage', 'Fragen')}) ging an "
        f"{count(len(members), 'Person', 'Personen')}.",
        (Button(label="📊 Stand der Antworten", value="cmd:qstatus"),),
        team_id=team_id,
    )


async def show_progress(ctx: TurnContext, team_id: int) -> None:
    """Who has answered how much; buttons to remind the others and to close the round."""
    me = await require_member(ctx, team_id, Role.FACILITATOR, Role.CORE)
    members, keys, answered = await _round(ctx, team_id)
    if not keys or not members:
        ctx.say(
            "Der Fragebogen ist noch nicht vorbereitet. Öffnen Sie unter /schritte "
            "„AS1 Fragebogen vorbereiten“."
        )
        return
    lines = [f"<b>Fragebogen Digitalisierung · {count(len(keys), 'Frage', 'Fragen')}</b>", ""]
    for member in members:
        done = answered.get(member.id, 0)
        mark = "✅" if done >= len(keys) else ("◐" if done else "○")
        lines.append(f"{mark} {esc(member.display_name)}: {done}/{len(keys)}")
    closed = await ctx.tx.steps.status(team_id, ANSWER_STEP) is StepStatus.CLOSED
    rows: list[tuple[Button, ...]] = []
    if closed:
        lines += ["", "🔒 Die Runde ist geschlossen."]
    elif me.is_facilitator:
        rows.append((Button(label="🔔 Offene erinnern", value="cmd:remind"),))
        rows.append((Button(label="🔒 Runde schließen", value="cmd:closeround"),))
    rows.append((Button(label="📄 Zusammenfassung AS1", value="cmd:summary:as1"),))
    ctx.say("\n".join(lines), *rows, team_id=team_id)


async def remind(ctx: TurnContext, team_id: int) -> None:
    """Remind every recipient who has not answered all selected questions."""
    await require_member(ctx, team_id, Role.FACILITATOR)
    if await ctx.tx.steps.status(team_id, ANSWER_STEP) is StepStatus.CLOSED:
        ctx.say("Die Runde ist geschlossen; es gibt nichts mehr zu erinnern.")
        return
    members, keys, answered = await _round(ctx, team_id)
    reminded = 0
    for member in members:
        missing = len(keys) - answered.get(member.id, 0)
        user = await ctx.tx.users.get(member.user_id) if member.user_id else None
        if missing <= 0 or user is None:
            continue
        reminded += 1
        ctx.notify(
            user.telegram_id,
            Message(
                text=f"🔔 Kurze Erinnerung: Beim <b>Fragebogen Digitalisierung</b> sind noch "
                f"{missing} von {len(keys)} Fragen offen. Es geht dort weiter, wo Sie aufgehört "
                "haben.",
                buttons=(
                    (Button(label="📝 Weiter zum Fragebogen", value=f"cmd:open:{ANSWER_STEP}"),),
                ),
            ),
            team_id=team_id,
        )
    ctx.say(
        f"🔔 {reminded} Person(en) erinnert." if reminded else "Alle haben schon geantwortet. 🎉"
    )


async def close_round(ctx: TurnContext, team_id: int) -> None:
    member = await require_member(ctx, team_id, Role.FACILITATOR)
    await ctx.tx.steps.set(team_id, ANSWER_STEP, StepStatus.CLOSED, by_member=member.id)
    ctx.say(
        "🔒 Die Fragebogen-Runde ist geschlossen; Antworten lassen sich nicht mehr ändern.",
        (Button(label="📄 Zusammenfassung AS1", value="cmd:summary:as1"),),
        team_id=team_id,
    )
