"""Input model, ring vocabulary and result types of the actor rings chart."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.charts.base import Box, ChartResult

RingKey = Literal["kern", "erweitert", "peripher"]


RING_KEYS: tuple[RingKey, ...] = ("kern", "erweitert", "peripher")


RING_NAMES: dict[RingKey, str] = {
    "kern": "Schlüsselakteure",
    "erweitert": "Erweitertes Feld",
    "peripher": "Peripherie",
}


RING_MEANINGS: dict[RingKey, str] = {
    "kern": "direkter Einfluss auf Entwicklung und Umsetzung",
    "erweitert": "werden bei Bedarf eingebunden",
    "peripher": "punktuell beratend oder bei Beteiligungen dabei",
}


RING_PLACES: dict[RingKey, str] = {
    "kern": "innerer Ring",
    "erweitert": "mittlerer Ring",
    "peripher": "äußerer Ring",
}


OTHER_GROUP = "Sonstige"


class Actor(BaseModel):
    """One person or institution on the map."""

    model_config = ConfigDict(frozen=True)

    name: str
    group: str
    ring: RingKey


class ActorRingsData(BaseModel):
    """Input of the actor rings chart: the chosen groups (in order) and the named actors."""

    model_config = ConfigDict(frozen=True)

    municipality: str
    groups: list[str] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)


@dataclass(frozen=True)
class RingBand:
    """A ring between two radii (pixels from the centre) and the boxes of its curved name."""

    key: RingKey
    name: str
    r_inner: float
    r_outer: float
    glyphs: tuple[Box, ...] = ()


@dataclass(frozen=True)
class SectorSpan:
    """One group's pie slice: counter-clockwise from ``theta_start`` to ``theta_end`` (radians).

    Sectors follow each other clockwise in the order of the groups, starting at or near
    12 o'clock, so angles may be negative.
    """

    group: str
    theta_start: float
    theta_end: float
    colour: str
    hatch: str

    def offset(self, theta: float) -> float:
        """``theta`` measured counter-clockwise from ``theta_start``, in [0, 2π)."""
        return (theta - self.theta_start) % math.tau

    def contains(self, theta: float) -> bool:
        """True if the direction ``theta`` lies inside the slice."""
        return self.offset(theta) <= self.theta_end - self.theta_start + 1e-9


@dataclass(frozen=True)
class ActorPlacement:
    """Where one actor ended up: polar position, figure position, marker and label boxes."""

    index: int  # position in ActorRingsData.actors
    number: int  # number on the marker and in the legend (legend mode)
    name: str
    group: str  # sector the actor sits in (``Sonstige`` for groups not chosen)
    ring: RingKey
    radius: float  # pixels from the circle centre
    theta: float  # radians, counter-clockwise from 3 o'clock
    x: float
    y: float
    marker: Box
    label: Box | None  # name beside the marker, or the legend entry in legend mode


@dataclass(frozen=True)
class ActorRingsResult(ChartResult):
    """The rendered chart plus its geometry, so tests can check every placement."""

    mode: Literal["labels", "legend", "empty"] = "empty"
    centre: tuple[float, float] = (0.0, 0.0)
    rings: tuple[RingBand, ...] = ()
    sectors: tuple[SectorSpan, ...] = ()
    placements: tuple[ActorPlacement, ...] = ()
