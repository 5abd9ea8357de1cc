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

#: AS5 idea cards per person: (title, field, idea, goal, partners typed as names).
IDEAS = {
    "Petra": (
        ("Digitale Leerstandsbörse", "Handel, Innenstadt und Tourismus",
         "Eigentümer melden freie Läden online, Gründerinnen finden sie auf einer Karte.",
         "Weniger Leerstand in der Altstadt", "Gewerbeverein, Stadtmarketing GmbH"),
        ("Online-Bürgerbüro", "Verwaltung und E-Government",
         "Die 30 häufigsten Anträge vollständig online, mit Bezahlung und Status.",
         "Kurze Wege zum Amt", "Hauptamt / IT, Bürgerbüro"),
        ("Beteiligungsplattform Bauprojekte", "Teilhabe und Beteiligung",
         "Pläne online zeigen und kommentieren lassen, mit Antwort der Verwaltung.",
         "Mehr Mitsprache", "Bürgerverein Altstadt"),
    ),
    "Jonas": (
        ("Rufbus-App für die Ortsteile", "Mobilität",
         "Fahrten per App oder Telefon buchen; der Bus fährt nur bei Bedarf.",
         "Alle Ortsteile stündlich erreichbar", "Verkehrsverbund, Ortsbeiräte"),
        ("Energiemonitoring kommunaler Gebäude", "Energie",
         "Smarte Zähler in Schulen und Rathaus zeigen Verbrauch und Einsparungen.",
         "Energieverbrauch um 20 Prozent senken", "Stadtwerke Lindenau"),
        ("Offene-Daten-Portal", "Daten und IT-Infrastruktur",
         "Die Stadt veröffentlicht ihre Daten maschinenlesbar unter offener Lizenz.",
         "Transparenz und neue Anwendungen", "Kommunales Rechenzentrum"),
        ("Hitzesensoren in Parks", "Umwelt und Klima",
         "Sensoren messen Temperatur und Bodenfeuchte; der Bauhof gießt gezielt.",
         "Hitzeschutz und Wasser sparen", "Bauamt"),
    ),
    "Aylin": (
        ("Digitallotsen für Ältere", "Teilhabe und Beteiligung",
         "Ehrenamtliche helfen Seniorinnen und Senioren in jedem Ortsteil mit Online-Diensten.",
         "Niemand bleibt zurück", "Seniorentreff, Volkshochschule"),
        ("Digitaler Stadtrundgang", "Handel, Innenstadt und Tourismus",
         "Eine App erzählt Geschichte und zeigt Geschäfte der Altstadt.",
         "Mehr Gäste in der Innenstadt", "Tourismusverband"),
    ),
}  # fmt: skip
#: Dots per person, as typed numbers of the ideas (in the order they were added).
VOTES = {"Petra": "1 2 4", "Jonas": "4 4 5", "Aylin": "8 8 2"}
SHORTLIST = "1, 2, 4, 5, 8"
#: Sketches: idea title, then answers for objective … status (None = skip).
SKETCHES = (
    ("Digitale Leerstandsbörse", "Leerstand in der Altstadt um ein Drittel senken",
     "Eigentümerinnen, Gründer, Einzelhandel", "Online-Börse mit Karte und Ansprechpartnern",
     "Wirtschaftsförderung", "Gewerbeverein, Stadtmarketing GmbH",
     "Bauamt liefert Daten; Stadtrat wird halbjährlich informiert", "Q1 2027", "12/2027",
     "Bedarf klären, Prototyp, Test mit zehn Läden, Start", "Altstadt",
     "Kurzfristig mehr Anfragen, langfristig belebte Innenstadt",
     "Zehn vermittelte Läden im ersten Jahr", "45.000", "5.000", "2, 3",
     "Datenschutz bei Eigentümerdaten", "In Arbeit"),
    ("Online-Bürgerbüro", "Verwaltungsleistungen rund um die Uhr", "Alle Bürgerinnen und Bürger",
     "30 Online-Dienste mit Bezahlung", "Hauptamt / IT", "Bürgerbüro, Kommunales Rechenzentrum",
     "Fachämter liefern Formulare", "01/2027", "Q4 2028", "Top-30 wählen, umsetzen, bewerben",
     None, "Weniger Wartezeit, weniger Papier", "60 Prozent der Anträge online", "120.000",
     "15.000", "1, 2", None, "Entwurf"),
    ("Rufbus-App für die Ortsteile", "Ortsteile ohne eigenes Auto erreichbar",
     "Ältere, Jugendliche, Pendelnde", "Rufbus mit App und Telefonbuchung", "Verkehrsverbund",
     "Ortsbeiräte, Stadtwerke Lindenau", "Landkreis wird beteiligt", "Q3 2027", "2029",
     "Pilot in zwei Ortsteilen, dann alle", "Sieben Ortsteile", "Mehr Fahrten ohne Auto",
     "500 Fahrten im Monat nach einem Jahr", "300.000", "80.000", "2, 3",
     "Finanzierung nach der Förderung", "Entwurf"),
    ("Energiemonitoring kommunaler Gebäude", "Verbrauch sichtbar machen und senken",
     "Gebäudemanagement, Schulen", "Dashboard mit allen Liegenschaften", "Stadtwerke Lindenau",
     "Hauptamt / IT", None, "Q2 2027", "Q2 2028", "Zähler tauschen, Plattform, Auswertung",
     "Alle kommunalen Gebäude", "20 Prozent weniger Energie", "Verbrauch sinkt jährlich",
     "80.000", "6.000", "1, 2", None, "Final"),
    ("Digitaler Stadtrundgang", "Altstadt erlebbar machen", "Gäste und Einheimische",
     "App mit zwölf Stationen", "Tourismusverband", "Stadtmarketing GmbH", None, "2028", "2028",
     None, "Altstadt", "Mehr Gäste", "5.000 Nutzungen im Jahr", "25.000", "2.000", "1",
     None, "Entwurf"),
)  # fmt: skip

