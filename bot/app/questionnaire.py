"""The questionnaire round of AS1: invitations, progress, reminders, closing the round."""

from __future__ import annotations

from bot.app import actions as act
from bot.app.turn import TurnContext, require_member
from dialogs.records import Member, Role, StepStatus
from dialogs.replies import Button, Message, count, esc
from dialogs.results.as1 import FINISHED, PersonCompletion, recipients
from dialogs.results.as1 import questionnaire as questionnaire_result
from dialogs.results.base import Authors
from dialogs.steps import fragebogen

ANSWER_STEP = fragebogen.ANSWER.id


async def _round(
    ctx: TurnContext, team_id: int
) -> tuple[list[Member], list[str], dict[int, PersonCompletion]]:
    """Recipients (members), the selected answer keys, and each recipient's progress by
    member id – the same progress (and „fertig“) that the chart and the summary show."""
    answers = await ctx.tx.answers.current(team_id)
    members = await ctx.tx.members.list(team_id)
    keys = [fragebogen.answer_key(q) for q in fragebogen.selected_questions(answers)]
    result = questionnaire_result(answers, members, Authors(members))
    return (
        list(recipients(answers, members)),
        keys,
        {p.member_id: p for p in result.completion},
    )


def progress_line(person: PersonCompletion) -> str:
    """„✅ Ben: 3/4 beantwortet · fertig (1 übersprungen)“ – one recipient's state."""
    mark = "✅" if person.complete else ("◐" if person.answered else "○")
    line = f"{mark} {esc(person.name)}: {person.answered}/{person.asked} beantwortet"
    if person.skipped:
        line += f" · fertig ({person.skipped} übersprungen)"
    return line


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
            user.account,
            Message(
                text=f"📝 {esc(sender.display_name)} bittet Sie, den <b>Fragebogen "
                f"Digitalisierung</b> zu beantworten: {count(len(keys), 'Frage', 'Fragen')}, etwa "
                f"{count(minutes, 'Minute', 'Minuten')}. "
                "Jede Frage können Sie überspringen.",
                buttons=((act.OpenPart(part=ANSWER_STEP).button("📝 Fragebogen beantworten"),),),
            ),
            team_id=team_id,
        )
    ctx.say(
        f"📨 Der Fragebogen ({count(len(keys), 'Frage', 'Fragen')}) ging an "
        f"{count(len(members), 'Person', 'Personen')}.",
        (act.QuestionnaireStatus().button("📊 Stand der Antworten"),),
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
    lines += [progress_line(answered[m.id]) for m in members if m.id in answered]
    finished = sum(1 for p in answered.values() if p.complete)
    lines += ["", f"{finished} von {len(answered)} fertig (bis zum Ende durchgegangen)."]
    closed = await ctx.tx.steps.status(team_id, ANSWER_STEP) is StepStatus.CLOSED
    rows: list[tuple[Button, ...]] = []
    if closed:
        lines += ["", "🔒 Die Runde ist geschlossen."]
    elif me.is_facilitator:
        rows.append((act.RemindOpen().button("🔔 Offene erinnern"),))
        rows.append((act.CloseRound().button("🔒 Runde schließen"),))
    rows.append((act.ShowSummary(step="as1").button("📄 Zusammenfassung AS1"),))
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
        person = answered.get(member.id)
        user = await ctx.tx.users.get(member.user_id) if member.user_id else None
        if person is None or person.complete or user is None:
            continue
        missing = person.asked - person.answered
        reminded += 1
        ctx.notify(
            user.account,
            Message(
                text=f"🔔 Kurze Erinnerung: Beim <b>Fragebogen Digitalisierung</b> sind noch "
                f"{missing} von {len(keys)} Fragen offen. Es geht dort weiter, wo Sie aufgehört "
                "haben.",
                buttons=((act.OpenPart(part=ANSWER_STEP).button("📝 Weiter zum Fragebogen"),),),
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
        (act.ShowSummary(step="as1").button("📄 Zusammenfassung AS1"),),
        team_id=team_id,
    )
