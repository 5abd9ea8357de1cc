"""The invented town of Lindenau: what its team writes in the demo workshop."""

from __future__ import annotations

TOWN = "Lindenau"

CONCEPTS = (
    ("Integriertes Stadtentwicklungskonzept Lindenau 2035",
     "Stadtentwicklungskonzept (ISEK/INSEK)", "2021",
     "Innenstadt beleben, Ortsteile anbinden, Wohnraum schaffen",
     "Leerstandsbörse und Beteiligung zu Bauprojekten gehen nur digital gut",
     "Sensoren zeigen, wie Plätze genutzt werden; ein Ortsteil-Rufbus per App"),
    ("Klimaschutzkonzept", "Klimaschutzkonzept", "2022",
     "Klimaneutral bis 2040, Energieverbrauch kommunaler Gebäude halbieren",
     "Energiemonitoring der Liegenschaften braucht Zähler mit Datenanschluss",
     "Solarkataster und Wärmeplanung online zeigen"),
    ("Mobilitätskonzept Ortsteile", "Mobilitätskonzept", "2023",
     "Jeder Ortsteil stündlich erreichbar, sichere Radwege zur Schule",
     "Rufbus braucht eine Buchungs-App und Echtzeitdaten",
     "Zählstellen für Rad- und Fußverkehr als Planungsgrundlage"),
)  # fmt: skip

#: The questionnaire: (group, numbers of the chosen questions in that group, as typed).
QUESTION_SELECTION = (
    ("allgemein", "1, 2, 5"),
    ("ausstattung", "4, 5"),
    ("kompetenz", "1, 4"),
    ("infrastruktur", "1, 3"),
    ("daten", "1, 5"),
    ("projekte", "1"),
)
#: Answers in the order the selected questions are asked.
QUESTIONNAIRE_ANSWERS = {
    "Jonas": (
        "In Arbeit", "Entwurf 2025: Online-Dienste, Glasfaser, offene Daten", "1, 3, 6",
        "Online-Termine, Hundesteuer, Wohngeld und Gewerbeanmeldung", "Nein",
        "Geplant", "4", "68", "Überwiegend",
        "Verkehrszählungen, Wasser- und Stromverbrauch, Parkhausbelegung", "Geplant",
        "Glasfaserausbau in den Ortsteilen",
    ),
    "Aylin": (
        "Nein", "Keine bekannt", "1, 2, 3", "Terminvergabe im Bürgerbüro",
    ),
}  # fmt: skip

DATA_EXISTING = (
    ("Verkehrszählungen", "Jährlich", "Zählgeräte an fünf Kreuzungen"),
    ("Wasser- und Stromverbrauch", "Monatlich", "Fernauslesung der Stadtwerke"),
    ("Belegung Parkhaus Markt", "Laufend", "Schranken-Zählung"),
)
DATA_ETHICS = "Nein; der Datenschutzbeauftragte berät im Einzelfall."
DATA_NEEDS = (
    "Hitzeinseln in der Innenstadt",
    "Auslastung der Buslinien in den Ortsteilen",
    "Leerstände im Einzelhandel",
)
PLATFORM = (
    "Daten von Stadtwerken und Verwaltung an einem Ort",
    "Offene Schnittstelle für Vereine und Start-ups",
)

SWOT = {
    "Petra": (
        ("Kurze Wege zwischen Verwaltung, Stadtwerken und Politik",
         "Engagierte Vereine, die Online-Angebote nutzen"),
        ("Wenig IT-Personal in der Verwaltung", "Fachverfahren ohne Schnittstellen"),
        ("Förderprogramme des Landes für Modellprojekte",),
        ("Abhängigkeit von einem einzigen Softwareanbieter",),
    ),
    "Jonas": (
        ("Stadtwerke mit eigenem Glasfasernetz",),
        ("Ortsteile schlecht an den Nahverkehr angebunden",),
        ("Neue Pendlerinnen und Pendler suchen Homeoffice-Plätze",
         "Regionale Hochschule sucht Praxispartner"),
        ("Fachkräftemangel bei IT-Dienstleistern",),
    ),
    "Aylin": (
        ("Starke Nachbarschaftshilfe",),
        ("Ältere Menschen ohne Internetzugang",),
        ("Digitale Treffpunkte in der Bibliothek",),
        ("Digitale Spaltung zwischen Kernstadt und Ortsteilen",),
    ),
}  # fmt: skip

