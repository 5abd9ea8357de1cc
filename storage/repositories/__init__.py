"""Repositories: one small class per table group, reached through the open transaction.

``Tx`` is what ``Database.transaction()`` and ``Database.read()`` yield; every repository on it
runs its statements inside that transaction::

    async with db.transaction() as tx:
        user = await tx.users.get_or_create(account, name)
        await tx.updates.record(update_id)

Conventions: lookups return ``None`` (or an empty list) for unknown ids; updates of an unknown
row raise NotFoundError; deletes return whether something was deleted. Values are JSON, times
UTC-aware.
"""

from __future__ import annotations

from datetime import datetime

from storage.repositories._base import Session
from storage.repositories.answers import AnswerRepository
from storage.repositories.assignments import Assignment, AssignmentRepository
from storage.repositories.delivery import (
    BUTTON_ID_LENGTH,
    ButtonRepository,
    GroupRepository,
    OutboxItem,
    OutboxRepository,
    StoredButton,
    UpdateRepository,
)
from storage.repositories.documents import (
    StrategyComment,
    StrategyRepository,
    StrategyVersion,
    TableRows,
    TeamDataRepository,
)
from storage.repositories.erasure import ErasureRepository
from storage.repositories.inbox import InboxEntry, InboxRepository
from storage.repositories.live import (
    LiveKind,
    LiveRepository,
    LiveSession,
    MessageRefRepository,
)
from storage.repositories.people import (
    ANONYMOUS_NAME,
    InviteRepository,
    MemberRepository,
    TeamRepository,
    UserRepository,
)
from storage.repositories.steps import StepRepository

__all__ = [
    "ANONYMOUS_NAME",
    "BUTTON_ID_LENGTH",
    "AnswerRepository",
    "Assignment",
    "AssignmentRepository",
    "ButtonRepository",
    "GroupRepository",
    "InboxEntry",
    "InboxRepository",
    "InviteRepository",
    "LiveKind",
    "LiveRepository",
    "LiveSession",
    "MemberRepository",
    "MessageRefRepository",
    "OutboxItem",
    "OutboxRepository",
    "Session",
    "StepRepository",
    "StoredButton",
    "StrategyComment",
    "StrategyRepository",
    "StrategyVersion",
    "TableRows",
    "TeamDataRepository",
    "TeamRepository",
    "Tx",
    "UpdateRepository",
    "UserRepository",
]


class Tx:
    """One open transaction with every repository as an attribute.

    Valid only inside its ``async with`` block; afterwards every call raises
    TransactionError. Inside ``Database.read()`` writes raise TransactionError.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        self.users = UserRepository(session)
        self.teams = TeamRepository(session)
        self.members = MemberRepository(session)
        self.invites = InviteRepository(session)
        self.answers = AnswerRepository(session)
        self.steps = StepRepository(session)
        self.updates = UpdateRepository(session)
        self.inbox = InboxRepository(session)
        self.outbox = OutboxRepository(session)
        self.buttons = ButtonRepository(session)
        self.groups = GroupRepository(session)
        self.strategy = StrategyRepository(session)
        self.team_data = TeamDataRepository(session)
        self.live = LiveRepository(session)
        self.message_refs = MessageRefRepository(session)
        self.assignments = AssignmentRepository(session)
        self.erasure = ErasureRepository(session)

    @property
    def writable(self) -> bool:
        return self._session.writable

    def now(self) -> datetime:
        """The database clock's current time (UTC-aware); use it for consistent timestamps."""
        return self._session.now()
