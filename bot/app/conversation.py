"""Runs the dialog engine for one person: loads state and snapshot, stores writes and state.

Two kinds of dialogs exist: flows that belong to no team yet (creating or joining a team),
kept on the user, and work steps, kept on the membership in the active team.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.app.turn import TurnContext
from bot.present.live_view import collects_anonymously
from dialogs.dialog import Dialog
from dialogs.engine import Outcome, Turn
from dialogs.flows import FLOWS
from dialogs.records import Member, StepStatus, Team
from dialogs.state import DialogState
from dialogs.steps import STEPS
from dialogs.view import AddAnswer, ReplaceAnswer, View


@dataclass
class Conversation:
    """An open dialog of the acting user, ready for the engine."""

    dialog: Dialog
    state: DialogState
    view: View
    team: Team | None
    member: Member | None

    @property
    def is_flow(self) -> bool:
        return self.member is None


async def load_view(ctx: TurnContext, team: Team | None, member: Member | None) -> View:
    """The engine's snapshot: current answers of the team and the dynamic options."""
    options = {"own_name": (ctx.incoming.sender.name[:60],)}
    now = ctx.tx.now()
    if team is None:
        return View(team=None, member=None, now=now, options=options)
    index = await ctx.tx.answers.indexed(team.id)
    members = await ctx.tx.members.list(team.id)
    return View(
        team=team,
        member=member,
        answers=list(index.answers),
        index=index,
        options=options,
        members=members,
        now=now,
    )


async def open_conversation(ctx: TurnContext) -> Conversation | None:
    """The user's open flow, else the open step in the active team, else None."""
    flow = await ctx.tx.users.get_flow_state(ctx.user.id)
    if flow and flow.get("dialog") in FLOWS:
        state = DialogState.model_validate(flow)
        return Conversation(FLOWS[state.dialog], state, await _flow_view(ctx, state), None, None)
    active = await ctx.active_membership()
    if active is None:
        return None
    team, member = active
    state = DialogState.model_validate(await ctx.tx.members.get_state(member.id))
    if state.dialog not in STEPS:
        return None
    return Conversation(
        STEPS[state.dialog], state, await load_view(ctx, team, member), team, member
    )


async def step_conversation(ctx: TurnContext, team: Team, member: Member, step_id: str):
    """A conversation for ``step_id`` in the member's team (open or not yet opened)."""
    state = DialogState.model_validate(await ctx.tx.members.get_state(member.id))
    return Conversation(STEPS[step_id], state, await load_view(ctx, team, member), team, member)


async def flow_conversation(ctx: TurnContext, flow_id: str, state: DialogState | None = None):
    """A fresh conversation for a team-less flow."""
    state = state or DialogState(dialog=flow_id)
    return Conversation(FLOWS[flow_id], state, await _flow_view(ctx, state), None, None)


async def _flow_view(ctx: TurnContext, state: DialogState) -> View:
    """A flow's snapshot; a flow may bring its own choice options in its values
    (``options``: source name → labels, e.g. the members a step can be assigned to)."""
    view = await load_view(ctx, None, None)
    own = state.draft.get("values", {}).get("options", {})
    view.options = {**view.options, **{k: tuple(v) for k, v in own.items()}}
    return view


async def run(
    ctx: TurnContext, conversation: Conversation, act: Callable[[Turn], Outcome]
) -> Outcome:
    """Let the engine act, store its writes and the new state, and queue its replies."""
    turn = Turn(conversation.dialog, conversation.state, conversation.view)
    outcome = act(turn)
    member = conversation.member
    if member is not None and conversation.team is not None:
        adds = any(isinstance(write, AddAnswer) for write in outcome.writes)
        rounds = await ctx.tx.live.open_for_team(conversation.team.id) if adds else []
        for write in outcome.writes:
            if isinstance(write, AddAnswer):
                await ctx.tx.answers.add(
                    conversation.team.id,
                    write.step,
                    write.prompt,
                    member.id,
                    write.value,
                    subject_id=write.subject_id,
                    anonymous=collects_anonymously(rounds, write.step, write.prompt),
                )
            elif isinstance(write, ReplaceAnswer):
                await ctx.tx.answers.replace(write.answer_id, member.id, write.value)
            else:
                await ctx.tx.answers.delete(write.answer_id)
        if outcome.writes:
            step = conversation.dialog.id
            if await ctx.tx.steps.status(conversation.team.id, step) is StepStatus.OPEN:
                await ctx.tx.steps.set(conversation.team.id, step, StepStatus.RUNNING)
        await ctx.tx.members.set_state(member.id, outcome.state.model_dump(mode="json"))
    else:
        keep = outcome.state.dialog is not None
        await ctx.tx.users.set_flow_state(
            ctx.user.id, outcome.state.model_dump(mode="json") if keep else None
        )
    ctx.reply(
        *outcome.replies,
        team_id=conversation.team.id if conversation.team else None,
        dialog=conversation.dialog.id,
        version=outcome.state.version,
    )
    if outcome.button_answer:
        ctx.stale_button(outcome.button_answer)
    if outcome.finished and ctx.incoming.private:
        ctx.question_closed = True
    conversation.state = outcome.state
    return outcome
