"""Live sessions in a team's group chat: link the group, then collect, vote and rate together.

Group privacy mode: in a group the bot only sees commands and button presses, so everything
here works with ``/live`` and inline buttons; text contributions go through the private chat
(the status message's link, ``Links.live_link``, opens the target list there).

Every contribution is an ordinary answer of its work step, with its author: entries go into the
step's pool, dots become the presser's AS5 ``votes`` answer (``{idea title: dots}``, the shape of
the private dot vote), ratings the presser's AS6 ``likelihood``/``impact`` answers. Live and
asynchronous work are therefore one result. Each press is one write transaction (the service's),
so budgets and one-rating-per-person hold exactly however many people press at once.

The group sees one status message per session. Changes only bump the session's ``version``;
:mod:`bot.app.scheduler` edits the message (throttled, coalescing) through the outbox, which refers
to the sent message by the name ``live:<id>`` (``payload["ref"]`` / ``payload["edit_ref"]``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.app import conversation, step_actions
from bot.app.incoming import ChatMigration, Click, Command
from bot.app.links import Links
from bot.app.turn import TurnContext, require_member, store_buttons
from bot.present import live_actions as la
from bot.present import live_view, texts
from bot.present.live_view import DIMENSIONS, TARGETS, TIMERS, Snapshot, timer_label
from dialogs.actions import decode
from dialogs.engine import Outcome
from dialogs.errors import NotAllowed
from dialogs.records import Answer, LiveKind, LiveSession, Member, Role, StepStatus
from dialogs.replies import Button, Message, Reply, esc
from dialogs.screen import entry_title
from dialogs.steps import STEPS
from storage.database import Database
from storage.errors import ConflictError
from storage.repositories import Tx

NOT_FACILITATOR = "Live-Runden startet und beendet die Moderation des Teams."
NOT_MEMBER = "Mitmachen können nur Mitglieder des Teams. Fragen Sie Ihre Moderation nach dem Link."
LINK_NO_TEAM = (
    "Verknüpfen kann nur die Moderation eines Werkstatt-Teams. Legen Sie Ihr Team im privaten "
    "Chat mit mir an (/neu) – oder bitten Sie Ihre Moderation, /live hier zu senden."
)
LINK_NOT_ADMIN = (
    "Verknüpfen können nur Admins dieser Gruppe, die zugleich ein Team moderieren. Bitte "
    "lassen Sie sich zum Admin machen und senden Sie /live noch einmal."
)
LINK_UNKNOWN_ADMIN = (
    "Ich konnte nicht prüfen, ob Sie diese Gruppe verwalten. Bitte senden Sie /live gleich "
    "noch einmal."
)
CLOSED = "Diese Live-Runde ist beendet."
#: The same person's identical tap within this time is a double tap and counts once.
DOUBLE_TAP = timedelta(seconds=1)


# -- writing replies: inside an update's turn, or directly (timers, throttled edits) ------------


class Sink(Protocol):
    """Where live replies go: the turn's outbox, or directly into the outbox."""

    async def post(
        self, chat_id: str, reply: Reply, *, team_id: int, extra: dict[str, Any] | None = None
    ) -> None: ...


class TurnSink:
    """Replies of the update being processed (written when the turn flushes)."""

    def __init__(self, ctx: TurnContext) -> None:
        self.ctx = ctx

    async def post(
        self, chat_id: str, reply: Reply, *, team_id: int, extra: dict[str, Any] | None = None
    ) -> None:
        self.ctx.post(chat_id, reply, team_id=team_id, extra=extra)


