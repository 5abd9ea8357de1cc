"""AS3 Visionen und Ziele: goal mapping in three moves — vision, strategic goals, clustering."""

from dialogs.catalog import DATA_PRINCIPLES, SUGGESTED_FIELDS
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

STEP = Step(
    id="as3",
    number="AS3",
    title="Visionen und Ziele",
    cycle="Strategieentwicklung",
    purpose=(
        "Eine gemeinsame Vision formulieren, strategische Ziele als Etappen dorthin benennen "
        "und jedes Ziel einem Handlungsfeld zuordnen."
    ),
    builds_on=("as1",),
    intro=(
        "<b>AS3 · Visionen und Ziele</b>\n"
        "Wir gehen in drei Schritten vor: erst Ideen für die Vision sammeln, dann strategische "
        "Ziele benennen, zuletzt die Ziele Handlungsfeldern zuordnen. Alles, was Sie schreiben, "
        "wird sofort gespeichert."
    ),
    done_text=(
        "✅ Danke! Ihre Beiträge zu <b>Visionen und Ziele</b> sind gespeichert. "
        "Die Übersicht aller Schritte finden Sie unter /schritte."
    ),
    prompts=(
        NumberPrompt(
            key="target_year",
            question="Auf welches Zieljahr soll sich die Vision von {kommune} beziehen?",
            help=(
                "Eine Vision beschreibt ein Bild der Kommune in einigen Jahren. Meist wählt man "
                "einen Horizont von 10 bis 15 Jahren – weit genug für echten Wandel, nah genug, "
                "um heute damit zu planen."
            ),
            example="2035",
            integer=True,
            grouping=False,
            minimum=2025,
            maximum=2070,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        ItemsPrompt(
            key="vision_ideas",
            item_name="Stichwort",
            item_gender="n",
            max_length=300,
            question=(
                "Wie sieht {kommune} im Zieljahr aus, wenn die Digitalisierung gut genutzt "
                "wurde? Sammeln Sie Stichworte oder kurze Sätze für die Vision."
            ),
            help=(
                "Hier geht es um Ideen, noch nicht um die fertige Vision. Hilfreiche Fragen: Was "
                "soll die Smart City für die Menschen leisten? Welche Themen der Stadtentwicklung "
                "soll die Digitalisierung voranbringen? Welcher Nutzen entsteht für das "
                "Gemeinwohl?"
            ),
            example="Kurze Wege zum Amt – alles Wichtige auch online erledigen",
        ),
        MultiChoicePrompt(
            key="data_principles",
            question="Welche Grundsätze sollen für den Umgang mit Daten gelten?",
            help=(
                "Viele Kommunen ergänzen ihre Vision um Leitlinien für Daten. Wählen Sie die "
                "Grundsätze, die Ihrem Team wichtig sind; Sie können auch eigene ergänzen."
            ),
            example="Zugang zu Daten schaffen; Transparenz und Mitgestaltung",
            options=DATA_PRINCIPLES,
            allow_other=True,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        TextPrompt(
            key="vision_statement",
            show="vision_ideas",
            min_length=20,
            max_length=1200,
            question=(
                "Formulieren Sie nun die Vision in wenigen Sätzen. Die gesammelten Ideen des "
                "Teams stehen oben."
            ),
            help=(
                "Die Vision ist ein kurzes, positives Zukunftsbild in der Wir-Form. Sie greift "
                "die wichtigsten Ideen auf, bleibt verständlich für alle Bürgerinnen und Bürger "
                "und nennt noch keine einzelnen Projekte."
            ),
            example=(
                "Wir sind eine klimafreundliche Gemeinde, in der digitale Angebote das Leben "
                "auf dem Land erleichtern und alle mitgestalten können."
            ),
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        ItemsPrompt(
            key="goals",
            item_name="Ziel",
            item_gender="n",
            max_length=200,
            question=(
                "Welche strategischen Ziele führen zur Vision? Nennen Sie messbare Etappen, "
                "jeweils in einer Nachricht."
            ),
            help=(
                "Ein strategisches Ziel ist ein Zwischenschritt auf dem Weg zur Vision, möglichst "
                "überprüfbar. Fragen Sie sich: Welche Ziele erreichen wir mit digitalen Mitteln "
                "besser? Welche neuen Ziele entstehen erst durch die Digitalisierung?"
            ),
            example="Bis 2028 sind die 20 meistgenutzten Verwaltungsleistungen online verfügbar",
        ),
        ChoicePrompt(
            key="goal_field",
            for_each="goals",
            question="Zu welchem Handlungsfeld gehört dieses Ziel?",
            help=(
                "Handlungsfelder sind die großen Themen der Strategie. Ordnen Sie jedes Ziel "
                "einem Feld zu; passt keines, legen Sie mit „Andere …“ ein eigenes an. "
                "Gleichartige Ziele landen so im selben Feld."
            ),
            example="„Online-Terminvergabe im Bürgerbüro“ → Verwaltung und E-Government",
            options=SUGGESTED_FIELDS,
            options_from="fields",
            allow_other=True,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
    ),
)
