"""Facts of the method that several steps share: fields of action, principles, groups."""

from __future__ import annotations

#: Suggested fields of action (Handlungsfelder); a team picks, renames or adds its own.
SUGGESTED_FIELDS = (
    "Verwaltung und E-Government",
    "Mobilität",
    "Energie",
    "Umwelt und Klima",
    "Gesundheit und Pflege",
    "Bildung und Kultur",
    "Handel, Innenstadt und Tourismus",
    "Städtebau, Gebäude und Wohnen",
    "Ver- und Entsorgung",
    "Wirtschaft und Forschung",
    "Daseinsvorsorge",
    "Teilhabe und Beteiligung",
    "Daten und IT-Infrastruktur",
)

#: Principles for a municipal data vision (AS3, optional).
DATA_PRINCIPLES = (
    "Daten zielgerichtet nutzen",
    "Datenkompetenz aufbauen",
    "Wertebasiert mit Daten umgehen",
    "Zugang zu Daten schaffen",
    "Wertschöpfung vor Ort halten",
    "In Datenfragen kooperieren",
    "Transparenz und Mitgestaltung",
)

UNASSIGNED_FIELD = "Ohne Handlungsfeld"

#: The strategy block after the work steps (the names of the steps are in their declarations).
STRATEGY_NAME = "Smart-City-Strategie verfassen"

#: Default actor groups of the actor map (a team may choose others or add its own).
ACTOR_GROUPS = (
    "Verwaltung",
    "Politik",
    "Wirtschaft",
    "Wissenschaft",
    "Zivilgesellschaft",
    "Kommunale Unternehmen",
)

#: The three rings of the actor map, from the centre outwards: stored value → label.
RINGS = {
    "kern": "Schlüsselakteure",
    "erweitert": "Erweitertes Feld",
    "peripher": "Peripherie",
}
