"""AS2 Strategieprozess planen: key components of the strategy and the process plan."""

from dialogs.dialog import Step
from dialogs.prompts import (
    Audience,
    ChoicePrompt,
    DatePrompt,
    FormPrompt,
    Granularity,
    ItemsPrompt,
    Scope,
    TextPrompt,
)

#: The seven key components of a smart-city strategy: key → (name, what it covers).
COMPONENTS = {
    "leitbild": ("Ziele und Leitbild", "Ziele, Leitbild und ethische Grundsätze"),
    "organisation": ("Organisation", "Steuerung und Managementstruktur für die Umsetzung"),
    "handlungsfelder": (
        "Handlungsfelder",
        "Strategische Bereiche, etwa digitales Rathaus, Dateninfrastruktur, Beteiligung",
    ),
    "projekte": (
        "Projekte und Maßnahmen",
        "Konkrete Vorhaben, mit denen die Ziele erreicht werden",
    ),
    "finanzierung": ("Finanzierung", "Haushaltsmittel, Fördermittel und ihre Beantragung"),
    "kommunikation": (
        "Kommunikation",
        "Öffentlichkeitsarbeit und Beteiligung während des Prozesses",
    ),
    "monitoring": ("Monitoring und Evaluation", "Wie der Fortschritt gemessen und berichtet wird"),
}
STATUS = ("Erledigt", "In Arbeit", "Offen", "Nicht nötig")
LANES = (
    "Arbeitsschritt",
    "Gremium/Entscheidung",
    "Beteiligung",
    "Meilenstein/Produkt",
    "Externer Termin",
)

_MONTHS = (Granularity.MONTH, Granularity.QUARTER, Granularity.YEAR)


def _component(key: str, name: str, covers: str) -> FormPrompt:
    return FormPrompt(
        key=f"component_{key}",
        question=f"<b>{name}</b> – {covers}.",
        help=(
            "Prüfen Sie für jeden Baustein, wie weit er ist. So sieht das Team, was die Strategie "
            "noch braucht. Die Notiz ist freiwillig."
        ),
        example="In Arbeit – Entwurf liegt dem Hauptausschuss im Mai vor",
        audience=Audience.CORE,
        scope=Scope.TEAM,
        fields=(
            ChoicePrompt(
                key="status",
                question="Wie weit ist dieser Baustein?",
                help="Erledigt, in Arbeit, noch offen – oder für Sie nicht nötig.",
                example="In Arbeit",
                options=STATUS,
                optional=False,
            ),
            TextPrompt(
                key="note",
                question="Möchten Sie eine kurze Notiz dazu schreiben?",
                help="Wer kümmert sich, was fehlt noch? Die Notiz ist freiwillig.",
                example="Kämmerei prüft Förderprogramme",
                max_length=400,
            ),
        ),
    )


STEP = Step(
    id="as2",
    number="AS2",
    title="Strategieprozess planen",
    cycle="Strategieentwicklung",
    purpose="Festlegen, was die Strategie enthalten soll und wie der Weg dorthin aussieht.",
    builds_on=("as1",),
    intro=(
        "<b>AS2 · Strategieprozess planen</b>\nZuerst prüfen wir die sieben Bausteine einer "
        "Smart-City-Strategie, dann planen wir den Ablauf: Arbeitsschritte, Gremien, Beteiligung, "
        "Meilensteine und feste Termine."
    ),
    done_text="✅ Danke! Ihr Prozessplan ist gespeichert.",
    prompts=(
        *(_component(key, name, covers) for key, (name, covers) in COMPONENTS.items()),
        TextPrompt(
            key="steering",
            question=(
                "Wer steuert den Prozess, wer entscheidet was – und reicht das Kernteam dafür?"
            ),
            help=(
                "Klären Sie früh, welche Entscheidungen das Kernteam trifft und welche die "
                "Verwaltungsspitze oder der Rat."
            ),
            example="Kernteam steuert; Bürgermeisterin und Hauptausschuss entscheiden",
            max_length=800,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        TextPrompt(
            key="participation",
            question="Wie und wann beteiligen Sie Verwaltung, Politik und Bürgerschaft?",
            help=(
                "Formen sind Information, Konsultation, Mitgestaltung und Mitentscheidung. "
                "Nennen Sie Zeitpunkte und Medien."
            ),
            example="Auftakt im Rat; zwei Online-Umfragen; Bürgerwerkstatt im Herbst",
            max_length=800,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        ItemsPrompt(
            key="plan",
            item_name="Planeintrag",
            question="Welche Einträge gehören in den Prozessplan?",
            help=(
                "Ein Eintrag ist ein Arbeitsschritt, eine Sitzung oder Entscheidung, eine "
                "Beteiligung, ein Meilenstein oder ein fester externer Termin wie eine Wahl."
            ),
            example="Bürgerwerkstatt – Beteiligung – 09/2026 bis 09/2026",
            audience=Audience.CORE,
            fields=(
                TextPrompt(
                    key="title",
                    question="Wie heißt der Eintrag?",
                    help="Ein kurzer, eindeutiger Name, der in der Grafik erscheint.",
                    example="Beschluss im Stadtrat",
                    max_length=100,
                    optional=False,
                ),
                ChoicePrompt(
                    key="lane",
                    question="Welche Art von Eintrag ist es?",
                    help="Die Art bestimmt die Zeile im Prozessplan.",
                    example="Gremium/Entscheidung",
                    options=LANES,
                    optional=False,
                ),
                DatePrompt(
                    key="start",
                    question="Wann beginnt er?",
                    help="Ein Monat, ein Quartal oder ein Jahr genügt.",
                    example="03/2026",
                    accepts=_MONTHS,
                    optional=False,
                ),
                DatePrompt(
                    key="end",
                    question="Wann endet er?",
                    help="Monat, Quartal oder Jahr. Bei einem einzelnen Termin überspringen.",
                    example="06/2026",
                    accepts=_MONTHS,
                ),
                TextPrompt(
                    key="responsible",
                    question="Wer ist verantwortlich?",
                    help="Person, Stelle oder Gremium (optional).",
                    example="Kernteam",
                    max_length=80,
                ),
            ),
        ),
    ),
)
