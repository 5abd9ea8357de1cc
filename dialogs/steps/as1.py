"""AS1 Bestandsanalyse: concepts, questionnaire, data, SWOT and actor map — five parts.

The parts are separate dialogs so a team can work on them in any order and in parallel; the
summary of AS1 brings them together.
"""

from dialogs.catalog import ACTOR_GROUPS, RINGS
from dialogs.dialog import Step
from dialogs.prompts import (
    Audience,
    ChoicePrompt,
    ItemsPrompt,
    MultiChoicePrompt,
    NumberPrompt,
    Scope,
    TextPrompt,
)
from dialogs.steps import fragebogen

_CYCLE = "Strategieentwicklung"
_STEP_TITLE = "Bestandsanalyse"

CONCEPT_KINDS = (
    "Stadtentwicklungskonzept (ISEK/INSEK)",
    "Mobilitätskonzept",
    "Klimaschutzkonzept",
    "Einzelhandels- oder Innenstadtkonzept",
    "Tourismuskonzept",
    "Digitalstrategie",
    "Leitbild",
)

KONZEPTE = Step(
    id="as1_konzepte",
    number="AS1",
    part_of="as1",
    step_title=_STEP_TITLE,
    title="Konzepte und Ziele",
    cycle=_CYCLE,
    purpose="Vorhandene Konzepte sammeln und prüfen, was sie für die Digitalisierung bedeuten.",
    intro=(
        "<b>AS1 · Konzepte und Ziele</b>\nDie Smart-City-Strategie baut auf dem auf, was Ihre "
        "Kommune schon beschlossen hat. Sammeln Sie die wichtigsten Konzepte; danach fragen wir "
        "je Konzept, was es für die Digitalisierung bedeutet."
    ),
    done_text="✅ Danke! Die Konzepte sind gespeichert.",
    prompts=(
        ItemsPrompt(
            key="concepts",
            item_name="Konzept",
            item_gender="n",
            question="Welche Konzepte und Strategien hat Ihre Kommune bereits?",
            help=(
                "Gemeint sind beschlossene oder laufende Planungen, etwa ein integriertes "
                "Stadtentwicklungskonzept (ISEK), ein Mobilitäts- oder Klimaschutzkonzept."
            ),
            example="ISEK Innenstadt 2030",
            audience=Audience.CORE,
            fields=(
                TextPrompt(
                    key="title",
                    question="Wie heißt das Konzept?",
                    help="Der Titel, unter dem das Konzept in der Kommune bekannt ist.",
                    example="Klimaschutzkonzept Lindenau",
                    max_length=150,
                    optional=False,
                ),
                ChoicePrompt(
                    key="kind",
                    question="Welche Art von Konzept ist es?",
                    help="Wählen Sie die passende Art oder schreiben Sie eine eigene.",
                    example="Klimaschutzkonzept",
                    options=CONCEPT_KINDS,
                    allow_other=True,
                ),
                NumberPrompt(
                    key="year",
                    question="Aus welchem Jahr stammt es?",
                    help="Das Jahr des Beschlusses oder der letzten Fortschreibung.",
                    example="2021",
                    integer=True,
                    grouping=False,
                    minimum=1950,
                    maximum=2100,
                ),
                TextPrompt(
                    key="goals",
                    question="Welches sind seine wichtigsten Ziele?",
                    help="Zwei bis vier Stichworte genügen.",
                    example="Innenstadt beleben, Leerstand senken",
                    max_length=600,
                ),
            ),
        ),
        TextPrompt(
            key="digital_needs",
            for_each="concepts",
            question="Welche Ziele dieses Konzepts lassen sich nur mit Digitalisierung erreichen?",
            help=(
                "Manche Ziele setzen digitale Werkzeuge voraus – etwa Online-Dienste für kürzere "
                "Wege. Notieren Sie, welche das sind."
            ),
            example="Online-Beteiligung an der Innenstadtplanung",
            max_length=800,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        TextPrompt(
            key="digital_chances",
            for_each="concepts",
            question="Wo könnten digitale Mittel helfen, die Ziele besser zu erreichen?",
            help="Denken Sie an Daten, Sensorik, Plattformen oder neue Dienste.",
            example="Leerstandsbörse als Online-Plattform",
            max_length=800,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
    ),
)

DATEN = Step(
    id="as1_daten",
    number="AS1",
    part_of="as1",
    step_title=_STEP_TITLE,
    title="Dateninfrastruktur",
    cycle=_CYCLE,
    purpose="Erfassen, welche Daten es schon gibt und welche gebraucht werden.",
    intro=(
        "<b>AS1 · Dateninfrastruktur</b>\nErst der Bestand, dann der Bedarf: Welche Daten liegen "
        "schon digital vor, und welche fehlen für die Aufgaben der nächsten Jahre?"
    ),
    done_text="✅ Danke! Ihre Angaben zur Dateninfrastruktur sind gespeichert.",
    prompts=(
        ItemsPrompt(
            key="existing",
            item_name="Datenbestand",
            question="Welche Daten liegen in Ihrer Kommune schon digital vor?",
            help="Zum Beispiel Geodaten, Verkehrszählungen, Energieverbräuche, Einwohnerzahlen.",
            example="Verkehrszählungen an fünf Kreuzungen",
            fields=(
                TextPrompt(
                    key="name",
                    question="Welche Daten sind es?",
                    help="Ein kurzer Name für den Datenbestand.",
                    example="Verkehrszählungen",
                    max_length=150,
                    optional=False,
                ),
                ChoicePrompt(
                    key="frequency",
                    question="Wie oft werden sie erhoben?",
                    help="Die ungefähre Häufigkeit genügt; eine eigene Angabe ist möglich.",
                    example="Jährlich",
                    options=("Laufend", "Täglich", "Monatlich", "Jährlich", "Einmalig"),
                    allow_other=True,
                ),
                TextPrompt(
                    key="method",
                    question="Wie werden sie erhoben?",
                    help="Etwa durch Sensoren, Zählungen, Formulare oder Fachverfahren.",
                    example="Zählgeräte und händische Zählung",
                    max_length=300,
                ),
            ),
        ),
        TextPrompt(
            key="ethics",
            question="Gibt es schon Leitlinien zur Datenethik oder zum Umgang mit Daten?",
            help=(
                "Etwa Regeln zu Datenschutz, Offenheit oder Weitergabe. „Nein“ ist auch eine "
                "Antwort."
            ),
            example="Nein, aber der Datenschutzbeauftragte berät",
            max_length=800,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        ItemsPrompt(
            key="needs",
            item_name="Datenbedarf",
            question=(
                "Welche Daten brauchen Sie zusätzlich – etwa wegen demografischem Wandel, "
                "Verkehr oder Klimaanpassung?"
            ),
            help="Denken Sie an Aufgaben, für die heute Wissen fehlt.",
            example="Hitzeinseln in der Innenstadt",
        ),
        ItemsPrompt(
            key="platform",
            item_name="Anforderung",
            item_gender="f",
            question="Was müsste eine gemeinsame Datenplattform der Kommune können?",
            help="Anforderungen aus Sicht Ihrer Arbeit: Funktionen, Zugänge, Schnittstellen.",
            example="Daten der Stadtwerke und der Verwaltung an einem Ort",
        ),
    ),
)

_SWOT_HELP = (
    "SWOT steht für Stärken, Schwächen, Chancen und Risiken. Stärken und Schwächen liegen in der "
    "Kommune selbst, Chancen und Risiken kommen von außen."
)


def _swot(key: str, name: str, question: str, example: str) -> ItemsPrompt:
    gender = "f" if name in ("Stärke", "Schwäche", "Chance") else "n"
    return ItemsPrompt(
        key=key,
        item_name=name,
        item_gender=gender,
        question=question,
        help=_SWOT_HELP,
        example=example,
        max_length=200,
    )


SWOT = Step(
    id="as1_swot",
    number="AS1",
    part_of="as1",
    step_title=_STEP_TITLE,
    title="SWOT-Analyse",
    cycle=_CYCLE,
    purpose="Stärken, Schwächen, Chancen und Risiken der Kommune für die Digitalisierung.",
    intro=(
        "<b>AS1 · SWOT-Analyse</b>\nVier kurze Listen: Stärken und Schwächen Ihrer Kommune, "
        "Chancen und Risiken von außen. Alle im Team tragen bei."
    ),
    done_text="✅ Danke! Ihre Einträge zur SWOT-Analyse sind gespeichert.",
    prompts=(
        _swot(
            "strengths",
            "Stärke",
            "Was kann Ihre Kommune bei der Digitalisierung schon gut?",
            "Engagierte Vereine, die Online-Angebote nutzen",
        ),
        _swot(
            "weaknesses",
            "Schwäche",
            "Wo hat Ihre Kommune Schwächen?",
            "Kaum IT-Personal in der Verwaltung",
        ),
        _swot(
            "opportunities",
            "Chance",
            "Welche Chancen bieten sich von außen?",
            "Förderprogramme des Landes für Modellprojekte",
        ),
        _swot(
            "threats",
            "Risiko",
            "Welche Risiken drohen von außen?",
            "Abhängigkeit von einem einzigen Softwareanbieter",
        ),
    ),
)

AKTEURE = Step(
    id="as1_akteure",
    number="AS1",
    part_of="as1",
    step_title=_STEP_TITLE,
    title="Akteursmapping",
    cycle=_CYCLE,
    purpose="Wer gestaltet mit? Akteurinnen und Akteure nach Gruppe und Einfluss ordnen.",
    intro=(
        "<b>AS1 · Akteursmapping</b>\nWir ordnen alle, die für die Smart City wichtig sind, in "
        "drei Ringe: innen die Schlüsselakteure, dann das erweiterte Feld, außen die Peripherie."
    ),
    done_text="✅ Danke! Ihre Einträge zum Akteursmapping sind gespeichert.",
    prompts=(
        MultiChoicePrompt(
            key="groups",
            question="Welche Gruppen von Akteurinnen und Akteuren sind bei Ihnen wichtig?",
            help=(
                "Jede Gruppe wird ein Abschnitt der Grafik. Die üblichen Gruppen sind "
                "vorgeschlagen; eigene können Sie ergänzen, etwa „Landkreis“."
            ),
            example="Verwaltung, Politik, Wirtschaft, Zivilgesellschaft",
            options=ACTOR_GROUPS,
            allow_other=True,
            min_selected=1,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        ItemsPrompt(
            key="actors",
            item_name="Akteur",
            question="Wen sollten wir einbinden? Nennen Sie Personen oder Institutionen.",
            help=(
                "Schlüsselakteure haben direkten Einfluss auf Entwicklung und Umsetzung. Das "
                "erweiterte Feld wird bei Bedarf eingebunden. Die Peripherie wird punktuell "
                "gefragt, etwa bei Beteiligungen."
            ),
            example="Stadtwerke Lindenau – Gruppe Kommunale Unternehmen – Schlüsselakteur",
            fields=(
                TextPrompt(
                    key="name",
                    question="Wie heißt die Person oder Institution?",
                    help="Ein Name, unter dem alle im Team sie erkennen.",
                    example="Stadtwerke Lindenau",
                    max_length=80,
                    optional=False,
                ),
                ChoicePrompt(
                    key="group",
                    question="Zu welcher Gruppe gehört sie?",
                    help="Die Gruppen haben Sie oben gewählt; eine neue können Sie schreiben.",
                    example="Kommunale Unternehmen",
                    options=(),
                    options_from="actor_groups",
                    allow_other=True,
                    optional=False,
                ),
                ChoicePrompt(
                    key="ring",
                    question="Wie stark ist ihr Einfluss auf die Smart City?",
                    help=(
                        "Schlüsselakteur: direkter Einfluss auf Entwicklung und Umsetzung. "
                        "Erweitertes Feld: wird bei Bedarf eingebunden. Peripherie: wird "
                        "punktuell beteiligt."
                    ),
                    example="Schlüsselakteure",
                    options=tuple(RINGS.values()),
                    optional=False,
                ),
                TextPrompt(
                    key="note",
                    question="Möchten Sie eine Notiz ergänzen?",
                    help="Etwa Ansprechperson oder Rolle im Prozess.",
                    example="Ansprechpartnerin: Frau Kaya, Netzplanung",
                    max_length=300,
                ),
            ),
        ),
    ),
)

PARTS = (KONZEPTE, fragebogen.SETUP, fragebogen.ANSWER, DATEN, SWOT, AKTEURE)
