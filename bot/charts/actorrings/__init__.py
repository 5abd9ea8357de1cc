"""Akteursringe (AS1, Akteursmapping): actors on three concentric rings, one sector per group.

Everything is planned in pixels around the circle centre before anything is drawn:

1. Ring radii and sector angles are sized so every cell (one group in one ring) holds its actors
   in rows of evenly spaced markers; ``packing.cell_need`` gives the smallest angle a cell
   needs.
2. The circle is as large as the group names around it allow; the sectors may be turned as a
   whole so no name has to sit at 3 or 9 o'clock (``geometry.fit_geometry``).
3. Names go beside the markers if a real placement of every label succeeds; otherwise the
   markers carry numbers and a legend in columns below the circle lists "Nr. Name" per group.

The axes span the whole figure with one data unit per pixel, so planned boxes are figure boxes.

Modules, in planning order: :mod:`.model` (input and result), :mod:`.groups`, :mod:`.packing`,
:mod:`.geometry` and :mod:`.ringnames` (the circle), :mod:`.names` (label fitting),
:mod:`.legend`, :mod:`.plan` (the page), :mod:`.draw` and :mod:`.render` (the entry point);
:mod:`.style` and :mod:`.wrapping` are shared.
"""

from __future__ import annotations

from bot.charts.actorrings.model import (
    OTHER_GROUP,
    RING_KEYS,
    RING_MEANINGS,
    RING_NAMES,
    RING_PLACES,
    Actor,
    ActorPlacement,
    ActorRingsData,
    ActorRingsResult,
    RingBand,
    RingKey,
    SectorSpan,
)
from bot.charts.actorrings.render import render_actor_rings

__all__ = [
    "OTHER_GROUP",
    "RING_KEYS",
    "RING_MEANINGS",
    "RING_NAMES",
    "RING_PLACES",
    "Actor",
    "ActorPlacement",
    "ActorRingsData",
    "ActorRingsResult",
    "RingBand",
    "RingKey",
    "SectorSpan",
    "render_actor_rings",
]
