"""Practice examples from the handbook (Wissensspeicher) that inspire ideas in AS5.

Only facts are kept – place, field of action, town type, start year, target group and what the
project does – each described in our own words. ``fields`` use the suggested field names of
:data:`dialogs.catalog.SUGGESTED_FIELDS`; ``theme`` is the heading the handbook files the example
under. ``start_year`` is None where the handbook names no start.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict


class PracticeExample(BaseModel):
    """One municipal project that others can learn from."""

    model_config = ConfigDict(frozen=True)

    title: str
    place: str
    theme: str
    fields: tuple[str, ...]
    town_types: tuple[str, ...]
    start_year: int | None
    target_group: str
    summary: str


EXAMPLES: tuple[PracticeExample, ...] = (
    PracticeExample(
        title="HeinerLiner",
        place="Darmstadt",
        theme="Mobilität",
        fields=("Mobilität",),
        town_types=("Großstadt",),
        start_year=2021,
        target_group="Verkehrsbetriebe sowie Fahrgäste",
        summary=(
            "Elektrische Kleinbusse für bis zu sieben Personen fahren auf Abruf per App; "
            "Fahrten mit ähnlichem Ziel werden gebündelt, wer ein Nahverkehrsticket hat, zahlt "
            "weniger. Der Dienst ergänzt Bus und Bahn und soll Wege ohne eigenes Auto ermöglichen."
        ),
    ),
    PracticeExample(
        title="Digitaler Zwilling",
        place="Bremen",
        theme="Städtebau und Stadtplanung",
        fields=("Städtebau, Gebäude und Wohnen", "Daten und IT-Infrastruktur"),
        town_types=("Großstadt",),
        start_year=2021,
        target_group="Verwaltung und Stadtgesellschaft",
        summary=(
            "Ein 3D-Stadtmodell wird mit weiteren Daten, etwa aus Sensoren, verknüpft. Die "
            "Planung kann damit Vorhaben und Ereignisse wie Starkregen oder Verkehr "
            "durchspielen und Entwürfe anschaulich mit der Bevölkerung besprechen."
        ),
    ),
    PracticeExample(
        title="Digitale Dörfer",
        place="Rheinland-Pfalz (mehrere Gemeinden)",
        theme="Digitale Plattformen",
        fields=("Teilhabe und Beteiligung", "Handel, Innenstadt und Tourismus", "Daseinsvorsorge"),
        town_types=("Landgemeinde", "Kleinstadt", "Mittelstadt"),
        start_year=2015,
        target_group="Menschen in ländlichen Regionen",
        summary=(
            "Eine Plattform aus mehreren Anwendungen für Dorfnachrichten, Nachbarschaftsgesuche "
            "und -angebote und Bestellungen mit örtlicher Lieferung. Bildschirme in Läden zeigen "
            "die Neuigkeiten auch Menschen ohne eigenes Gerät."
        ),
    ),
    PracticeExample(
        title="Bücherei der Dinge",
        place="Kreis Recklinghausen (Herten, Castrop-Rauxel, Dorsten)",
        theme="Bildung und Kultur",
        fields=("Bildung und Kultur",),
        town_types=("Kleinstadt", "Mittelstadt"),
        start_year=2018,
        target_group="Bibliotheksnutzende, besonders ältere Menschen",
        summary=(
            "Stadtbibliotheken verleihen digitale Geräte – vom Tablet für Seniorinnen und "
            "Senioren bis zur elektronischen Lesehilfe – mit dem normalen Ausweis. Ein "
            "Online-Katalog zeigt, was verfügbar ist; Wünsche für neue Geräte sind willkommen."
        ),
    ),
    PracticeExample(
        title="Fellowship-Programm",
        place="Ulm",
        theme="IT-Know-how",
        fields=("Verwaltung und E-Government", "Daten und IT-Infrastruktur"),
        town_types=("Großstadt",),
        start_year=2019,
        target_group="Verwaltung und IT-Fachleute",
        summary=(
            "Digitale Fachleute arbeiten auf Zeit in der Verwaltung mit, bringen Wissen zu "
            "Daten, Sensorik und Open Source ein und bauen so Kompetenz im Haus auf."
        ),
    ),
    PracticeExample(
        title="Verschwörhaus",
        place="Ulm",
        theme="Digitale Lernorte",
        fields=("Bildung und Kultur",),
        town_types=("Großstadt",),
        start_year=2016,
        target_group="Kinder und Erwachsene",
        summary=(
            "Ein offenes Labor in der Stadt, gemeinsam mit einem gemeinnützigen Partner: Hier "
            "lernen Menschen programmieren, nutzen 3D-Drucker und Lasercutter und treffen sich "
            "zu Seminaren und Hackathons."
        ),
    ),
    PracticeExample(
        title="5 für Südwestfalen",
        place="Südwestfalen (Arnsberg, Bad Berleburg, Menden, Olpe, Soest)",
        theme="Interkommunale Zusammenarbeit",
        fields=("Daten und IT-Infrastruktur", "Wirtschaft und Forschung"),
        town_types=("Kleinstadt", "Mittelstadt"),
        start_year=2021,
        target_group="Unternehmen, Politik, Zivilgesellschaft und Verwaltung",
        summary=(
            "Fünf Städte entwickeln mit einer Regionalagentur eine gemeinsame Rahmenstrategie "
            "und eine offene regionale Datenplattform; weitere Kommunen haben sich angeschlossen "
            "und nutzen die Ergebnisse mit."
        ),
    ),
    PracticeExample(
        title="Würzburg mitmachen",
        place="Würzburg",
        theme="Open-Source-Anwendung",
        fields=("Teilhabe und Beteiligung",),
        town_types=("Großstadt",),
        start_year=2021,
        target_group="Bürgerinnen und Bürger, besonders jüngere",
        summary=(
            "Eine angepasste Open-Source-Beteiligungsplattform (Consul) für Umfragen, "
            "Abstimmungen, Vorschläge und Bürgerhaushalte – allein oder neben Beteiligung vor Ort."
        ),
    ),
    PracticeExample(
        title="Monitoring der digitalen Stadt",
        place="Wien",
        theme="Monitoring und Evaluation",
        fields=("Verwaltung und E-Government",),
        town_types=("Großstadt",),
        start_year=2019,
        target_group="Stadtverwaltung",
        summary=(
            "Jedes Ziel der Smart-City-Strategie hat Indikatoren, die regelmäßig erhoben und bei "
            "Bedarf angepasst werden; so sieht die Steuerung Fortschritte und Lücken."
        ),
    ),
    PracticeExample(
        title="Beteiligung am Smarten Fichtelgebirge",
        place="Landkreis Wunsiedel",
        theme="Gesellschaft und Partizipation",
        fields=("Teilhabe und Beteiligung",),
        town_types=("Landkreis",),
        start_year=2019,
        target_group="Bürgerinnen und Bürger",
        summary=(
            "Der Landkreis fragte online und zusätzlich mit Papierbögen an alle Haushalte nach "
            "Wünschen in Wirtschaft, Gesundheit, Mobilität und Bildung; daraus entstand unter "
            "anderem eine regionale Informations-App."
        ),
    ),
    PracticeExample(
        title="Smarte Bildungsräume",
        place="Fuchstal",
        theme="Bildung und Kultur",
        fields=("Bildung und Kultur", "Teilhabe und Beteiligung"),
        town_types=("Landgemeinde",),
        start_year=None,
        target_group="Interessierte Bürgerinnen und Bürger, Vereine",
        summary=(
            "Räume im Ort erhalten Netzanschluss und Geräte und werden zu kleinen Lernlaboren "
            "für Kurse und neue Lernformen, damit alle den digitalen Wandel mitgehen können."
        ),
    ),
    PracticeExample(
        title="Partheland mobil",
        place="Brandis und Partnerkommunen",
        theme="Mobilität",
        fields=("Mobilität",),
        town_types=("Kleinstadt",),
        start_year=None,
        target_group="Bürgerinnen und Bürger der Region",
        summary="Eine App bündelt die Nahverkehrsangebote der Region an einer Stelle.",
    ),
    PracticeExample(
        title="Digitale Steuerung der Feuerwehren",
        place="Amt Süderbrarup",
        theme="Daseinsvorsorge",
        fields=("Daseinsvorsorge",),
        town_types=("Landgemeinde",),
        start_year=None,
        target_group="Freiwillige Feuerwehren",
        summary=(
            "Ein Werkzeug auf App-Basis hilft, die örtlichen Freiwilligen Feuerwehren zu "
            "organisieren und zu koordinieren."
        ),
    ),
    PracticeExample(
        title="Grevesmühlen erleben",
        place="Grevesmühlen",
        theme="Handel und Innenstadt",
        fields=("Handel, Innenstadt und Tourismus",),
        town_types=("Kleinstadt",),
        start_year=None,
        target_group="Bürgerinnen und Bürger, örtlicher Handel",
        summary=(
            "Eine Webplattform stellt die Angebote des Einzelhandels vor Ort vor und stärkt so "
            "die Geschäfte in der Stadt."
        ),
    ),
)

_STOP = {"und", "der", "die", "das", "für", "mit", "von", "digitale", "digitaler", "smarte"}


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-zäöüß]+", name.casefold()) if len(w) > 3} - _STOP


def fields_match(one: str, other: str) -> bool:
    """True if two field names share a word (or one word contains the other: „Beteiligung“
    and „Bürgerbeteiligung“), so renamed fields still find their examples."""
    a, b = _words(one), _words(other)
    return any(x == y or (min(len(x), len(y)) >= 5 and (x in y or y in x)) for x in a for y in b)


def examples_for(town_type: str | None, fields: Iterable[str]) -> tuple[PracticeExample, ...]:
    """Examples for a town type and fields of action, best matches first.

    An example matching one of ``fields`` and the town type comes first, then those matching a
    field only, then those matching the town type only; the handbook's order breaks ties. With
    neither a known town type nor fields, there is nothing to match and the result is empty.
    """
    wanted = [f for f in fields if f.strip()]
    ranked = []
    for index, example in enumerate(EXAMPLES):
        field_hit = any(fields_match(f, e) for f in wanted for e in example.fields)
        town_hit = town_type is not None and town_type in example.town_types
        score = 2 * field_hit + town_hit
        if score:
            ranked.append((-score, index, example))
    return tuple(example for *_, example in sorted(ranked, key=lambda r: (r[0], r[1])))
