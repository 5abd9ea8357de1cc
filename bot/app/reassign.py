"""Change later what an entry is assigned to: the field of action of an idea or a goal, the
project of a risk (declared per list as :class:`bot.app.entry_tools.Assignment`).

The choices are numbered buttons; each carries a short check of its label, so a press after the
choices changed (a field renamed or added meanwhile) changes nothing and says so.
"""

from __future__ import annotations

import zlib

from bot.app import actions as act
from bot.app.entry_tools import LISTS, Assignment, ListTools, entry_of
from bot.app.turn import TurnContext, require_member
from dialogs.records import Answer, Role
from dialogs.replies import esc


def check(label: str) -> str:
    """A short fingerprint of a choice's label (four hex digits)."""
    return f"{zlib.crc32(label.encode()) & 0xFFFF:04x}"


async def _current(ctx: TurnContext, tools: ListTools, entry: Answer) -> str | None:
    """What the entry is assigned to now."""
    assignment = tools.assignment
    assert assignment is not None
    if assignment.field is not None:
        value = entry.value.get(assignment.field) if isinstance(entry.value, dict) else None
        return None if value is None else str(value)
    assert assignment.prompt is not None
    about = await ctx.tx.answers.current(
        entry.team_id, tools.step, assignment.prompt, subject_id=entry.id
    )
    return str(about[-1].value) if about and about[-1].value is not None else None


async def choose(ctx: TurnContext, team_id: int, key: str, answer_id: int) -> None:
    """Offer the choices for the entry, the current one marked."""
    tools = LISTS[key]
    await require_member(ctx, team_id, Role.FACILITATOR)
    entry = await entry_of(ctx, team_id, tools, answer_id)
    if entry is None or tools.assignment is None:
        return
    current = await _current(ctx, tools, entry)
    choices = tools.assignment.choices(await ctx.tx.answers.current(team_id))
    rows = [
        (
            act.Reassign(key=key, entry=entry.id, option=number, check=check(label)).button(
                f"✓ {label}" if label == current else label
            ),
        )
        for number, label in enumerate(choices)
    ]
    rows.append((act.ShowEntry(key=key, entry=entry.id).button("◀ Zum Eintrag"),))
    ctx.say(
        f"🔀 {tools.assignment.label} für „{esc(tools.name(entry))}“ – bisher "
        f"<b>{esc(current or 'noch offen')}</b>. Bitte wählen Sie das neue.",
        *rows,
        team_id=team_id,
    )


async def reassign(
    ctx: TurnContext, team_id: int, key: str, answer_id: int, option: int, label_check: str
) -> None:
    """Assign the entry to choice number ``option`` (if the choices are still those shown)."""
    tools = LISTS[key]
    member = await require_member(ctx, team_id, Role.FACILITATOR)
    entry = await entry_of(ctx, team_id, tools, answer_id)
    if entry is None or tools.assignment is None:
        return
    choices = tools.assignment.choices(await ctx.tx.answers.current(team_id))
    back = (act.ShowEntry(key=key, entry=entry.id).button("◀ Zum Eintrag"),)
    if not 0 <= option < len(choices) or check(choices[option]) != label_check:
        ctx.say(
            "Die Auswahl hat sich inzwischen geändert – bitte wählen Sie noch einmal. "
            "Es wurde nichts geändert.",
            (act.ChooseAssignment(key=key, entry=entry.id).button("🔀 Neu wählen"),),
            team_id=team_id,
        )
        return
    choice = choices[option]
    if choice != await _current(ctx, tools, entry):
        await _store(ctx, tools.assignment, tools, entry, choice, member.id)
    ctx.say(
        f"✔ „{esc(tools.name(entry))}“ – {tools.assignment.label}: <b>{esc(choice)}</b>.",
        back,
        team_id=team_id,
    )


async def _store(
    ctx: TurnContext,
    assignment: Assignment,
    tools: ListTools,
    entry: Answer,
    choice: str,
    member_id: int,
) -> None:
    if assignment.field is not None:
        await ctx.tx.answers.replace(
            entry.id, entry.author_id, {**entry.value, assignment.field: choice}
        )
        return
    assert assignment.prompt is not None
    about = await ctx.tx.answers.current(
        entry.team_id, tools.step, assignment.prompt, subject_id=entry.id
    )
    if about:
        await ctx.tx.answers.replace(about[-1].id, member_id, choice)
    else:
        await ctx.tx.answers.add(
            entry.team_id, tools.step, assignment.prompt, member_id, choice, subject_id=entry.id
        )
