"""Facilitator tools for the actor map: move actors between rings, merge duplicates, remove.

Every change is a new version of the actor's answer (the history keeps the old one).
"""

from __future__ import annotations

from bot.team_actions import require_member
from bot.turn import TurnContext
from dialogs.catalog import RINGS
from dialogs.records import Answer, Role
from dialogs.replies import Button, esc

STEP, PROMPT = "as1_akteure", "actors"
_RING_KEYS = {label: key for key, label in RINGS.items()}


def _describe(actor: Answer) -> str:
    value = actor.value
    return f"{value.get('name', '?')} · {value.get('group', '?')} · {value.get('ring', '?')}"


async def _actor(ctx: TurnContext, team_id: int, answer_id: int) -> Answer | None:
    answer = await ctx.tx.answers.get(answer_id)
    current = await ctx.tx.answers.current(team_id, STEP, PROMPT)
    if answer is None or answer.id not in {a.id for a in current}:
        ctx.say("Diesen Eintrag gibt es nicht mehr – bitte öffnen Sie die Liste neu.")
        return None
    return answer


async def list_actors(ctx: TurnContext, team_id: int) -> None:
    await require_member(ctx, team_id, Role.FACILITATOR)
    actors = await ctx.tx.answers.current(team_id, STEP, PROMPT)
    if not actors:
        ctx.say("Im Akteursmapping gibt es noch keine Einträge.")
        return
    rows = [
        (Button(label=_describe(a)[:60], value=f"cmd:actor:{a.id}"),)
        for a in sorted(actors, key=lambda a: str(a.value.get("name", "")).casefold())
    ]
    ctx.say(
        f"<b>Akteure bearbeiten</b> ({len(actors)})\nWählen Sie einen Eintrag, um ihn in einen "
        "anderen Ring zu verschieben, mit einem doppelten zusammenzuführen oder zu entfernen.",
        *rows,
        team_id=team_id,
    )


async def show_actor(ctx: TurnContext, team_id: int, answer_id: int) -> None:
    await require_member(ctx, team_id, Role.FACILITATOR)
    actor = await _actor(ctx, team_id, answer_id)
    if actor is None:
        return
    rows = [
        (Button(label=f"→ {label}", value=f"cmd:actorring:{actor.id}:{key}"),)
        for key, label in RINGS.items()
        if label != actor.value.get("ring")
    ]
    rows.append(
        (Button(label="⧉ Mit Doppeltem zusammenführen", value=f"cmd:actormerge:{actor.id}"),)
    )
    rows.append((Button(label="🗑 Entfernen", value=f"cmd:actordel:{actor.id}"),))
    rows.append((Button(label="◀ Zur Liste", value="cmd:actors"),))
    note = actor.value.get("note")
    ctx.say(
        f"<b>{esc(actor.value.get('name', ''))}</b>\nGruppe: {esc(actor.value.get('group', ''))}"
        f"\nRing: {esc(actor.value.get('ring', ''))}" + (f"\nNotiz: {esc(note)}" if note else ""),
        *rows,
        team_id=team_id,
    )


async def move_actor(ctx: TurnContext, team_id: int, answer_id: int, ring: str) -> None:
    await require_member(ctx, team_id, Role.FACILITATOR)
    actor = await _actor(ctx, team_id, answer_id)
    if actor is None or ring not in RINGS:
        return
    # the actor stays credited to who named it; the history records the edit
    await ctx.tx.answers.replace(actor.id, actor.author_id, {**actor.value, "ring": RINGS[ring]})
    ctx.say(
        f"✔ {esc(actor.value.get('name', ''))} liegt jetzt im Ring „{RINGS[ring]}“.",
        (Button(label="◀ Zur Liste", value="cmd:actors"),),
        team_id=team_id,
    )


async def choose_merge_target(ctx: TurnContext, team_id: int, answer_id: int) -> None:
    await require_member(ctx, team_id, Role.FACILITATOR)
    actor = await _actor(ctx, team_id, answer_id)
    if actor is None:
        return
    others = [a for a in await ctx.tx.answers.current(team_id, STEP, PROMPT) if a.id != actor.id]
    rows = [
        (Button(label=_describe(a)[:60], value=f"cmd:actormergeinto:{actor.id}:{a.id}"),)
        for a in others
    ]
    ctx.say(
        f"Mit welchem Eintrag soll „{esc(actor.value.get('name', ''))}“ zusammengeführt werden? "
        "Der gewählte Eintrag bleibt, Notizen werden zusammengefasst.",
        *rows,
        team_id=team_id,
    )


async def merge_actors(ctx: TurnContext, team_id: int, duplicate_id: int, keep_id: int) -> None:
    await require_member(ctx, team_id, Role.FACILITATOR)
    duplicate = await _actor(ctx, team_id, duplicate_id)
    keep = await _actor(ctx, team_id, keep_id)
    if duplicate is None or keep is None or duplicate.id == keep.id:
        return
    notes = [n for n in (keep.value.get("note"), duplicate.value.get("note")) if n]
    merged = {**keep.value, "note": " / ".join(dict.fromkeys(notes)) or None}
    if merged != keep.value:
        await ctx.tx.answers.replace(keep.id, keep.author_id, merged)
    await ctx.tx.answers.delete(duplicate.id)
    ctx.say(
        f"⧉ „{esc(duplicate.value.get('name', ''))}“ ist mit „{esc(keep.value.get('name', ''))}“ "
        "zusammengeführt.",
        (Button(label="◀ Zur Liste", value="cmd:actors"),),
        team_id=team_id,
    )


async def delete_actor(ctx: TurnContext, team_id: int, answer_id: int) -> None:
    await require_member(ctx, team_id, Role.FACILITATOR)
    actor = await _actor(ctx, team_id, answer_id)
    if actor is None:
        return
    await ctx.tx.answers.delete(actor.id)
    ctx.say(
        f"🗑 „{esc(actor.value.get('name', ''))}“ ist entfernt.",
        (Button(label="◀ Zur Liste", value="cmd:actors"),),
        team_id=team_id,
    )
