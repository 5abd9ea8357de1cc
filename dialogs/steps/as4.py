"""AS4 Handlungsfelder bestimmen: the model, the fields of action, and experts per field."""

from dialogs.catalog import SUGGESTED_FIELDS
from dialogs.dialog import Step
from dialogs.prompts import (
    Audience,
    ChoicePrompt,
    ItemsPrompt,
    MultiChoicePrompt,
    Scope,
    TextPrompt,
)

MODELS = (
    "Eigenständige Smart-City-Strategie",
    "Aus dem Stadtentwicklungskonzept abgeleitet",
    "In das Stadtentwicklungskonzept integriert",
)
ROLES = (
    "Strategische Planerin",
    "Dienstleisterin",
    "Infrastrukturanbieterin",
    "Förderin digitaler Teilhabe",
    "Netzwerkerin",
)
LEAD = ("Führt", "Kooperiert", "Gibt Impulse")
FOCUS = ("Gesamte Kommune", "Ein Stadtteil oder Ortsteil", "Ein bestimmter Teilraum")

STEP = Step(
    id="as4",
    number="AS4",
    title="Handlungsfelder bestimmen",
    cycle="Strategieentwicklung",
    purpose="Die Themenfelder der Strategie festlegen, mit Rolle der Kommune und Fachleuten.",
    builds_on=("as1", "as3"),
    intro=(
        "<b>AS4 · Handlungsfelder bestimmen</b>\nHandlungsfelder bündeln die Ziele aus AS3 in "
        "Themen, etwa Mobilität oder Verwaltung. Wir legen das Verhältnis zur "
        "Stadtentwicklung fest, dann die Felder, dann die Fachleute je Feld."
    ),
    done_text=(
        "✅ Danke! Die Handlungsfelder sind gespeichert; AS5 und die weiteren Schritte nutzen sie."
    ),
    prompts=(
        ChoicePrompt(
            key="model",
            question="Wie soll die Smart-City-Strategie zur Stadtentwicklung stehen?",
            help=(
                "1) Eigenständig: eine eigene Strategie mit eigenen, meist fachlichen Feldern. "
                "2) Abgeleitet: aus dem Stadtentwicklungskonzept entwickelt, Datenthemen als "
                "eigene Felder ergänzt. 3) Integriert: digitale Ansätze fließen direkt in das "
                "bestehende oder neue Stadtentwicklungskonzept ein."
            ),
            example="Aus dem Stadtentwicklungskonzept abgeleitet",
            options=MODELS,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
        ItemsPrompt(
            key="fields",
            item_name="Handlungsfeld",
            item_gender="n",
            question="Welche Handlungsfelder soll die Strategie haben?",
            help=(
                "Wählen Sie aus den Vorschlägen oder benennen Sie eigene. Fünf bis acht Felder "
                "sind üblich; zu jedem fragen wir Beschreibung, Raumbezug und Rolle der Kommune."
            ),
            example="Mobilität",
            audience=Audience.CORE,
            fields=(
                ChoicePrompt(
                    key="name",
                    question="Welches Handlungsfeld?",
                    help="Ein Vorschlag oder ein eigener Name für das Feld.",
                    example="Mobilität",
                    options=SUGGESTED_FIELDS,
                    allow_other=True,
                    optional=False,
                ),
                TextPrompt(
                    key="description",
                    question="Was gehört zu diesem Feld?",
                    help="Ein bis zwei Sätze, was das Feld in Ihrer Kommune umfasst.",
                    example="Bus, Rad und Sharing-Angebote, auch in den Ortsteilen",
                    max_length=500,
                ),
                ChoicePrompt(
                    key="focus",
                    question="Wo liegt der räumliche Schwerpunkt?",
                    help="Die ganze Kommune, ein Stadtteil oder ein Teilraum – gern mit Namen.",
                    example="Ein Stadtteil oder Ortsteil: Altstadt",
                    options=FOCUS,
                    allow_other=True,
                ),
                ChoicePrompt(
                    key="role",
                    question="Welche Rolle hat die Kommune in diesem Feld?",
                    help=(
                        "Planerin (gibt die Richtung vor), Dienstleisterin (bietet selbst an), "
                        "Infrastrukturanbieterin (baut Netze und Plattformen), Förderin "
                        "digitaler Teilhabe, Netzwerkerin (bringt andere zusammen)."
                    ),
                    example="Netzwerkerin",
                    options=ROLES,
                ),
                ChoicePrompt(
                    key="lead",
                    question="Führt die Kommune, kooperiert sie oder gibt sie nur Impulse?",
                    help="Das zeigt, wie viel Verantwortung die Verwaltung selbst übernimmt.",
                    example="Kooperiert",
                    options=LEAD,
                ),
            ),
        ),
        MultiChoicePrompt(
            key="experts",
            for_each="fields",
            question="Welche Fachleute gehören zu diesem Handlungsfeld?",
            help=(
                "Wählen Sie aus den Akteurinnen und Akteuren aus AS1 oder schreiben Sie weitere "
                "Namen, intern wie extern."
            ),
            example="Stadtwerke Lindenau, Verkehrsverbund",
            options=(),
            options_from="actors",
            allow_other=True,
            audience=Audience.CORE,
            scope=Scope.TEAM,
        ),
    ),
)