class DirectSink:
    """Writes into the outbox at once (outside an update); ``ids`` to hand to the courier."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.ids: list[int] = []

    async def post(
        self, chat_id: str, reply: Reply, *, team_id: int, extra: dict[str, Any] | None = None
    ) -> None:
        if isinstance(reply, Message):
            reply = await store_buttons(self.tx, reply, owner=None, team_id=team_id)
        payload: dict[str, Any] = {"reply": reply.model_dump(mode="json"), **(extra or {})}
        self.ids.append(await self.tx.outbox.add(chat_id, payload))


async def snapshot(tx: Tx, team_id: int) -> Snapshot:
    team = await tx.teams.get(team_id)
    assert team is not None
    return Snapshot(
        team=team,
        answers=await tx.answers.current(team_id),
        members=await tx.members.list(team_id),
    )


async def post_status(
    sink: Sink, tx: Tx, session: LiveSession, links: Links, *, edit: bool
) -> None:
    """Send the status message (``edit``: edit the one sent before) showing ``session``."""
    text, rows = live_view.status(
        session, await snapshot(tx, session.team_id), links.live_link(session.id)
    )
    extra: dict[str, Any] = {"ref": session.ref}
    if edit:
        extra["edit_ref"] = session.ref
    await sink.post(
        session.chat_id, Message(text=text, buttons=rows), team_id=session.team_id, extra=extra
    )


# -- entry points used by the service -------------------------------------------------------


async def handle_group(ctx: TurnContext) -> bool:
    """Handle an update from a group chat; False if it is nothing for live sessions."""
    match ctx.incoming.input:
        case ChatMigration(new_chat_id=new_chat_id):
            await ctx.tx.groups.migrate(ctx.chat_id, new_chat_id)
            await ctx.tx.live.migrate(ctx.chat_id, new_chat_id)
            return True
        case Command(name="live"):
            await command(ctx)
            return True
        case Click(button_id=button_id):
            await click(ctx, button_id)
            return True
    return False


async def command(ctx: TurnContext) -> None:
    """``/live`` in a group: offer the link, or (linked) the session menu to the facilitator."""
    team_id = await ctx.tx.groups.team_of(ctx.chat_id)
    if team_id is None:
        await _offer_link(ctx)
        return
    member = await ctx.tx.members.of_user(team_id, ctx.user.id)
    if member is None or not member.is_facilitator:
        ctx.say(f"ℹ️ {NOT_FACILITATOR}")
        return
    running = await ctx.tx.live.open_in_chat(ctx.chat_id)
    if running is not None:
        ctx.say(
            f"Hier läuft bereits eine Live-Runde ({live_view.KIND_TITLES[running.kind]}).",
            (la.RepostStatus(session=running.id).button("📌 Status neu zeigen"),),
            (la.EndSession(session=running.id).button("⏹ Jetzt beenden"),),
            team_id=team_id,
        )
        return
    _menu(ctx, team_id, edit=False)


async def start_private(ctx: TurnContext, session_id: int) -> None:
    """``/start live<id>`` in the private chat: open the session's list for this member."""
    session = await ctx.tx.live.get(session_id)
    if session is None:
        ctx.say("Diese Live-Runde kenne ich nicht.")
        return
    if not session.is_open:
        ctx.say(f"{CLOSED} Mit /schritte können Sie trotzdem weiterarbeiten.")
        return
    member = await ctx.tx.members.of_user(session.team_id, ctx.user.id)
    if member is None:
        ctx.say(f"⛔ {NOT_MEMBER}")
        return
    if session.kind != "collect":
        ctx.say("In dieser Runde stimmen Sie direkt in der Gruppe über die Knöpfe ab.")
        return
    target = TARGETS[session.target]
    step = STEPS[target.step]
    refusal = await step_actions.answer_refusal(ctx, session.team_id, step, member)
    if refusal:
        ctx.say(refusal)
        return
    if ctx.user.active_team_id != session.team_id:
        await ctx.activate(session.team_id)
    await ctx.tx.users.set_flow_state(ctx.user.id, None)
    team = await ctx.tx.teams.get(session.team_id)
    assert team is not None
    note = ""
    if session.anonymous:
        note = "🕶 Anonyme Runde: Ihre Beiträge erscheinen überall ohne Namen. "
    ctx.say(
        f"✍️ <b>Live-Sammlung: {target.label}</b> · Team {esc(team.municipality)}\n"
        f"{note}Jeder Beitrag erscheint sofort in der Gruppe."
    )
    convo = await conversation.step_conversation(ctx, team, member, step.id)
    await conversation.run(ctx, convo, lambda turn: turn.begin_at(target.prompt))


