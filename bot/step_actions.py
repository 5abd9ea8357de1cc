"""Work-step commands and buttons: overview, open, close, summaries to the core team."""

from __future__ import annotations

from bot import conversation, texts
from bot.outputs import STEP_OUTPUTS
from bot.team_actions import require_member
from bot.turn import TurnContext
from dialogs.catalog import STEP_NAMES
from dialogs.records import Role, StepStatus
from dialogs.replies import Button, Message, esc
from dialogs.steps import STEPS

STATUS_LABELS = {
    StepStatus.OPEN: "○ noch nicht begonnen",
    StepStatus.RUNNING: "◐ in Arbeit",
    StepStatus.CLOSED: "● abgeschlossen",
}


async def show_steps(ctx: TurnContext) -> None:
    """Every step with its state and contributors; a button opens each."""
    active = await ctx.active_membership()
    if active is None:
        ctx.say(texts.NO_TEAM)
        return
    team, me = active
    statuses = await ctx.tx.steps.all(team.id)
    members = {m.id: m.display_name for m in await ctx.tx.members.list(team.id)}
    lines = [f"<b>Arbeitsschritte · {esc(team.municipality)}</b>", ""]
    rows: list[tuple[Button, ...]] = []
    for step in STEPS.values():
        status = statuses.get(step.id, StepStatus.OPEN)
        contributors = await ctx.tx.answers.contributors(team.id, step.id)
        names = ", ".join(esc(members[m]) for m in contributors if m in members)
        lines.append(f"<b>{step.number} {esc(step.title)}</b> – {STATUS_LABELS[status]}")
        if names:
            entries = sum(contributors.values())
            lines.append(f"   {entries} Beiträge von: {names}")
        rows.append((Button(label=f"▶ {step.number} {step.title}", value=f"cmd:open:{step.id}"),))
    lines += ["", "Sie können jeden Schritt jederzeit öffnen, auch mehrfach."]
    if me.is_facilitator:
        lines.append(
            "Als Moderation schließen Sie Schritte ab; das Kernteam erhält dann die Ergebnisse."
        )
    ctx.say("\n".join(lines), *rows, team_id=team.id)


async def open_step(ctx: TurnContext, team_id: int, step_id: str) -> None:
    """Open a step at its first question, or continue where the member stopped."""
    member = await require_member(ctx, team_id)
    if ctx.user.active_team_id != team_id:
        await ctx.activate(team_id)
    team = await ctx.tx.teams.get(team_id)
    assert team is not None
    step = STEPS[step_id]
    await ctx.tx.users.set_flow_state(ctx.user.id, None)
    statuses = await ctx.tx.steps.all(team_id)
    missing = [
        STEP_NAMES[other]
        for other in step.builds_on
        if statuses.get(other, StepStatus.OPEN) is StepStatus.OPEN
    ]
    if missing:
        ctx.say(
            "ℹ️ Dieser Schritt baut auf " + " und ".join(missing) + " auf. Dort gibt es noch "
            "keine Ergebnisse – das ist kein Hindernis, Sie können trotzdem beginnen."
        )
    convo = await conversation.step_conversation(ctx, team, member, step_id)
    if convo.state.dialog == step_id:
        await conversation.run(ctx, convo, lambda turn: turn.repeat())
    else:
        outcome = await conversation.run(ctx, convo, lambda turn: turn.begin())
        if outcome.finished:
            await step_finished(ctx, team_id, step_id)


async def step_finished(ctx: TurnContext, team_id: int, step_id: str) -> None:
    """After a member went through a step: offer the next moves."""
    member = await require_member(ctx, team_id)
    rows: list[tuple[Button, ...]] = [
        (Button(label="📄 Zusammenfassung ansehen", value=f"cmd:summary:{step_id}"),),
    ]
    status = await ctx.tx.steps.status(team_id, step_id)
    if member.is_facilitator and status is not StepStatus.CLOSED:
        rows.append(
            (
                Button(
                    label="🏁 Schritt abschließen und Ergebnis senden",
                    value=f"cmd:close:{step_id}",
                ),
            )
        )
    rows.append((Button(label="📋 Alle Schritte", value="cmd:steps"),))
    ctx.say("Wie geht es weiter?", *rows, team_id=team_id)


async def send_summary(ctx: TurnContext, team_id: int, step_id: str) -> None:
    """The step's summary, chart and Markdown file, to the asking member."""
    await require_member(ctx, team_id)
    ctx.reply(*await _outputs(ctx, team_id, step_id))


async def choose_summary(ctx: TurnContext) -> None:
    active = await ctx.active_membership()
    if active is None:
        ctx.say(texts.NO_TEAM)
        return
    team, _ = active
    rows = [
        (Button(label=f"📄 {s.number} {s.title}", value=f"cmd:summary:{s.id}"),)
        for s in STEPS.values()
        if s.id in STEP_OUTPUTS
    ]
    ctx.say("Von welchem Schritt möchten Sie die Zusammenfassung?", *rows, team_id=team.id)


async def close_step(ctx: TurnContext, team_id: int, step_id: str) -> None:
    """Facilitator closes a step: its results go to every core-team member."""
    member = await require_member(ctx, team_id, Role.FACILITATOR)
    await ctx.tx.steps.set(team_id, step_id, StepStatus.CLOSED, by_member=member.id)
    outputs = await _outputs(ctx, team_id, step_id)
    recipients = await ctx.tx.members.telegram_ids(team_id, {Role.FACILITATOR, Role.CORE})
    step = STEPS[step_id]
    for chat_id in recipients:
        ctx.notify(
            chat_id,
            Message(
                text=f"🏁 <b>{step.number} {esc(step.title)}</b> wurde von "
                f"{esc(member.display_name)} abgeschlossen. Hier sind die Ergebnisse:"
            ),
            *outputs,
        )
    ctx.say(
        f"🏁 {step.number} ist abgeschlossen. Die Ergebnisse gehen an {len(recipients)} "
        "Mitglieder des Kernteams. Sie können den Schritt jederzeit wieder öffnen und ergänzen.",
        (Button(label="📋 Alle Schritte", value="cmd:steps"),),
        team_id=team_id,
    )


async def _outputs(ctx: TurnContext, team_id: int, step_id: str):
    team = await ctx.tx.teams.get(team_id)
    assert team is not None
    answers = await ctx.tx.answers.current(team_id)
    members = await ctx.tx.members.list(team_id)
    build = STEP_OUTPUTS.get(step_id)
    if build is None:
        return [Message(text="Für diesen Schritt gibt es noch keine Zusammenfassung.")]
    return build(team, answers, members)
