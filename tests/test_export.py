"""The team export: one ZIP with JSON, a CSV per table, summaries and the strategy paper –
through the workshop service (no Telegram), and the archive writer on its own."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pydantic import TypeAdapter

from bot.app.incoming import Command, Incoming, Sender
from bot.app.rendering import Renderer
from bot.app.service import Workshop
from bot.documents.export_zip import table_csv, write_export
from bot.telegram.links import TelegramLinks
from dialogs.records import Role
from dialogs.replies import Document, Message, Reply
from storage.database import Database
from tests.test_strategy import HOSTILE, paper

REPLY: TypeAdapter[Reply] = TypeAdapter(Reply)


def test_csv_is_excel_friendly_and_defuses_formulas() -> None:
    rows = [
        {"id": 1, "text": '=HYPERLINK("http://x")', "note": None, "value": {"a": "Ä"}},
        {"id": 2, "text": "-5 Grad; kalt", "note": "Straße", "value": [1, 2]},
    ]
    content = table_csv(rows, ["id", "text", "note", "value"])
    assert content.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8
    parsed = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert parsed[0] == ["id", "text", "note", "value"]
    assert parsed[1] == ["1", '\'=HYPERLINK("http://x")', "", '{"a": "Ä"}']
    assert parsed[2] == ["2", "'-5 Grad; kalt", "Straße", "[1, 2]"]
    assert table_csv([], ["id", "name"]).decode("utf-8-sig").strip() == "id;name"


def test_archive_has_json_csv_summaries_and_the_paper() -> None:
    p = paper()
    data = {
        "municipality": "Lindenau",
        "exported_at": "2026-05-14 10:00",
        "tables": {
            "answers": [{"id": 1, "value": json.dumps(f"=1+1 {HOSTILE}"), "step": "as3"}],
            "invites": [],
        },
        "columns": {"answers": ["id", "step", "value"], "invites": ["team_id", "created_at"]},
        "summaries": {"zusammenfassung-as3.md": "# Visionen"},
        "paper": p.model_dump(mode="json"),
    }
    archive = zipfile.ZipFile(io.BytesIO(write_export(data, [[] for _ in p.figures])))
    assert set(archive.namelist()) == {
        "LIESMICH.txt",
        "daten.json",
        "tabellen/answers.csv",
        "tabellen/invites.csv",
        "arbeitsschritte/AS3 Visionen und Ziele.csv",
        "arbeitsschritte.xlsx",
        "zusammenfassungen/zusammenfassung-as3.md",
        "strategie/strategie.docx",
        "strategie/strategie.pdf",
        "strategie/strategie.md",
    }
    everything = json.loads(archive.read("daten.json"))
    assert everything["kommune"] == "Lindenau"
    assert everything["tabellen"]["answers"][0]["value"] == f"=1+1 {HOSTILE}"  # decoded, exact
    answers = archive.read("tabellen/answers.csv").decode("utf-8-sig").splitlines()
    assert answers[0] == "id;step;value"  # the table's column order
    assert archive.read("tabellen/invites.csv").decode("utf-8-sig").strip() == "team_id;created_at"
    assert "Codes der Einladungen" in archive.read("LIESMICH.txt").decode()
    assert archive.read("strategie/strategie.pdf").startswith(b"%PDF")


async def test_export_command_builds_a_zip_of_the_own_team_only(tmp_path: Path) -> None:
    async with await Database.open(tmp_path / "w.db") as db:
        async with db.transaction() as tx:
            ids = {}
            for town, telegram_id in (("Lindenau", 1), ("Nachbarort", 2)):
                team = await tx.teams.create(town, "Kleinstadt")
                user = await tx.users.get_or_create(telegram_id, f"Person {town}")
                member = await tx.members.add(
                    team.id, user.id, f"Person {town}", Role.FACILITATOR, "Verwaltung"
                )
                await tx.users.set_active_team(user.id, team.id)
                await tx.answers.add(
                    team.id, "as3", "vision_statement", member.id, f"Vision {town}"
                )
                ids[town] = team.id
            helper = await tx.users.get_or_create(3, "Kim")
            await tx.members.add(ids["Lindenau"], helper.id, "Kim", Role.CORE, "Politik")
            await tx.users.set_active_team(helper.id, ids["Lindenau"])
        workshop = Workshop(db, links=TelegramLinks("werkstatt_bot"))

        def command(telegram_id: int, name: str) -> Incoming:
            return Incoming(None, telegram_id, "private", Sender(telegram_id, "x"), Command(name))

        async def replies(item_ids: list[int]) -> list[Reply]:
            async with db.read() as tx:
                items = [await tx.outbox.get(i) for i in item_ids]
            return [REPLY.validate_python(item.payload["reply"]) for item in items if item]

        refused = await replies(await workshop.process(command(3, "export")))
        assert isinstance(refused[0], Message) and "⛔" in refused[0].text
        assert len(refused) == 1

        said, document = await replies(await workshop.process(command(1, "export")))
        assert isinstance(said, Message) and "Lindenau" in said.text
        assert isinstance(document, Document) and document.builder == "export_zip"
        assert document.filename == "export.zip"

    renderer = Renderer(executor=ThreadPoolExecutor(1))
    try:
        content = await renderer.document(document.builder, document.data)
    finally:
        renderer.close()
    archive = zipfile.ZipFile(io.BytesIO(content))
    data = json.loads(archive.read("daten.json"))
    assert [a["value"] for a in data["tabellen"]["answers"]] == ["Vision Lindenau"]
    assert {m["display_name"] for m in data["tabellen"]["members"]} == {"Person Lindenau", "Kim"}
    assert sorted(archive.namelist())[0] == "LIESMICH.txt"
    assert len([n for n in archive.namelist() if n.startswith("zusammenfassungen/")]) >= 4
    blob = b"".join(archive.read(n) for n in archive.namelist() if not n.endswith(("pdf", "docx")))
    assert b"Nachbarort" not in blob
