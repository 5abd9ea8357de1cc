"""Renaming and merging entries keeps every link, end to end: the facilitator renames an idea
and a field of action or merges two ideas from the step overview, and the dots, the shortlist,
the sketch and the project's field in AS7 follow."""

from __future__ import annotations

from tests.conftest import person
from tests.e2e import create_team, expect, open_part
from tests.fakeapi import ChatClient
from tests.test_e2e_as5_as9 import add_bare_sketch, add_idea, seed_fields, to_the_vote


async def _ideas_votes_and_a_sketch(anna: ChatClient, *more_fields: str) -> None:
    """AS4 field „Mobilität“ (and ``more_fields``); ideas „Rufbus“ and „Rufbus-App“ (both in
    „Mobilität“); dots 1 and 2; „Rufbus-App“ shortlisted and sketched."""
    await seed_fields(anna, "Mobilität", *more_fields)
    await open_part(anna, "AS5 Projektideen")
    await expect(anna, "Wie heißt die Idee")
    await add_idea(anna, "Rufbus", "Mobilität", "Bus auf Bestellung", "Ortsteile erreichbar")
    await add_idea(anna, "Rufbus-App", "Mobilität", "Buchen per App", "Ortsteile erreichbar")
    await anna.click("Fertig")
    await to_the_vote(anna)
    await anna.send("1 2 2")
    await expect(anna, "Welche Ideen sollen als Projekte ausgearbeitet werden")
    await anna.click("Rufbus-App")
    await expect(anna, "Ausgewählt: Rufbus-App")
    await anna.click("Fertig")
    await expect(anna, "Skizzieren Sie nun")
    await add_bare_sketch(anna, "Rufbus-App")
    await anna.click("Fertig")
    await expect(anna, "Beiträge zu den Projektideen sind gespeichert")


async def _tools(anna: ChatClient, tools: str, entry: str) -> None:
    await anna.send("/schritte")
    await expect(anna, "Arbeitsschritte")
    await anna.click(tools)
    await expect(anna, "bearbeiten</b>")
    await anna.click(entry)
    await expect(anna, f"<b>{entry}</b>")


async def _rename(anna: ChatClient, tools: str, entry: str, new: str) -> None:
    await _tools(anna, tools, entry)
    await anna.click("Umbenennen")
    await expect(anna, "Wie soll der Eintrag künftig heißen")
    await anna.send(new)
    await expect(anna, f"heißt jetzt „{new}“")


async def _summaries(anna: ChatClient) -> tuple[str, str]:
    """The AS5 summary in chat and the AS7 summary as Markdown file."""
    await anna.send("/zusammenfassung as5")
    as5 = (await expect(anna, "AS5 Projektideen entwickeln ·")).text or ""
    await anna.send("/zusammenfassung as7")
    as7 = (await expect(anna, "zusammenfassung-as7.md")).file_bytes.decode()
    return as5, as7


async def test_merging_an_idea_moves_its_sketch_and_the_project_keeps_its_field(api, bot) -> None:
    anna = person(api, 3101, "Anna")
    await create_team(anna)
    await _ideas_votes_and_a_sketch(anna)

    await _tools(anna, "Ideen bearbeiten", "Rufbus-App")
    await anna.click("Mit Doppeltem zusammenführen")
    await expect(anna, "Mit welchem Eintrag")
    await anna.click("Rufbus · Mobilität")
    await expect(anna, "zusammengeführt")

    as5, as7 = await _summaries(anna)
    assert "▸ Rufbus (3 Punkte) – Skizze liegt vor" in as5
    assert "Rufbus-App" not in as5
    assert "| Rufbus | Mobilität |" in as7


async def test_renaming_an_idea_and_a_field_keeps_dots_shortlist_sketch_and_field(
    api, bot
) -> None:
    anna = person(api, 3102, "Anna")
    await create_team(anna)
    await _ideas_votes_and_a_sketch(anna)

    await _rename(anna, "Ideen bearbeiten", "Rufbus-App", "Rufbus für die Ortsteile")
    await _rename(anna, "Handlungsfelder bearbeiten", "Mobilität", "Mobilität und Verkehr")

    as5, as7 = await _summaries(anna)
    assert "▸ Rufbus für die Ortsteile (2 Punkte) – Skizze liegt vor" in as5
    assert "Rufbus-App" not in as5 and "Rufbus-App" not in as7
    assert "| Rufbus für die Ortsteile | Mobilität und Verkehr |" in as7
    # The strategy paper follows, too.
    await anna.send("/strategie")
    await expect(anna, "Smart-City-Strategie · Musterhausen")
    await anna.click("📄 Entwurf erzeugen")
    paper = (await expect(anna, "strategie-kompakt.md", timeout=60)).file_bytes.decode()
    assert "Rufbus für die Ortsteile" in paper and "Mobilität und Verkehr" in paper
    assert "Rufbus-App" not in paper


