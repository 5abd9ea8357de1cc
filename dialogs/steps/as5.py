"""AS5 Projektideen entwickeln: idea cards, dot voting, shortlist, project sketches."""

from dialogs.catalog import SUGGESTED_FIELDS
from dialogs.dialog import Step
from dialogs.prompts import (
    Audience,
    ChoicePrompt,
    DatePrompt,
    DotsPrompt,
    Granularity,
    ItemsPrompt,
    MultiChoicePrompt,
    NumberPrompt,
    Scope,
    TextPrompt,
)

FUNDING = ("Eigenmittel", "Fördermittel", "Partner")
SKETCH_STATUS = ("Entwurf", "In Arbeit", "Final")
_MONTHS = (Granularity.MONTH, Granularity.QUARTER, Granularity.YEAR)


def _text(key: str, question: str, help_: str, example: str, length: int = 600) -> TextPrompt:
    return TextPrompt(key=key, question=question, help=help_, example=example, max_length=length)


IDEA_FIELDS = (
    _text(
        "title",
        "Wie heißt die Idee?",
        "Ein kurzer Titel, unter dem alle sie wiederfinden.",
        "Digitale Leerstandsbörse",
        100,
    ).model_copy(update={"optional": False}),
    ChoicePrompt(
        key="field",
        question="Zu welchem Handlungsfeld gehört sie?",
        help="Die Handlungsfelder kommen aus AS4; eine neue Angabe ist möglich.",
        example="Handel, Innenstadt und Tourismus",
        options=SUGGESTED_FIELDS,
        options_from="fields",
        allow_other=True,
    ),
    _text(
        "idea",
        "Worum geht es?",
        "Beschreiben Sie die Idee in zwei, drei Sätzen.",
        "Eigentümer melden freie Läden online; Gründerinnen finden sie auf einer Karte.",
    ),
    _text(
        "goal",
        "Welches Ziel soll sie erreichen?",
        "Am besten eines der Ziele aus AS3.",
        "Weniger Leerstand in der Altstadt",
    ),
    MultiChoicePrompt(
        key="partners",
        question="Mit wem ließe sie sich umsetzen?",
        help="Wählen Sie Akteurinnen und Akteure aus AS1 oder schreiben Sie weitere Namen.",
        example="Gewerbeverein, Stadtmarketing",
        options=(),
        options_from="actors",
        allow_other=True,
    ),
)

SKETCH_FIELDS = (
    ChoicePrompt(
        key="idea",
        question="Zu welcher Idee ist die Skizze?",
        help="Die Schaltflächen zeigen die ausgewählten Ideen; ein anderer Titel geht auch.",
        example="Digitale Leerstandsbörse",
        options=(),
        options_from="shortlist",
        allow_other=True,
        optional=False,
    ),
    _text(
        "objective",
        "Wofür? Welches Ziel verfolgt das Projekt?",
        "Der Zweck in einem Satz: was soll sich durch das Projekt verbessern?",
        "Leerstand in der Altstadt um ein Drittel senken",
    ),
    _text(
        "target_groups",
        "Für wen ist es gedacht?",
        "Die wichtigsten Zielgruppen, für die das Projekt gedacht ist.",
        "Eigentümerinnen, Gründer, Einzelhandel",
    ),
    _text(
        "result",
        "Was genau soll am Ende stehen?",
        "Das greifbare Ergebnis, das am Ende des Projekts vorliegt.",
        "Eine Online-Börse mit Karte und Ansprechpartnern",
    ),
    _text(
        "lead",
        "Wer leitet das Projekt?",
        "Person oder Stelle mit der Verantwortung.",
        "Wirtschaftsförderung",
        120,
    ),
    MultiChoicePrompt(
        key="participants",
        question="Wer wirkt mit?",
        help="Akteurinnen und Akteure aus AS1 oder weitere Namen.",
        example="Gewerbeverein, Stadtwerke",
        options=(),
        options_from="actors",
        allow_other=True,
    ),
    _text(
        "responsibilities",
        "Wer arbeitet mit, und wer muss informiert werden?",
        "Aufgaben verteilen: wer leitet, wer arbeitet, wer wird informiert.",
        "Bauamt liefert Daten; Stadtrat wird halbjährlich informiert",
    ),
    DatePrompt(
        key="start",
        question="Wann soll es beginnen?",
        help="Ein Monat, ein Quartal oder ein Jahr genügt.",
        example="Q1 2027",
        accepts=_MONTHS,
    ),
    DatePrompt(
        key="end",
        question="Wann soll es fertig sein?",
        help="Ein Monat, ein Quartal oder ein Jahr genügt.",
        example="12/2027",
        accepts=_MONTHS,
    ),
    _text(
        "steps",
        "Welche Projektschritte sind geplant?",
        "Die groben Etappen vom Start bis zum Abschluss.",
        "Bedarf klären, Prototyp, Test mit zehn Läden, Start",
    ),
    _text(
        "location",
        "Wo findet es statt?",
        "Räumlicher Bezug, falls es einen gibt.",
        "Altstadt",
        200,
    ),
    _text(
        "effects",
        "Welche Wirkung erwarten Sie – kurz- und langfristig?",
        "Was ändert sich bald, was auf Dauer?",
        "Kurzfristig mehr Anfragen, langfristig belebte Innenstadt",
    ),
    _text(
        "success",
        "Woran erkennen Sie den Erfolg?",
        "Messbare Erfolgskriterien, die Sie später prüfen können.",
        "Zehn vermittelte Läden im ersten Jahr",
    ),
    NumberPrompt(
        key="cost",
        question="Was kostet das Projekt insgesamt (Euro)?",
        help="Eine grobe Schätzung genügt; Sie können sie später ändern.",
        example="45.000",
        minimum=0,
        unit="€",
    ),
    NumberPrompt(
        key="followup_cost",
        question="Welche Folgekosten entstehen pro Jahr (Euro)?",
        help="Betrieb, Wartung, Lizenzen – geschätzt.",
        example="5.000",
        minimum=0,
        unit="€",
    ),
    MultiChoicePrompt(
        key="funding",
        question="Wie soll es finanziert werden?",
        help="Mehrere Quellen sind möglich; eigene Angaben auch.",
        example="Fördermittel, Partner",
        options=FUNDING,
        allow_other=True,
    ),
    _text(
        "open_questions",
        "Welche Fragen sind noch offen?",
        "Was muss noch geklärt werden, bevor es losgehen kann?",
        "Datenschutz bei Eigentümerdaten",
    ),
    ChoicePrompt(
        key="status",
        question="Wie weit ist die Skizze?",
        help="Entwurf, in Arbeit oder final.",
        example="Entwurf",
        options=SKETCH_STATUS,
    ),
)

