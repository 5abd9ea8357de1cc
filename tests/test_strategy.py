"""The strategy paper: one document model from all results, written as DOCX, PDF and Markdown.

``rich_book`` (Lindenau after all nine work steps) is shared with the export and storage tests.
The files are opened with python-docx and pypdf and checked for the team's vision, every goal,
every green project and every high risk, real headings, embedded pictures and literal user text.
"""

from __future__ import annotations

import asyncio
import io
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from docx import Document as open_docx
from pypdf import PdfReader

from bot.app.rendering import Renderer
from bot.charts.registry import CHARTS
from bot.documents.builders import BUILDERS, build_document, paper_charts
from bot.documents.strategy import build_paper
from bot.documents.strategy_markdown import write_markdown
from bot.documents.strategy_model import OPEN, Gap, StrategyPaper, Table
from dialogs.options import member_label
from dialogs.records import Role
from dialogs.results import all_results
from dialogs.steps import fragebogen
from dialogs.steps.as7 import CRITERIA, GREEN, LIGHTS
from tests.test_results_as1 import ANNA, BEN, CARLA, GONE, TEAM, Book, member

TODAY = date(2026, 5, 14)
DIRK = member(5, "Dirk", group="Wirtschaft", role=Role.PARTICIPANT)
EMMA = member(6, "Emma", group="Zivilgesellschaft", role=Role.PARTICIPANT)
PEOPLE = [ANNA, BEN, CARLA, GONE, DIRK, EMMA]
YELLOW, RED = LIGHTS[1], LIGHTS[2]
#: User text that must stay literal everywhere: markup, Markdown and template syntax.
HOSTILE = "<b>fett</b> *stern* {{ x }} {% if %}"

VISION = "Lindenau ist 2035 eine vernetzte Kleinstadt, in der alle Ortsteile gut erreichbar sind."
GOALS = {
    "Mobilität": [
        "Jeder Ortsteil ist stündlich ohne eigenes Auto erreichbar",
        "Radverkehrsanteil bis 2030 verdoppeln",
    ],
    "Verwaltung und E-Government": [
        "Die 30 häufigsten Verwaltungsleistungen sind online verfügbar",
        "Wartezeit im Bürgerbüro unter zehn Minuten",
    ],
    "Handel, Innenstadt und Tourismus": ["Leerstand in der Altstadt um ein Drittel senken"],
    "Daten und IT-Infrastruktur": ["Offene Datenplattform mit den Stadtwerken aufbauen"],
}
GREEN_PROJECTS = ("Rufbus-App für die Ortsteile", "Digitale Leerstandsbörse")
OTHER_PROJECTS = ("Online-Terminvergabe", "Smarte Parkplatzsensoren")
HIGH_RISKS = ("Unerwartete Folgekosten", "Zu wenige Nutzende")


