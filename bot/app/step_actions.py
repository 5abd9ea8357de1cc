"""Work-step commands and buttons: overview, open, close, summaries to the core team."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.app import actions as act
from bot.app import assignments, conversation, questionnaire
from bot.app.turn import TurnContext, require_member
from bot.present.outputs import STEP_OUTPUTS
from dialogs.dialog import Step
from dialogs.engine import Turn
from dialogs.next_step import reason, recommended_step
from dialogs.options import member_label
from dialogs.records import Member, Role, StepStatus
from dialogs.replies import Button, Message, Reply, count, esc
from dialogs.steps import STEP_NAMES, STEPS, work_steps

STATUS_LABELS = {
    StepStatus.OPEN: "○ noch nicht begonnen",
    StepStatus.RUNNING: "◐ in Arbeit",
    StepStatus.CLOSED: "● abgeschlossen",
}


async def _is_respondent(ctx: TurnContext, team_id: int, step: Step, member: Member) -> bool:
    if step.respondents is None:
        return True
    source, _, key = step.respondents.partition(".")
    chosen = await ctx.tx.answers.current(team_id, source, key)
    labels = chosen[-1].value if chosen else []
    return member_label(member.display_name, member.stakeholder_group) in (labels or [])


async def _visible_parts(ctx: TurnContext, team_id: int, parts: list[Step], member: Member):
    visible = []
    for step in parts:
        if step.facilitator_only and not member.is_facilitator:
            continue
        if step.respondents and not await _is_respondent(ctx, team_id, step, member):
            continue
        visible.append(step)
    return visible


async def work_step_status(ctx: TurnContext, team_id: int, key: str) -> StepStatus:
    """Closed if the work step was closed; running if any of its parts has answers."""
    statuses = await ctx.tx.steps.all(team_id)
    if statuses.get(key) is StepStatus.CLOSED:
        return StepStatus.CLOSED
    parts = [key, *(s.id for s in work_steps().get(key, []))]
    if any(statuses.get(part) in (StepStatus.RUNNING, StepStatus.CLOSED) for part in parts):
        return StepStatus.RUNNING
    return StepStatus.OPEN


async def show_steps(ctx: TurnContext) -> None:
    """Every work step with its state and contributors; a button opens each part."""
    active = await ctx.membership_or_explain()
    if active is None:
        return
    team, me = active
    names = {m.id: m.display_name for m in await ctx.tx.members.list(team.id)}
    assigned = await assignments.board(ctx, team.id, me)
    lines = [f"<b>Arbeitsschritte · {esc(team.municipality)}</b>", ""]
    rows: list[tuple[Button, ...]] = []
    statuses = {key: await work_step_status(ctx, team.id, key) for key in work_steps()}
    recommended = recommended_step(statuses)
    for key, parts in work_steps().items():
        status = statuses[key]
        contributors: dict[int | None, int] = {}
        for part in parts:
            for member_id, entries in (
                await ctx.tx.answers.contributors(team.id, part.id)
            ).items():
                contributors[member_id] = contributors.get(member_id, 0) + entries
        lines.append(f"<b>{esc(STEP_NAMES[key])}</b> – {STATUS_LABELS[status]}")
        if key == recommended:
            lines.append(f"   👉 <b>Als Nächstes empfohlen</b> – {reason(key)}.")
        named = [esc(names[m]) for m in contributors if m in names]
        who = ", ".join(named + (["anonym"] if None in contributors else []))
        if who:
            lines.append(f"   {sum(contributors.values())} Beiträge von: {who}")
        lines += assigned.lines(key)
        for part in await _visible_parts(ctx, team.id, parts, me):
            label = f"{part.number} {part.title}"
            rows.append((act.OpenPart(part=part.id).button(f"▶ {label}"),))
        if key == "as1" and me.is_core:
            rows.append((act.QuestionnaireStatus().button("📊 AS1 Fragebogen: Stand"),))
        if key == "as1" and me.is_facilitator:
            rows.append((act.ListEntries(key="actors").button("🛠 AS1 Akteure bearbeiten"),))
        if key == "as3" and me.is_facilitator:
            rows.append((act.ListEntries(key="goals").button("🛠 Ziele und ihre Felder"),))
        if key == "as6" and me.is_facilitator:
            rows.append((act.ListEntries(key="risks").button("🛠 Risiken und ihre Projekte"),))
        if key == "as4" and me.is_facilitator:
            rows.append((act.ListEntries(key="fields").button("🛠 Handlungsfelder bearbeiten"),))
        if key == "as5" and me.is_facilitator:
            tools = act.ListEntries(key="ideas").button("🛠 Ideen bearbeiten und zusammenführen")
            rows.append((tools,))
    rows += assigned.rows()
    lines += ["", "Sie können jeden Schritt jederzeit öffnen, auch mehrfach."]
    if me.is_facilitator:
        lines.append(
            "Als Moderation schließen Sie Schritte ab; das Kernteam erhält die Ergebnisse."
        )
        rows.append((act.CloseMenu().button(CLOSE_MENU),))
    ctx.say("\n".join(lines), *rows, team_id=team.id)


async def answer_refusal(ctx: TurnContext, team_id: int, step: Step, member: Member) -> str | None:
    """Why this member may not answer in ``step`` now (checked on opening and every answer)."""
    if step.facilitator_only and not member.is_facilitator:
        return "⛔ Diesen Teil bearbeitet die Moderation."
    if not await _is_respondent(ctx, team_id, step, member):
        return (
            "Der Fragebogen geht an ausgewählte Personen, und Sie sind (noch) nicht dabei. "
            "Die Moderation kann Sie hinzufügen."
        )
    if step.locked_when_closed and (
        await ctx.tx.steps.status(team_id, step.id) is StepStatus.CLOSED
        or await ctx.tx.steps.status(team_id, step.work_step) is StepStatus.CLOSED
    ):
        return "🔒 Diese Runde ist geschlossen; Antworten lassen sich nicht mehr ändern."
    return None


async def open_step(ctx: TurnContext, team_id: int, step_id: str) -> None:
    """Open a step at its first question, or continue where the member stopped."""
    member = await require_member(ctx, team_id)
    step = STEPS[step_id]
    refusal = await answer_refusal(ctx, team_id, step, member)
    if refusal:
        ctx.say(refusal)
        return
    if ctx.user.active_team_id != team_id:
        await ctx.activate(team_id)
    team = await ctx.tx.teams.get(team_id)
    assert team is not None
    await ctx.tx.users.set_flow_state(ctx.user.id, None)
    missing = [
        STEP_NAMES[other]
        for other in step.builds_on
        if await work_step_status(ctx, team_id, other) is StepStatus.OPEN
    ]
    rows = [
        (act.OpenWorkStep(step=other).button(f"▶ Zuerst {STEP_NAMES[other]}"),)
        for other in step.builds_on
        if STEP_NAMES[other] in missing and other in work_steps()
    ]
    if missing:
        ctx.say(
            "ℹ️ Dieser Schritt baut auf " + " und ".join(missing) + " auf. Dort gibt es noch "
            "keine Ergebnisse – Sie können trotzdem hier beginnen.",
            *rows,
            team_id=team_id,
        )
    convo = await conversation.step_conversation(ctx, team, member, step_id)
    if not Turn(convo.dialog, convo.state, convo.view).has_questions():
        ctx.say(
            f"In „{esc(step.title)}“ antworten das Kernteam und die Moderation; für Sie gibt es "
            "hier keine Fragen. Die Ergebnisse sehen Sie in der Zusammenfassung.",
            (act.ShowSummary(step=step.work_step).button("📄 Zusammenfassung ansehen"),),
            team_id=team_id,
        )
        return
    if convo.state.dialog == step_id:
        outcome = await conversation.run(ctx, convo, lambda turn: turn.repeat())
    else:
        outcome = await conversation.run(ctx, convo, lambda turn: turn.begin())
    if outcome.finished:
        await step_finished(ctx, team_id, step_id)


async def open_prompt(ctx: TurnContext, team_id: int, step_id: str, key: str) -> None:
    """Open ``step_id`` right at prompt ``key`` (e.g. from a measurement reminder)."""
    member = await require_member(ctx, team_id)
    refusal = await answer_refusal(ctx, team_id, STEPS[step_id], member)
    if refusal:
        ctx.say(refusal)
        return
    if ctx.user.active_team_id != team_id:
        await ctx.activate(team_id)
    team = await ctx.tx.teams.get(team_id)
    assert team is not None
    convo = await conversation.step_conversation(ctx, team, member, step_id)
    await conversation.run(ctx, convo, lambda turn: turn.begin_at(key))


async def open_work_step(ctx: TurnContext, team_id: int, key: str) -> None:
    """Open the first part of a work step this member may work on."""
    member = await require_member(ctx, team_id)
    parts = await _visible_parts(ctx, team_id, work_steps().get(key, []), member)
    if parts:
        await open_step(ctx, team_id, parts[0].id)


async def step_finished(ctx: TurnContext, team_id: int, step_id: str) -> None:
    """After a member went through a step: run its follow-up, offer the next moves."""
    follow_up = FOLLOW_UPS.get(step_id)
    if follow_up is not None:
        await follow_up(ctx, team_id)
    member = await require_member(ctx, team_id)
    await assignments.after_finish(ctx, team_id, step_id, member)
    key = STEPS[step_id].work_step
    rows: list[tuple[Button, ...]] = [
        (act.ShowSummary(step=key).button("📄 Zusammenfassung ansehen"),),
    ]
    if (
        member.is_facilitator
        and await work_step_status(ctx, team_id, key) is not StepStatus.CLOSED
    ):
        rows.append((_close_or_reopen(key, StepStatus.RUNNING),))
    rows.append((act.ShowSteps().button("📋 Alle Schritte"),))
    ctx.say("Wie geht es weiter?", *rows, team_id=team_id)


async def _after_questionnaire_setup(ctx: TurnContext, team_id: int) -> None:
    answers = await ctx.tx.answers.current(team_id, "as1_fragebogen_setup", "send")
    if answers and answers[-1].value is True:
        await questionnaire.send_invitations(ctx, team_id)
    else:
        ctx.say(
            "Die Auswahl ist gespeichert. Verschicken können Sie den Fragebogen, indem Sie "
            "„Fragebogen vorbereiten“ erneut öffnen und am Ende „Ja, jetzt senden“ wählen."
        )


#: What happens after a member finished a dialog, by dialog id.
FOLLOW_UPS: dict[str, Callable[[TurnContext, int], Awaitable[None]]] = {
    "as1_fragebogen_setup": _after_questionnaire_setup,
    questionnaire.ANSWER_STEP: questionnaire.mark_finished,
}


async def send_summary(ctx: TurnContext, team_id: int, key: str) -> None:
    """The work step's summary, charts and Markdown file, to the asking member."""
    await require_member(ctx, team_id)
    ctx.reply(*await _outputs(ctx, team_id, key))