#: Actors: (name, group, ring) — ring labels as offered by the bot.
ACTORS = (
    ("Bürgermeisterin", "Verwaltung", "Schlüsselakteure"),
    ("Hauptamt / IT", "Verwaltung", "Schlüsselakteure"),
    ("Bauamt", "Verwaltung", "Schlüsselakteure"),
    ("Bürgerbüro", "Verwaltung", "Erweitertes Feld"),
    ("Kämmerei", "Verwaltung", "Erweitertes Feld"),
    ("Ordnungsamt", "Verwaltung", "Erweitertes Feld"),
    ("Schulamt", "Verwaltung", "Peripherie"),
    ("Datenschutzbeauftragter", "Verwaltung", "Peripherie"),
    ("Stadtrat", "Politik", "Schlüsselakteure"),
    ("Hauptausschuss", "Politik", "Schlüsselakteure"),
    ("Ortsbeiräte", "Politik", "Erweitertes Feld"),
    ("Seniorenbeirat", "Politik", "Erweitertes Feld"),
    ("Jugendgemeinderat", "Politik", "Erweitertes Feld"),
    ("Landkreis", "Politik", "Peripherie"),
    ("Gewerbeverein", "Wirtschaft", "Schlüsselakteure"),
    ("Einzelhandel Altstadt", "Wirtschaft", "Erweitertes Feld"),
    ("Sparkasse", "Wirtschaft", "Erweitertes Feld"),
    ("Handwerkskammer", "Wirtschaft", "Peripherie"),
    ("IHK", "Wirtschaft", "Peripherie"),
    ("Softwarehaus vor Ort", "Wirtschaft", "Peripherie"),
    ("Tourismusverband", "Wirtschaft", "Peripherie"),
    ("Hochschule der Region", "Wissenschaft", "Erweitertes Feld"),
    ("Gymnasium", "Wissenschaft", "Erweitertes Feld"),
    ("Volkshochschule", "Wissenschaft", "Erweitertes Feld"),
    ("Stadtbibliothek", "Wissenschaft", "Peripherie"),
    ("Forschungsinstitut Energie", "Wissenschaft", "Peripherie"),
    ("Bürgerverein Altstadt", "Zivilgesellschaft", "Schlüsselakteure"),
    ("Seniorentreff", "Zivilgesellschaft", "Erweitertes Feld"),
    ("Jugendhaus", "Zivilgesellschaft", "Erweitertes Feld"),
    ("Freiwillige Feuerwehr", "Zivilgesellschaft", "Peripherie"),
    ("Sportverein TSV", "Zivilgesellschaft", "Peripherie"),
    ("Kirchengemeinden", "Zivilgesellschaft", "Peripherie"),
    ("Repair-Café", "Zivilgesellschaft", "Peripherie"),
    ("Nachbarschaftshilfe", "Zivilgesellschaft", "Peripherie"),
    ("Stadtwerke Lindenau", "Kommunale Unternehmen", "Schlüsselakteure"),
    ("Wohnungsbaugesellschaft", "Kommunale Unternehmen", "Erweitertes Feld"),
    ("Verkehrsverbund", "Kommunale Unternehmen", "Erweitertes Feld"),
    ("Abwasserzweckverband", "Kommunale Unternehmen", "Peripherie"),
    ("Bäderbetriebe", "Kommunale Unternehmen", "Peripherie"),
    ("Kommunales Rechenzentrum", "Kommunale Unternehmen", "Schlüsselakteure"),
    ("Breitbandzweckverband", "Kommunale Unternehmen", "Erweitertes Feld"),
    ("Stadtmarketing GmbH", "Kommunale Unternehmen", "Peripherie"),
)

