"""AS1 Fragebogen Digitalisierung: the question catalogue and the two dialogs built from it.

The facilitator picks the questions that fit the municipality and the people to ask
(``as1_fragebogen_setup``); each chosen person answers the picked questions in a private chat
(``as1_fragebogen``), every question skippable. Both dialogs are generated from one catalogue,
so a question is added in exactly one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dialogs.dialog import Step
from dialogs.prompts import (
    Audience,
    ChoicePrompt,
    Condition,
    ConfirmPrompt,
    MultiChoicePrompt,
    NumberPrompt,
    Prompt,
    Scope,
    TextPrompt,
)
from dialogs.records import Answer

_STEP_TITLE = "Bestandsanalyse"  # of the work step AS1
_YES_PLANNED_NO = ("Ja", "Geplant", "Nein")
_HELP = (
    "Antworten Sie so gut Sie es wissen – Stichworte genügen. Wenn Sie etwas nicht wissen, "
    "überspringen Sie die Frage; die Moderation sieht dann, wo noch Wissen fehlt."
)


@dataclass(frozen=True)
class Group:
    key: str
    title: str


GROUPS = (
    Group("allgemein", "Allgemeines"),
    Group("ausstattung", "Ausstattung und Dienste"),
    Group("kompetenz", "IT-Kompetenz"),
    Group("infrastruktur", "IKT-Infrastruktur"),
    Group("daten", "Kommunale Daten"),
    Group("projekte", "Digitale Projekte"),
)


@dataclass(frozen=True)
class Question:
    """One catalogue question: its group, a short label for the selection, the prompt."""

    group: str
    label: str
    prompt: Prompt


def _text(key: str, question: str, example: str) -> TextPrompt:
    return TextPrompt(key=key, question=question, help=_HELP, example=example, max_length=1500)


def _choice(key: str, question: str, options: tuple[str, ...] = _YES_PLANNED_NO) -> ChoicePrompt:
    return ChoicePrompt(
        key=key,
        question=question,
        help=_HELP,
        example=f"{options[0]} – oder eine eigene Angabe",
        options=options,
        allow_other=True,
    )


CATALOGUE: tuple[Question, ...] = (
    # 1 Allgemeines
    Question("allgemein", "Digitalstrategie vorhanden?", _choice(
        "strategie", "Hat Ihre Kommune bereits eine Digitalisierungsstrategie?",
        ("Ja", "In Arbeit", "Nein"))),
    Question("allgemein", "Schwerpunkte der Strategie", _text(
        "strategie_fokus", "Wie aktuell ist die Strategie, und welche Schwerpunkte setzt sie?",
        "Beschluss 2022; Schwerpunkte Online-Dienste und Schulen")),
    Question("allgemein", "Digitale Leitlinien", _text(
        "leitlinien", "Gibt es Leitlinien für die Digitalisierung? Wenn ja: welche?",
        "Leitlinie „Digital, aber nicht ausschließlich digital“")),
    Question("allgemein", "Ziele des IT-Ausbaus", _text(
        "it_ziele", "Welche Ziele stehen beim Ausbau der IT in Ihrer Kommune im Vordergrund?",
        "Medienbruchfreie Verfahren, sichere Arbeitsplätze im Homeoffice")),
    Question("allgemein", "Digitale Kanäle zur Bürgerschaft", MultiChoicePrompt(
        key="kanaele", help=_HELP, allow_other=True, example="Website, Soziale Medien",
        question="Über welche digitalen Kanäle spricht die Verwaltung mit der Bürgerschaft?",
        options=("Website", "E-Mail", "Soziale Medien", "Messenger", "Eigene App",
                 "Online-Beteiligung", "Newsletter"))),
    # 2 Ausstattung und Angebote der Verwaltung
    Question("ausstattung", "Standard-Anwendungen", _text(
        "anwendungen", "Welche digitalen Anwendungen nutzt die Verwaltung standardmäßig, auch "
        "im Browser?", "Fachverfahren Meldewesen, E-Akte, Videokonferenzen")),
    Question("ausstattung", "Hardware", _text(
        "hardware", "Mit welcher Hardware arbeiten die Beschäftigten üblicherweise?",
        "Laptops mit Dockingstation, einige Tablets im Bauhof")),
    Question("ausstattung", "Verbesserungsbedarf", _text(
        "bedarf", "Wo sehen Sie Verbesserungsbedarf bei Ausstattung und Abläufen?",
        "Langsames Netz in den Außenstellen")),
    Question("ausstattung", "Digitale Bürgerdienste", _text(
        "dienste", "Welche Leistungen können Bürgerinnen und Bürger schon digital nutzen?",
        "Online-Terminvergabe, Anträge für Wohngeld und Hundesteuer")),
    Question("ausstattung", "Eigene Apps", _choice(
        "apps", "Bietet die Kommune eigene Apps für Bürgerinnen und Bürger an?")),
    # 3 IT-Kompetenz der Beschäftigten
    Question("kompetenz", "Koordinierungsstelle Digitalisierung", _choice(
        "koordination", "Gibt es in der Verwaltung eine Stelle, die die Digitalisierung "
        "koordiniert?")),
    Question("kompetenz", "Zuständigkeiten für IT-Themen", _text(
        "zustaendig", "Welche Abteilungen kümmern sich in der Verwaltung um welche IT-Themen?",
        "Hauptamt: Netz und Geräte; Bürgerbüro: Online-Dienste")),
    Question("kompetenz", "IT-Themen außerhalb der Verwaltung", _text(
        "extern", "Welche Abteilungen befassen sich mit IT-Themen außerhalb der Verwaltung, "
        "etwa digitaler Bildung an Schulen?", "Schulamt: Tablets und WLAN an Grundschulen")),
    Question("kompetenz", "Zahl der IT-Fachkräfte", NumberPrompt(
        key="fachkraefte", help=_HELP, integer=True, minimum=0, maximum=10_000,
        question="Wie viele IT-Fachkräfte arbeiten derzeit in der Verwaltung?", example="3")),
    Question("kompetenz", "Geplante IT-Stellen", _text(
        "stellen", "Sind weitere Stellen für IT geplant? Wenn ja, wie viele und wofür?",
        "Eine Stelle für Digitalisierung ab 2026")),
    Question("kompetenz", "IT-Kenntnisse außerhalb der IT", _text(
        "kenntnisse", "Welche IT-Kenntnisse haben Beschäftigte außerhalb der IT-Abteilung, "
        "etwa durch E-Government-Vorhaben?", "Viele können digitale Formulare selbst erstellen")),
    # 4 IKT-Infrastruktur
    Question("infrastruktur", "Breitband-Versorgung (%)", NumberPrompt(
        key="breitband", help=_HELP, minimum=0, maximum=100, unit="%",
        question="Wie viel Prozent der Haushalte haben kabelgebundenes Breitband (mindestens "
        "100 Mbit/s)? Eine Schätzung genügt.", example="70")),
    Question("infrastruktur", "Ziele Breitbandausbau", _text(
        "breitband_ziel", "Welche Ziele hat sich die Kommune für den Breitbandausbau gesetzt?",
        "Glasfaser für alle Gewerbegebiete bis 2027")),
    Question("infrastruktur", "LTE-Versorgung", _choice(
        "lte", "Wie gut ist das Gemeindegebiet mit LTE (4G) versorgt?",
        ("Flächendeckend", "Überwiegend", "Lückenhaft"))),
    Question("infrastruktur", "Stand 5G", _text(
        "fuenf_g", "Wie weit ist der 5G-Ausbau?", "Zwei Masten in der Kernstadt")),
    Question("infrastruktur", "Öffentliches WLAN", _text(
        "wlan", "Gibt es öffentliche WLAN-Hotspots der Kommune? Wie viele, und sind weitere "
        "geplant?", "Drei Hotspots am Marktplatz, zwei weitere geplant")),
    # 5 Kommunale Daten
    Question("daten", "Themen mit Datenerhebung", _text(
        "themen", "Für welche Themen erheben kommunale Stellen bereits Daten?",
        "Verkehrszählungen, Wasserverbrauch, Parkraum")),
    Question("daten", "Speicherort der Daten", _text(
        "ablage", "Wo werden diese Daten gespeichert?",
        "In den Fachverfahren und auf einem Laufwerk im Rathaus")),
    Question("daten", "Weiternutzung der Daten", _text(
        "nutzung", "Wer nutzt die Daten weiter, und wofür?",
        "Das Bauamt nutzt Verkehrsdaten für die Planung")),
    Question("daten", "Zugangsregeln", _text(
        "zugang", "Wie ist geregelt, wer auf die Daten zugreifen darf?",
        "Nur die jeweilige Fachabteilung; keine Regel für Weitergabe")),
    Question("daten", "Zentrale Datenplattform", _choice(
        "plattform", "Gibt es eine zentrale Datenplattform der Kommune?")),
    Question("daten", "Datenstrategie", _choice(
        "datenstrategie", "Gibt es eine Datenstrategie?", ("Ja", "In Arbeit", "Nein"))),
    # 6 Digitale Projekte
    Question("projekte", "Wichtigste Projekte", _text(
        "wichtigste", "Welche kommunalen Projekte sind aus Ihrer Sicht für die Smart City am "
        "wichtigsten?", "Digitales Bürgerbüro, Glasfaserausbau")),
    Question("projekte", "Wer die Projekte trägt", _text(
        "traeger", "Wer führt diese Projekte durch – Personen, Abteilungen, Dienstleister?",
        "Hauptamt mit dem Zweckverband IT")),
    Question("projekte", "Digital unterstützbare ISEK-Maßnahmen", _text(
        "isek", "Welche Maßnahmen des Stadtentwicklungskonzepts (ISEK) ließen sich digital "
        "unterstützen oder umsetzen?", "Leerstandsmanagement in der Innenstadt")),
    Question("projekte", "Weitere Projekte und Beteiligung", _text(
        "weitere", "Gibt es weitere Digitalprojekte? Sollen Bürgerinnen und Bürger daran "
        "beteiligt werden?", "Ein Mängelmelder ist geplant, mit Test durch Freiwillige")),
)  # fmt: skip

SETUP_ID = "as1_fragebogen_setup"
RECIPIENTS = "recipients"


def selection_key(group: str) -> str:
    """Key of the setup prompt that selects the questions of ``group``."""
    return f"fragen_{group}"


def answer_key(question: Question) -> str:
    """Key of a catalogue question in the answering dialog."""
    return f"{question.group}_{question.prompt.key}"


def questions_of(group: str) -> tuple[Question, ...]:
    return tuple(q for q in CATALOGUE if q.group == group)


SETUP = Step(
    id=SETUP_ID,
    number="AS1",
    part_of="as1",
    step_title=_STEP_TITLE,
    facilitator_only=True,
    title="Fragebogen vorbereiten",
    cycle="Strategieentwicklung",
    purpose="Fragen auswählen und die Personen bestimmen, die den Fragebogen beantworten.",
    intro=(
        "<b>Fragebogen Digitalisierung vorbereiten</b>\n"
        "Der Fragebogen erfasst, wie digital Ihre Kommune heute ist. Wählen Sie je Themenblock "
        "die Fragen, die zu Ihnen passen, und dann die Personen, die antworten sollen."
    ),
    done_text="✅ Die Auswahl ist gespeichert.",
    prompts=(
        *(
            MultiChoicePrompt(
                key=selection_key(group.key),
                question=f"Welche Fragen zum Block „{group.title}“ sollen gestellt werden?",
                help=(
                    "Wählen Sie nur, was für Ihre Kommune wirklich offen ist – ein kurzer "
                    "Fragebogen wird eher beantwortet. Ohne Auswahl entfällt der Block."
                ),
                options=tuple(q.label for q in questions_of(group.key)),
                example=", ".join(q.label for q in questions_of(group.key)[:2]),
                audience=Audience.FACILITATOR,
                scope=Scope.TEAM,
            )
            for group in GROUPS
        ),
        MultiChoicePrompt(
            key=RECIPIENTS,
            question="Wer soll den Fragebogen beantworten?",
            help=(
                "Fragen Sie Schlüsselpersonen, die den Stand kennen – etwa aus IT, Bürgerbüro, "
                "Bauamt und Stadtwerken. Wer noch fehlt, lädt die Moderation unter /team ein."
            ),
            example="Anna Schulz (Verwaltung), Jonas Becker (Kommunale Unternehmen)",
            options_from="members",
            min_selected=1,
            optional=False,
            audience=Audience.FACILITATOR,
            scope=Scope.TEAM,
        ),
        ConfirmPrompt(
            key="send",
            question="Soll ich den Fragebogen jetzt an die ausgewählten Personen schicken?",
            help="Jede Person erhält eine Nachricht mit einer Schaltfläche zum Fragebogen.",
            example="Ja, jetzt senden",
            yes="Ja, jetzt senden",
            no="Später",
            optional=False,
            audience=Audience.FACILITATOR,
            scope=Scope.TEAM,
        ),
    ),
)


def _answering(question: Question, group: Group) -> Prompt:
    prompt = question.prompt
    return prompt.model_copy(
        update={
            "key": answer_key(question),
            "question": f"<i>{group.title}</i>\n{prompt.question}",
            "only_if": Condition(
                key=f"{SETUP_ID}.{selection_key(group.key)}", contains=question.label
            ),
        }
    )


ANSWER = Step(
    id="as1_fragebogen",
    number="AS1",
    part_of="as1",
    step_title=_STEP_TITLE,
    title="Fragebogen Digitalisierung",
    cycle="Strategieentwicklung",
    purpose="Den Stand der Digitalisierung aus Sicht der befragten Personen erfassen.",
    respondents=f"{SETUP_ID}.{RECIPIENTS}",
    locked_when_closed=True,
    intro=(
        "<b>Fragebogen Digitalisierung</b>\n"
        "Ihre Antworten zeigen, wo Ihre Kommune bei der Digitalisierung steht. Jede Frage "
        "können Sie überspringen; bis die Moderation die Runde schließt, können Sie Antworten "
        "ändern."
    ),
    done_text="✅ Vielen Dank! Ihre Antworten zum Fragebogen sind gespeichert.",
    prompts=tuple(
        _answering(question, group) for group in GROUPS for question in questions_of(group.key)
    ),
)


def selected_questions(answers: Iterable[Answer]) -> list[Question]:
    """The catalogue questions the facilitator selected, in catalogue order."""
    chosen: set[str] = set()
    for answer in answers:
        if answer.step == SETUP_ID and answer.prompt.startswith("fragen_"):
            group = answer.prompt.removeprefix("fragen_")
            chosen.update(f"{group}\x00{label}" for label in answer.value or ())
    return [q for q in CATALOGUE if f"{q.group}\x00{q.label}" in chosen]


def recipient_labels(answers: Iterable[Answer]) -> list[str]:
    """Member labels („Name (Gruppe)“) the questionnaire goes to."""
    found = [a for a in answers if a.step == SETUP_ID and a.prompt == RECIPIENTS]
    return list(found[-1].value or []) if found else []
