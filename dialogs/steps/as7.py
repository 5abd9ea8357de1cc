"""AS7 Projekte auswählen und priorisieren: criteria, scoring, project matrix, roadmap."""

from dialogs.dialog import Step
from dialogs.prompts import (
    Audience,
    ChoicePrompt,
    Condition,
    DatePrompt,
    FormPrompt,
    Granularity,
    MultiChoicePrompt,
    ScalePrompt,
    Scope,
    TextPrompt,
)
from dialogs.steps.as4 import ROLES

#: Selection criteria of the method: key → label.
CRITERIA = {
    "vision": "Beitrag zu Vision und Zielen",
    "processes": "Verbessert Abläufe",
    "feasibility": "Machbarkeit und Finanzierung",
    "staff": "Personalaufwand und Schulung (gering = gut)",
    "data": "Daten sind verfügbar",
    "risk": "Projekt- und Umsetzungsrisiken (gering = gut)",
    "relevance": "Nutzen für Zielgruppen",
    "acceptance": "Akzeptanz in Verwaltung und Stadt",
    "communication": "Gut vermittelbar",
    "sustainability": "Dauerhaft tragfähig",
}
HORIZONS = ("Kurzfristig", "Mittelfristig", "Langfristig")
LIGHTS = ("Grün – umsetzen", "Gelb – später", "Rot – verwerfen")
GREEN = LIGHTS[0]
_MONTHS = (Granularity.MONTH, Granularity.QUARTER, Granularity.YEAR)

STEP = Step(
    id="as7",
    number="AS7",
    title="Projekte auswählen und priorisieren",
    cycle="Strategieentwicklung",
    purpose="Projektskizzen nach Kriterien bewerten, per Ampel auswählen und zeitlich ordnen.",
    builds_on=("as5", "as6"),
    intro=(
        "<b>AS7 · Projekte auswählen</b>\nDas Kernteam gewichtet die Kriterien, alle bewerten "
        "die Projektskizzen, die Moderation setzt die Ampel, und die grünen Projekte kommen "
        "auf die Roadmap."
    ),
    done_text="✅ Danke! Ihre Bewertungen sind gespeichert.",
    prompts=(
        FormPrompt(
            key="weights",
            question="Wie wichtig ist jedes Kriterium? 0 = nicht verwenden, 3 = sehr wichtig.",
            help=(
                "Die Gewichte bestimmen die Rangfolge: Jede Bewertung wird mit dem Gewicht "
                "ihres Kriteriums multipliziert. Das Risiko aus AS6 fließt zusätzlich ein."
            ),
            example="Beitrag zu Vision und Zielen: 3",
            audience=Audience.CORE,
            scope=Scope.TEAM,
            fields=tuple(
                ScalePrompt(
                    key=key,
                    question=f"Gewicht für „{label}“?",
                    help="0 = nicht verwenden, 1 = wenig, 2 = mittel, 3 = sehr wichtig.",
                    example="2",
                    low=0,
                    high=3,
                    optional=False,
                )
                for key, label in CRITERIA.items()
            ),
        ),
        FormPrompt(
            key="scores",
            for_each="as5.sketches",
            question="Bewerten Sie dieses Projekt: 1 = schwach, 5 = sehr gut.",
            help=(
                "Ihre Einschätzung je Kriterium. Kriterien mit Gewicht 0 können Sie "
                "überspringen; die Rangfolge bildet den Mittelwert aller Bewertungen."
            ),
            example="Beitrag zu Vision und Zielen: 4",
            fields=tuple(
                ScalePrompt(
                    key=key,
                    question=f"{label}?",
                    help="1 = schwach, 3 = mittel, 5 = sehr gut.",
                    example="4",
                    labels={1: "schwach", 3: "mittel", 5: "sehr gut"},
                )
                for key, label in CRITERIA.items()
            ),
        ),
        FormPrompt(
            key="matrix",
            for_each="as5.sketches",
            question="Projektmatrix: Rolle der Kommune, Zeithorizont und Ampel.",
            help=(
                "Grün heißt umsetzen, Gelb später prüfen, Rot verwerfen. Die Rangfolge der "
                "Bewertungen steht in der Zusammenfassung von AS7."
            ),
            example="Netzwerkerin – Mittelfristig – Grün",
            audience=Audience.FACILITATOR,
            scope=Scope.TEAM,
            fields=(
                ChoicePrompt(
                    key="role",
                    question="Welche Rolle hat die Kommune in diesem Projekt?",
                    help="Planerin, Dienstleisterin, Infrastruktur, Förderin oder Netzwerkerin.",
                    example="Netzwerkerin",
                    options=ROLES,
                ),
                ChoicePrompt(
                    key="horizon",
                    question="In welchem Zeithorizont?",
                    help="Kurzfristig bis 2 Jahre, mittelfristig bis 5, langfristig darüber.",
                    example="Mittelfristig",
                    options=HORIZONS,
                ),
                ChoicePrompt(
                    key="light",
                    question="Welche Ampel bekommt das Projekt?",
                    help="Grün: umsetzen. Gelb: für später aufheben. Rot: verwerfen.",
                    example=GREEN,
                    options=LIGHTS,
                    optional=False,
                ),
            ),
        ),
        FormPrompt(
            key="roadmap",
            for_each="as5.sketches",
            only_if=Condition(key="matrix", field="light", values=(GREEN,), per_entry=True),
            question="Roadmap: Wann läuft dieses grüne Projekt, und wovon hängt es ab?",
            help=(
                "Start und Ende legen den Balken in der Roadmap fest; Meilensteine und "
                "Abhängigkeiten zeigen, was wann fertig sein muss."
            ),
            example="Q1 2027 bis Q4 2028; 06/2027 Prototyp; abhängig von der Datenplattform",
            audience=Audience.CORE,
            scope=Scope.TEAM,
            fields=(
                DatePrompt(
                    key="start",
                    question="Wann beginnt es?",
                    help="Ein Monat, ein Quartal oder ein Jahr.",
                    example="Q1 2027",
                    accepts=_MONTHS,
                    optional=False,
                ),
                DatePrompt(
                    key="end",
                    question="Wann endet es?",
                    help="Ein Monat, ein Quartal oder ein Jahr.",
                    example="12/2028",
                    accepts=_MONTHS,
                ),
                TextPrompt(
                    key="milestones",
                    question="Welche Meilensteine gibt es? Datum und Titel, je mit Semikolon.",
                    help="Zum Beispiel: 06/2027 Prototyp; 01/2028 Start im Echtbetrieb.",
                    example="06/2027 Prototyp; 01/2028 Start",
                    max_length=400,
                ),
                MultiChoicePrompt(
                    key="depends_on",
                    question="Von welchen anderen Projekten hängt es ab?",
                    help="Projekte, die vorher fertig sein müssen.",
                    example="Datenplattform",
                    options=(),
                    options_from="pool:as5.sketches",
                ),
                TextPrompt(
                    key="partners",
                    question="Welche Partner sind dabei?",
                    help="Partner aus Wirtschaft, Wissenschaft oder Nachbarkommunen.",
                    example="Stadtwerke, Hochschule",
                    max_length=300,
                ),
            ),
        ),
        TextPrompt(
            key="open_source",
            question="Welche wiederverwendbaren Open-Source-Lösungen haben Sie gefunden?",
            help=(
                "Andere Kommunen teilen oft ihre Software. Halten Sie fest, was sich "
                "nachnutzen ließe."
            ),
            example="Consul für Beteiligung, OpenStreetMap für Karten",
            max_length=800,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
    ),
)
