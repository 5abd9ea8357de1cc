"""AS9 Evaluation durchführen: prerequisites, impact model, indicators and monitoring."""

from dialogs.dialog import Step
from dialogs.prompts import (
    Audience,
    ChoicePrompt,
    Condition,
    DatePrompt,
    FormPrompt,
    Granularity,
    ItemsPrompt,
    MultiChoicePrompt,
    NumberPrompt,
    Scope,
    TextPrompt,
)
from dialogs.steps.as7 import GREEN

#: Measurement intervals and their length in months.
INTERVAL_MONTHS = {"Monatlich": 1, "Vierteljährlich": 3, "Halbjährlich": 6, "Jährlich": 12}
STATUSES = ("Nicht im Plan", "Teilweise im Plan", "Weitgehend im Plan", "Erreicht")
IMPACT_DIMENSIONS = (
    "Organisation und Steuerung",
    "Datenmanagement und Governance",
    "Beteiligung",
    "Lernen in der Stadtgesellschaft",
    "Effizienz der Steuerung",
    "Wirtschaftliche Nachhaltigkeit",
    "Soziale Nachhaltigkeit",
    "Ökologische Nachhaltigkeit",
)
_GREEN_ONLY = Condition(key="as7.matrix", field="light", values=(GREEN,), per_entry=True)
_DATES = (Granularity.DAY, Granularity.MONTH, Granularity.QUARTER, Granularity.YEAR)


def _stage(key: str, question: str, help_: str, example: str) -> TextPrompt:
    return TextPrompt(key=key, question=question, help=help_, example=example, max_length=600)