def rich_book() -> Book:
    """Lindenau (Kleinstadt) after all nine work steps – realistic, with one hostile idea."""
    book = Book()
    add = book.add
    # AS1
    isek = add(
        "as1_konzepte",
        "concepts",
        {
            "title": "ISEK Lindenau 2035",
            "kind": "Stadtentwicklungskonzept (ISEK/INSEK)",
            "year": 2021,
            "goals": "Innenstadt beleben, Ortsteile anbinden, Wohnraum schaffen",
        },
        by=ANNA,
    )
    add("as1_konzepte", "digital_needs", "Beteiligung zu Bauprojekten", by=BEN, about=isek)
    add("as1_konzepte", "digital_chances", "Sensoren zur Platznutzung", by=BEN, about=isek)
    add(
        "as1_konzepte",
        "concepts",
        {"title": "Klimaschutzkonzept", "kind": "Klimaschutzkonzept", "year": 2022},
        by=BEN,
    )
    add(fragebogen.SETUP_ID, "fragen_allgemein", ["Digitalstrategie vorhanden?"], by=ANNA)
    add(
        fragebogen.SETUP_ID,
        "recipients",
        [member_label(m.display_name, m.stakeholder_group) for m in (BEN, CARLA)],
        by=ANNA,
    )
    add("as1_fragebogen", "allgemein_strategie", "In Arbeit", by=BEN)
    add("as1_daten", "existing", {"name": "Verkehrszählungen", "frequency": "Jährlich"}, by=BEN)
    add("as1_daten", "needs", "Auslastung der Buslinien", by=CARLA)
    add("as1_daten", "ethics", "Der Datenschutzbeauftragte berät im Einzelfall.", by=BEN)
    for prompt, text in (
        ("strengths", "Kurze Wege zwischen Verwaltung und Stadtwerken"),
        ("strengths", "Stadtwerke mit eigenem Glasfasernetz"),
        ("weaknesses", "Wenig IT-Personal in der Verwaltung"),
        ("opportunities", "Förderprogramme des Landes"),
        ("threats", "Digitale Spaltung zwischen Kernstadt und Ortsteilen"),
    ):
        add("as1_swot", prompt, text, by=BEN)
    add("as1_akteure", "groups", ["Verwaltung", "Politik", "Kommunale Unternehmen"], by=ANNA)
    for name, group, ring in (
        ("Bürgermeisterin", "Verwaltung", "Schlüsselakteure"),
        ("Hauptamt / IT", "Verwaltung", "Schlüsselakteure"),
        ("Kämmerei", "Verwaltung", "Erweitertes Feld"),
        ("Stadtrat", "Politik", "Schlüsselakteure"),
        ("Ortsbeiräte", "Politik", "Erweitertes Feld"),
        ("Stadtwerke Lindenau", "Kommunale Unternehmen", "Schlüsselakteure"),
        ("Verkehrsverbund", "Kommunale Unternehmen", "Erweitertes Feld"),
        ("Gewerbeverein", "Wirtschaft", "Peripherie"),
    ):
        add("as1_akteure", "actors", {"name": name, "group": group, "ring": ring}, by=CARLA)
    # AS2
    add("as2", "component_leitbild", {"status": "In Arbeit", "note": "Entwurf liegt vor"}, by=ANNA)
    add("as2", "component_kommunikation", {"status": "Erledigt"}, by=ANNA)
    add("as2", "steering", "Das Kernteam steuert; der Hauptausschuss entscheidet.", by=ANNA)
    add("as2", "participation", "Zwei Online-Umfragen und eine Bürgerwerkstatt.", by=ANNA)
    for title, lane, start, end in (
        ("Bestandsanalyse", "Arbeitsschritt", "2026-01", "2026-03"),
        ("Ratsbeschluss Strategie", "Gremium/Entscheidung", "2026-11", None),
        ("Bürgerwerkstatt", "Beteiligung", "2026-09", None),
    ):
        value = {"title": title, "lane": lane, "start": start}
        if end:
            value["end"] = end
        add("as2", "plan", value, by=ANNA)
    # AS3
    add("as3", "target_year", 2035, by=ANNA)
    add("as3", "vision_ideas", "Busse kommen, wenn man sie braucht", by=EMMA)
    add(
        "as3",
        "data_principles",
        ["Daten zielgerichtet nutzen", "Zugang zu Daten schaffen"],
        by=BEN,
    )
    add("as3", "vision_statement", VISION, by=BEN)
    for field, goals in GOALS.items():
        for text in goals:
            goal = add("as3", "goals", text, by=BEN)
            add("as3", "goal_field", field, by=ANNA, about=goal)
    # AS4
    add("as4", "model", "Aus dem Stadtentwicklungskonzept abgeleitet", by=ANNA)
    for field, description in (
        ("Mobilität", "Bus, Rad und Fußverkehr zwischen Kernstadt und Ortsteilen"),
        ("Verwaltung und E-Government", "Online-Dienste und digitale Abläufe im Rathaus"),
        ("Handel, Innenstadt und Tourismus", "Eine lebendige Altstadt"),
        ("Daten und IT-Infrastruktur", "Glasfaser, Datenplattform, offene Daten"),
    ):
        item = add(
            "as4",
            "fields",
            {"name": field, "description": description, "role": "Netzwerkerin", "lead": "Führt"},
            by=ANNA,
        )
        add("as4", "experts", ["Stadtwerke Lindenau"], by=ANNA, about=item)
    # AS5
    ideas = {
        GREEN_PROJECTS[0]: ("Mobilität", "Kleinbusse auf Abruf für die Ortsteile", BEN),
        GREEN_PROJECTS[1]: ("Handel, Innenstadt und Tourismus", "Freie Läden online", CARLA),
        OTHER_PROJECTS[0]: ("Verwaltung und E-Government", f"Termine online {HOSTILE}", DIRK),
        OTHER_PROJECTS[1]: ("Mobilität", "Freie Parkplätze in Echtzeit", EMMA),
    }
    for title, (field, text, author) in ideas.items():
        add("as5", "ideas", {"title": title, "field": field, "idea": text}, by=author)
    for person, given in (
        (ANNA, {GREEN_PROJECTS[0]: 2, OTHER_PROJECTS[0]: 1}),
        (BEN, {GREEN_PROJECTS[0]: 3}),
        (CARLA, {GREEN_PROJECTS[1]: 3}),
        (DIRK, {OTHER_PROJECTS[1]: 2, GREEN_PROJECTS[1]: 1}),
        (EMMA, {GREEN_PROJECTS[0]: 1, OTHER_PROJECTS[0]: 2}),
    ):
        add("as5", "votes", given, by=person)
    add("as5", "shortlist", [*GREEN_PROJECTS, *OTHER_PROJECTS], by=ANNA)
    sketches = {}
    for title, cost, lead in (
        (GREEN_PROJECTS[0], 180000, "Stadtwerke Lindenau"),
        (GREEN_PROJECTS[1], 45000, "Wirtschaftsförderung"),
        (OTHER_PROJECTS[0], 12000, "Bürgerbüro"),
        (OTHER_PROJECTS[1], 60000, "Ordnungsamt"),
    ):
        sketches[title] = add(
            "as5",
            "sketches",
            {
                "idea": title,
                "objective": f"Ziel von {title}",
                "lead": lead,
                "start": "2026-Q3",
                "end": "2028-06",
                "cost": cost,
                "followup_cost": cost // 10,
                "funding": ["Fördermittel"],
                "success": "Messbar nach einem Jahr",
                "status": "In Arbeit",
            },
            by=ANNA,
        )
    # AS6
    for title, category, project, likelihood, impact in (
        (HIGH_RISKS[0], "Extern", GREEN_PROJECTS[0], 4, 4),
        (HIGH_RISKS[1], "Technisch", GREEN_PROJECTS[1], 4, 5),
        ("Datensilos zwischen Fachämtern", "Administrativ", "Strategieebene", 3, 3),
        ("Insolvenz eines Anbieters", "Extern", GREEN_PROJECTS[0], 1, 4),
    ):
        item = add(
            "as6",
            "risks",
            {"title": title, "category": category, "project": project, "description": "Kurz"},
            by=BEN,
        )
        for person in (ANNA, BEN):
            add("as6", "likelihood", likelihood, by=person, about=item)
            add("as6", "impact", impact, by=person, about=item)
        if title == HIGH_RISKS[0]:
            add("as6", "countermeasure", "Folgekosten vor Vertragsschluss", by=ANNA, about=item)
    add("as6", "emergency_plan", "Das Kernteam tagt binnen einer Woche.", by=ANNA)
    # AS7
    add("as7", "weights", {key: 0 for key in CRITERIA} | {"vision": 3, "data": 1}, by=ANNA)
    for title, item in sketches.items():
        add("as7", "scores", {"vision": 5 if title in GREEN_PROJECTS else 3, "data": 3},
            by=ANNA, about=item)  # fmt: skip
    lights = {
        GREEN_PROJECTS[0]: ("Infrastrukturanbieterin", "Mittelfristig", GREEN),
        GREEN_PROJECTS[1]: ("Netzwerkerin", "Kurzfristig", GREEN),
        OTHER_PROJECTS[0]: ("Dienstleisterin", "Kurzfristig", YELLOW),
        OTHER_PROJECTS[1]: ("Infrastrukturanbieterin", "Langfristig", RED),
    }
    for title, (role, horizon, light) in lights.items():
        add("as7", "matrix", {"role": role, "horizon": horizon, "light": light}, by=ANNA,
            about=sketches[title])  # fmt: skip
    add(
        "as7",
        "roadmap",
        {
            "start": "2026-Q3",
            "end": "2028-06",
            "milestones": "03/2027 Prototyp; Q1 2028 Start",
            "depends_on": [GREEN_PROJECTS[1]],
            "partners": "Verkehrsverbund",
        },
        by=ANNA,
        about=sketches[GREEN_PROJECTS[0]],
    )
    add("as7", "roadmap", {"start": "2026-09", "end": "2027-12"}, by=ANNA,
        about=sketches[GREEN_PROJECTS[1]])  # fmt: skip
    # AS9
    add("as9", "purpose", ["Bericht an den Rat", "Zielerreichung"], by=ANNA)
    add("as9", "object", "Projekt", by=ANNA)
    add(
        "as9",
        "impact_model",
        {"input": "Zwei Busse (Kosten)", "output": "Rufbus-Angebot (Fahrten)",
         "outcome": "Mehr Fahrgäste (Fahrgäste pro Monat)", "impact": "Erreichbare Ortsteile"},
        by=ANNA,
        about=sketches[GREEN_PROJECTS[0]],
    )  # fmt: skip
    add(
        "as9",
        "indicators",
        {"name": "Fahrgäste Rufbus", "project": GREEN_PROJECTS[0], "unit": "pro Monat",
         "baseline": 0, "baseline_date": "2026-09", "target": 800, "target_date": "2028-06"},
        by=BEN,
    )  # fmt: skip
    add("as9", "measurements", {"indicator": "Fahrgäste Rufbus", "date": "2027-03", "value": 310},
        by=BEN)  # fmt: skip
    add("as9", "status", "Teilweise im Plan", by=BEN, about=sketches[GREEN_PROJECTS[0]])
    return book