#: AS6 risks: (title, category, project or "" for strategy level, description or None).
RISKS = (
    ("Abhängigkeit von einem Anbieter", "Extern", "Online-Bürgerbüro", None),
    ("Unerwartete Folgekosten", "Extern", "Rufbus-App für die Ortsteile",
     "Nach der Förderung fehlen jährlich 80.000 Euro"),
    ("Zu wenige Nutzende", "Technisch", "Digitaler Stadtrundgang", None),
    ("Digitale Spaltung", "Gesellschaftlich-politisch", "", None),
    ("Unklare Zuständigkeiten", "Administrativ", "", None),
    ("Datensilos zwischen Fachämtern", "Administrativ", "Online-Bürgerbüro", None),
    ("Echtzeitdaten ohne ausreichende Anonymisierung", "Datenschutz und Datensicherheit",
     "Energiemonitoring kommunaler Gebäude", None),
    ("Inkompatible Komponenten", "Technisch", "Energiemonitoring kommunaler Gebäude", None),
    ("Fehlende Fachkenntnis oder Befugnis", "Administrativ", "", None),
    ("Unerwartete Regulierung oder Politik", "Gesellschaftlich-politisch",
     "Rufbus-App für die Ortsteile", None),
)  # fmt: skip
#: Ratings (likelihood, impact) per person, in the order of RISKS.
RATINGS = {
    "Petra": ((4, 4), (4, 5), (3, 2), (3, 4), (4, 3), (4, 4), (2, 5), (3, 3), (4, 3), (2, 3)),
    "Jonas": ((4, 5), (5, 5), (2, 2), (4, 4), (3, 3), (5, 4), (2, 4), (3, 4), (3, 3), (2, 4)),
    "Aylin": ((3, 4), (4, 4), (4, 2), (5, 5), (3, 3), (4, 4), (1, 5), (2, 3), (3, 3), (1, 3)),
}
COUNTERMEASURES = {
    "Abhängigkeit von einem Anbieter": "Offene Standards und Ausstiegsklausel im Vertrag",
    "Unerwartete Folgekosten": "Folgekosten vor dem Start im Haushalt absichern",
    "Digitale Spaltung": "Digitallotsen und Angebote auch auf Papier",
    "Datensilos zwischen Fachämtern": "Schnittstellen als Pflicht in jeder Ausschreibung",
}
EMERGENCY_PLAN = "Das Kernteam tagt binnen einer Woche; die Bürgermeisterin entscheidet."
ABORT_CRITERIA = "Nach sechs Monaten weniger als ein Drittel der geplanten Nutzung."