#: AS2 components: status per component, in declaration order, with a note or None.
COMPONENTS = (
    ("In Arbeit", "Leitbild-Entwurf liegt vor"),
    ("In Arbeit", "Kernteam gebildet, Lenkungskreis folgt"),
    ("Offen", None),
    ("Offen", None),
    ("In Arbeit", "Kämmerei prüft das Landesprogramm"),
    ("Erledigt", "Pressearbeit und Website-Rubrik stehen"),
    ("Offen", None),
)
STEERING = "Das Kernteam steuert; die Bürgermeisterin und der Hauptausschuss entscheiden."
PARTICIPATION = (
    "Auftakt im Stadtrat, zwei Online-Umfragen, eine Bürgerwerkstatt im Herbst und "
    "Sprechstunden in den Ortsteilen."
)
#: Process plan entries: (title, lane, start, end or "" for a single date, responsible).
PLAN = (
    ("Bestandsanalyse", "Arbeitsschritt", "01/2026", "03/2026", "Kernteam"),
    ("Vision und Ziele", "Arbeitsschritt", "03/2026", "05/2026", "Kernteam"),
    ("Handlungsfelder und Projektideen", "Arbeitsschritt", "05/2026", "Q3 2026", "Kernteam"),
    ("Projekte auswählen und Roadmap", "Arbeitsschritt", "09/2026", "11/2026", "Kernteam"),
    ("Strategie schreiben", "Arbeitsschritt", "11/2026", "02/2027", "Petra Wagner"),
    ("Auftakt im Stadtrat", "Gremium/Entscheidung", "02/2026", "", "Bürgermeisterin"),
    ("Zwischenbericht Hauptausschuss", "Gremium/Entscheidung", "06/2026", "", "Kernteam"),
    ("Beschluss der Strategie", "Gremium/Entscheidung", "03/2027", "", "Stadtrat"),
    ("Online-Umfrage Vision", "Beteiligung", "04/2026", "05/2026", "Stadtmarketing"),
    ("Bürgerwerkstatt", "Beteiligung", "10/2026", "", "Bürgerverein"),
    ("Entwurf zur Kommentierung", "Beteiligung", "01/2027", "02/2027", "Kernteam"),
    ("Steckbriefe der Projekte", "Meilenstein/Produkt", "10/2026", "", "Kernteam"),
    ("Förderantrag Modellprojekt", "Meilenstein/Produkt", "Q4 2026", "", "Kämmerei"),
    ("Kommunalwahl", "Externer Termin", "09/2026", "", None),
)

FIELD_MODEL = "Aus dem Stadtentwicklungskonzept abgeleitet"
#: AS4 fields: (name, description, focus, role, lead, experts typed as names).
FIELDS = (
    ("Verwaltung und E-Government", "Online-Dienste, E-Akte und digitale Abläufe im Rathaus",
     "Gesamte Kommune", "Dienstleisterin", "Führt", "Hauptamt / IT, Bürgerbüro"),
    ("Mobilität", "Rufbus, Radverkehr und Echtzeitinformation, auch in den Ortsteilen",
     "Gesamte Kommune", "Netzwerkerin", "Kooperiert", "Verkehrsverbund, Ortsbeiräte"),
    ("Energie", "Energiemonitoring, Solarkataster und Wärmeplanung",
     "Gesamte Kommune", "Infrastrukturanbieterin", "Kooperiert", "Stadtwerke Lindenau"),
    ("Umwelt und Klima", "Hitzeschutz und Starkregenvorsorge mit Sensoren",
     "Ein bestimmter Teilraum", "Strategische Planerin", "Führt", "Bauamt"),
    ("Handel, Innenstadt und Tourismus", "Leerstände, Stadtrundgang und lokaler Handel online",
     "Ein Stadtteil oder Ortsteil", "Netzwerkerin", "Gibt Impulse",
     "Gewerbeverein, Einzelhandel Altstadt"),
    ("Teilhabe und Beteiligung", "Beteiligungsplattform und Digitallotsen",
     "Gesamte Kommune", "Förderin digitaler Teilhabe", "Führt",
     "Seniorenbeirat, Bürgerverein Altstadt"),
    ("Daten und IT-Infrastruktur", "Datenplattform, offene Daten und Glasfaser",
     "Gesamte Kommune", "Infrastrukturanbieterin", "Führt",
     "Kommunales Rechenzentrum, Breitbandzweckverband"),
)  # fmt: skip