async def choose_summary(ctx: TurnContext) -> None:
    active = await ctx.membership_or_explain()
    if active is None:
        return
    team, _ = active
    rows = [
        (act.ShowSummary(step=key).button(f"📄 {STEP_NAMES[key]}"),)
        for key in work_steps()
        if key in STEP_OUTPUTS
    ]
    ctx.say("Von welchem Schritt möchten Sie die Zusammenfassung?", *rows, team_id=team.id)


CLOSE_MENU = "🏁 Schritt abschließen oder wieder öffnen"


async def close_menu(ctx: TurnContext, team_id: int) -> None:
    """The facilitator's list of work steps, each with its close (or reopen) button."""
    await require_member(ctx, team_id, Role.FACILITATOR)
    rows = [
        (_close_or_reopen(key, await work_step_status(ctx, team_id, key)),) for key in work_steps()
    ]
    ctx.say(
        "<b>Schritt abschließen</b>\nWenn Sie einen Schritt abschließen, erhält das Kernteam "
        "seine Zusammenfassung mit den Grafiken. Ein abgeschlossener Schritt lässt sich wieder "
        "öffnen, um weiterzuarbeiten.",
        *rows,
        (act.ShowSteps().button("📋 Alle Schritte"),),
        team_id=team_id,
    )