STEP = Step(
    id="as9",
    number="AS9",
    title="Evaluation durchführen",
    cycle="Projektumsetzung",
    purpose="Wirkungen planen und messen: Wirkungsmodell, Indikatoren, Monitoring.",
    builds_on=("as7", "as8"),
    intro=(
        "<b>AS9 · Evaluation</b>\nWir klären, wozu und wie evaluiert wird, beschreiben je Projekt "
        "die Wirkungskette, legen Indikatoren mit Ausgangs- und Zielwert fest und erfassen "
        "Messungen und den Stand der Projekte."
    ),
    done_text="✅ Danke! Ihre Angaben zur Evaluation sind gespeichert.",
    prompts=(
        MultiChoicePrompt(
            key="purpose",
            question="Wozu soll evaluiert werden?",
            help="Mehrere Zwecke sind möglich; sie bestimmen, wem Sie berichten.",
            example="Bericht an den Rat, Zielerreichung",
            options=(
                "Bericht an Fördermittelgeber",
                "Bericht an den Rat",
                "Stand der Umsetzung",
                "Zielerreichung",
            ),
            allow_other=True,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        ChoicePrompt(
            key="object",
            question="Was wird evaluiert?",
            help="Die Strategie als Ganzes, ein Projekt, eine Maßnahme oder ein Gebiet.",
            example="Projekt",
            options=("Strategie", "Projekt", "Maßnahme", "Gebiet"),
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        ChoicePrompt(
            key="evaluator",
            question="Evaluieren Sie selbst oder mit externer Hilfe?",
            help="Intern ist günstiger, extern unabhängiger.",
            example="Intern",
            options=("Intern", "Extern", "Beides"),
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        MultiChoicePrompt(
            key="timing",
            question="Wann wird evaluiert?",
            help="Vorab (ex ante), begleitend oder im Nachhinein (ex post).",
            example="Begleitend, ex post",
            options=("Ex ante", "Begleitend", "Ex post"),
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        FormPrompt(
            key="impact_model",
            for_each="as5.sketches",
            only_if=_GREEN_ONLY,
            question="Wirkungsmodell: Was fließt hinein, was entsteht, was bewirkt es?",
            help=(
                "Input sind Mittel wie Geld und Personal; Output das Angebot; Outcome die "
                "kurzfristige Wirkung bei der Zielgruppe; Impact die langfristige Wirkung in "
                "der Stadt. Indikatoren schreiben Sie in Klammern dazu."
            ),
            example="Input: 2 Stellen (Indikator: Personentage)",
            audience=Audience.CORE,
            scope=Scope.TEAM,
            fields=(
                _stage(
                    "input",
                    "Input: Welche Mittel fließen hinein?",
                    "Infrastruktur, Personal, Zeit, Geld – mit Indikatoren in Klammern.",
                    "Zwei Personen halbtags, 45.000 € (Personentage, Ausgaben)",
                ),
                _stage(
                    "output",
                    "Output: Was wird angeboten, und für wen?",
                    "Das Angebot und seine Zielgruppe.",
                    "Online-Leerstandsbörse für Eigentümer und Gründerinnen (Inserate)",
                ),
                _stage(
                    "outcome",
                    "Outcome: Was bewirkt es kurzfristig bei der Zielgruppe?",
                    "Verändertes Verhalten oder Wissen in den ersten Monaten.",
                    "Mehr Anfragen für freie Läden (Anfragen pro Monat)",
                ),
                _stage(
                    "impact",
                    "Impact: Was bewirkt es langfristig in der Stadt?",
                    "Etwa Beiträge zu den Nachhaltigkeitszielen (SDG).",
                    "Belebte Altstadt (Leerstandsquote)",
                ),
                MultiChoicePrompt(
                    key="dimensions",
                    question="Welche Wirkungsdimensionen berührt es?",
                    help="Die Dimensionen helfen beim Vergleich der Projekte.",
                    example="Beteiligung, Wirtschaftliche Nachhaltigkeit",
                    options=IMPACT_DIMENSIONS,
                ),
            ),
        ),
        ItemsPrompt(
            key="indicators",
            item_name="Indikator",
            question="Welche Indikatoren messen Sie, mit Ausgangs- und Zielwert?",
            help=(
                "Ein Indikator ist eine messbare Größe. Der Ausgangswert ist der Stand zu "
                "Beginn, der Zielwert das, was Sie erreichen wollen."
            ),
            example="Leerstandsquote Altstadt – % – 14 im 01/2026 – 8 bis 12/2028",
            audience=Audience.CORE,
            fields=(
                TextPrompt(
                    key="name",
                    question="Wie heißt der Indikator?",
                    help="Kurz und eindeutig, mit dem Gemessenen im Namen.",
                    example="Leerstandsquote Altstadt",
                    max_length=100,
                    optional=False,
                ),
                ChoicePrompt(
                    key="project",
                    question="Zu welchem Projekt gehört er?",
                    help="Ein Projekt aus AS5 oder die Strategie insgesamt.",
                    example="Strategie",
                    options=("Strategie",),
                    options_from="pool:as5.sketches",
                    allow_other=True,
                ),
                TextPrompt(
                    key="unit",
                    question="In welcher Einheit wird gemessen?",
                    help="Zum Beispiel %, Anzahl, Euro oder Minuten.",
                    example="%",
                    max_length=30,
                ),
                NumberPrompt(
                    key="baseline",
                    question="Wie hoch ist der Ausgangswert?",
                    help="Der Wert zu Beginn (Zeitpunkt 0).",
                    example="14",
                ),
                DatePrompt(
                    key="baseline_date",
                    question="Von wann ist der Ausgangswert?",
                    help="Ein Tag, Monat, Quartal oder Jahr.",
                    example="01/2026",
                    accepts=_DATES,
                ),
                NumberPrompt(
                    key="target",
                    question="Welcher Zielwert soll erreicht werden?",
                    help="Der Wert, den Sie bis zum Zieldatum erreichen wollen.",
                    example="8",
                ),
                DatePrompt(
                    key="target_date",
                    question="Bis wann?",
                    help="Ein Tag, Monat, Quartal oder Jahr.",
                    example="12/2028",
                    accepts=_DATES,
                ),
                ChoicePrompt(
                    key="interval",
                    question="Wie oft soll gemessen werden?",
                    help="Der Bot erinnert die zuständige Person, sobald eine Messung fällig ist.",
                    example="Vierteljährlich",
                    options=tuple(INTERVAL_MONTHS),
                ),
                ChoicePrompt(
                    key="responsible",
                    question="Wer trägt die Messwerte ein?",
                    help="Diese Person bekommt die Erinnerung, wenn eine Messung fällig ist.",
                    example="Anna Schulz (Verwaltung)",
                    options=(),
                    options_from="members",
                ),
            ),
        ),
        ItemsPrompt(
            key="measurements",
            item_name="Messwert",
            question="Neue Messwerte: Welcher Indikator, wann, welcher Wert?",
            help=(
                "Tragen Sie Messungen ein, sobald sie vorliegen. Die Grafik zeigt den Verlauf "
                "gegenüber Ausgangs- und Zielwert."
            ),
            example="Leerstandsquote Altstadt – 06/2027 – 11,5",
            fields=(
                ChoicePrompt(
                    key="indicator",
                    question="Zu welchem Indikator?",
                    help="Die Indikatoren sind oben festgelegt.",
                    example="Leerstandsquote Altstadt",
                    options=(),
                    options_from="pool:as9.indicators",
                    allow_other=True,
                    optional=False,
                ),
                DatePrompt(
                    key="date",
                    question="Wann wurde gemessen?",
                    help="Ein Tag oder ein Monat, an dem gemessen wurde.",
                    example="06/2027",
                    accepts=(Granularity.DAY, Granularity.MONTH),
                    optional=False,
                ),
                NumberPrompt(
                    key="value",
                    question="Welcher Wert wurde gemessen?",
                    help="In der Einheit des Indikators.",
                    example="11,5",
                    optional=False,
                ),
            ),
        ),
        ChoicePrompt(
            key="status",
            for_each="as5.sketches",
            only_if=_GREEN_ONLY,
            question="Monitoring: Wie steht dieses Projekt?",
            help=(
                "Die verantwortliche Person meldet den Stand regelmäßig; jede Meldung bleibt "
                "in der Historie."
            ),
            example="Teilweise im Plan",
            options=STATUSES,
        ),
    ),
)
