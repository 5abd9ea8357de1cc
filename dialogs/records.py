"""Domain records shared by the engine, the storage layer and the adapters.

These are plain frozen values; the storage layer creates them from rows, the engine and the
service read them. Nothing here does I/O.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class Role(StrEnum):
    """A member's role in a team's workshop."""

    FACILITATOR = "moderation"
    CORE = "kernteam"
    PARTICIPANT = "teilnehmend"

    @property
    def label(self) -> str:
        """The German name shown to users."""
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.FACILITATOR: "Moderation",
    Role.CORE: "Kernteam",
    Role.PARTICIPANT: "Teilnehmende",
}

TOWN_TYPES = ("Landgemeinde", "Kleinstadt", "Mittelstadt", "Großstadt", "Landkreis")
STAKEHOLDER_GROUPS = (
    "Verwaltung",
    "Politik",
    "Wirtschaft",
    "Wissenschaft",
    "Zivilgesellschaft",
    "Kommunale Unternehmen",
)


class StepStatus(StrEnum):
    """Progress of one work step in one team."""

    OPEN = "offen"
    RUNNING = "laufend"
    CLOSED = "abgeschlossen"


class Record(BaseModel):
    """Base for immutable records."""

    model_config = ConfigDict(frozen=True)


class User(Record):
    """A person as their messenger knows them. ``account`` is an address such as
    ``telegram:123`` or ``matrix:@anna:example.org``; it also reaches their private chat."""

    id: int
    account: str
    display_name: str
    active_team_id: int | None = None


class Team(Record):
    """One municipality's workshop."""

    id: int
    municipality: str
    town_type: str
    created_at: datetime


class Member(Record):
    """A person's membership in a team. ``user_id`` is None once the person deleted their data."""

    id: int
    team_id: int
    user_id: int | None
    display_name: str
    role: Role
    stakeholder_group: str
    joined_at: datetime

    @property
    def is_core(self) -> bool:
        """Facilitators belong to the core team, too."""
        return self.role in (Role.FACILITATOR, Role.CORE)

    @property
    def is_facilitator(self) -> bool:
        return self.role is Role.FACILITATOR


def member_label(name: str, group: str) -> str:
    """How a member appears on a button: „Anna (Verwaltung)“."""
    return f"{name} ({group})"[:60]


class Invite(Record):
    """An invitation code; the messenger adapter turns it into a link (or a code to type)."""

    code: str
    team_id: int
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None

    def is_valid(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


class Answer(Record):
    """One stored answer: a pool item, a member's assessment or a team decision.

    ``subject_id`` points at the answer (item) this one is about, e.g. the goal a field
    assignment belongs to. Edits insert a new row and mark the old one ``replaced_by``.
    ``anonymous``: made in an anonymous live round; no output names its author.
    ``origin_id``: the id of the item's first version (None for the first version itself).
    """

    id: int
    team_id: int
    step: str
    prompt: str
    subject_id: int | None
    author_id: int | None
    value: Any
    created_at: datetime
    anonymous: bool = False
    origin_id: int | None = None

    @property
    def entry_id(self) -> int:
        """The item's stable id: the same for every version, what links point at."""
        return self.origin_id or self.id


LiveKind = Literal["collect", "vote", "rate"]


class LiveSession(BaseModel):
    """One live session in a team's group chat (stored in ``live_sessions``)."""

    model_config = ConfigDict(frozen=True)

    id: int
    chat_id: str
    team_id: int
    kind: LiveKind
    target: str
    anonymous: bool
    budget: int
    page: int
    started_by: int | None
    started_at: datetime
    ends_at: datetime | None
    warned_at: datetime | None
    closed_at: datetime | None
    closed_by: int | None
    version: int
    shown_version: int
    result: str | None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def ref(self) -> str:
        """The name its status message is known under (``tx.message_refs``)."""
        return f"live:{self.id}"
