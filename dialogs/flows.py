"""Dialogs outside the work steps: creating a team, joining one, entering an invite code."""

from __future__ import annotations

from dialogs.dialog import Dialog
from dialogs.prompts import ChoicePrompt, Scope, TextPrompt
from dialogs.records import STAKEHOLDER_GROUPS, TOWN_TYPES

_NAME = ChoicePrompt(
    key="display_name",
    question="Unter welchem Namen sollen die anderen Sie im Team sehen?",
    help=(
        "Der Name erscheint bei Ihren Beiträgen und in der Mitgliederliste. Sie können Ihren "
        "Telegram-Namen übernehmen oder einen anderen schreiben, etwa mit Funktion."
    ),
    example="Anna Schulz (Bauamt)",
    options=(),
    options_from="own_name",
    allow_other=True,
    other_max_length=60,
    optional=False,
    scope=Scope.FLOW,
)

_GROUP = ChoicePrompt(
    key="stakeholder_group",
    question="Für welche Gruppe sprechen Sie im Team?",
    help=(
        "Die Gruppe hilft später beim Abstimmen: So sieht die Moderation, ob alle Sichtweisen "
        "vertreten sind. Passt keine, schreiben Sie Ihre eigene."
    ),
    example="Verwaltung",
    options=STAKEHOLDER_GROUPS,
    allow_other=True,
    other_max_length=40,
    optional=False,
    scope=Scope.FLOW,
)

NEW_TEAM = Dialog(
    id="new_team",
    title="Neues Team",
    intro=(
        "<b>Neues Team anlegen</b>\nEin Team ist die Werkstatt einer Kommune. Sie übernehmen "
        "die Moderation und können danach andere einladen."
    ),
    done_text="Einen Moment, ich lege das Team an …",
    prompts=(
        TextPrompt(
            key="municipality",
            question="Wie heißt Ihre Kommune?",
            help="Der Name erscheint in allen Zusammenfassungen und in der Strategie.",
            example="Gemeinde Musterhausen",
            min_length=2,
            max_length=80,
            optional=False,
            scope=Scope.FLOW,
        ),
        ChoicePrompt(
            key="town_type",
            question="Welcher Gemeindetyp trifft zu?",
            help=(
                "Der Typ hilft, passende Praxisbeispiele vorzuschlagen. Maßgeblich ist die "
                "Einwohnerzahl: Kleinstädte haben etwa 5.000 bis 20.000, Mittelstädte bis "
                "100.000 Einwohnerinnen und Einwohner."
            ),
            example="Kleinstadt",
            options=TOWN_TYPES,
            optional=False,
            scope=Scope.FLOW,
        ),
        _NAME,
        _GROUP,
    ),
)

JOIN = Dialog(
    id="join",
    title="Beitreten",
    done_text="Einen Moment, ich trage Sie ins Team ein …",
    prompts=(_NAME, _GROUP),
)

ENTER_CODE = Dialog(
    id="enter_code",
    title="Einladungscode",
    done_text="Ich prüfe den Code …",
    prompts=(
        TextPrompt(
            key="code",
            question="Bitte schreiben Sie den Einladungscode, den Sie bekommen haben.",
            help="Der Code hat acht Zeichen, etwa K7QM-2XPA. Sie erhalten ihn von der Moderation.",
            example="K7QM-2XPA",
            min_length=4,
            max_length=20,
            optional=False,
            scope=Scope.FLOW,
        ),
    ),
)

STRATEGY_COMMENT = Dialog(
    id="strategy_comment",
    title="Kommentar zur Strategie",
    done_text="Einen Moment, ich speichere Ihren Kommentar …",
    prompts=(
        TextPrompt(
            key="comment",
            question="Was möchten Sie zu diesem Abschnitt anmerken?",
            help=(
                "Ihr Kommentar geht an die Moderation, bevor sie eine Fassung festschreibt. "
                "Schreiben Sie, was fehlt, was nicht stimmt oder was anders formuliert werden "
                "sollte."
            ),
            example="Bei den Zielen fehlt die Anbindung der Ortsteile an den Radverkehr.",
            min_length=2,
            max_length=1500,
            optional=False,
            scope=Scope.FLOW,
        ),
    ),
)

FLOWS: dict[str, Dialog] = {
    flow.id: flow for flow in (NEW_TEAM, JOIN, ENTER_CODE, STRATEGY_COMMENT)
}
