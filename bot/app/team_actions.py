"""Team commands and buttons: create, join, overview, invites, roles, switching teams."""

from __future__ import annotations

import secrets
from datetime import timedelta

from bot.app import actions as act
from bot.app import conversation, entry_tools, strategy_actions
from bot.app.privacy import written_forms
from bot.app.turn import TurnContext, require_member
from bot.present import texts
from dialogs.errors import NotAllowed
from dialogs.next_step import reason, recommended_step
from dialogs.records import ROLE_LABELS, Member, Role, Team
from dialogs.replies import Button, Message, count, esc
from dialogs.state import DialogState
from dialogs.steps import STEP_NAMES

INVITE_TTL = timedelta(days=14)
#: Unambiguous alphabet for invite codes (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    """An 8-character invite code; shown as ``ABCD-EFGH``, usable as deep-link parameter."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def pretty_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


async def start_new_team(ctx: TurnContext) -> None:
    convo = await conversation.flow_conversation(ctx, "new_team")
    await conversation.run(ctx, convo, lambda turn: turn.begin())


async def start_enter_code(ctx: TurnContext) -> None:
    convo = await conversation.flow_conversation(ctx, "enter_code")
    await conversation.run(ctx, convo, lambda turn: turn.begin())


async def start_join(ctx: TurnContext, raw_code: str) -> None:
    """Begin joining the team behind an invite code (from a deep link or typed)."""
    code = normalise_code(raw_code)
    invite = await ctx.tx.invites.get(code)
    if invite is None or not invite.is_valid(ctx.tx.now()):
        ctx.say(
            texts.INVITE_INVALID,
            (act.EnterCode().button("Code erneut eingeben"),),
        )
        return
    team = await ctx.tx.teams.get(invite.team_id)
    assert team is not None
    if await ctx.tx.members.of_user(team.id, ctx.user.id):
        await ctx.activate(team.id)
        ctx.say(
            f"Sie gehören bereits zum Team <b>{esc(team.municipality)}</b> – es ist jetzt aktiv.",
            (act.ShowSteps().button("📋 Arbeitsschritte"),),
        )
        return
    ctx.say(f"👋 Sie sind eingeladen, im Team <b>{esc(team.municipality)}</b> mitzuarbeiten.")
    state = DialogState(dialog="join", draft={"values": {"invite": code}})
    convo = await conversation.flow_conversation(ctx, "join", state)
    await conversation.run(ctx, convo, lambda turn: turn.begin())


async def finish_flow(ctx: TurnContext, flow: str, values: dict) -> None:
    """Act on a completed team-less flow with the values it collected."""
    await ctx.tx.users.set_flow_state(ctx.user.id, None)
    profile = ctx.incoming.sender.name
    if "display_name" in values and profile and values["display_name"] != profile[:60]:
        # Another name was chosen: the messenger name offered as a button is not kept.
        await ctx.tx.erasure.replace_in_chat(ctx.chat_id, written_forms(profile), "…")
    if flow == "new_team":
        await _create_team(ctx, values)
    elif flow == "join":
        await _join(ctx, values)
    elif flow == "enter_code":
        await start_join(ctx, values["code"])
    elif flow == "strategy_comment":
        await strategy_actions.save_comment(ctx, values)
    elif flow == entry_tools.RENAME_FLOW:
        await entry_tools.rename_entry(ctx, values)


async def _create_team(ctx: TurnContext, values: dict) -> None:
    team = await ctx.tx.teams.create(values["municipality"], values["town_type"])
    member = await ctx.tx.members.add(
        team.id, ctx.user.id, values["display_name"], Role.FACILITATOR, values["stakeholder_group"]
    )
    invite = await ctx.tx.invites.create(team.id, member.id, new_code(), INVITE_TTL)
    await ctx.activate(team.id)
    paragraphs = [
        f"🎉 Das Team <b>{esc(team.municipality)}</b> ist angelegt; Sie haben die Moderation.",
        "Laden Sie Ihr Kernteam und weitere Beteiligte ein – mit diesem Link:\n"
        f"{ctx.invite_link(invite.code)}\n"
        f"oder mit dem Code <code>{pretty_code(invite.code)}</code> "
        f"(gültig bis {invite.expires_at:%d.%m.%Y}).",
        "Wer beitritt, ist zunächst Teilnehmende oder Teilnehmender; unter /team machen Sie "
        "Personen zum Kernteam.",
    ]
    rows = []
    first = recommended_step({})  # a new team has no results yet
    if first is not None:
        paragraphs.append(f"👉 Beginnen Sie mit <b>{STEP_NAMES[first]}</b> – {reason(first)}.")
        rows.append((act.OpenWorkStep(step=first).button(f"▶ {STEP_NAMES[first]} öffnen"),))
    rows.append((act.ShowSteps().button("📋 Zu den Arbeitsschritten"),))
    ctx.say(
        "\n\n".join([*paragraphs, ctx.privacy.short()]),
        *rows,
        team_id=team.id,
    )