VISION_IDEAS = (
    "Alle Verwaltungsleistungen auch online und rund um die Uhr",
    "Klimaneutrale Energieversorgung aus der Region",
    "Eine lebendige Innenstadt mit Treffpunkten für alle Generationen",
    "Mobil ohne eigenes Auto – auch in den Ortsteilen",
    "Offene Daten, die Bürgerinnen und Bürger selbst nutzen können",
    "Niemand wird bei der Digitalisierung abgehängt",
    "Gute Pflege und Gesundheitsversorgung trotz Fachkräftemangel",
    "Schnelles Internet in jedem Haushalt und Gewerbegebiet",
)

VISION = (
    "Lindenau ist 2035 eine klimafreundliche Kleinstadt, in der digitale Angebote den Alltag "
    "erleichtern: Verwaltung, Mobilität und Versorgung sind einfach zugänglich, Daten werden "
    "offen und verantwortungsvoll genutzt, und alle Generationen gestalten mit."
)

#: Strategic goals and the field of action each belongs to.
GOALS = (
    ("Bis 2027 sind die 30 meistgenutzten Verwaltungsleistungen vollständig online verfügbar",
     "Verwaltung und E-Government"),
    ("Online-Terminvergabe und digitale Bezahlung im Bürgerbüro bis Ende 2026",
     "Verwaltung und E-Government"),
    ("Interne Abläufe der Verwaltung werden bis 2028 papierlos (E-Akte in allen Ämtern)",
     "Verwaltung und E-Government"),
    ("Ein Rufbus-Angebot verbindet bis 2028 alle sieben Ortsteile im Stundentakt",
     "Mobilität"),
    ("Echtzeit-Abfahrtsinformationen an allen Haltestellen der Kernstadt",
     "Mobilität"),
    ("Sichere Radabstellanlagen mit Ladepunkten an Bahnhof und Schulzentrum",
     "Mobilität"),
    ("Der Energieverbrauch kommunaler Gebäude sinkt durch smarte Steuerung um 20 Prozent",
     "Energie"),
    ("Ein digitales Solarkataster zeigt jedem Haushalt sein Dachpotenzial",
     "Energie"),
    ("Hitzeschutz: Sensoren messen Temperatur und Bodenfeuchte in Parks und Innenstadt",
     "Umwelt und Klima"),
    ("Frühwarnsystem für Starkregen mit Pegelsensoren an den Bächen",
     "Umwelt und Klima"),
    ("Leerstände in der Innenstadt werden über eine Plattform schneller neu vermittelt",
     "Handel, Innenstadt und Tourismus"),
    ("Ein digitaler Stadtrundgang macht Geschichte und Geschäfte der Altstadt erlebbar",
     "Handel, Innenstadt und Tourismus"),
    ("Beteiligungsplattform für alle Bauprojekte mit Kommentarfunktion ab 2026",
     "Teilhabe und Beteiligung"),
    ("Digitallotsinnen und -lotsen unterstützen Seniorinnen und Senioren in jedem Ortsteil",
     "Teilhabe und Beteiligung"),
    ("Offene Daten der Stadt werden auf einem Portal maschinenlesbar veröffentlicht",
     "Daten und IT-Infrastruktur"),
)  # fmt: skip
EXTRA_GOAL = ("Mehr Grün in der Innenstadt", "Umwelt und Klima")