STEP = Step(
    id="as5",
    number="AS5",
    title="Projektideen entwickeln",
    cycle="Strategieentwicklung",
    purpose="Ideen sammeln, mit Punkten gewichten und die besten als Projektskizzen ausarbeiten.",
    builds_on=("as3", "as4"),
    intro=(
        "<b>AS5 · Projektideen entwickeln</b>\nErst sammeln alle Ideen als kleine Steckbriefe, "
        "dann vergibt jede Person drei Punkte. Das Kernteam wählt die Favoriten aus und "
        "skizziert sie als Projekte. Ideen lassen sich auch live in der Gruppe sammeln (/live)."
    ),
    done_text="✅ Danke! Ihre Beiträge zu den Projektideen sind gespeichert.",
    prompts=(
        ItemsPrompt(
            key="ideas",
            item_name="Idee",
            item_gender="f",
            question="Welche Projektideen haben Sie? Jede Idee wird ein kleiner Steckbrief.",
            help=(
                "Eine Idee ist ein Vorhaben, das ein Ziel aus AS3 voranbringt. Praxisbeispiele "
                "anderer Kommunen finden Sie in der Zusammenfassung von AS5."
            ),
            example="Digitale Leerstandsbörse für die Altstadt",
            fields=IDEA_FIELDS,
        ),
        DatePrompt(
            key="vote_deadline",
            question="Bis wann soll die Punktabstimmung laufen?",
            help=(
                "Nach diesem Tag fragt der Bot niemanden mehr nach Punkten. Ohne Frist bleibt die "
                "Abstimmung offen, bis Sie die Auswahl treffen; live geht es mit /live."
            ),
            example="15.03.2027",
            accepts=(Granularity.DAY, Granularity.MONTH),
            audience=Audience.FACILITATOR,
            scope=Scope.TEAM,
        ),
        DotsPrompt(
            key="votes",
            deadline="vote_deadline",
            question="Punktabstimmung: Welche Ideen sollen weiterverfolgt werden?",
            help=(
                "Sie haben drei Punkte. Geben Sie sie den Ideen, die Sie am wichtigsten finden – "
                "auch mehrere auf eine. Die Ergebnisse zeigen wir nach Gruppen getrennt."
            ),
            example="Zwei Punkte für die Leerstandsbörse, einer für den Rufbus",
            options_from="pool:as5.ideas",
            budget=3,
        ),
        MultiChoicePrompt(
            key="shortlist",
            question="Welche Ideen sollen als Projekte ausgearbeitet werden?",
            help=(
                "Wählen Sie nach der Punktabstimmung die Favoriten. Achten Sie darauf, dass die "
                "Handlungsfelder ungefähr gleich vertreten sind."
            ),
            example="Digitale Leerstandsbörse, Rufbus-App",
            options=(),
            options_from="pool:as5.ideas",
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        ItemsPrompt(
            key="sketches",
            item_name="Projektskizze",
            item_gender="f",
            question="Skizzieren Sie nun die ausgewählten Ideen als Projekte.",
            help=(
                "Die Skizze hält fest, was, wer, wann, wie teuer und woran man Erfolg erkennt. "
                "Alles außer der Idee lässt sich überspringen und später ergänzen."
            ),
            example="Digitale Leerstandsbörse – Wirtschaftsförderung – Q1 2027 bis 12/2027",
            audience=Audience.CORE,
            fields=SKETCH_FIELDS,
        ),
    ),
)
