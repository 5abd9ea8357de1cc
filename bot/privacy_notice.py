"""The privacy notice: operator, contact, legal basis, what is stored and for how long.

The text is the template ``templates/datenschutz.chat.j2`` (an operator may adapt it); the
values come from the settings (``WERKSTATT_OPERATOR``, ``WERKSTATT_PRIVACY_CONTACT``, …).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import DEFAULT_CONTRIBUTION_RETENTION, DEFAULT_LEGAL_BASIS, Settings
from bot.documents.templating import render

TEMPLATE = "datenschutz.chat.j2"


@dataclass(frozen=True)
class PrivacyNotice:
    """What the privacy notice names: the operator's settings (None: not filled in)."""

    operator: str | None = None
    contact: str | None = None
    legal_basis: str = DEFAULT_LEGAL_BASIS
    contribution_retention: str = DEFAULT_CONTRIBUTION_RETENTION
    message_days: int = 90

    @classmethod
    def from_settings(cls, settings: Settings) -> PrivacyNotice:
        return cls(
            operator=settings.operator,
            contact=settings.privacy_contact,
            legal_basis=settings.legal_basis,
            contribution_retention=settings.contribution_retention,
            message_days=settings.retention_days,
        )

    def full(self) -> str:
        """The notice ``/datenschutz`` shows (template ``templates/datenschutz.chat.j2``)."""
        return render(TEMPLATE, n=self, short=False).strip()

    def short(self) -> str:
        """A few lines for joining or creating a team."""
        return render(TEMPLATE, n=self, short=True).strip()