async def after_answer(ctx: TurnContext, team_id: int, step_id: str, outcome: Outcome) -> None:
    """After a private answer: sessions that show this step's answers get refreshed."""
    if not outcome.writes:
        return
    for session in await ctx.tx.live.open_for_team(team_id):
        if TARGETS[session.target].step == step_id:
            await ctx.tx.live.touch(session.id)
            ctx.live_touched.add(session.id)


# -- linking --------------------------------------------------------------------------------


async def _offer_link(ctx: TurnContext) -> None:
    teams = [team for team, m in await ctx.tx.teams.for_user(ctx.user.id) if m.is_facilitator]
    if not teams:
        ctx.say(f"ℹ️ {LINK_NO_TEAM}")
        return
    if ctx.incoming.sender_is_chat_admin is None:
        ctx.say(f"⚠️ {LINK_UNKNOWN_ADMIN}")
        return
    if not ctx.incoming.sender_is_chat_admin:
        ctx.say(f"ℹ️ {LINK_NOT_ADMIN}")
        return
    rows = [(la.LinkGroup(team=team.id).button(f"🔗 {team.municipality[:50]}"),) for team in teams]
    ctx.say(
        "Diese Gruppe ist noch mit keinem Team verknüpft. Mit welchem Team soll ich sie "
        "verbinden? Danach starten Sie hier mit /live Live-Runden.",
        *rows,
        (la.CancelMenu().button("✖ Abbrechen"),),
    )


async def _link(ctx: TurnContext, team_id: int) -> None:
    member = await require_member(ctx, team_id, Role.FACILITATOR)
    linked = await ctx.tx.groups.team_of(ctx.chat_id)
    if linked is not None:
        team = await ctx.tx.teams.get(linked)
        name = esc(team.municipality) if team else "einem Team"
        _edit(ctx, f"Diese Gruppe ist bereits mit dem Team <b>{name}</b> verknüpft.")
        return
    await ctx.tx.groups.link(ctx.chat_id, team_id, member.id)
    team = await ctx.tx.teams.get(team_id)
    assert team is not None
    _edit(
        ctx,
        f"✅ Diese Gruppe ist jetzt mit dem Team <b>{esc(team.municipality)}</b> verknüpft.\n"
        "Mit /live starten Sie hier eine Live-Runde: Ideen sammeln, Punkte vergeben oder "
        "Risiken bewerten.",
    )
    ctx.answer_button("✅ Verknüpft.")


# -- the facilitator's menu -----------------------------------------------------------------


def _edit(ctx: TurnContext, text: str, *rows: tuple[Button, ...], team_id: int | None = None):
    """Replace the message whose button was pressed (buttons bound to the presser)."""
    ctx.reply(Message(text=text, buttons=tuple(r for r in rows if r), edit=True), team_id=team_id)


def _menu(ctx: TurnContext, team_id: int, *, edit: bool) -> None:
    text = "🎛 <b>Live-Runde starten</b>\nWas möchten Sie mit der Gruppe tun?"
    rows = (
        (la.ChooseKind(session_kind="collect").button("💡 Sammeln"),),
        (la.ChooseKind(session_kind="vote").button("🔴 Punkte"),),
        (la.ChooseKind(session_kind="rate").button("📊 Bewerten"),),
        (la.CancelMenu().button("✖ Abbrechen"),),
    )
    if edit:
        _edit(ctx, text, *rows, team_id=team_id)
    else:
        ctx.say(text, *rows, team_id=team_id)


def _timer_rows(kind: LiveKind, target: str, anonymous: bool) -> list[tuple[Button, ...]]:
    buttons = [
        la.StartSession(session_kind=kind, target=target, anonymous=anonymous, minutes=m).button(
            timer_label(m)
        )
        for m in TIMERS
    ]
    return [tuple(buttons[:3]), tuple(buttons[3:]), (la.ShowMenu().button("◀ Zurück"),)]