async def _join(ctx: TurnContext, values: dict) -> None:
    invite = await ctx.tx.invites.get(values["invite"])
    if invite is None or not invite.is_valid(ctx.tx.now()):
        ctx.say(texts.INVITE_INVALID)
        return
    team = await ctx.tx.teams.get(invite.team_id)
    assert team is not None
    member = await ctx.tx.members.of_user(team.id, ctx.user.id)
    if member is None:
        member = await ctx.tx.members.add(
            team.id, ctx.user.id, values["display_name"], Role.PARTICIPANT,
            values["stakeholder_group"],
        )  # fmt: skip
        for chat_id in await ctx.tx.members.accounts(team.id, {Role.FACILITATOR}):
            if chat_id != ctx.user.account:
                ctx.notify(
                    chat_id,
                    Message(
                        text=f"👤 <b>{esc(member.display_name)}</b> "
                        f"({esc(member.stakeholder_group)}) ist dem Team beigetreten.",
                        buttons=(
                            (
                                act.SetRole(member=member.id, role=Role.CORE).button(
                                    "Zum Kernteam machen"
                                ),
                            ),
                        ),
                    ),
                    team_id=team.id,
                )
    await ctx.activate(team.id)
    ctx.say(
        f"✅ Willkommen im Team <b>{esc(team.municipality)}</b>, {esc(member.display_name)}!\n"
        "Unter /schritte sehen Sie die Arbeitsschritte; öffnen Sie einen, um mitzuarbeiten."
        f"\n\n{ctx.privacy.short()}",
        (act.ShowSteps().button("📋 Arbeitsschritte"),),
        team_id=team.id,
    )


async def show_team(ctx: TurnContext) -> None:
    """Members with roles, the current invitation, and the facilitator's tools."""
    active = await ctx.membership_or_explain()
    if active is None:
        return
    team, me = active
    everyone = await ctx.tx.members.list(team.id)
    members = [m for m in everyone if m.user_id is not None]  # deleted people are no members
    lines = [f"<b>Team {esc(team.municipality)}</b> ({esc(team.town_type)})", ""]
    for role in Role:
        group = [m for m in members if m.role is role]
        if group:
            lines.append(f"<b>{ROLE_LABELS[role]}</b>")
            lines.extend(
                f"• {esc(m.display_name)} – {esc(m.stakeholder_group)}"
                + (" (Sie)" if m.id == me.id else "")
                for m in group
            )
    if gone := len(everyone) - len(members):
        who = "1 Person hat" if gone == 1 else f"{gone} Personen haben"
        lines += ["", f"{who} ihre Daten gelöscht; die Beiträge stehen anonym in den Ergebnissen."]
    rows: list[tuple[Button, ...]] = []
    if me.is_core:
        invites = await ctx.tx.invites.active(team.id)
        if invites:
            invite = invites[-1]
            lines += [
                "",
                f"<b>Einladung</b>: {ctx.invite_link(invite.code)}",
                f"Code <code>{pretty_code(invite.code)}</code>, gültig bis "
                f"{invite.expires_at:%d.%m.%Y}",
            ]
        rows.append((act.NewInvite().button("🔗 Neuer Einladungslink"),))
    if me.is_facilitator:
        if await ctx.tx.invites.active(team.id):
            rows.append((act.RevokeInvites().button("🚫 Einladungen widerrufen"),))
        rows.append((act.ChooseMember().button("👥 Rollen ändern"),))
    if len(await ctx.tx.teams.for_user(ctx.user.id)) > 1:
        rows.append((act.ChooseTeam().button("🔀 Team wechseln"),))
    ctx.say("\n".join(lines), *rows, team_id=team.id)


