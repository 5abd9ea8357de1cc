"""Facilitator list tools: merging duplicate ideas moves their dots; participants are refused."""

from __future__ import annotations

from tests.conftest import person
from tests.e2e import create_team, current_values, expect, join_team


def _votes(db_path) -> list[dict]:
    return current_values(db_path, "as5", "votes")


async def _idea(client, title: str) -> None:
    await client.send(title)
    await expect(client, "Handlungsfeld")
    await client.click("Mobilität")
    for _ in range(3):  # idea, goal, partners: skipped
        await expect(client, "Feld")
        await client.click("Überspringen")
    await expect(client, "Noch eine Idee")


async def test_merging_duplicate_ideas_moves_the_dots(api, bot, db_path) -> None:
    anna = person(api, 3001, "Anna")
    cem = person(api, 3003, "Cem")
    code = await create_team(anna)
    await join_team(cem, code)
    await anna.send("/schritte")
    await expect(anna, "Arbeitsschritte")
    await anna.click("AS5 Projektideen")
    await expect(anna, "Projektideen")
    await _idea(anna, "Rufbus")
    await _idea(anna, "Rufbus-App")
    await anna.click("Fertig")
    await expect(anna, "Bis wann soll die Punktabstimmung")
    await anna.click("Überspringen")
    await expect(anna, "Punktabstimmung")
    await anna.send("1 2 2")
    await expect(anna, "ausgearbeitet")
    assert _votes(db_path) == [{"Rufbus": 1, "Rufbus-App": 2}]

    await anna.send("/schritte")
    await expect(anna, "Arbeitsschritte")
    await anna.click("Ideen bearbeiten")
    await expect(anna, "Ideen bearbeiten")
    await anna.click("Rufbus-App")
    await expect(anna, "Handlungsfeld: Mobilität")
    await anna.click("Mit Doppeltem zusammenführen")
    await expect(anna, "Mit welchem Eintrag")
    await anna.click("Rufbus · Mobilität")
    await expect(anna, "zusammengeführt")
    assert _votes(db_path) == [{"Rufbus": 3}]

    # Cem (participant) pressing Anna's tool button is refused; nothing changes.
    tools = [
        m for m in api.sent_to(3001) if any("Zur Liste" in b.text for r in m.buttons for b in r)
    ]
    data = next(b.data for r in tools[-1].buttons for b in r if "Zur Liste" in b.text)
    own_message = api.sent_to(3003)[-1].message_id  # forged data on a message of his own
    api.push_callback(cem.user, own_message, data)
    await expect(cem, "⛔")
    assert _votes(db_path) == [{"Rufbus": 3}]