async def _setup(ctx: TurnContext, team_id: int, action: la.LiveAction) -> None:
    """The menu's steps: kind → (collect: list → anonymous?) → timer; state is in the buttons."""
    await _facilitator_here(ctx, team_id)
    match action:
        case la.ChooseKind(session_kind="vote"):
            _edit(
                ctx,
                f"🔴 <b>Punktabstimmung</b> über die Projektideen (AS5). Jede Person hat "
                f"{_vote_budget()} Punkte.\n"
                "Wie lange? Eine Minute vor Schluss kündige ich das Ende an.",
                *_timer_rows("vote", "ideas", False),
                team_id=team_id,
            )
        case la.ChooseKind(session_kind="rate"):
            _edit(
                ctx,
                "📊 <b>Risiken bewerten</b> (AS6): Wahrscheinlichkeit und Auswirkung, je 1–5.\n"
                "Wie lange? Eine Minute vor Schluss kündige ich das Ende an.",
                *_timer_rows("rate", "risks", False),
                team_id=team_id,
            )
        case la.ChooseKind(session_kind="collect"):
            rows = [(la.ChooseTarget(target=t.key).button(t.button),) for t in TARGETS.values()]
            _edit(
                ctx,
                "💡 <b>Sammeln</b> – was sammeln wir?",
                *rows,
                (la.ShowMenu().button("◀ Zurück"),),
                team_id=team_id,
            )
        case la.ChooseTarget(target=key) if key in TARGETS:
            _edit(
                ctx,
                f"💡 <b>{TARGETS[key].label} sammeln</b> – mit Namen oder anonym?\n"
                "Anonym: Die Beiträge erscheinen nirgends mit Namen – weder in der Gruppe noch in "
                "Zusammenfassung, Strategiepapier oder Export. Nur die Person selbst sieht sie "
                "unter /meinedaten.",
                (la.ChooseAnonymity(target=key, anonymous=False).button("👤 Mit Namen"),),
                (la.ChooseAnonymity(target=key, anonymous=True).button("🕶 Anonym"),),
                (la.ChooseKind(session_kind="collect").button("◀ Zurück"),),
                team_id=team_id,
            )
        case la.ChooseAnonymity(target=key, anonymous=anonymous) if key in TARGETS:
            _edit(
                ctx,
                f"💡 <b>{TARGETS[key].label} sammeln</b>"
                + (" (anonym)" if anonymous else "")
                + "\nWie lange? Eine Minute vor Schluss kündige ich das Ende an.",
                *_timer_rows("collect", key, anonymous),
                team_id=team_id,
            )
        case _:
            ctx.answer_button(texts.BUTTON_UNKNOWN, alert=True)


async def _go(ctx: TurnContext, team_id: int, action: la.StartSession, links: Links) -> None:
    """Start the session the menu put together."""
    member = await _facilitator_here(ctx, team_id)
    kind, target, minutes = action.session_kind, action.target, action.minutes
    if target not in TARGETS or minutes not in TIMERS:
        ctx.answer_button(texts.BUTTON_UNKNOWN, alert=True)
        return
    data = await snapshot(ctx.tx, team_id)
    if kind == "vote" and not live_view.ideas(data):
        _edit(ctx, "Es gibt noch keine Projektideen. Sammeln Sie zuerst: /live → 💡 Sammeln.")
        return
    if kind == "rate" and not live_view.risks(data):
        _edit(ctx, "Es gibt noch keine Risiken. Sammeln Sie zuerst: /live → 💡 Sammeln.")
        return
    budget = _vote_budget()
    try:
        session = await ctx.tx.live.create(
            ctx.chat_id,
            team_id,
            kind,
            target,
            started_by=member.id,
            anonymous=action.anonymous,
            budget=budget,
            duration=timedelta(minutes=minutes) if minutes else None,
        )
    except ConflictError:
        _edit(ctx, "Hier läuft bereits eine Live-Runde. Beenden Sie sie zuerst (/live).")
        return
    _edit(ctx, f"▶ Live-Runde gestartet ({timer_label(minutes)}).")
    await post_status(TurnSink(ctx), ctx.tx, session, links, edit=False)
    ctx.live_touched.add(session.id)
    ctx.answer_button("▶ Gestartet.")


def _vote_budget() -> int:
    prompt = STEPS["as5"].prompt("votes")
    return int(getattr(prompt, "budget", 3))


