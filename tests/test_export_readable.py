"""The export people can open (one German sheet per step, CSV and Excel) and the import that
brings a team back from its raw export."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from bot.app.export import collect
from bot.app.team_import import import_team, read_export
from bot.documents.export_sheets import step_sheets
from bot.documents.export_zip import write_export
from bot.documents.strategy import build_paper
from bot.documents.strategy_markdown import write_markdown
from storage.database import Database
from tests.test_strategy import PEOPLE, rich_book

TODAY = date(2026, 5, 14)


async def lindenau(db: Database) -> int:
    """The rich Lindenau workshop of the strategy tests, stored in ``db``; one answer edited
    and one deleted, so the history has versions too."""
    book = rich_book()
    async with db.transaction() as tx:
        team = await tx.teams.create("Lindenau", "Kleinstadt")
        members = {}
        for number, person in enumerate(PEOPLE, start=1):
            user = None if person.user_id is None else await tx.users.get_or_create(number, "x")
            added = await tx.members.add(
                team.id, user.id if user else None, person.display_name, person.role,
                person.stakeholder_group,
            )  # fmt: skip
            members[person.id] = added.id
        ids: dict[int, int] = {}
        for a in book.answers:
            stored = await tx.answers.add(
                team.id, a.step, a.prompt, members.get(a.author_id), a.value,
                subject_id=ids.get(a.subject_id),
            )  # fmt: skip
            ids[a.id] = stored.id
        extra = await tx.answers.add(team.id, "as3", "vision_ideas", None, "Erst so")
        await tx.answers.replace(extra.id, None, "Dann so")
        gone = await tx.answers.add(team.id, "as3", "vision_ideas", None, "Weg damit")
        await tx.answers.delete(gone.id)
    return team.id


async def paper_markdown(db: Database, team_id: int) -> str:
    async with db.read() as tx:
        team = await tx.teams.get(team_id)
        assert team is not None
        answers = await tx.answers.current(team_id)
        members = await tx.members.list(team_id)
    return write_markdown(build_paper(team, answers, members, TODAY))


async def test_export_then_import_gives_the_same_strategy_paper(tmp_path: Path) -> None:
    async with await Database.open(tmp_path / "alt.db") as old:
        team_id = await lindenau(old)
        async with old.read() as tx:
            team = await tx.teams.get(team_id)
            assert team is not None
            data = await collect(tx, team, accounts=True)  # the operator's export
        before = await paper_markdown(old, team_id)
    archive = tmp_path / "export.zip"
    archive.write_bytes(write_export(data, [[] for _ in data["paper"]["figures"]]))

    async with await Database.open(tmp_path / "neu.db") as new:
        async with new.transaction() as tx:  # the new database already has a team
            await tx.teams.create("Nachbarort", "Landgemeinde")
        municipality, new_id = await import_team(new, read_export(archive))
        assert (municipality, new_id) == ("Lindenau", 2)
        assert await paper_markdown(new, new_id) == before
        async with new.read() as tx:
            members = await tx.members.list(new_id)
            history = await tx.team_data.tables(new_id)
        assert {m.display_name for m in members} == {p.display_name for p in PEOPLE}
        assert len(history["answers"].rows) == len(data["tables"]["answers"])  # with history
    assert "ACHTUNG" in zipfile.ZipFile(archive).read("LIESMICH.txt").decode()


async def test_import_of_a_chat_export_keeps_members_without_telegram_access(
    tmp_path: Path,
) -> None:
    async with await Database.open(tmp_path / "alt.db") as old:
        team_id = await lindenau(old)
        async with old.read() as tx:
            team = await tx.teams.get(team_id)
            assert team is not None
            data = await collect(tx, team)  # as /export sends it: no Telegram ids
    assert all("telegram_id" not in u and "account" not in u for u in data["tables"]["users"])
    archive = tmp_path / "export.zip"
    archive.write_bytes(write_export(data, [[] for _ in data["paper"]["figures"]]))
    async with await Database.open(tmp_path / "neu.db") as new:
        _, new_id = await import_team(new, read_export(archive))
        async with new.read() as tx:
            members = await tx.members.list(new_id)
            assert await tx.users.by_account(1) is None
    assert members and all(m.user_id is None for m in members)


async def test_sheets_are_german_without_ids_json_or_dialog_state(tmp_path: Path) -> None:
    async with await Database.open(tmp_path / "w.db") as db:
        team_id = await lindenau(db)
        async with db.read() as tx:
            team = await tx.teams.get(team_id)
            assert team is not None
            data = await collect(tx, team)
    content = write_export(data, [[] for _ in data["paper"]["figures"]])
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert "dialog_state" not in archive.read("tabellen/members.csv").decode("utf-8-sig")

    text = archive.read("arbeitsschritte/AS1 Konzepte und Ziele.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    concept = next(r for r in rows if r["Eintrag"] == "ISEK Lindenau 2035")
    assert concept["Wer"] == "Anna" and concept["Jahr"] == "2021"
    assert concept["Wann"].count(".") == 2 and ":" in concept["Wann"]  # 14.05.2026 12:00
    need = next(r for r in rows if r["Eintrag"] == "Beteiligung zu Bauprojekten")
    assert need["Bezug"] == "ISEK Lindenau 2035"
    assert "id" not in rows[0] and "value" not in rows[0]

    book = load_workbook(io.BytesIO(archive.read("arbeitsschritte.xlsx")))
    assert "AS5 Projektideen entwickeln" in book.sheetnames
    ideas = book["AS5 Projektideen entwickeln"]
    header = [c.value for c in ideas[1]]
    assert header[:3] == ["Wer", "Frage", "Eintrag"] and "Handlungsfeld" in header
    assert "Punkte" in header  # dot votes: one row per idea with its points
    points = [r[header.index("Punkte")] for r in ideas.iter_rows(min_row=2, values_only=True)]
    assert any(isinstance(p, int) and p > 0 for p in points)
    cells = [c for row in ideas.iter_rows(min_row=2, values_only=True) for c in row if c]
    assert not any(str(c).startswith(("{", "[", '"')) for c in cells)  # no JSON


def test_sheet_cells_are_escaped_and_anonymous_rows_keep_no_author() -> None:
    answers = [
        {"id": 1, "step": "as3", "prompt": "vision_ideas", "author_id": 7,
         "value": json.dumps("=HYPERLINK(1)"), "created_at": "2026-05-14T10:00:00+00:00"},
        {"id": 2, "step": "as3", "prompt": "vision_ideas", "author_id": 7, "anonymous": 1,
         "value": json.dumps("Geheim"), "created_at": "2026-05-14T10:00:00+00:00"},
    ]  # fmt: skip
    sheet = step_sheets(answers, [{"id": 7, "display_name": "Anna"}])[0]
    assert [(r["Wer"], r["Eintrag"]) for r in sheet.rows] == [
        ("Anna", "=HYPERLINK(1)"),
        ("", "Geheim"),
    ]
    assert sheet.rows[0]["Wann"] == "14.05.2026 12:00"  # Berlin summer time
    data = {"municipality": "L", "exported_at": "x", "tables": {"answers": answers, "members": []}}
    archive = zipfile.ZipFile(io.BytesIO(write_export(data, [])))
    csv_text = archive.read("arbeitsschritte/AS3 Visionen und Ziele.csv").decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv_text
    page = load_workbook(io.BytesIO(archive.read("arbeitsschritte.xlsx"))).active
    header = [c.value for c in page[1]]
    cell = page.cell(row=2, column=header.index("Eintrag") + 1)
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"  # text, not a formula
