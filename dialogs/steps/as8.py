"""AS8 Projekte vorbereiten und umsetzen: management basics and a data management plan."""

from dialogs.dialog import Step
from dialogs.prompts import (
    Audience,
    ChoicePrompt,
    Condition,
    ConfirmPrompt,
    FormPrompt,
    MultiChoicePrompt,
    NumberPrompt,
    Scope,
    TextPrompt,
)
from dialogs.steps.as7 import GREEN

#: Digital tools for project teams by purpose (examples named in the method).
TOOLS = (
    "OpenStreetMap (Kartierung)",
    "maptionnaire (Kartierung)",
    "WECHANGE (Vernetzung)",
    "Slack (Vernetzung)",
    "Collaboard (Entwicklung)",
    "miro (Entwicklung)",
    "Nextcloud (Austausch)",
    "zoom (Austausch)",
    "readymag (Publikation)",
    "vimeo (Publikation)",
    "Mentimeter (Informieren)",
)

_GREEN_ONLY = Condition(key="as7.matrix", field="light", values=(GREEN,), per_entry=True)


def _text(key: str, question: str, help_: str, example: str) -> TextPrompt:
    return TextPrompt(key=key, question=question, help=help_, example=example, max_length=800)


STEP = Step(
    id="as8",
    number="AS8",
    title="Projekte vorbereiten und umsetzen",
    cycle="Projektumsetzung",
    purpose="Für jedes grüne Projekt Planung, Arbeitsweise, Datenmanagement und Werkzeuge klären.",
    builds_on=("as7",),
    intro=(
        "<b>AS8 · Projekte vorbereiten</b>\nFür jedes Projekt mit grüner Ampel klären wir Zeit-, "
        "Arbeits- und Finanzplan, die Arbeitsweise, den Umgang mit Daten und die Werkzeuge."
    ),
    done_text="✅ Danke! Die Umsetzungsplanung ist gespeichert.",
    prompts=(
        FormPrompt(
            key="management",
            for_each="as5.sketches",
            only_if=_GREEN_ONLY,
            question="Projektmanagement: Wie sehen Zeit-, Arbeits- und Finanzplan aus?",
            help="Drei kurze Antworten genügen; Details gehören in das Projektteam.",
            example="Start Q1 2027; zwei Personen halbtags; 45.000 € aus Förderung",
            audience=Audience.CORE,
            scope=Scope.TEAM,
            fields=(
                _text(
                    "time_plan",
                    "Wie sieht der Zeitplan aus?",
                    "Die Phasen des Projekts und ihre Termine.",
                    "Konzept bis 03/2027, Prototyp bis 09/2027",
                ),
                _text(
                    "work_plan",
                    "Wer macht was (Arbeitsplan)?",
                    "Welche Aufgaben es gibt und wer sie übernimmt.",
                    "Wirtschaftsförderung leitet, IT betreut die Technik",
                ),
                _text(
                    "finance_plan",
                    "Wie ist die Finanzierung geplant?",
                    "Woher das Geld kommt und wann es fließt.",
                    "70 % Förderung, 30 % Eigenmittel",
                ),
            ),
        ),
        FormPrompt(
            key="way_of_working",
            for_each="as5.sketches",
            only_if=_GREEN_ONLY,
            question="Arbeitsweise: agil? Prototyp? Produkt?",
            help=(
                "Agil heißt: in kurzen Schritten bauen, testen und verbessern. Ein Prototyp ist "
                "ein früher, einfacher Stand, der Nacharbeit erwarten lässt."
            ),
            example="Agil – Prototyp möglich – zuerst Prototyp",
            audience=Audience.CORE,
            scope=Scope.TEAM,
            fields=(
                ChoicePrompt(
                    key="agile",
                    question="Arbeiten Sie agil?",
                    help="Ja, teilweise oder nein – agil heißt in kurzen Schritten.",
                    example="Teilweise",
                    options=("Ja", "Teilweise", "Nein"),
                ),
                ConfirmPrompt(
                    key="prototype",
                    question="Ist ein Prototyp möglich?",
                    help="Ein schneller, einfacher erster Stand zum Testen.",
                    example="Ja",
                ),
                ChoicePrompt(
                    key="expectation",
                    question="Was ist zu erwarten?",
                    help="Prototyp mit Nacharbeit oder fertiges Produkt.",
                    example="Prototyp mit Nacharbeit",
                    options=("Prototyp mit Nacharbeit", "Fertiges Produkt"),
                ),
                _text(
                    "rework",
                    "Welche Nacharbeit planen Sie ein?",
                    "Zeit und Geld für Verbesserungen nach dem Start.",
                    "Drei Monate Nachbesserung nach dem Test",
                ),
            ),
        ),
        FormPrompt(
            key="data_plan",
            for_each="as5.sketches",
            only_if=_GREEN_ONLY,
            question="Datenmanagementplan: Wie gehen Sie mit den Daten des Projekts um?",
            help=(
                "Der Plan klärt früh Formate, Zugriff, Speicherort, Kosten und Verantwortung – "
                "und ob personenbezogene Daten betroffen sind."
            ),
            example="CSV und GeoJSON; offen lesbar; kommunales Rechenzentrum",
            audience=Audience.CORE,
            scope=Scope.TEAM,
            fields=(
                _text(
                    "formats",
                    "In welchen Datenformaten?",
                    "Offene Formate erleichtern Nachnutzung.",
                    "CSV, GeoJSON",
                ),
                _text(
                    "access",
                    "Wer darf zugreifen?",
                    "Zugriffsrechte: intern, Partner, offen.",
                    "Lesend offen, schreibend nur Projektteam",
                ),
                _text(
                    "storage",
                    "Wo werden die Daten gespeichert?",
                    "Speicherort und Betreiber der Daten.",
                    "Kommunales Rechenzentrum",
                ),
                NumberPrompt(
                    key="cost",
                    question="Was kostet die Datenhaltung pro Jahr (Euro)?",
                    help="Eine grobe Schätzung genügt; Sie können sie später ändern.",
                    example="1.200",
                    minimum=0,
                    unit="€",
                ),
                _text(
                    "responsible",
                    "Wer ist verantwortlich?",
                    "Eine Person oder Stelle, die für die Daten geradesteht.",
                    "Hauptamt / IT",
                ),
                ConfirmPrompt(
                    key="personal_data",
                    question="Sind personenbezogene Daten dabei?",
                    help="Dann brauchen Sie die Datenschutzbeauftragte früh.",
                    example="Nein",
                ),
            ),
        ),
        NumberPrompt(
            key="operating_costs",
            for_each="as5.sketches",
            only_if=_GREEN_ONLY,
            question="Welche Betriebskosten fallen langfristig pro Jahr an (Euro)?",
            help="Lizenzen, Wartung, Personal – nach dem Ende der Förderung.",
            example="8.000",
            minimum=0,
            unit="€",
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        MultiChoicePrompt(
            key="tools",
            for_each="as5.sketches",
            only_if=_GREEN_ONLY,
            question="Welche digitalen Werkzeuge soll das Projektteam nutzen?",
            help=(
                "Beispiele für Kartierung, Vernetzung, Entwicklung, Austausch, Publikation und "
                "Information; eigene können Sie ergänzen."
            ),
            example="Nextcloud (Austausch), OpenStreetMap (Kartierung)",
            options=TOOLS,
            allow_other=True,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
    ),
)