def paper(variant: str = "kompakt", book: Book | None = None, **kw) -> StrategyPaper:
    answers = (book or rich_book()).answers
    return build_paper(TEAM, answers, kw.get("members", PEOPLE), TODAY, variant=variant)


def render_all(paper_: StrategyPaper) -> dict[str, bytes]:
    """The three files, built as the bot builds them (charts first, then the writer)."""
    renderer = Renderer(executor=ThreadPoolExecutor(2))

    async def build() -> dict[str, bytes]:
        data = paper_.model_dump(mode="json")
        return {
            ext: await renderer.document(f"strategie_{ext}", data) for ext in ("docx", "pdf", "md")
        }

    try:
        return asyncio.run(build())
    finally:
        renderer.close()


def docx_text(content: bytes) -> tuple[str, list[tuple[str, str]], object]:
    doc = open_docx(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Head")]
    return " ".join(" ".join(parts).split()), headings, doc


def pdf_text(content: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split()), reader


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return render_all(paper())


MUST_CONTAIN = (
    VISION,
    *(goal for goals in GOALS.values() for goal in goals),
    *GREEN_PROJECTS,
    *HIGH_RISKS,
)


# --------------------------------------------------------------------------- the model


def test_model_has_every_section_filled_from_the_results() -> None:
    p = paper()
    assert [s.title for s in p.sections] == [
        "Hintergrund und Entstehung",
        "Haltung und Grundsätze",
        "Vision und Ziele",
        "Handlungsfelder",
        "Mehrwert",
        "Maßnahmen und Projekte",
        "Risiken und Absicherung",
        "Evaluation und Monitoring",
    ]
    assert p.subtitle == "Entwurf · Kompaktfassung · Stand 14. Mai 2026"
    fills = {s.key: s.fill for s in p.sections}
    assert fills["vision"] == fills["handlungsfelder"] == "gefuellt"
    assert all(fill != "offen" for fill in fills.values()), fills
    # Every chart of the steps, each registered, in the order the text refers to them.
    charts = [f.chart for f in p.figures]
    assert charts == [
        "fragebogen", "swot", "akteursringe", "prozessplan", "zielmapping",
        "punktabstimmung", "projektmatrix", "roadmap", "risikomatrix",
        "wirkungsmodell", "indikatoren", "monitoring",
    ]  # fmt: skip
    assert all(chart in CHARTS for chart in charts)
    assert [f.number for f in p.figures] == list(range(1, len(charts) + 1))


def test_compact_names_only_decisions_extended_adds_contributions() -> None:
    compact, extended = paper("kompakt"), paper("ausfuehrlich")
    short_md, long_md = write_markdown(compact), write_markdown(extended)
    assert "Busse kommen, wenn man sie braucht" not in short_md  # a vision idea
    assert "Busse kommen, wenn man sie braucht (Emma)" in long_md
    assert "Ideen zur Vision" in long_md and "Ideen zur Vision" not in short_md
    # Compact: only the green projects in detail; extended: every sketch.
    assert "Die ausgewählten Projekte" in short_md
    assert "Die Projekte im Einzelnen" in long_md
    assert "**Smarte Parkplatzsensoren (Rot – verwerfen)**" in long_md
    assert "**Smarte Parkplatzsensoren" not in short_md
    assert len(long_md) > len(short_md)


def test_empty_team_says_noch_offen_and_invents_nothing() -> None:
    p = build_paper(TEAM, [], PEOPLE, TODAY)
    assert {s.fill for s in p.sections} == {"offen"}
    assert p.figures == ()
    md = write_markdown(p)
    for section in p.sections[1:]:
        assert any(isinstance(b, Gap) for b in section.blocks), section.title
    assert md.count("Noch offen") >= 15
    assert "Vision ist in AS3 noch nicht formuliert" in md
    assert "In AS6 sind noch keine Risiken erfasst" in md
    # The members are known even before any step: who took part is no gap.
    assert "| Moderation | Verwaltung | Anna |" in md


def test_partial_team_mixes_content_and_gaps() -> None:
    book = Book()
    book.add("as3", "vision_statement", VISION, by=BEN)
    p = build_paper(TEAM, book.answers, PEOPLE, TODAY)
    vision = p.section("vision")
    assert vision is not None and vision.fill == "teilweise"
    md = write_markdown(p)
    assert VISION in md
    assert "Strategische Ziele sind in AS3 noch nicht benannt" in md
    assert [f.chart for f in p.figures] == ["zielmapping"]


def test_tables_cells_match_their_headers() -> None:
    for section in paper("ausfuehrlich").sections:
        for block in section.blocks:
            if isinstance(block, Table):
                assert all(len(row) == len(block.header) for row in block.rows), block.header
                assert abs(sum(block.column_shares()) - 1) < 1e-9


def test_results_bundle_feeds_the_paper() -> None:
    r = all_results(TEAM, rich_book().answers, PEOPLE, TODAY)
    assert [p.title for p in r.selection.green] == list(GREEN_PROJECTS)
    assert {risk.title for risk in r.risks.high} == set(HIGH_RISKS)


# --------------------------------------------------------------------------- the three files


def test_docx_has_headings_tables_pictures_and_all_key_content(files) -> None:
    text, headings, doc = docx_text(files["docx"])
    for content in MUST_CONTAIN:
        assert content in text, content
    levels = dict(headings)
    assert levels.get("Heading 1") is not None
    titles = [t for style, t in headings if style == "Heading 1"]
    assert titles[:3] == ["1 Hintergrund und Entstehung", "2 Haltung und Grundsätze",
                          "3 Vision und Ziele"]  # fmt: skip
    assert titles[-1] == "Anhang: Grafiken"
    assert ("Heading 2", "3.2 Strategische Ziele") in headings
    assert doc.paragraphs[6].style.name == "Title"
    assert len(doc.tables) >= 10
    pictures = doc.inline_shapes
    assert len(pictures) >= len(paper().figures)
    alt = pictures[0]._inline.docPr.get("descr")
    assert alt and "Fragebogen" in alt
    # A4, and every picture fits the page body.
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert all(shape.height.cm <= 24.7 and shape.width.cm <= 16.01 for shape in pictures)
    # The contents are a TOC field with every section listed.
    body = doc.element.body.xml
    assert 'TOC \\o "1-2"' in body
    toc = [p.text for p in doc.paragraphs if p.style.name.startswith("toc")]
    assert "8 Evaluation und Monitoring" in toc and "3.2 Strategische Ziele" in toc


def test_pdf_is_a4_with_contents_page_numbers_pictures_and_key_content(files) -> None:
    text, reader = pdf_text(files["pdf"])
    for content in MUST_CONTAIN:
        assert content in text, content
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        210,
        297,
    )
    assert reader.pages[0].extract_text().count("Smart-City-Strategie") == 1
    contents = reader.pages[1].extract_text()
    assert "Inhalt" in contents and "6 Maßnahmen und Projekte" in contents
    assert re.search(r"Risiken und Absicherung \.+ ?\d+", " ".join(contents.split()))
    pages = len(reader.pages)
    assert f"Seite 3 von {pages}" in reader.pages[2].extract_text()
    images = sum(len(page.images) for page in reader.pages)
    assert images >= len(paper().figures)
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "1 Hintergrund und Entstehung" in outline and "Anhang: Grafiken" in outline
    assert "Lindenau" in (reader.metadata.title or "")
    assert "ä" in text and "ß" in text  # umlauts survive (DejaVu embedded)


