"""Facilitator tools for shared lists: rename entries, move them (e.g. between rings), change
what they are assigned to (see :mod:`bot.app.reassign`), merge duplicates, remove.

Every change is a new version of the entry's answer (the history keeps the old one) and keeps the
entry credited to who wrote it. Other answers link to entries by entry id (see
:mod:`dialogs.links`), so a renamed entry keeps its dots, sketch, risks and indicators, and a
merge moves the links of the duplicate to the kept entry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.app import actions as act
from bot.app import conversation
from bot.app.turn import TurnContext, require_member
from dialogs.catalog import RINGS, SUGGESTED_FIELDS
from dialogs.flows import RENAME_ENTRY
from dialogs.links import TARGETS, Titles
from dialogs.records import Answer, Role
from dialogs.replies import Button, esc
from dialogs.results import team_fields
from dialogs.state import DialogState
from dialogs.steps.as6 import STRATEGY_LEVEL

RENAME_FLOW = RENAME_ENTRY.id


@dataclass(frozen=True)
class Assignment:
    """What each entry of a list is assigned to, changeable later: the field of action of an
    idea or a goal, the project of a risk. Stored in the entry's own ``field`` or in a team
    answer to ``prompt`` (same step) about the entry."""

    label: str
    #: The choices, from the team's current answers.
    choices: Callable[[Sequence[Answer]], tuple[str, ...]]
    field: str | None = None
    prompt: str | None = None


def _fields(answers: Sequence[Answer]) -> tuple[str, ...]:
    """The team's fields of action; while AS4 has defined none, the suggested ones, too."""
    own = team_fields(answers)
    if any((a.step, a.prompt) == ("as4", "fields") for a in answers):
        return own
    return tuple(dict.fromkeys((*own, *SUGGESTED_FIELDS)))


def _projects(answers: Sequence[Answer]) -> tuple[str, ...]:
    """The whole strategy, then the projects sketched in AS5."""
    return tuple(dict.fromkeys((STRATEGY_LEVEL, *Titles(answers).names("as5.sketches"))))


@dataclass(frozen=True)
class ListTools:
    """How one shared list is edited by the facilitator."""

    key: str
    step: str
    prompt: str
    heading: str
    #: The field holding an entry's name; None: the entry is its name (a plain text).
    name_field: str | None
    details: tuple[str, ...]
    #: Fields shown on an entry's page, with their German names.
    labels: dict[str, str] = field(default_factory=dict)
    move_field: str | None = None
    move_options: dict[str, str] = field(default_factory=dict)
    #: How a move is confirmed; ``{label}`` is the new value.
    moved: str = "ist jetzt „{label}“"
    assignment: Assignment | None = None

    @property
    def target(self) -> str | None:
        """The list's name as links know it (``"as5.ideas"``), if other answers link to it."""
        ref = f"{self.step}.{self.prompt}"
        return ref if ref in TARGETS else None

    def name(self, entry: Answer) -> str:
        if self.name_field is None or not isinstance(entry.value, dict):
            return str(entry.value)
        return str(entry.value.get(self.name_field, "?"))

    def named(self, entry: Answer, name: str) -> Any:
        """The entry's value with ``name``."""
        return name if self.name_field is None else {**entry.value, self.name_field: name}

    def fields(self, entry: Answer) -> dict[str, Any]:
        """The entry's fields (none for a plain-text entry)."""
        return entry.value if isinstance(entry.value, dict) else {}

    def describe(self, entry: Answer) -> str:
        values = self.fields(entry)
        return " · ".join([self.name(entry), *(str(values.get(f) or "–") for f in self.details)])


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
            assignment=Assignment("Handlungsfeld", _fields, field="field"),
        ),
        ListTools(
            key="fields",
            step="as4",
            prompt="fields",
            heading="Handlungsfelder bearbeiten",
            name_field="name",
            details=("focus",),
            labels={
                "description": "Beschreibung",
                "focus": "Schwerpunkt",
                "role": "Rolle der Kommune",
                "lead": "Federführung",
            },
        ),
        ListTools(
            key="goals",
            step="as3",
            prompt="goals",
            heading="Ziele bearbeiten",
            name_field=None,
            details=(),
            assignment=Assignment("Handlungsfeld", _fields, prompt="goal_field"),
        ),
        ListTools(
            key="risks",
            step="as6",
            prompt="risks",
            heading="Risiken bearbeiten",
            name_field="title",
            details=("project",),
            labels={"category": "Kategorie", "project": "Projekt", "description": "Beschreibung"},
            assignment=Assignment("Projekt", _projects, field="project"),
        ),
    )
}


