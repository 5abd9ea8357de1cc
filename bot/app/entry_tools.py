"""Facilitator tools for shared lists: move entries (e.g. between rings), merge duplicates, remove.

Every change is a new version of the entry's answer (the history keeps the old one) and keeps the
entry credited to who wrote it. A list declares what can be moved and what follows a merge —
merging two ideas moves the dots and the shortlist place of the duplicate to the kept idea.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.app import actions as act
from bot.app.turn import TurnContext, require_member
from dialogs.catalog import RINGS
from dialogs.records import Answer, Role
from dialogs.replies import Button, esc

MergeHook = Callable[[TurnContext, int, str, str], Awaitable[None]]


@dataclass(frozen=True)
class ListTools:
    """How one shared list is edited by the facilitator."""

    key: str
    step: str
    prompt: str
    heading: str
    name_field: str
    details: tuple[str, ...]
    #: Fields shown on an entry's page, with their German names.
    labels: dict[str, str] = field(default_factory=dict)
    move_field: str | None = None
    move_options: dict[str, str] = field(default_factory=dict)
    #: How a move is confirmed; ``{label}`` is the new value.
    moved: str = "ist jetzt „{label}“"
    on_merge: MergeHook | None = None

    def name(self, entry: Answer) -> str:
        return str(entry.value.get(self.name_field, "?"))

    def describe(self, entry: Answer) -> str:
        parts = [self.name(entry), *(str(entry.value.get(f) or "–") for f in self.details)]
        return " · ".join(parts)


async def _move_votes(ctx: TurnContext, team_id: int, duplicate: str, keep: str) -> None:
    """Dots and the shortlist place of a merged idea go to the idea that stays."""
    for vote in await ctx.tx.answers.current(team_id, "as5", "votes"):
        dots = dict(vote.value or {})
        if duplicate in dots:
            dots[keep] = dots.get(keep, 0) + dots.pop(duplicate)
            await ctx.tx.answers.replace(vote.id, vote.author_id, dots)
    for shortlist in await ctx.tx.answers.current(team_id, "as5", "shortlist"):
        titles = list(shortlist.value or [])
        if duplicate in titles:
            merged = list(dict.fromkeys(keep if t == duplicate else t for t in titles))
            await ctx.tx.answers.replace(shortlist.id, shortlist.author_id, merged)


LISTS = {
    tools.key: tools
    for tools in (
        ListTools(
            key="actors",
            step="as1_akteure",
            prompt="actors",
            heading="Akteure bearbeiten",
            name_field="name",
            details=("group", "ring"),
            labels={"group": "Gruppe", "ring": "Ring", "note": "Notiz"},
            move_field="ring",
            move_options=RINGS,
            moved="liegt jetzt im Ring „{label}“",
        ),
        ListTools(
            key="ideas",
            step="as5",
            prompt="ideas",
            heading="Ideen bearbeiten",
            name_field="title",
            details=("field",),
            labels={
                "field": "Handlungsfeld",
                "idea": "Idee",
                "goal": "Ziel",
                "partners": "Mit wem",
            },
            on_merge=_move_votes,
        ),
    )
}


async def _entry(ctx: TurnContext, team_id: int, tools: ListTools, answer_id: int):
    current = await ctx.tx.answers.current(team_id, tools.step, tools.prompt)
    entry = next((a for a in current if a.id == answer_id), None)
    if entry is None:
        ctx.stale_button("Diesen Eintrag gibt es nicht mehr – bitte öffnen Sie die Liste neu.")
    return entry


def _back(tools: ListTools) -> tuple[Button, ...]:
    return (act.ListEntries(key=tools.key).button("◀ Zur Liste"),)


async def list_entries(ctx: TurnContext, team_id: int, key: str) -> None:
    tools = LISTS[key]
    await require_member(ctx, team_id, Role.FACILITATOR)
    entries = await ctx.tx.answers.current(team_id, tools.step, tools.prompt)
    if not entries:
        ctx.say("In dieser Liste gibt es noch keine Einträge.")
        return
    rows = [
        (act.ShowEntry(key=key, entry=e.id).button(tools.describe(e)[:60]),)
        for e in sorted(entries, key=lambda e: tools.name(e).casefold())
    ]
    what = "verschieben, " if tools.move_field else ""
    ctx.say(
        f"<b>{tools.heading}</b> ({len(entries)})\nWählen Sie einen Eintrag, um ihn zu {what}"
        "mit einem doppelten zusammenzuführen oder zu entfernen.",
        *rows,
        team_id=team_id,
    )


async def show_entry(ctx: TurnContext, team_id: int, key: str, answer_id: int) -> None:
    tools = LISTS[key]
    await require_member(ctx, team_id, Role.FACILITATOR)
    entry = await _entry(ctx, team_id, tools, answer_id)
    if entry is None:
        return
    rows = [
        (act.MoveEntry(key=key, entry=entry.id, option=option).button(f"→ {label}"),)
        for option, label in tools.move_options.items()
        if tools.move_field and label != entry.value.get(tools.move_field)
    ]
    rows.append(
        (act.ChooseMergeTarget(key=key, entry=entry.id).button("⧉ Mit Doppeltem zusammenführen"),)
    )
    rows.append((act.DeleteEntry(key=key, entry=entry.id).button("🗑 Entfernen"),))
    rows.append(_back(tools))
    lines = [f"<b>{esc(tools.name(entry))}</b>"]
    for key, label in tools.labels.items():
        value = entry.value.get(key)
        if value:
            shown = ", ".join(value) if isinstance(value, list) else str(value)
            lines.append(f"{label}: {esc(shown)}")
    ctx.say("\n".join(lines), *rows, team_id=team_id)


async def move_entry(
    ctx: TurnContext, team_id: int, key: str, answer_id: int, option: str
) -> None:
    tools = LISTS[key]
    await require_member(ctx, team_id, Role.FACILITATOR)
    entry = await _entry(ctx, team_id, tools, answer_id)
    if entry is None or tools.move_field is None or option not in tools.move_options:
        return
    label = tools.move_options[option]
    await ctx.tx.answers.replace(
        entry.id, entry.author_id, {**entry.value, tools.move_field: label}
    )
    moved = tools.moved.format(label=esc(label))
    ctx.say(f"✔ {esc(tools.name(entry))} {moved}.", _back(tools), team_id=team_id)


async def choose_merge_target(ctx: TurnContext, team_id: int, key: str, answer_id: int) -> None:
    tools = LISTS[key]
    await require_member(ctx, team_id, Role.FACILITATOR)
    entry = await _entry(ctx, team_id, tools, answer_id)
    if entry is None:
        return
    others = [
        e
        for e in await ctx.tx.answers.current(team_id, tools.step, tools.prompt)
        if e.id != entry.id
    ]
    rows = [
        (act.MergeEntries(key=key, entry=entry.id, into=e.id).button(tools.describe(e)[:60]),)
        for e in others
    ]
    ctx.say(
        f"Mit welchem Eintrag soll „{esc(tools.name(entry))}“ zusammengeführt werden? Der "
        "gewählte bleibt; Notizen werden zusammengefasst.",
        *rows,
        team_id=team_id,
    )


async def merge_entries(
    ctx: TurnContext, team_id: int, key: str, duplicate_id: int, keep_id: int
) -> None:
    tools = LISTS[key]
    await require_member(ctx, team_id, Role.FACILITATOR)
    duplicate = await _entry(ctx, team_id, tools, duplicate_id)
    keep = await _entry(ctx, team_id, tools, keep_id)
    if duplicate is None or keep is None or duplicate.id == keep.id:
        return
    merged = dict(keep.value)
    for name, value in duplicate.value.items():
        if value and not merged.get(name):
            merged[name] = value  # fill gaps of the kept entry
        elif name == "note" and value and value != merged.get(name):
            merged[name] = f"{merged[name]} / {value}"
    if merged != keep.value:
        await ctx.tx.answers.replace(keep.id, keep.author_id, merged)
    await ctx.tx.answers.delete(duplicate.id)
    if tools.on_merge is not None:
        await tools.on_merge(ctx, team_id, tools.name(duplicate), tools.name(keep))
    ctx.say(
        f"⧉ „{esc(tools.name(duplicate))}“ ist mit „{esc(tools.name(keep))}“ zusammengeführt.",
        _back(tools),
        team_id=team_id,
    )


async def delete_entry(ctx: TurnContext, team_id: int, key: str, answer_id: int) -> None:
    tools = LISTS[key]
    await require_member(ctx, team_id, Role.FACILITATOR)
    entry = await _entry(ctx, team_id, tools, answer_id)
    if entry is None:
        return
    await ctx.tx.answers.delete(entry.id)
    ctx.say(f"🗑 „{esc(tools.name(entry))}“ ist entfernt.", _back(tools), team_id=team_id)