async def test_a_rename_to_a_name_the_list_already_has_changes_nothing(api, bot) -> None:
    anna = person(api, 3103, "Anna")
    await create_team(anna)
    await _ideas_votes_and_a_sketch(anna)

    await _tools(anna, "Ideen bearbeiten", "Rufbus-App")
    await anna.click("Umbenennen")
    await expect(anna, "Wie soll der Eintrag künftig heißen")
    await anna.send("rufbus")
    refused = await expect(anna, "gibt es in dieser Liste schon")
    assert "zusammen" in (refused.text or "")

    as5, _ = await _summaries(anna)
    assert "▸ Rufbus-App (2 Punkte) – Skizze liegt vor" in as5


# -- changing an assignment later -----------------------------------------------------------


async def _change(anna: ChatClient, tools: str, entry: str, what: str, choice: str) -> None:
    await _tools(anna, tools, entry)
    await anna.click(f"{what} ändern")
    offered = await expect(anna, f"{what} für „{entry}“")
    assert choice in [b.text for row in offered.buttons for b in row]
    await anna.click(choice)
    await expect(anna, f"{what}: <b>{choice}</b>")


async def test_the_field_of_an_idea_can_be_changed_later(api, bot) -> None:
    anna = person(api, 3104, "Anna")
    await create_team(anna)
    await _ideas_votes_and_a_sketch(anna, "Energie")

    await _change(anna, "Ideen bearbeiten", "Rufbus-App", "Handlungsfeld", "Energie")

    _, as7 = await _summaries(anna)
    assert "| Rufbus-App | Energie |" in as7


async def test_the_project_of_a_risk_can_be_changed_later(api, bot) -> None:
    anna = person(api, 3105, "Anna")
    await create_team(anna)
    await _ideas_votes_and_a_sketch(anna)
    await open_part(anna, "AS6 Risiken")
    await expect(anna, "Welches Risiko?")
    await anna.click("Andere")
    await expect(anna, "eigene Angabe")
    await anna.send("Zu hohe Folgekosten")
    await expect(anna, "Zu welchem Bereich gehört es")
    await anna.click("Extern")
    await expect(anna, "Betrifft es die ganze Strategie oder ein Projekt")
    await anna.click("Strategieebene")
    await expect(anna, "Was genau könnte passieren")
    await anna.click("Überspringen")
    await expect(anna, "Noch ein Risiko?")

    await _change(
        anna, "Risiken und ihre Projekte", "Zu hohe Folgekosten", "Projekt", "Rufbus-App"
    )

    await anna.send("/zusammenfassung as6")
    document = (await expect(anna, "zusammenfassung-as6.md")).file_bytes.decode()
    risk_line = next(line for line in document.splitlines() if "Zu hohe Folgekosten" in line)
    assert "Rufbus-App" in risk_line and "Strategieebene" not in risk_line


async def test_a_mistyped_field_of_a_goal_can_be_corrected_later(api, bot) -> None:
    anna = person(api, 3106, "Anna")
    await create_team(anna)
    await open_part(anna, "AS3 Visionen")
    await expect(anna, "Zieljahr")
    await anna.send("2035")
    await expect(anna, "Stichworte")
    await anna.click("Fertig")
    await expect(anna, "Grundsätze")
    await anna.click("Überspringen")
    await expect(anna, "Formulieren Sie nun die Vision")
    await anna.send("Musterhausen ist 2035 eine digitale Kleinstadt für alle.")
    await expect(anna, "strategischen Ziele")
    await anna.send("Online-Terminvergabe im Bürgerbüro bis 2027")
    await expect(anna, "Gespeichert")
    await anna.click("Fertig")
    await expect(anna, "1/1")
    await anna.click("Andere")
    await expect(anna, "eigene Angabe")
    await anna.send("Verwaltng")  # a typo makes a new field
    await expect(anna, "Danke")

    goal = "Online-Terminvergabe im Bürgerbüro bis 2027"
    await _tools(anna, "Ziele und ihre Felder", goal)
    assert "Handlungsfeld: Verwaltng" in (anna.api.sent_to(anna.chat.id)[-1].text or "")
    await _change(
        anna, "Ziele und ihre Felder", goal, "Handlungsfeld", "Verwaltung und E-Government"
    )

    await anna.send("/zusammenfassung as3")
    document = (await expect(anna, "zusammenfassung-as3.md")).file_bytes.decode()
    assert "Verwaltung und E-Government" in document and "Verwaltng" not in document