def test_markdown_has_the_same_content_and_embeds_every_chart(files) -> None:
    md = files["md"].decode("utf-8")
    for content in MUST_CONTAIN:
        assert content in md, content
    assert md.startswith("# Smart-City-Strategie Lindenau\n")
    assert "## 6 Maßnahmen und Projekte" in md and "### 3.2 Strategische Ziele" in md
    figures = paper().figures
    assert md.count("](data:image/png;base64,") >= len(figures)
    assert md.count("> **Textfassung:**") >= len(figures)


def test_user_text_stays_literal_in_every_format(files) -> None:
    literal = "<b>fett</b> *stern* {{ x }} {% if %}"
    text, _, _ = docx_text(files["docx"])
    assert literal not in text  # the idea text is only in the extended variant
    extended = render_all(paper("ausfuehrlich"))
    text, _, _ = docx_text(extended["docx"])
    assert literal in text
    pdf, _ = pdf_text(extended["pdf"])
    assert literal in pdf
    md = extended["md"].decode("utf-8")
    assert r"\<b\>fett\</b\> \*stern\* \{\{ x \}\} \{% if %\}" in md
    assert "<b>fett</b>" not in md


def test_hostile_text_in_headings_and_tables_cannot_break_a_format() -> None:
    book = Book()
    evil = "Feld {{ 7 * 7 }} <i>|x|</i> \x07\x1b# **laut**\n\n---"
    goal = book.add("as3", "goals", evil, by=BEN)
    book.add("as3", "goal_field", evil, by=ANNA, about=goal)
    book.add("as4", "fields", {"name": evil, "description": "🚲 Radwege"}, by=ANNA)
    p = build_paper(TEAM, book.answers, PEOPLE, TODAY, variant="ausfuehrlich")
    built = {
        ext: build_document(f"strategie_{ext}", p.model_dump(mode="json"), [[] for _ in p.figures])
        for ext in ("docx", "pdf", "md")
    }
    text, _, _ = docx_text(built["docx"])
    assert "Feld {{ 7 * 7 }} <i>|x|</i> # **laut**" in text and "49" not in text
    pdf, _ = pdf_text(built["pdf"])
    assert "Feld {{ 7 * 7 }} <i>|x|</i> # **laut**" in pdf and "Radwege" in pdf
    md = built["md"].decode("utf-8")
    assert r"Feld \{\{ 7 \* 7 \}\} \<i\>\|x\|\</i\> \# \*\*laut\*\*" in md
    assert "\x07" not in md and "49" not in md
    # The escaped pipe keeps the Markdown table's columns intact.
    row = next(line for line in md.splitlines() if line.startswith("| Feld"))
    assert row.count(" | ") == 4


