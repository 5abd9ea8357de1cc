"""Assigning a work step end to end: assign → reminder → answer → note to the core team,
through the real Application and the fake Bot API server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from bot.app import assignment_reminders
from bot.app.assignment_reminders import remind_due
from bot.app.assignments import LOCAL_ZONE, due_text, local_day
from dialogs.records import Role
from storage import Database
from tests.conftest import person, running_bot
from tests.e2e import expect, make_core, quiet, team_of
from tests.fakeapi import ChatClient, FakeBotApi


async def answer_swot(client: ChatClient) -> None:
    """Go through the four SWOT questions to the end, adding one strength."""
    await expect(client, "Was kann Ihre Kommune")
    await client.send("Glasfaser in der Kernstadt")
    await expect(client, "Gespeichert")
    for following in ("Schwächen", "Chancen", "Risiken", "Wie geht es weiter?"):
        await client.click("Fertig")
        await expect(client, following)


async def test_assign_remind_answer_and_tell_the_core_team(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna, ben, clara = await team_of(api, "Ben", "Clara")
    await make_core(anna, clara)
    today = local_day(datetime.now(UTC))
    due = today + timedelta(days=2)

    await ben.send("/schritte")
    overview = await expect(ben, "Arbeitsschritte")
    assert "zuweisen" not in overview.describe()  # only the facilitator assigns

    await anna.send("/schritte")
    await expect(anna, "Arbeitsschritte")
    await anna.click("Aufgaben zuweisen")
    await expect(anna, "Welchen Schritt möchten Sie zuweisen?")
    await anna.click("AS1 Bestandsanalyse")
    await expect(anna, "Was möchten Sie zuweisen?")
    await anna.click("AS1 SWOT-Analyse")
    await expect(anna, "SWOT-Analyse</b> zuweisen")
    await expect(anna, "Wer soll diesen Schritt bearbeiten?")
    await anna.click("Ben (Zivilgesellschaft)")
    await anna.click("Fertig")
    await expect(anna, "Bis wann")
    await anna.send("morgen irgendwann")
    await expect(anna, "Das kann ich nicht als Datum lesen. Bitte so: 15.03.2027")
    await anna.send((today - timedelta(days=1)).strftime("%d.%m.%Y"))
    await expect(anna, "liegt in der Vergangenheit")
    await expect(anna, "Bis wann")
    await anna.send(due.strftime("%d.%m.%Y"))
    check = await expect(anna, "Bitte prüfen Sie")
    assert "für Ben" in check.text and due_text(due) in check.text
    await anna.click("Zuweisen")
    await expect(anna, "ist Ben zugewiesen")
    told = await expect(ben, "bittet Sie")
    assert "AS1 SWOT-Analyse" in told.text and due_text(due) in told.text
    await quiet(clara)  # not assigned: nothing for her

    await ben.send("/schritte")
    overview = await expect(ben, "Arbeitsschritte")
    assert f"Ihre Aufgabe: AS1 SWOT-Analyse – ⏳ bis {due_text(due)}" in overview.text
    await clara.send("/schritte")  # the core team sees how far it is
    overview = await expect(clara, "Arbeitsschritte")
    assert f"Zugewiesen: AS1 SWOT-Analyse bis {due:%d.%m.%Y} – 0 von 1 fertig" in overview.text

    # The day before at 9:30: the periodic check (with its clock moved) reminds Ben.
    moment = datetime.combine(due - timedelta(days=1), time(9, 30), LOCAL_ZONE)
    async with await Database.open(db_path, clock=lambda: moment) as later:
        ids = await remind_due(later)
        assert await remind_due(later) == []
    await bot.services.courier.submit(ids)
    reminder = await expect(ben, "Erinnerung")
    assert "ist morgen fällig" in reminder.text

    await anna.send("/schritte")
    await expect(anna, "Arbeitsschritte")
    await anna.click("Wer hat geantwortet? (0/1)")
    status = await expect(anna, "Wer hat geantwortet?")
    assert "⏳ Ben" in status.text and due_text(due) in status.text

    await ben.click("Jetzt bearbeiten")
    await answer_swot(ben)
    for core in (anna, clara):  # the core team, once
        note = await expect(core, "Alle zugewiesenen Personen haben")
        assert "AS1 SWOT-Analyse" in note.text and "Ben" in note.text
    await quiet(ben)

    await anna.send("/schritte")
    await expect(anna, "Arbeitsschritte")
    await anna.click("Wer hat geantwortet? (1/1)")
    status = await expect(anna, "Wer hat geantwortet?")
    assert "✅ Ben" in status.text

    await ben.send("/schritte")
    overview = await expect(ben, "Arbeitsschritte")
    assert "Ihre Aufgabe: AS1 SWOT-Analyse – ✅ erledigt" in overview.text
    await ben.send("/schritte")  # going through it again tells nobody again
    await expect(ben, "Arbeitsschritte")
    await ben.click("SWOT-Analyse")
    await answer_swot(ben)
    await quiet(anna)


async def test_the_facilitator_moves_the_due_day_and_removes_an_assignment(
    api: FakeBotApi, bot
) -> None:
    anna, ben = await team_of(api, "Ben")
    today = local_day(datetime.now(UTC))
    await anna.send("/schritte")
    await expect(anna, "Arbeitsschritte")
    await anna.click("Aufgaben zuweisen")
    await expect(anna, "Welchen Schritt")
    await anna.click("AS3 Visionen und Ziele")
    await expect(anna, "Wer soll diesen Schritt bearbeiten?")
    await anna.send("1, 2")  # typed numbers work, too: Anna herself and Ben
    await expect(anna, "Bis wann")
    await anna.send((today + timedelta(days=5)).strftime("%d.%m.%Y"))
    check = await expect(anna, "Bitte prüfen Sie")
    assert "für Anna, Ben" in check.text, check.text
    await anna.click("Zuweisen")
    await expect(anna, "zugewiesen")
    await expect(ben, "bittet Sie")
    await anna.click("Zuweisen")  # a second press stores nothing twice
    await expect(anna, "schon gespeichert")

    await anna.click("Wer hat geantwortet?")
    await expect(anna, "Wer hat geantwortet?")
    await anna.click("Datum ändern")
    await expect(anna, "Neues Datum für")
    new_due = today + timedelta(days=9)
    await anna.send(new_due.strftime("%d.%m.%Y"))
    await expect(anna, "Neues Datum gespeichert")
    status = await expect(anna, "Wer hat geantwortet?")
    assert due_text(new_due) in status.text
    moved = await expect(ben, "ist jetzt am")
    assert due_text(new_due) in moved.text

    await ben.send("/meinedaten")  # what is assigned to a person is data about them
    document = await expect(ben, "meine-daten.json")
    assigned = json.loads(document.file_bytes)["teams"][0]["zuweisungen"]
    assert assigned == [{"schritt": "as3", "faellig": new_due.isoformat()}]

    await anna.click("Entfernen")
    await expect(anna, "ist entfernt")
    status = await expect(anna, "Wer hat geantwortet?")
    assert "Noch ist nichts zugewiesen" in status.text
    await expect(ben, "ist aufgehoben")


async def test_a_whole_step_leads_the_assignee_from_part_to_part(api: FakeBotApi, bot) -> None:
    anna, ben = await team_of(api, "Ben")
    today = local_day(datetime.now(UTC))
    await anna.send("/schritte")
    await expect(anna, "Arbeitsschritte")
    await anna.click("Aufgaben zuweisen")
    await expect(anna, "Welchen Schritt")
    await anna.click("AS1 Bestandsanalyse")
    await expect(anna, "Was möchten Sie zuweisen?")
    await anna.click("Ganzer Schritt")
    await expect(anna, "Wer soll diesen Schritt bearbeiten?")
    await anna.click("Ben (Zivilgesellschaft)")
    await anna.click("Fertig")
    await expect(anna, "Bis wann")
    await anna.send(today.strftime("%d.%m.%Y"))  # today is allowed
    await expect(anna, "Bitte prüfen Sie")
    await anna.click("Zuweisen")
    await expect(ben, "AS1 Bestandsanalyse</b> bis")
    # Ben has no questions in the core team's „Konzepte und Ziele“: he starts with the data.
    await ben.click("Jetzt bearbeiten")
    await expect(ben, "Welche Daten liegen in Ihrer Kommune schon digital vor?")
    for following in ("Welche Daten brauchen Sie zusätzlich", "gemeinsame Datenplattform"):
        await ben.click("Fertig")
        await expect(ben, following)
    await ben.click("Fertig")
    pointer = await expect(ben, "Als Nächstes für Ihre Aufgabe")
    assert "AS1 SWOT-Analyse" in pointer.text
    await ben.click("Jetzt bearbeiten")
    await expect(ben, "Was kann Ihre Kommune")
    await quiet(anna)  # not done yet: no note


async def test_the_bot_sends_due_reminders_when_it_starts(
    api: FakeBotApi, db_path: Path, monkeypatch
) -> None:
    """Nothing lives only in memory: a reminder stored before a (re)start goes out after it."""
    monkeypatch.setattr(assignment_reminders, "REMIND_HOUR", 0)  # due whatever the hour
    yesterday = datetime.now(UTC) - timedelta(days=1)
    async with await Database.open(db_path, clock=lambda: yesterday) as db, db.transaction() as tx:
        team = await tx.teams.create("Musterhausen", "Kleinstadt")
        user = await tx.users.get_or_create("telegram:7002", "Ben")
        member = await tx.members.add(team.id, user.id, "Ben", Role.PARTICIPANT, "Politik")
        tomorrow = local_day(datetime.now(UTC)) + timedelta(days=1)
        await tx.assignments.create(team.id, "as1_swot", tomorrow, [member.id], created_by=None)
    ben = person(api, 7002, "Ben")
    async with running_bot(api, db_path):
        reminder = await expect(ben, "Erinnerung")
        assert "AS1 SWOT-Analyse" in reminder.text and "ist morgen fällig" in reminder.text
    async with running_bot(api, db_path):  # and only once
        await quiet(ben, 1.0)