#: AS7 weights 0–3 in criteria order.
WEIGHTS = (3, 2, 3, 1, 1, 2, 3, 2, 1, 2)
#: Scores 1–5 per sketch per person (criteria order).
SCORES = {
    "Petra": ((4, 3, 4, 3, 3, 3, 4, 4, 4, 3), (5, 5, 3, 2, 4, 3, 5, 4, 3, 4),
              (4, 2, 2, 2, 3, 2, 5, 4, 4, 2), (4, 4, 4, 3, 4, 4, 3, 4, 3, 5),
              (2, 1, 4, 4, 3, 4, 2, 3, 4, 2)),
    "Jonas": ((3, 3, 4, 4, 3, 3, 4, 3, 4, 3), (5, 4, 3, 2, 3, 2, 5, 3, 3, 4),
              (5, 2, 2, 2, 3, 2, 5, 5, 5, 2), (5, 5, 4, 3, 5, 4, 3, 4, 3, 5),
              (2, 1, 3, 4, 2, 4, 2, 2, 4, 2)),
}  # fmt: skip
#: Matrix per sketch: (role, horizon, light).
MATRIX = (
    ("Netzwerkerin", "Kurzfristig", "Grün – umsetzen"),
    ("Dienstleisterin", "Mittelfristig", "Grün – umsetzen"),
    ("Netzwerkerin", "Langfristig", "Gelb – später"),
    ("Infrastrukturanbieterin", "Kurzfristig", "Grün – umsetzen"),
    ("Netzwerkerin", "Mittelfristig", "Rot – verwerfen"),
)
#: Roadmap for the green sketches: (start, end, milestones, depends on, partners).
ROADMAP = (
    ("Q1 2027", "12/2027", "06/2027 Prototyp; 12/2027 Start", None, "Gewerbeverein"),
    (
        "01/2027",
        "Q4 2028",
        "06/2027 Erste zehn Dienste; 12/2028 Alle 30 Dienste",
        None,
        "Kommunales Rechenzentrum",
    ),
    ("Q2 2027", "Q2 2028", "09/2027 Zähler eingebaut", "2", "Stadtwerke Lindenau"),
)
OPEN_SOURCE = "Consul für Beteiligung; OpenStreetMap als Kartengrundlage"

#: AS8 per green sketch.
IMPLEMENTATION = (
    ("Konzept bis 03/2027, Prototyp bis 06/2027", "Wirtschaftsförderung leitet, IT betreut",
     "70 % Förderung, 30 % Eigenmittel", "Ja", "Ja", "Prototyp mit Nacharbeit",
     "Drei Monate Nachbesserung", "CSV, GeoJSON", "Lesend offen", "Kommunales Rechenzentrum",
     "1.200", "Hauptamt / IT", "Nein", "5.000", "1, 5, 7"),
    ("Jährlich zehn Dienste", "Hauptamt / IT mit den Fachämtern", "Haushalt und Landesmittel",
     "Teilweise", "Nein", "Fertiges Produkt", "Schulung im Bürgerbüro", "XÖV-Standards",
     "Nur Verwaltung", "Kommunales Rechenzentrum", "3.000", "Hauptamt / IT", "Ja", "15.000",
     "7, 8"),
    ("Zähler bis 09/2027", "Stadtwerke bauen ein, Gebäudemanagement wertet aus",
     "Stadtwerke und Förderung", "Ja", "Ja", "Prototyp mit Nacharbeit", "Kalibrierung",
     "CSV", "Stadtwerke und Verwaltung", "Stadtwerke", "2.000", "Stadtwerke Lindenau", "Nein",
     "6.000", "5, 7"),
)  # fmt: skip

#: AS9
EVAL_PURPOSE = "2, 4"
IMPACT = (
    ("Zwei Personen halbtags, 45.000 € (Personentage)", "Online-Börse für Eigentümer und "
     "Gründerinnen (Inserate)", "Mehr Anfragen für freie Läden (Anfragen pro Monat)",
     "Belebte Altstadt (Leerstandsquote)", "3, 6"),
    ("IT-Team, 120.000 € (Ausgaben)", "30 Online-Dienste (Anzahl Dienste)",
     "Weniger Wege ins Rathaus (Online-Anteil)", "Zufriedene Bürgerschaft (Umfragewert)", "1, 5"),
    ("Zähler und Plattform, 80.000 €", "Dashboard für alle Gebäude (Gebäude angeschlossen)",
     "Hausmeister steuern nach (Eingriffe)", "Weniger CO₂ (Tonnen pro Jahr)", "8"),
)  # fmt: skip
#: (name, project, unit, baseline, since, target, by, interval, responsible as typed number).
INDICATORS = (
    ("Leerstandsquote Altstadt", "Digitale Leerstandsbörse", "%", "14", "01/2026", "8",
     "12/2028", "Halbjährlich", "1"),
    ("Online-Anteil der Anträge", "Online-Bürgerbüro", "%", "12", "01/2026", "60", "12/2028",
     "Vierteljährlich", "2"),
    ("Energieverbrauch Liegenschaften", "Energiemonitoring kommunaler Gebäude", "MWh", "2.400",
     "2025", "1.920", "2029", "Jährlich", "2"),
)  # fmt: skip
MEASUREMENTS = (
    ("Leerstandsquote Altstadt", "06/2027", "12,5"),
    ("Leerstandsquote Altstadt", "12/2027", "11"),
    ("Online-Anteil der Anträge", "06/2027", "21"),
    ("Online-Anteil der Anträge", "12/2027", "30"),
    ("Energieverbrauch Liegenschaften", "12/2026", "2.380"),
    ("Energieverbrauch Liegenschaften", "12/2027", "2.310"),
)
STATUSES = ("Weitgehend im Plan", "Teilweise im Plan", "Nicht im Plan")