async def _facilitator_here(ctx: TurnContext, team_id: int) -> Member:
    """The presser as facilitator of ``team_id``, which must still be linked to this group."""
    if await ctx.tx.groups.team_of(ctx.chat_id) != team_id:
        raise NotAllowed("Diese Gruppe ist nicht (mehr) mit dem Team verknüpft.")
    member = await ctx.tx.members.of_user(team_id, ctx.user.id)
    if member is None or not member.is_facilitator:
        raise NotAllowed(NOT_FACILITATOR)
    return member


# -- button presses -------------------------------------------------------------------------


async def click(ctx: TurnContext, button_id: str) -> None:
    """A button under one of the bot's messages in the group."""
    stored = await ctx.tx.buttons.resolve(button_id)
    if stored is None:
        ctx.answer_button(texts.BUTTON_UNKNOWN, alert=True)
        return
    if stored.user_id is not None and stored.user_id != ctx.user.id:
        raise NotAllowed(texts.BUTTON_FOREIGN)
    action = decode(stored.payload.get("v") or "")
    match action:
        case la.SessionAction():
            await _session_action(ctx, action)
        case la.LinkGroup(team=team_id):
            await _link(ctx, team_id)
        case la.CancelMenu():
            _edit(ctx, "Abgebrochen.")
        case la.LiveAction() if stored.team_id is not None:
            await _menu_action(ctx, stored.team_id, action)
        case _:
            ctx.answer_button(texts.BUTTON_UNKNOWN, alert=True)


async def _menu_action(ctx: TurnContext, team_id: int, action: la.LiveAction) -> None:
    if isinstance(action, la.ShowMenu):
        await _facilitator_here(ctx, team_id)
        _menu(ctx, team_id, edit=True)
    elif isinstance(action, la.StartSession):
        await _go(ctx, team_id, action, ctx.links)
    else:
        await _setup(ctx, team_id, action)


SessionHandler = Callable[[TurnContext, LiveSession, Member, Any], Awaitable[None]]


async def _session_action(ctx: TurnContext, action: la.SessionAction) -> None:
    session = await ctx.tx.live.get(action.session)
    if session is None:
        ctx.answer_button(texts.BUTTON_UNKNOWN, alert=True)
        return
    member = await ctx.tx.members.of_user(session.team_id, ctx.user.id)
    if member is None:
        raise NotAllowed(NOT_MEMBER)
    if not session.is_open:
        ctx.answer_button(CLOSED)
        return
    await SESSION_ACTIONS[type(action)](ctx, session, member, action)


async def _dot(ctx: TurnContext, session: LiveSession, member: Member, action: la.GiveDot) -> None:
    """One more dot of the presser's budget on an idea (their AS5 ``votes`` answer)."""
    idea = await _item(ctx, session, action.idea, "as5", "ideas")
    if idea is None:
        ctx.answer_button("Diese Idee gibt es nicht mehr.", alert=True)
        return
    title = entry_title(idea.value, TARGETS["ideas"].items_prompt).strip()
    mine = await _my_answer(ctx.tx, session.team_id, "as5", "votes", member.id, None)
    dots = live_view.dots_of(mine.value) if mine else {}
    used = sum(dots.values())
    tap = f"live:{session.id}:dot:{action.idea}"
    if await ctx.tx.buttons.is_repeat_tap(ctx.user.id, tap, DOUBLE_TAP):
        ctx.answer_button(
            f"Doppelt getippt – zählt einmal: „{title[:60]}“ hat {dots.get(title, 0)} von Ihren "
            f"Punkten; {used} von {session.budget} vergeben."
        )
        return
    if used >= session.budget:
        ctx.answer_button(
            f"Sie haben alle {session.budget} Punkte vergeben. Mit „↩ Meine Punkte zurück“ "
            "verteilen Sie sie neu.",
            alert=True,
        )
        return
    dots[title] = dots.get(title, 0) + 1
    await _store(ctx.tx, session.team_id, "as5", "votes", member.id, mine, dots, None)
    await _touch(ctx, session)
    ctx.answer_button(f"✔ Punkt für „{title[:60]}“ – {used + 1} von {session.budget} vergeben.")


