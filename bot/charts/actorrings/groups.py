"""Sectors of the actor rings: the chosen groups in order, plus ``Sonstige``."""

from __future__ import annotations

from dataclasses import dataclass

from bot.charts.actorrings.model import OTHER_GROUP, RING_KEYS, ActorRingsData, RingKey
from bot.charts.actorrings.style import OTHER_COLOUR
from bot.charts.base import HATCHES, MARKERS, PALETTE


@dataclass
class Group:
    name: str
    colour: str
    hatch: str
    marker: str
    members: dict[RingKey, list[int]]

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.members.values())


def collect_groups(data: ActorRingsData) -> list[Group]:
    """Sectors in the given order (duplicates merged), plus ``Sonstige`` for unknown groups."""
    names: list[str] = []
    index: dict[str, int] = {}
    for raw in data.groups:
        name = " ".join(raw.split())
        if name and name.casefold() not in index:
            index[name.casefold()] = len(names)
            names.append(name)
    members: list[dict[RingKey, list[int]]] = [{k: [] for k in RING_KEYS} for _ in names]
    others: dict[RingKey, list[int]] = {k: [] for k in RING_KEYS}
    for i, actor in enumerate(data.actors):
        slot = index.get(" ".join(actor.group.split()).casefold())
        (others if slot is None else members[slot])[actor.ring].append(i)
    if any(others.values()):
        slot = index.get(OTHER_GROUP.casefold())
        if slot is None:
            names.append(OTHER_GROUP)
            members.append(others)
        else:
            for key in RING_KEYS:
                members[slot][key].extend(others[key])
    groups = []
    for i, (name, mem) in enumerate(zip(names, members, strict=True)):
        cycle, pos = divmod(i, len(PALETTE))
        groups.append(
            Group(
                name=name,
                colour=PALETTE[pos],
                hatch=HATCHES[(pos + 3 * cycle) % len(HATCHES)],
                marker=MARKERS[(pos + 5 * cycle) % len(MARKERS)],
                members=mem,
            )
        )
    for group in groups:  # "Sonstige" is neutral: dark grey with a pattern nobody else uses
        if group.name.casefold() == OTHER_GROUP.casefold():
            others = [g for g in groups if g is not group]
            group.colour = OTHER_COLOUR
            group.hatch = next(
                (h for h in (*HATCHES[1:], "|", "-") if h not in {g.hatch for g in others}), "|"
            )
            group.marker = next(
                (m for m in (*MARKERS, "h", "p") if m not in {g.marker for g in others}), "h"
            )
    return groups


def actor_name(data: ActorRingsData, index: int) -> str:
    return " ".join(data.actors[index].name.split()) or "(ohne Namen)"