def _close_or_reopen(key: str, status: StepStatus) -> Button:
    """The facilitator's button that closes the work step ``key`` – or reopens it once closed."""
    short = STEP_NAMES[key][:4].strip()
    if status is StepStatus.CLOSED:
        return act.ReopenStep(step=key).button(f"🔓 {short} wieder öffnen")
    return act.CloseStep(step=key).button(f"🏁 {short} abschließen und Ergebnis senden")


async def close_step(ctx: TurnContext, team_id: int, key: str) -> None:
    """Facilitator closes a work step: its results go to every core-team member."""
    member = await require_member(ctx, team_id, Role.FACILITATOR)
    if key not in work_steps():
        ctx.stale_button()
        return
    if await ctx.tx.steps.status(team_id, key) is StepStatus.CLOSED:
        ctx.say(
            f"{esc(STEP_NAMES[key])} ist bereits abgeschlossen; das Kernteam hat die Ergebnisse "
            "schon erhalten. Den aktuellen Stand zeigt die Zusammenfassung.",
            (act.ShowSummary(step=key).button("📄 Zusammenfassung ansehen"),),
            team_id=team_id,
        )
        return
    await ctx.tx.steps.set(team_id, key, StepStatus.CLOSED, by_member=member.id)
    outputs = await _outputs(ctx, team_id, key)
    recipients = await ctx.tx.members.accounts(team_id, {Role.FACILITATOR, Role.CORE})
    for chat_id in recipients:
        ctx.notify(
            chat_id,
            Message(
                text=f"🏁 <b>{esc(STEP_NAMES[key])}</b> wurde von "
                f"{esc(member.display_name)} abgeschlossen. Hier sind die Ergebnisse:"
            ),
            *outputs,
        )
    ctx.say(
        f"🏁 {esc(STEP_NAMES[key])} ist abgeschlossen. Die Ergebnisse gehen an "
        f"{count(len(recipients), 'Mitglied', 'Mitglieder')} des Kernteams. Sie können "
        "den Schritt jederzeit wieder öffnen und ergänzen.",
        (act.ShowSteps().button("📋 Alle Schritte"),),
        team_id=team_id,
    )


