"""AS6 Risiken abschätzen: identify risks in five categories, rate them, plan countermeasures."""

from dialogs.dialog import Step
from dialogs.prompts import (
    Audience,
    ChoicePrompt,
    FormPrompt,
    ItemsPrompt,
    ScalePrompt,
    Scope,
    TextPrompt,
)

#: The five risk categories and typical risks of each (facts of the method, own wording).
TYPICAL_RISKS = {
    "Administrativ": (
        "Unklare Zuständigkeiten",
        "Unklare Nutzungsrechte an Daten",
        "Fehlende Haftung und Gewährleistung",
        "Fehlende Fachkenntnis oder Befugnis",
        "Datensilos zwischen Fachämtern",
    ),
    "Technisch": (
        "Inkompatible Komponenten",
        "Falsche Technologiewahl",
        "Technik nur als Symbol ohne Nutzen",
        "Veraltete Technik",
        "Zu wenige Nutzende",
    ),
    "Gesellschaftlich-politisch": (
        "Digitale Spaltung",
        "Unerwartete Regulierung oder Politik",
        "Beteiligung nur über digitale Wege",
        "Nutzen offener Daten bei wenigen",
    ),
    "Extern": (
        "Abhängigkeit von einem Anbieter",
        "Nachteile durch Geschäftsmodelle von Anbietern",
        "Unerwartete Folgekosten",
        "Insolvenz eines Anbieters",
    ),
    "Datenschutz und Datensicherheit": (
        "Öffnung nicht dafür gebauter Systeme",
        "Echtzeitdaten ohne ausreichende Anonymisierung",
    ),
}
CATEGORIES = tuple(TYPICAL_RISKS)
STRATEGY_LEVEL = "Strategieebene"
_SCALE = {1: "sehr gering", 2: "gering", 3: "mittel", 4: "hoch", 5: "sehr hoch"}

STEP = Step(
    id="as6",
    number="AS6",
    title="Risiken abschätzen",
    cycle="Strategieentwicklung",
    purpose="Risiken erkennen, nach Wahrscheinlichkeit und Auswirkung bewerten, vorsorgen.",
    builds_on=("as5",),
    intro=(
        "<b>AS6 · Risiken abschätzen</b>\nWir sammeln Risiken für die Strategie oder einzelne "
        "Projekte, jede Person bewertet sie, und für die hohen planen wir Gegenmaßnahmen."
    ),
    done_text="✅ Danke! Ihre Einschätzungen zu den Risiken sind gespeichert.",
    prompts=(
        ItemsPrompt(
            key="risks",
            item_name="Risiko",
            item_gender="n",
            question=(
                "Welche Risiken sehen Sie? Wählen Sie typische Risiken oder nennen Sie eigene."
            ),
            help=(
                "Risiken gibt es in fünf Bereichen: Verwaltung, Technik, Gesellschaft und "
                "Politik, externe Anbieter sowie Datenschutz und Datensicherheit."
            ),
            example="Abhängigkeit von einem Anbieter – Extern – Projekt Leerstandsbörse",
            fields=(
                ChoicePrompt(
                    key="title",
                    question="Welches Risiko?",
                    help="Ein typisches Risiko aus der Liste – oder Ihr eigenes, kurz benannt.",
                    example="Unerwartete Folgekosten",
                    options=tuple(r for risks in TYPICAL_RISKS.values() for r in risks),
                    allow_other=True,
                    optional=False,
                ),
                ChoicePrompt(
                    key="category",
                    question="Zu welchem Bereich gehört es?",
                    help="Der Bereich bestimmt die Form des Markers in der Risikomatrix.",
                    example="Extern",
                    options=CATEGORIES,
                    optional=False,
                ),
                ChoicePrompt(
                    key="project",
                    question="Betrifft es die ganze Strategie oder ein Projekt?",
                    help="Projekte kommen aus den Skizzen in AS5.",
                    example=STRATEGY_LEVEL,
                    options=(STRATEGY_LEVEL,),
                    options_from="pool:as5.sketches",
                    allow_other=True,
                ),
                TextPrompt(
                    key="description",
                    question="Was genau könnte passieren?",
                    help="Ein, zwei Sätze zum Risiko in Ihrer Kommune.",
                    example="Nach der Förderung fallen Lizenzkosten an, die keiner eingeplant hat",
                    max_length=500,
                ),
            ),
        ),
        ScalePrompt(
            key="likelihood",
            for_each="risks",
            question="Wie wahrscheinlich ist es, dass dieses Risiko eintritt?",
            help="Ihre persönliche Einschätzung; die Matrix zeigt den Mittelwert aller.",
            example="3 – mittel",
            labels=_SCALE,
        ),
        ScalePrompt(
            key="impact",
            for_each="risks",
            question="Wie stark wären die Auswirkungen?",
            help="Denken Sie an Betroffene, Kosten, Dauer und Ansehen.",
            example="4 – hoch",
            labels=_SCALE,
        ),
        FormPrompt(
            key="details",
            for_each="risks",
            question="Wie weit reicht dieses Risiko?",
            help="Reichweite, Dauer und Ebene helfen, Gegenmaßnahmen passend zu planen.",
            example="Ganze Kommune – langfristig – lokal – Vertrag mit Ausstiegsklausel",
            audience=Audience.CORE,
            scope=Scope.TEAM,
            fields=(
                TextPrompt(
                    key="reach",
                    question="Wen oder was träfe es (Menschen, Gebiet)?",
                    help="Die Reichweite: betroffene Menschen und räumliche Ausdehnung.",
                    example="Alle Nutzerinnen des Bürgerportals",
                    max_length=300,
                ),
                ChoicePrompt(
                    key="duration",
                    question="Wirkt es eher kurz- oder langfristig?",
                    help="Kurzfristig heißt: Wochen bis Monate; langfristig: Jahre.",
                    example="Langfristig",
                    options=("Kurzfristig", "Langfristig"),
                ),
                ChoicePrompt(
                    key="level",
                    question="Auf welcher Ebene liegt es?",
                    help="Wo das Risiko entsteht und beeinflusst werden kann.",
                    example="Lokal",
                    options=("Lokal", "Regional", "National", "Global"),
                ),
                TextPrompt(
                    key="mitigation",
                    question="Was mindert das Risiko heute schon?",
                    help="Vorhandene Vorkehrungen, falls es welche gibt.",
                    example="Daten liegen im kommunalen Rechenzentrum",
                    max_length=400,
                ),
            ),
        ),
        TextPrompt(
            key="countermeasure",
            for_each="risks",
            question="Welche Gegenmaßnahme planen Sie, vor allem bei hohen Risiken?",
            help="Was tun Sie vorbeugend, damit das Risiko nicht eintritt oder kleiner wird.",
            example="Offene Standards im Vertrag festschreiben",
            max_length=600,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        TextPrompt(
            key="emergency_plan",
            question="Was ist Ihr Notfallplan, wenn ein hohes Risiko eintritt?",
            help="Wer entscheidet, wer wird informiert, was wird sofort getan?",
            example="Kernteam tagt binnen einer Woche; Rückfall auf die Papierlösung",
            max_length=1000,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        TextPrompt(
            key="abort_criteria",
            question="Woran erkennen Sie früh, dass ein Projekt abgebrochen werden sollte?",
            help="Frühe Abbruchkriterien schützen vor teuren Fehlschlägen.",
            example="Nach sechs Monaten weniger als 50 Nutzende",
            max_length=800,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
    ),
)
