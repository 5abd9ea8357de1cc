"""/strategie and /export end to end: the real Application against the fake Bot API.

The team's results are written straight into its database (the dialogs that produce them have
their own end-to-end tests); everything about the strategy paper goes through Telegram.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sqlite3
import zipfile
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from docx import Document as open_docx
from pypdf import PdfReader

from tests.conftest import person
from tests.e2e import create_team, expect, join_team, make_core, quiet

VISION = "Musterhausen ist 2035 eine vernetzte Kleinstadt mit kurzen Wegen."
GOAL = "Online-Terminvergabe im Bürgerbüro bis 2027"
SECRET = "Geheimplan Nachbarort"


async def seed(db: Path, town: str, answers: list[tuple[str, str, object]]) -> None:
    """Store current answers of the team ``town`` as if its facilitator had given them (in a
    thread: the bot shares this event loop and may hold the write lock meanwhile)."""
    await asyncio.to_thread(_seed, db, town, answers)


def _seed(db: Path, town: str, answers: list[tuple[str, str, object]]) -> None:
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    with closing(sqlite3.connect(db, timeout=10)) as conn, conn:
        team_id, member_id = conn.execute(
            "SELECT t.id, m.id FROM teams t JOIN members m ON m.team_id = t.id"
            " WHERE t.municipality = ? AND m.role = 'moderation'",
            (town,),
        ).fetchone()
        previous = None
        for step, prompt, value in answers:
            subject = previous if prompt == "goal_field" else None
            cursor = conn.execute(
                "INSERT INTO answers (team_id, step, prompt, subject_id, author_id, value,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (team_id, step, prompt, subject, member_id, json.dumps(value), now),
            )
            previous = cursor.lastrowid


def rows(db: Path, query: str) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)) as conn:
        return conn.execute(query).fetchall()


async def files_arrive(client, stem: str = "strategie") -> dict[str, bytes]:
    found = {}
    for ext in ("docx", "pdf", "md"):
        message = await expect(client, f"{stem}.{ext}", timeout=60)
        assert message.kind == "document" and message.file_bytes
        found[ext] = message.file_bytes
    return found


async def test_strategy_draft_comment_round_version_and_export(api, bot, db_path: Path) -> None:
    anna = person(api, 3001, "Anna")
    bert = person(api, 3002, "Bert")
    carla = person(api, 3003, "Carla")
    code = await create_team(anna)
    for member in (bert, carla):
        await join_team(member, code)
        await expect(anna, f"{member.user.first_name}</b>")
    await make_core(anna, bert)
    await seed(
        db_path,
        "Musterhausen",
        [
            ("as3", "vision_statement", VISION),
            ("as3", "goals", GOAL),
            ("as3", "goal_field", "Verwaltung und E-Government"),
        ],
    )
    # Another team in the same database: nothing of it may reach Musterhausen's export.
    dora = person(api, 3009, "Dora")
    await create_team(dora, "Nachbarort")
    await seed(db_path, "Nachbarort", [("as3", "vision_statement", SECRET)])

    # Status and draft (facilitator).
    await anna.send("/strategie")
    status = await expect(anna, "Smart-City-Strategie · Musterhausen")
    assert "3 Vision und Ziele" in status.text and "noch offen" in status.text
    assert {"Entwurf erzeugen", "Kommentarrunde starten", "Fassung festschreiben"} <= {
        b.text.split(" ", 1)[1] for row in status.buttons for b in row
    }
    await anna.click("📄 Entwurf erzeugen")
    await expect(anna, "Die Strategie wird erstellt")
    draft = await files_arrive(anna, "strategie-kompakt")
    doc = open_docx(io.BytesIO(draft["docx"]))
    assert any(VISION in p.text for p in doc.paragraphs)
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(draft["pdf"])).pages)
    assert GOAL in " ".join(pdf.split())
    assert VISION in draft["md"].decode() and "Noch offen" in draft["md"].decode()

    # A participant is refused; the core team sees the status but not the facilitator's tools.
    await carla.send("/strategie")
    refused = await expect(carla, "⛔")
    assert "Moderation oder Kernteam" in refused.text
    await bert.send("/strategie")
    seen = await expect(bert, "Smart-City-Strategie · Musterhausen")
    labels = " ".join(b.text for row in seen.buttons for b in row)
    assert "Entwurf erzeugen" in labels and "Kommentarrunde" not in labels

    # Comment round: everyone gets the sections; Carla comments on the vision.
    await anna.send("/strategie")
    await expect(anna, "Smart-City-Strategie")
    await anna.click("Kommentarrunde starten")
    await expect(anna, "Kommentarrunde ist gestartet: 3 Mitglieder")
    invitation = await expect(carla, "Kommentarrunde zur Smart-City-Strategie")
    assert len(invitation.buttons) == 8
    await carla.click("3 Vision und Ziele")
    section = await expect(carla, "3 Vision und Ziele")
    assert VISION in section.text and GOAL in section.text
    await carla.click("Kommentar schreiben")
    await expect(carla, "Was möchten Sie zu diesem Abschnitt anmerken")
    await carla.send("Die Ortsteile fehlen <b>noch</b> in der Vision.")
    await expect(carla, "Danke! Ihr Kommentar ist gespeichert")
    stored = rows(
        db_path,
        "SELECT c.section, c.text, m.display_name, c.version FROM strategy_comments c"
        " JOIN members m ON m.id = c.author_id",
    )
    assert stored == [("vision", "Die Ortsteile fehlen <b>noch</b> in der Vision.", "Carla", None)]
    # Bert starts a comment and cancels it: nothing is stored, his next text is no comment.
    await expect(bert, "Kommentarrunde zur Smart-City-Strategie")
    await bert.click("5 Mehrwert")
    await expect(bert, "5 Mehrwert")
    await bert.click("Kommentar schreiben")
    await expect(bert, "anmerken")
    await bert.click("Abbrechen")
    await expect(bert, "kein Kommentar gespeichert")
    assert len(rows(db_path, "SELECT id FROM strategy_comments")) == 1

    # The facilitator reads the comments grouped by section and finalises version 1.
    await anna.send("/strategie")
    await expect(anna, "Offene Kommentare zum Entwurf: 1")
    await anna.click("Kommentare ansehen")
    overview = await expect(anna, "Kommentare zum Entwurf")
    assert "<b>3 Vision und Ziele</b> (1)" in overview.text
    assert "Die Ortsteile fehlen &lt;b&gt;noch&lt;/b&gt; in der Vision." in overview.text
    assert "Carla" in overview.text
    await anna.click("Fassung festschreiben")
    await expect(anna, "Fassung 1 festschreiben?")
    await anna.click("Ja, Fassung 1 festschreiben")
    await expect(anna, "Fassung 1 ist festgeschrieben und geht an 2 Mitglieder")
    for member in (anna, bert):
        await expect(member, "Fassung 1</b> der Smart-City-Strategie Musterhausen")
        final = await files_arrive(member, "strategie-fassung-1")
        assert "Fassung 1" in final["md"].decode()
    await quiet(carla)  # participants do not get the final files
    assert rows(db_path, "SELECT team_id, number, variant FROM strategy_versions") == [
        (1, 1, "kompakt")
    ]
    markdown = rows(db_path, "SELECT markdown FROM strategy_versions")[0][0]
    assert markdown.startswith("# Smart-City-Strategie Musterhausen") and VISION in markdown
    assert rows(db_path, "SELECT version FROM strategy_comments") == [(1,)]

    # Versions: listed, and resent as they were finalised.
    await bert.send("/strategie")
    await expect(bert, "Festgeschrieben: 1 Fassung")
    await bert.click("Fassungen")
    listing = await expect(bert, "Fassungen der Strategie")
    assert "Fassung 1 vom" in listing.text and "1 Kommentar" in listing.text
    await bert.click("Fassung 1 senden")
    await files_arrive(bert, "strategie-fassung-1")

    # Export: facilitator only, one zip with JSON and CSV of this team alone.
    await bert.send("/export")
    assert "⛔" in (await expect(bert, "Moderation")).text
    await anna.send("/export")
    await expect(anna, "Der Export für <b>Musterhausen</b> wird erstellt")
    exported = await expect(anna, "export.zip", timeout=60)
    archive = zipfile.ZipFile(io.BytesIO(exported.file_bytes))
    names = set(archive.namelist())
    assert {"daten.json", "LIESMICH.txt", "tabellen/answers.csv", "tabellen/members.csv"} <= names
    assert {"strategie/strategie.docx", "strategie/strategie.pdf"} <= names
    assert VISION in archive.read("strategie/fassungen/strategie-fassung-1.md").decode()
    data = json.loads(archive.read("daten.json"))
    tables = data["tabellen"]
    assert [t["municipality"] for t in tables["teams"]] == ["Musterhausen"]
    assert VISION in [a["value"] for a in tables["answers"]]
    assert {m["display_name"] for m in tables["members"]} == {"Anna", "Bert", "Carla"}
    assert tables["strategy_comments"][0]["text"].startswith("Die Ortsteile fehlen")
    assert [v["number"] for v in tables["strategy_versions"]] == [1]
    members_csv = archive.read("tabellen/members.csv").decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(members_csv), delimiter=";"))
    assert header[:4] == ["id", "team_id", "user_id", "display_name"]
    everything = b"".join(archive.read(name) for name in names if not name.startswith("strat"))
    assert SECRET.encode() not in everything and b"Nachbarort" not in everything
    assert b"3001" not in archive.read("daten.json")  # no Telegram ids


async def test_detailed_draft_with_a_series_of_measurements_arrives(api, bot, db_path) -> None:
    """„📚 Ausführlichen Entwurf erzeugen“ with two measurements of an indicator (issue 8.1)."""
    anna = person(api, 3011, "Anna")
    await create_team(anna)
    indicator = {"name": "Online-Anteil", "project": "Strategieebene", "unit": "%",
                 "baseline": 10, "baseline_date": "2026-01", "target": 50,
                 "target_date": "2028-12"}  # fmt: skip
    await seed(
        db_path,
        "Musterhausen",
        [
            ("as9", "indicators", indicator),
            (
                "as9",
                "measurements",
                {"indicator": "Online-Anteil", "date": "2026-06", "value": 15},
            ),
            (
                "as9",
                "measurements",
                {"indicator": "Online-Anteil", "date": "2026-12", "value": 21.5},
            ),
        ],
    )
    await anna.send("/strategie")
    await expect(anna, "Smart-City-Strategie · Musterhausen")
    await anna.click("Ausführlichen Entwurf erzeugen")
    await expect(anna, "Ausführliche Fassung")
    detailed = await files_arrive(anna, "strategie-ausfuehrlich")
    assert (
        "Messreihe Online-Anteil: Juni 2026 15 %; Dezember 2026 21,5 %" in detailed["md"].decode()
    )
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(detailed["pdf"])).pages)
    assert "Messreihe Online-Anteil" in pdf