async def reopen_step(ctx: TurnContext, team_id: int, key: str) -> None:
    """Facilitator reopens a closed work step: answers can be added and changed again."""
    await require_member(ctx, team_id, Role.FACILITATOR)
    if key not in work_steps():
        ctx.stale_button()
        return
    if await ctx.tx.steps.status(team_id, key) is not StepStatus.CLOSED:
        ctx.say(f"{esc(STEP_NAMES[key])} ist nicht abgeschlossen; Sie können weiterarbeiten.")
        return
    await ctx.tx.steps.set(team_id, key, StepStatus.RUNNING)
    ctx.say(
        f"🔓 {esc(STEP_NAMES[key])} ist wieder offen: Das Team kann Antworten ergänzen und "
        "ändern. Schließen Sie den Schritt danach erneut ab, damit das Kernteam den neuen Stand "
        "erhält.",
        (act.ShowSteps().button("📋 Alle Schritte"),),
        team_id=team_id,
    )


async def _outputs(ctx: TurnContext, team_id: int, key: str) -> list[Reply]:
    team = await ctx.tx.teams.get(team_id)
    assert team is not None
    build = STEP_OUTPUTS.get(key)
    if build is None:
        return [Message(text="Für diesen Schritt gibt es noch keine Zusammenfassung.")]
    answers = await ctx.tx.answers.current(team_id)
    members = await ctx.tx.members.list(team_id)
    return build(team, answers, members, ctx.tx.now().date())