async def entry_of(
    ctx: TurnContext, team_id: int, tools: ListTools, answer_id: int
) -> Answer | None:
    """The list's current entry ``answer_id``; None (and says so) if it is gone."""
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
    move = "zu verschieben, " if tools.move_field else ""
    assign = f"sein {tools.assignment.label} zu ändern, " if tools.assignment else ""
    ctx.say(
        f"<b>{tools.heading}</b> ({len(entries)})\nWählen Sie einen Eintrag, um ihn "
        f"umzubenennen, {move}{assign}mit einem doppelten zusammenzuführen oder zu entfernen.",
        *rows,
        team_id=team_id,
    )


async def show_entry(ctx: TurnContext, team_id: int, key: str, answer_id: int) -> None:
    tools = LISTS[key]
    await require_member(ctx, team_id, Role.FACILITATOR)
    await _drop_rename_flow(ctx)
    entry = await entry_of(ctx, team_id, tools, answer_id)
    if entry is None:
        return
    rows = [(act.RenameEntry(key=key, entry=entry.id).button("✏️ Umbenennen"),)]
    if tools.assignment is not None:
        change = f"🔀 {tools.assignment.label} ändern"
        rows.append((act.ChooseAssignment(key=key, entry=entry.id).button(change),))
    rows += [
        (act.MoveEntry(key=key, entry=entry.id, option=option).button(f"→ {label}"),)
        for option, label in tools.move_options.items()
        if tools.move_field and label != tools.fields(entry).get(tools.move_field)
    ]
    rows.append(
        (act.ChooseMergeTarget(key=key, entry=entry.id).button("⧉ Mit Doppeltem zusammenführen"),)
    )
    rows.append((act.DeleteEntry(key=key, entry=entry.id).button("🗑 Entfernen"),))
    rows.append(_back(tools))
    lines = [f"<b>{esc(tools.name(entry))}</b>"]
    if tools.assignment is not None and tools.assignment.prompt is not None:
        about = await ctx.tx.answers.current(
            team_id, tools.step, tools.assignment.prompt, subject_id=entry.id
        )
        shown = str(about[-1].value) if about and about[-1].value else "noch offen"
        lines.append(f"{tools.assignment.label}: {esc(shown)}")
    for key, label in tools.labels.items():
        value = tools.fields(entry).get(key)
        if value:
            shown = ", ".join(value) if isinstance(value, list) else str(value)
            lines.append(f"{label}: {esc(shown)}")
    ctx.say("\n".join(lines), *rows, team_id=team_id)


async def move_entry(
    ctx: TurnContext, team_id: int, key: str, answer_id: int, option: str
) -> None:
    tools = LISTS[key]
    await require_member(ctx, team_id, Role.FACILITATOR)
    entry = await entry_of(ctx, team_id, tools, answer_id)
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
    entry = await entry_of(ctx, team_id, tools, answer_id)
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
    duplicate = await entry_of(ctx, team_id, tools, duplicate_id)
    keep = await entry_of(ctx, team_id, tools, keep_id)
    if duplicate is None or keep is None or duplicate.id == keep.id:
        return
    merged: Any = dict(keep.value) if isinstance(keep.value, dict) else keep.value
    for name, value in tools.fields(duplicate).items():
        if value and not merged.get(name):
            merged[name] = value  # fill gaps of the kept entry
        elif name == "note" and value and value != merged.get(name):
            merged[name] = f"{merged[name]} / {value}"
    if merged != keep.value:
        await ctx.tx.answers.replace(keep.id, keep.author_id, merged)
    await ctx.tx.answers.delete(duplicate.id)
    if tools.target is not None:
        await ctx.tx.answers.relink(team_id, tools.target, duplicate.entry_id, keep.entry_id)
    ctx.say(
        f"⧉ „{esc(tools.name(duplicate))}“ ist mit „{esc(tools.name(keep))}“ zusammengeführt.",
        _back(tools),
        team_id=team_id,
    )