async def new_invite(ctx: TurnContext, team_id: int) -> None:
    member = await require_member(ctx, team_id, Role.FACILITATOR, Role.CORE)
    invite = await ctx.tx.invites.create(team_id, member.id, new_code(), INVITE_TTL)
    ctx.say(
        f"🔗 Neuer Einladungslink:\n{ctx.invite_link(invite.code)}\n"
        f"Code <code>{pretty_code(invite.code)}</code>, gültig bis {invite.expires_at:%d.%m.%Y}."
    )


async def revoke_invites(ctx: TurnContext, team_id: int) -> None:
    await require_member(ctx, team_id, Role.FACILITATOR)
    invites = await ctx.tx.invites.active(team_id)
    for invite in invites:
        await ctx.tx.invites.revoke(invite.code)
    ctx.say(
        f"🚫 {count(len(invites), 'Einladung', 'Einladungen')} widerrufen. Wer schon "
        "beigetreten ist, bleibt im Team. Einen neuen Link erzeugen Sie unter /team."
    )


async def choose_member_for_role(ctx: TurnContext, team_id: int) -> None:
    me = await require_member(ctx, team_id, Role.FACILITATOR)
    members = [m for m in await ctx.tx.members.list(team_id) if m.id != me.id and m.user_id]
    if not members:
        ctx.say("Außer Ihnen ist noch niemand im Team. Teilen Sie zuerst den Einladungslink.")
        return
    rows = [
        (act.ChooseRole(member=m.id).button(f"{m.display_name} ({m.role.label})"),)
        for m in members
    ]
    ctx.say("Wessen Rolle möchten Sie ändern?", *rows, team_id=team_id)


async def choose_role(ctx: TurnContext, team_id: int, member_id: int) -> None:
    await require_member(ctx, team_id, Role.FACILITATOR)
    target = await _team_member(ctx, team_id, member_id)
    rows = [
        (act.SetRole(member=target.id, role=role).button(role.label),)
        for role in Role
        if role is not target.role
    ]
    ctx.say(
        f"Neue Rolle für <b>{esc(target.display_name)}</b> (bisher {target.role.label}):",
        *rows,
        team_id=team_id,
    )


async def set_role(ctx: TurnContext, team_id: int, member_id: int, role: Role) -> None:
    me = await require_member(ctx, team_id, Role.FACILITATOR)
    target = await _team_member(ctx, team_id, member_id)
    members = await ctx.tx.members.list(team_id)
    facilitators = [m for m in members if m.is_facilitator]
    if target.is_facilitator and role is not Role.FACILITATOR and len(facilitators) == 1:
        ctx.say("Ein Team braucht mindestens eine Moderation. Ernennen Sie zuerst eine weitere.")
        return
    if target.role is role:
        ctx.say(f"{esc(target.display_name)} hat diese Rolle schon.")
        return
    await ctx.tx.members.set_role(target.id, role)
    ctx.say(f"✔ {esc(target.display_name)} gehört jetzt zur Rolle <b>{role.label}</b>.")
    user = await ctx.tx.users.get(target.user_id) if target.user_id else None
    if user is not None and target.id != me.id:
        team = await ctx.tx.teams.get(team_id)
        assert team is not None
        ctx.notify(
            user.account,
            Message(
                text=f"Ihre Rolle im Team <b>{esc(team.municipality)}</b> ist jetzt "
                f"<b>{role.label}</b> (geändert von {esc(me.display_name)})."
            ),
        )


async def _team_member(ctx: TurnContext, team_id: int, member_id: int) -> Member:
    target = await ctx.tx.members.get(member_id)
    if target is None or target.team_id != team_id:
        raise NotAllowed(texts.NOT_MEMBER)
    return target


async def choose_team(ctx: TurnContext) -> None:
    teams = await ctx.tx.teams.for_user(ctx.user.id)
    rows = [
        (
            act.SwitchTeam(team=t.id).button(
                ("● " if t.id == ctx.user.active_team_id else "") + t.municipality[:50]
            ),
        )
        for t, _ in teams
    ]
    ctx.say("In welchem Team möchten Sie arbeiten?", *rows)


async def switch_team(ctx: TurnContext, team_id: int) -> Team:
    await require_member(ctx, team_id)
    await ctx.activate(team_id)
    team = await ctx.tx.teams.get(team_id)
    assert team is not None
    ctx.say(
        f"🔀 Sie arbeiten jetzt im Team <b>{esc(team.municipality)}</b>.",
        (act.ShowSteps().button("📋 Arbeitsschritte"),),
        team_id=team_id,
    )
    return team