def test_a_failed_chart_leaves_a_note_instead_of_failing_the_paper() -> None:
    p = paper()
    data = p.model_dump(mode="json")
    data["figures"][0]["chart"] = "unbekannt"
    renderer = Renderer(executor=ThreadPoolExecutor(1))
    try:
        content = asyncio.run(renderer.document("strategie_pdf", data))
    finally:
        renderer.close()
    text, _ = pdf_text(content)
    assert "Die Grafik konnte nicht erstellt werden." in text


def test_tall_chart_is_scaled_to_one_page_never_sliced() -> None:
    """Charts arrive in page-sized parts (bot.charts.parts); a picture that could still not
    be split is shrunk onto one page whole, never cut through its content (issue 8.5)."""
    from bot.charts.base import ChartResult
    from bot.documents.strategy_pdf import write_pdf

    def png(width: int, height: int) -> bytes:
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
        return buffer.getvalue()

    p = build_paper(TEAM, [], PEOPLE, TODAY).model_copy(update={"figures": paper().figures[:2]})
    tall = ChartResult(png(1080, 1700), "hoch", 1080, 1700)  # scaled to fit one page
    huge = ChartResult(png(1080, 5200), "sehr hoch", 1080, 5200)  # shrunk whole
    reader = PdfReader(io.BytesIO(write_pdf(p, [[tall], [huge]])))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Teil 1 von" not in text
    sizes = [image.image.size for page in reader.pages for image in page.images]
    assert sizes == [(1080, 1700), (1080, 5200)]


