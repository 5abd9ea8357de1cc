"""Dialogs outside the work steps: creating a team, joining one, entering an invite code,
commenting on the strategy, assigning a work step."""

from __future__ import annotations

from dialogs.dialog import Dialog
from dialogs.prompts import (
    ChoicePrompt,
    DatePrompt,
    Granularity,
    MultiChoicePrompt,
    Scope,
    TextPrompt,
)
from dialogs.records import STAKEHOLDER_GROUPS, TOWN_TYPES

_NAME = ChoicePrompt(
    key="display_name",
    question="Unter welchem Namen sollen die anderen Sie im Team sehen?",
    help=(
        "Der Name erscheint bei Ihren Beiträgen und in der Mitgliederliste. Sie können Ihren "
        "Profilnamen übernehmen oder einen anderen schreiben, etwa mit Funktion."
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

#: A new name for a list entry (values: team, list, entry; the bot's entry tools).
RENAME_ENTRY = Dialog(
    id="rename_entry",
    title="Umbenennen",
    done_text="Einen Moment …",
    prompts=(
        TextPrompt(
            key="name",
            question="Wie soll der Eintrag künftig heißen?",
            help=(
                "Der neue Name erscheint überall, wo der Eintrag vorkommt: bei Punkten, "
                "Skizzen, Risiken, Indikatoren und im Strategiepapier."
            ),
            example="Rufbus für die Ortsteile",
            min_length=2,
            max_length=100,
            optional=False,
            scope=Scope.FLOW,
        ),
    ),
)

_DUE = DatePrompt(
    key="due",
    question="Bis wann soll es erledigt sein? Bitte schreiben Sie das Datum.",
    help=(
        "Am Tag davor und am Tag selbst erinnere ich alle, die noch nicht fertig sind, jeweils "
        "morgens um 9 Uhr. Das Datum können Sie später unter /schritte ändern."
    ),
    example="15.03.2027",
    accepts=(Granularity.DAY,),
    optional=False,
    scope=Scope.FLOW,
)

#: The facilitator assigns a work step: who, and until when (values: team, step, options).
ASSIGN = Dialog(
    id="assign",
    title="Zuweisen",
    done_text="Einen Moment …",
    prompts=(
        MultiChoicePrompt(
            key="members",
            question="Wer soll diesen Schritt bearbeiten? Wählen Sie eine oder mehrere Personen.",
            help=(
                "Zur Auswahl steht, wer in diesem Schritt Fragen beantworten kann. Die "
                "Ausgewählten erhalten eine Nachricht mit einer Schaltfläche zum Schritt."
            ),
            example="Ben (Politik)",
            options_from="assignable",
            min_selected=1,
            optional=False,
            scope=Scope.FLOW,
        ),
        _DUE,
    ),
)

#: A new due day for an assignment (values: team, assignment or the new assignment's data).
ASSIGN_DUE = Dialog(
    id="assign_due", title="Fälligkeit", done_text="Einen Moment …", prompts=(_DUE,)
)

FLOWS: dict[str, Dialog] = {
    flow.id: flow
    for flow in (NEW_TEAM, JOIN, ENTER_CODE, STRATEGY_COMMENT, RENAME_ENTRY, ASSIGN, ASSIGN_DUE)
}