async def _undo(
    ctx: TurnContext, session: LiveSession, member: Member, _: la.TakeDotsBack
) -> None:
    """Take all of the presser's dots back (possible until the close)."""
    mine = await _my_answer(ctx.tx, session.team_id, "as5", "votes", member.id, None)
    if mine is None or not live_view.dots_of(mine.value):
        ctx.answer_button("Sie haben noch keine Punkte vergeben.")
        return
    await ctx.tx.answers.delete(mine.id)
    await _touch(ctx, session)
    ctx.answer_button(f"↩ Zurückgenommen – Sie haben wieder {session.budget} Punkte.")


async def _rate(
    ctx: TurnContext, session: LiveSession, member: Member, action: la.RateRisk
) -> None:
    """The presser's rating (1–5) of a risk's likelihood (``l``) or impact (``i``)."""
    risk = await _item(ctx, session, action.risk, "as6", "risks")
    if risk is None:
        ctx.answer_button("Dieses Risiko gibt es nicht mehr.", alert=True)
        return
    prompt, label, _letter = DIMENSIONS[action.dimension]
    value = action.value
    mine = await _my_answer(ctx.tx, session.team_id, "as6", prompt, member.id, risk.id)
    title = entry_title(risk.value, TARGETS["risks"].items_prompt)
    if mine is not None and mine.value == value:
        ctx.answer_button(f"{label} {value} für „{title[:60]}“ hatten Sie schon gewählt.")
        return
    await _store(ctx.tx, session.team_id, "as6", prompt, member.id, mine, value, risk.id)
    await _touch(ctx, session)
    ctx.answer_button(f"✔ {label} {value} für „{title[:60]}“.")


async def _mine(
    ctx: TurnContext, session: LiveSession, member: Member, action: la.ShowMyRating
) -> None:
    """Show the presser their own ratings of a risk."""
    risk = await _item(ctx, session, action.risk, "as6", "risks")
    if risk is None:
        ctx.answer_button("Dieses Risiko gibt es nicht mehr.", alert=True)
        return
    shown = []
    for prompt, label, _letter in DIMENSIONS.values():
        mine = await _my_answer(ctx.tx, session.team_id, "as6", prompt, member.id, risk.id)
        shown.append(f"{label} {mine.value if mine else '–'}")
    title = entry_title(risk.value, TARGETS["risks"].items_prompt)
    ctx.answer_button(f"Ihre Bewertung für „{title[:60]}“: " + " · ".join(shown), alert=True)


async def _page(
    ctx: TurnContext, session: LiveSession, member: Member, action: la.TurnPage
) -> None:
    if not member.is_facilitator:
        raise NotAllowed("Weiterblättern kann die Moderation.")
    await ctx.tx.live.set_page(session.id, action.page)
    await _touch(ctx, session)
    ctx.answer_button("Gleich zeige ich die anderen Risiken.")


async def _end(ctx: TurnContext, session: LiveSession, member: Member, _: la.EndSession) -> None:
    if not member.is_facilitator:
        raise NotAllowed(NOT_FACILITATOR)
    await close_session(
        TurnSink(ctx),
        ctx.tx,
        session,
        closed_by=member.id,
        reason=f"beendet von {esc(member.display_name)}.",
        links=ctx.links,
    )
    ctx.live_touched.add(session.id)
    ctx.answer_button("⏹ Beendet.")


async def _repost(
    ctx: TurnContext, session: LiveSession, member: Member, _: la.RepostStatus
) -> None:
    """Show the status message again at the bottom of the chat; edits go to the new one."""
    if not member.is_facilitator:
        raise NotAllowed(NOT_FACILITATOR)
    version = await ctx.tx.live.touch(session.id)
    session = session.model_copy(update={"version": version})
    await post_status(TurnSink(ctx), ctx.tx, session, ctx.links, edit=False)
    await ctx.tx.live.mark_shown(session.id, version)
    _edit(ctx, "📌 Der Status steht unten.")


SESSION_ACTIONS: dict[type[la.SessionAction], SessionHandler] = {
    la.GiveDot: _dot,
    la.TakeDotsBack: _undo,
    la.RateRisk: _rate,
    la.ShowMyRating: _mine,
    la.TurnPage: _page,
    la.EndSession: _end,
    la.RepostStatus: _repost,
}