async def delete_entry(ctx: TurnContext, team_id: int, key: str, answer_id: int) -> None:
    tools = LISTS[key]
    await require_member(ctx, team_id, Role.FACILITATOR)
    entry = await entry_of(ctx, team_id, tools, answer_id)
    if entry is None:
        return
    await ctx.tx.answers.delete(entry.id)
    ctx.say(f"🗑 „{esc(tools.name(entry))}“ ist entfernt.", _back(tools), team_id=team_id)


async def start_rename(ctx: TurnContext, team_id: int, key: str, answer_id: int) -> None:
    """Ask for the entry's new name; the next message is it (:func:`rename_entry`)."""
    tools = LISTS[key]
    await require_member(ctx, team_id, Role.FACILITATOR)
    entry = await entry_of(ctx, team_id, tools, answer_id)
    if entry is None:
        return
    ctx.say(
        f"✏️ Neuer Name für „{esc(tools.name(entry))}“: Schreiben Sie ihn als nächste Nachricht. "
        "Alles, was auf den Eintrag verweist, zeigt danach den neuen Namen.",
        (act.ShowEntry(key=key, entry=entry.id).button("✖ Abbrechen"),),
        team_id=team_id,
    )
    state = DialogState(
        dialog=RENAME_FLOW, draft={"values": {"team": team_id, "list": key, "entry": entry.id}}
    )
    convo = await conversation.flow_conversation(ctx, RENAME_FLOW, state)
    await conversation.run(ctx, convo, lambda turn: turn.begin())


async def rename_entry(ctx: TurnContext, values: dict[str, Any]) -> None:
    """Give the entry the name the rename flow collected, unless another entry of the list has
    it already (then the two are duplicates: merging is the way)."""
    team_id, tools = values["team"], LISTS[values["list"]]
    await require_member(ctx, team_id, Role.FACILITATOR)
    entry = await ctx.tx.answers.latest(values["entry"])
    if entry is None or entry.team_id != team_id:
        ctx.say("Diesen Eintrag gibt es nicht mehr – bitte öffnen Sie die Liste neu.")
        return
    old, new = tools.name(entry), " ".join(str(values["name"]).split())
    back = (act.ShowEntry(key=tools.key, entry=entry.id).button("◀ Zum Eintrag"),)
    others = await ctx.tx.answers.current(team_id, tools.step, tools.prompt)
    if any(
        e.entry_id != entry.entry_id and tools.name(e).casefold() == new.casefold() for e in others
    ):
        ctx.say(
            f"„{esc(new)}“ gibt es in dieser Liste schon. Sind beide dasselbe, führen Sie sie "
            "zusammen; sonst wählen Sie einen anderen Namen. Es wurde nichts geändert.",
            back,
            team_id=team_id,
        )
        return
    if new == old:
        ctx.say(f"„{esc(old)}“ heißt schon so – es wurde nichts geändert.", back, team_id=team_id)
        return
    entry = await ctx.tx.answers.replace(entry.id, entry.author_id, tools.named(entry, new))
    ctx.say(
        f"✔ „{esc(old)}“ heißt jetzt „{esc(new)}“.",
        (act.ShowEntry(key=tools.key, entry=entry.id).button("◀ Zum Eintrag"),),
        team_id=team_id,
    )


async def _drop_rename_flow(ctx: TurnContext) -> None:
    """A pending rename is given up when its entry (or any other) is opened again."""
    flow = await ctx.tx.users.get_flow_state(ctx.user.id)
    if flow and flow.get("dialog") == RENAME_FLOW:
        await ctx.tx.users.set_flow_state(ctx.user.id, None)
