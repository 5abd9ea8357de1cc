"""The privacy notice: operator, contact, legal basis, what is stored and for how long.

The text is the template ``templates/datenschutz.chat.j2`` (an operator may adapt it); the
values come from the settings (``Settings.privacy_notice``: ``WERKSTATT_OPERATOR``, …).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.documents.templating import render

TEMPLATE = "datenschutz.chat.j2"
DEFAULT_LEGAL_BASIS = (
    "Art. 6 Abs. 1 lit. e DSGVO: Die Kommune erarbeitet ihre Smart-City-Strategie in "
    "Wahrnehmung einer Aufgabe im öffentlichen Interesse."
)
DEFAULT_CONTRIBUTION_RETENTION = (
    "solange Ihr Team mit der Werkstatt arbeitet; danach löscht der Betreiber die Daten "
    "des Teams in Absprache mit der Kommune"
)


@dataclass(frozen=True)
class PrivacyNotice:
    """What the privacy notice names: the operator's settings (None: not filled in)."""

    operator: str | None = None
    contact: str | None = None
    legal_basis: str = DEFAULT_LEGAL_BASIS
    contribution_retention: str = DEFAULT_CONTRIBUTION_RETENTION
    message_days: int = 90
    #: The messenger the notice is shown in (``Links.messenger``).
    messenger: str = "Telegram"

    def full(self) -> str:
        """The notice ``/datenschutz`` shows (template ``templates/datenschutz.chat.j2``)."""
        return render(TEMPLATE, n=self, short=False).strip()

    def short(self) -> str:
        """A few lines for joining or creating a team."""
        return render(TEMPLATE, n=self, short=True).strip()