async def _item(
    ctx: TurnContext, session: LiveSession, answer_id: int, step: str, prompt: str
) -> Answer | None:
    """The current version of the list entry ``answer_id``, if it is one of the team's."""
    item = await ctx.tx.answers.latest(answer_id)
    if item is None or item.team_id != session.team_id:
        return None
    return item if (item.step, item.prompt) == (step, prompt) else None


async def _my_answer(
    tx: Tx, team_id: int, step: str, prompt: str, member_id: int, subject_id: int | None
) -> Answer | None:
    found = await tx.answers.current(
        team_id, step, prompt, subject_id=subject_id, author_id=member_id
    )
    if subject_id is None:
        found = [a for a in found if a.subject_id is None]
    return found[-1] if found else None


async def _store(
    tx: Tx,
    team_id: int,
    step: str,
    prompt: str,
    member_id: int,
    mine: Answer | None,
    value: Any,
    subject_id: int | None,
) -> None:
    """The member's answer as the private dialog would store it (a new version, or new)."""
    if mine is not None:
        await tx.answers.replace(mine.id, member_id, value)
    else:
        await tx.answers.add(team_id, step, prompt, member_id, value, subject_id=subject_id)
    if await tx.steps.status(team_id, step) is StepStatus.OPEN:
        await tx.steps.set(team_id, step, StepStatus.RUNNING)


async def _touch(ctx: TurnContext, session: LiveSession) -> None:
    await ctx.tx.live.touch(session.id)
    ctx.live_touched.add(session.id)


# -- closing, timers, throttled status edits (also used by bot.app.scheduler) -------------------


async def close_session(
    sink: Sink,
    tx: Tx,
    session: LiveSession,
    *,
    closed_by: int | None,
    reason: str,
    links: Links,
) -> bool:
    """Close the session once: final status (no buttons), then the results (text + chart)."""
    data = await snapshot(tx, session.team_id)
    result_text, replies = live_view.results(session, data, reason)
    if not await tx.live.close(session.id, closed_by=closed_by, result=result_text):
        return False
    closed = await tx.live.get(session.id)
    assert closed is not None
    await post_status(sink, tx, closed, links, edit=True)
    for reply in replies:
        await sink.post(closed.chat_id, reply, team_id=closed.team_id)
    return True


async def refresh_status(
    db: Database, session_id: int, links: Links
) -> tuple[LiveSession | None, list[int]]:
    """Edit the status message if it does not show the session's latest version yet."""
    async with db.transaction() as tx:
        session = await tx.live.get(session_id)
        if session is None or session.version <= session.shown_version:
            return session, []
        sink = DirectSink(tx)
        await post_status(sink, tx, session, links, edit=True)
        await tx.live.mark_shown(session.id, session.version)
        return session, sink.ids


async def warn(db: Database, session_id: int, ends_at: datetime) -> list[int]:
    """Announce the coming end (once, and only if the end is still ``ends_at``)."""
    async with db.transaction() as tx:
        session = await tx.live.get(session_id)
        if session is None or not session.is_open or session.ends_at != ends_at:
            return []
        if not await tx.live.mark_warned(session.id):
            return []
        seconds = (ends_at - tx.now()).total_seconds()
        minutes = max(1, round(seconds / 60))
        left = "1 Minute" if minutes == 1 else f"{minutes} Minuten"
        sink = DirectSink(tx)
        await sink.post(
            session.chat_id,
            Message(text=f"⏳ Noch {left} – dann schließe ich die Live-Runde."),
            team_id=session.team_id,
        )
        return sink.ids


async def close_by_timer(
    db: Database, session_id: int, ends_at: datetime, links: Links
) -> list[int]:
    """Close the session at its end (unless it was closed or its end moved meanwhile)."""
    async with db.transaction() as tx:
        session = await tx.live.get(session_id)
        if session is None or not session.is_open or session.ends_at != ends_at:
            return []
        sink = DirectSink(tx)
        await close_session(
            sink, tx, session, closed_by=None, reason="die Zeit ist um.", links=links
        )
        return sink.ids
