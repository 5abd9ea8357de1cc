"""The workshop service: one incoming update → one transaction → outbox entries.

Every update is handled inside a single write transaction that records the answer, the new
dialog position, the replies (outbox) and the update id. Only after it committed are the
replies sent, so a reply always promises a stored answer, and a redelivered update is skipped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.app import actions as act
from bot.app import (
    assignments,
    conversation,
    entry_tools,
    export,
    live,
    privacy,
    questionnaire,
    reassign,
    step_actions,
    strategy_actions,
    team_actions,
)
from bot.app.incoming import Click, Command, Edited, Incoming
from bot.app.links import Links
from bot.app.turn import TurnContext, require_member
from bot.present import texts
from bot.present.privacy_notice import PrivacyNotice
from dialogs import presses
from dialogs.errors import NotAllowed
from dialogs.events import Event, Nav, Press, TextInput, Unsupported
from dialogs.parsing import ascii_int
from dialogs.replies import Button, esc
from dialogs.steps import STEPS, work_steps
from storage.database import Database

log = logging.getLogger(__name__)

#: A group that is not linked to a team gets the hint to the private chat for plain messages
#: at most this often (commands to the bot are always answered).
GROUP_HINT_INTERVAL = timedelta(hours=1)
#: What a ``/start`` argument may be (Telegram's limit for a deep-link payload).
DEEP_LINK = re.compile(r"[A-Za-z0-9_ -]{1,64}")
NAV_COMMANDS = {"zurueck": "back", "ueberspringen": "skip", "pause": "pause", "weiter": "resume"}


@dataclass
class Processed:
    """What handling one update produced: outbox ids to deliver, and for a pressed button a
    short answer the messenger shows to the presser only (``alert``: as a dialog)."""

    outbox_ids: list[int] = field(default_factory=list)
    callback_text: str | None = None
    callback_alert: bool = False


class Workshop:
    """Transport-neutral core of the bot; adapters feed it :class:`Incoming` values."""

    def __init__(
        self, db: Database, *, links: Links, privacy: PrivacyNotice | None = None
    ) -> None:
        self.db = db
        self.links = links
        self.privacy = privacy or PrivacyNotice()
        #: Called after a commit with the live sessions the update changed (the Telegram bot
        #: refreshes their status messages and timers: bot.app.scheduler).
        self.on_live_change: Callable[[Iterable[int]], None] | None = None
        #: Group chat → when it last got the hint for a plain message (kept for one interval).
        self._group_hints: dict[str, datetime] = {}

    async def _handle(self, incoming: Incoming) -> Processed | None:
        async with self.db.transaction() as tx:
            if incoming.update_id is not None:
                if await tx.updates.seen(incoming.update_id):
                    return None
                await tx.updates.record(incoming.update_id)
            user = await tx.users.get_or_create(incoming.sender.account)
            ctx = TurnContext(tx, incoming, user, self.links, privacy=self.privacy)
            try:
                await self._route(ctx)
            except NotAllowed as refusal:
                ctx.pending.clear()
                raise _Refused(refusal.message) from None
            ids = await ctx.flush()
        if ctx.erased:
            await self.db.scrub()
        if ctx.live_touched and self.on_live_change is not None:
            self.on_live_change(sorted(ctx.live_touched))
        return Processed(ids, ctx.callback_text, ctx.callback_alert)

    async def refuse(self, incoming: Incoming, message: str) -> list[int]:
        """Record a refusal (nothing else changes) and queue its message."""
        async with self.db.transaction() as tx:
            if incoming.update_id is not None:
                await tx.updates.record(incoming.update_id)
            user = await tx.users.get_or_create(incoming.sender.account)
            ctx = TurnContext(tx, incoming, user, self.links)
            ctx.say(f"⛔ {message}")
            return await ctx.flush()

    async def process(self, incoming: Incoming) -> list[int]:
        """Handle an update; a refusal rolls back everything and only says why."""
        return (await self.process_update(incoming)).outbox_ids

    async def process_update(self, incoming: Incoming) -> Processed:
        """Like :meth:`process`, with the answer to a pressed button. A refused press in a
        group is answered to the presser only; the group sees nothing."""
        try:
            return await self._handle(incoming) or Processed()
        except _Refused as refusal:
            if not incoming.private and isinstance(incoming.input, Click):
                async with self.db.transaction() as tx:
                    if incoming.update_id is not None:
                        await tx.updates.record(incoming.update_id)
                return Processed([], f"⛔ {refusal.message}"[:200], callback_alert=True)
            return Processed(await self.refuse(incoming, refusal.message))

    # -- routing --------------------------------------------------------------------------------

    async def _route(self, ctx: TurnContext) -> None:
        incoming = ctx.incoming
        if not incoming.private:
            if not await live.handle_group(ctx) and await self._hint_due(ctx):
                ctx.say(
                    texts.GROUP_HINT,
                    (Button(label="Privat schreiben", url=self.links.private_chat_link()),),
                )
            return
        match incoming.input:
            case Command(name=name, arg=arg):
                await self._command(ctx, name, arg)
            case Click(button_id=button_id):
                await self._click(ctx, button_id)
            case TextInput() | Unsupported() as event:
                await self._dialog_event(ctx, event)
            case Edited():
                ctx.say(texts.EDIT_NOT_TAKEN)

    async def _hint_due(self, ctx: TurnContext) -> bool:
        """Whether a group message gets the hint to the private chat: a command always; a
        plain message (or an edit) only in a group without a team, once per interval."""
        if isinstance(ctx.incoming.input, Command):
            return True
        if await ctx.tx.groups.team_of(ctx.chat_id) is not None:
            return False
        now = ctx.tx.now()
        self._group_hints = {
            chat: at for chat, at in self._group_hints.items() if now - at < GROUP_HINT_INTERVAL
        }
        if ctx.chat_id in self._group_hints:
            return False
        self._group_hints[ctx.chat_id] = now
        return True

    async def _command(self, ctx: TurnContext, name: str, arg: str) -> None:
        handler = self._commands().get(name)
        if handler is None:
            ctx.say(f"Den Befehl /{name} kenne ich nicht.\n\n{texts.HELP}")
            return
        await handler(ctx, arg)

    def _commands(self) -> dict[str, Callable[[TurnContext, str], Awaitable[None]]]:
        return {
            "start": self._start,
            "hilfe": lambda ctx, _: _say(ctx, texts.HELP),
            "help": lambda ctx, _: _say(ctx, texts.HELP),
            "datenschutz": lambda ctx, _: _say(ctx, ctx.privacy.full()),
            "neu": lambda ctx, _: team_actions.start_new_team(ctx),
            "team": lambda ctx, _: team_actions.show_team(ctx),
            "schritte": lambda ctx, _: step_actions.show_steps(ctx),
            "zusammenfassung": self._summary,
            "erinnern": self._remind,
            "strategie": lambda ctx, _: strategy_actions.show(ctx),
            "export": export.export,
            "meinedaten": lambda ctx, _: privacy.my_data(ctx),
            "loeschen": lambda ctx, _: privacy.ask_delete(ctx),
            "live": lambda ctx, _: _say(
                ctx, texts.LIVE_PRIVATE.format(messenger=ctx.links.messenger)
            ),
            **{
                command: (lambda ctx, _, action=action: self._dialog_event(ctx, Nav(action)))
                for command, action in NAV_COMMANDS.items()
            },
        }

    async def _start(self, ctx: TurnContext, arg: str) -> None:
        if arg.lower().startswith("live"):
            session_id = ascii_int(arg[4:])
            if session_id is None:
                ctx.say("Diese Live-Runde kenne ich nicht.")
            else:
                await live.start_private(ctx, session_id)
            return
        if arg and not DEEP_LINK.fullmatch(arg):
            ctx.say(
                texts.INVITE_INVALID,
                (act.EnterCode().button("Code eingeben"),),
            )
            return
        if arg:
            await team_actions.start_join(ctx, arg)
            return
        active = await ctx.active_membership()
        if active is None:
            ctx.say(
                texts.WELCOME_NEW,
                (act.NewTeam().button("➕ Neues Team anlegen"),),
                (act.EnterCode().button("🔑 Mit Code beitreten"),),
            )
            return
        team, member = active
        ctx.say(
            f"👋 Willkommen zurück, {esc(member.display_name)}! Sie arbeiten im Team "
            f"<b>{esc(team.municipality)}</b> ({member.role.label}).",
            (act.Resume().button("▶ Weiter, wo ich war"),),
            (act.ShowSteps().button("📋 Arbeitsschritte"),),
            (act.ShowTeam().button("👥 Team"),),
            team_id=team.id,
        )

    async def _summary(self, ctx: TurnContext, arg: str) -> None:
        key = arg.strip().lower()
        active = await ctx.active_membership()
        if active and key in work_steps():
            await step_actions.send_summary(ctx, active[0].id, key)
        else:
            await step_actions.choose_summary(ctx)

    async def _remind(self, ctx: TurnContext, _: str) -> None:
        active = await ctx.membership_or_explain()
        if active is None:
            return
        await questionnaire.remind(ctx, active[0].id)

    # -- dialogs --------------------------------------------------------------------------------

    async def _dialog_event(self, ctx: TurnContext, event: Event) -> None:
        convo = await conversation.open_conversation(ctx)
        if convo is None:
            if isinstance(event, Nav) and event.action == "help":
                ctx.say(texts.HELP)
            elif await ctx.active_membership() is None:
                ctx.say(texts.NO_TEAM)
            else:
                ctx.say(
                    texts.NOTHING_OPEN,
                    (act.ShowSteps().button("📋 Arbeitsschritte"),),
                )
            return
        await self._answer(ctx, convo, event)

    async def _answer(
        self, ctx: TurnContext, convo: conversation.Conversation, event: Event
    ) -> None:
        """Let the engine handle ``event``, unless the member may no longer answer here."""
        if convo.member is not None and convo.team is not None:
            step = STEPS[convo.dialog.id]
            refusal = await step_actions.answer_refusal(ctx, convo.team.id, step, convo.member)
            if refusal:
                await ctx.tx.members.set_state(convo.member.id, {})
                ctx.say(
                    refusal,
                    (act.ShowSteps().button("📋 Arbeitsschritte"),),
                )
                return
        outcome = await conversation.run(ctx, convo, lambda turn: turn.handle(event))
        if convo.team is not None:
            await live.after_answer(ctx, convo.team.id, convo.dialog.id, outcome)
        if outcome.finished:
            await self._finished(ctx, convo)

    async def _finished(self, ctx: TurnContext, convo: conversation.Conversation) -> None:
        if convo.is_flow and convo.dialog.id in assignments.FLOWS:
            await assignments.finish_flow(ctx, convo.state.draft.get("values", {}))
        elif convo.is_flow:
            await team_actions.finish_flow(
                ctx, convo.dialog.id, convo.state.draft.get("values", {})
            )
        elif convo.team is not None:
            await step_actions.step_finished(ctx, convo.team.id, convo.dialog.id)

    # -- buttons --------------------------------------------------------------------------------

    async def _click(self, ctx: TurnContext, button_id: str) -> None:
        stored = await ctx.tx.buttons.resolve(button_id)
        if stored is None:
            ctx.stale_button()
            return
        if stored.user_id is not None and stored.user_id != ctx.user.id:
            raise NotAllowed(texts.BUTTON_FOREIGN)
        if stored.team_id is not None:
            await require_member(ctx, stored.team_id)
        value: str = stored.payload["v"]
        if act.is_action(value) and presses.read(value) is None:  # not a question's answer
            action = act.decode(value)
            if not isinstance(action, act.Action) or (
                action.needs_team and stored.team_id is None
            ):
                ctx.stale_button()
                return
            if action.one_shot and not await ctx.tx.buttons.use_up(stored.id):
                ctx.answer_button(texts.BUTTON_USED)
                return
            await self._actions()[type(action)](ctx, stored.team_id, action)
            return
        convo = await conversation.open_conversation(ctx)
        if (
            convo is None
            or convo.dialog.id != stored.payload.get("dlg")
            or (convo.team is not None and convo.team.id != stored.team_id)
        ):
            ctx.stale_button()
            return
        await self._answer(ctx, convo, Press(value=value, version=stored.payload.get("ver") or 0))

    def _actions(self) -> dict[type[act.Action], ActionHandler]:
        """The router for buttons: each action kind → its handler. Handlers of team actions
        get the stored button's team and check membership and role themselves."""
        return {
            act.NewTeam: lambda ctx, _, __: team_actions.start_new_team(ctx),
            act.EnterCode: lambda ctx, _, __: team_actions.start_enter_code(ctx),
            act.ShowSteps: lambda ctx, _, __: step_actions.show_steps(ctx),
            act.ShowTeam: lambda ctx, _, __: team_actions.show_team(ctx),
            act.Resume: lambda ctx, _, __: self._dialog_event(ctx, Nav("resume")),
            act.ChooseTeam: lambda ctx, _, __: team_actions.choose_team(ctx),
            act.SwitchTeam: lambda ctx, _, a: team_actions.switch_team(ctx, a.team),
            act.DeleteMe: lambda ctx, _, a: privacy.delete(ctx, a.mode),
            act.CancelDelete: lambda ctx, _, __: _say(
                ctx, "Abgebrochen – es wurde nichts gelöscht."
            ),
            act.OpenPart: lambda ctx, team, a: step_actions.open_step(ctx, team, a.part),
            act.OpenWorkStep: lambda ctx, team, a: step_actions.open_work_step(ctx, team, a.step),
            act.EnterMeasurement: lambda ctx, team, _: step_actions.open_prompt(
                ctx, team, "as9", "measurements"
            ),
            act.CloseStep: lambda ctx, team, a: step_actions.close_step(ctx, team, a.step),
            act.ReopenStep: lambda ctx, team, a: step_actions.reopen_step(ctx, team, a.step),
            act.CloseMenu: lambda ctx, team, _: step_actions.close_menu(ctx, team),
            act.ShowSummary: lambda ctx, team, a: step_actions.send_summary(ctx, team, a.step),
            act.NewInvite: lambda ctx, team, _: team_actions.new_invite(ctx, team),
            act.RevokeInvites: lambda ctx, team, _: team_actions.revoke_invites(ctx, team),
            act.ChooseMember: lambda ctx, team, _: team_actions.choose_member_for_role(ctx, team),
            act.ChooseRole: lambda ctx, team, a: team_actions.choose_role(ctx, team, a.member),
            act.SetRole: lambda ctx, team, a: team_actions.set_role(ctx, team, a.member, a.role),
            act.AssignNew: lambda ctx, team, _: assignments.choose_step(ctx, team),
            act.AssignStep: lambda ctx, team, a: assignments.choose_target(ctx, team, a.step),
            act.AssignBegin: lambda ctx, team, a: assignments.begin(ctx, team, a.target),
            act.AssignConfirm: lambda ctx, team, a: assignments.confirm(
                ctx, team, a.target, a.due
            ),
            act.AssignCancel: lambda ctx, team, _: assignments.cancel(ctx, team),
            act.AssignStatus: lambda ctx, team, _: assignments.show_status(ctx, team),
            act.AssignDue: lambda ctx, team, a: assignments.change_due(ctx, team, a.assignment),
            act.AssignRemove: lambda ctx, team, a: assignments.remove(ctx, team, a.assignment),
            act.QuestionnaireStatus: lambda ctx, team, _: questionnaire.show_progress(ctx, team),
            act.RemindOpen: lambda ctx, team, _: questionnaire.remind(ctx, team),
            act.CloseRound: lambda ctx, team, _: questionnaire.close_round(ctx, team),
            act.ListEntries: lambda ctx, team, a: entry_tools.list_entries(ctx, team, a.key),
            act.ShowEntry: lambda ctx, team, a: entry_tools.show_entry(ctx, team, a.key, a.entry),
            act.RenameEntry: lambda ctx, team, a: entry_tools.start_rename(
                ctx, team, a.key, a.entry
            ),
            act.ChooseAssignment: lambda ctx, team, a: reassign.choose(ctx, team, a.key, a.entry),
            act.Reassign: lambda ctx, team, a: reassign.reassign(
                ctx, team, a.key, a.entry, a.option, a.check
            ),
            act.MoveEntry: lambda ctx, team, a: entry_tools.move_entry(
                ctx, team, a.key, a.entry, a.option
            ),
            act.ChooseMergeTarget: lambda ctx, team, a: entry_tools.choose_merge_target(
                ctx, team, a.key, a.entry
            ),
            act.MergeEntries: lambda ctx, team, a: entry_tools.merge_entries(
                ctx, team, a.key, a.entry, a.into
            ),
            act.DeleteEntry: lambda ctx, team, a: entry_tools.delete_entry(
                ctx, team, a.key, a.entry
            ),
            act.StrategyOverview: lambda ctx, team, _: strategy_actions.show(ctx, team),
            act.StrategyDraft: lambda ctx, team, a: strategy_actions.draft(ctx, team, a.variant),
            act.StartCommentRound: lambda ctx, team, _: strategy_actions.start_round(ctx, team),
            act.StrategySections: lambda ctx, team, _: strategy_actions.sections(ctx, team),
            act.StrategySection: lambda ctx, team, a: strategy_actions.show_section(
                ctx, team, a.section
            ),
            act.StartComment: lambda ctx, team, a: strategy_actions.start_comment(
                ctx, team, a.section
            ),
            act.CancelComment: lambda ctx, team, _: strategy_actions.cancel_comment(ctx, team),
            act.ShowComments: lambda ctx, team, _: strategy_actions.show_comments(ctx, team),
            act.ConfirmFinalise: lambda ctx, team, _: strategy_actions.confirm_finalise(ctx, team),
            act.Finalise: lambda ctx, team, _: strategy_actions.finalise(ctx, team),
            act.ShowVersions: lambda ctx, team, _: strategy_actions.show_versions(ctx, team),
            act.ResendVersion: lambda ctx, team, a: strategy_actions.resend(ctx, team, a.number),
        }


#: A button handler: the turn, the stored button's team (``None`` for personal actions) and
#: the decoded action.
ActionHandler = Callable[[TurnContext, Any, Any], Awaitable[None]]


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


async def _say(ctx: TurnContext, text: str) -> None:
    ctx.say(text)