def test_builders_list_the_paper_charts() -> None:
    p = paper()
    requests = paper_charts(p.model_dump(mode="json"))
    assert [name for name, _ in requests] == [f.chart for f in p.figures]
    assert set(BUILDERS) >= {"strategie_docx", "strategie_pdf", "strategie_md", "export_zip"}


def test_gap_wording() -> None:
    assert Gap(text="Die Vision.").shown == "Noch offen: Die Vision."
    assert OPEN == "noch offen"


def test_deleted_members_are_counted_not_named() -> None:
    md = write_markdown(paper())
    assert "Gelöschte Person" not in md.split("## 2 ")[0]
    assert "eine weitere Person hat ihre Daten gelöscht" in md


def test_answers_are_not_changed_by_building(files) -> None:
    book = rich_book()
    before = [a.model_dump() for a in book.answers]
    paper(book=book)
    assert [a.model_dump() for a in book.answers] == before


def test_anonymous_contributions_name_nobody_in_the_paper() -> None:
    """Entries of an anonymous live round appear in the paper (every format is written from
    this model), but neither their author's name nor group – unlike a named entry."""
    zora = member(7, "Zora", group="Wissenschaft", role=Role.PARTICIPANT)
    book = rich_book()
    idea = "Ein Marktplatz für alle Generationen"
    book.add("as3", "vision_ideas", idea, by=zora, anonymous=True)
    book.add("as5", "ideas", {"title": "Repair-Café digital", "field": "Mobilität"}, by=zora,
             anonymous=True)  # fmt: skip
    book.add("as6", "risks", {"title": "Zu wenig Ehrenamt", "category": "Intern"}, by=zora,
             anonymous=True)  # fmt: skip
    extended = paper("ausfuehrlich", book, members=[*PEOPLE, zora])
    everything = extended.model_dump_json()
    markdown = write_markdown(extended)
    for entry in (idea, "Repair-Café digital", "Zu wenig Ehrenamt"):
        assert entry in markdown
    assert "Busse kommen, wenn man sie braucht (Emma)" in markdown  # named stays named
    # Zora is named once: as a member of the team, never beside what she wrote.
    assert everything.count("Zora") == 1 and markdown.count("Zora") == 1
    assert "| Teilnehmende | Wissenschaft | Zora |" in markdown
    assert f"{idea} (" not in markdown


def test_extended_draft_lists_every_measurement_of_an_indicator() -> None:
    """Two measurements of one indicator used to crash the detailed draft (issue 8.1)."""
    book = rich_book()
    book.add("as9", "measurements", {"indicator": "Fahrgäste Rufbus", "date": "2027-09",
             "value": 1520.5}, by=BEN)  # fmt: skip
    md = write_markdown(paper("ausfuehrlich", book))
    assert (
        "Messreihe Fahrgäste Rufbus: März 2027 310 pro Monat; September 2027 1.520,5 pro Monat"
    ) in md
