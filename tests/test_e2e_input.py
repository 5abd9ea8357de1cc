"""Typed input end to end (real Application, fake Bot API): „Meinten Sie …?“ for a near match,
own entries kept as written, and live ratings that are not asked again one by one."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from tests.conftest import person, running_bot
from tests.e2e import create_team, current_values, expect, open_part
from tests.fakeapi import ChatClient, FakeBotApi
from tests.test_e2e_live import ANNA, GROUP, RISKS, answered, rating_data, seed, start


async def test_as3_goal_field_near_match_is_asked_about(api: FakeBotApi, bot, db_path) -> None:
    anna = person(api, 1101, "Anna")
    await create_team(anna)
    await open_part(anna, "AS3")
    await expect(anna, "Zieljahr")
    for following in ("Stichworte", "Grundsätze", "Formulieren Sie", "strategischen Ziele"):
        await anna.send("/ueberspringen")
        await expect(anna, following)
    for goal in ("Gründerzentrum am Bahnhof", "Alle Anträge online bis 2028"):
        await anna.send(goal)
        await expect(anna, "Gespeichert")
    await anna.click("Fertig")
    await expect(anna, "1/2")

    # „Wirtschaft“ is her own field: asked about, then kept exactly as written.
    await anna.send("Wirtschaft")
    asked = await expect(anna, "Meinten Sie „Wirtschaft und Forschung“?")
    assert "So übernehmen: Wirtschaft" in str(asked.buttons)
    await anna.click("So übernehmen: Wirtschaft")
    await expect(anna, "2/2")

    # A typo: the question survives a pause; only the pressed candidate is stored.
    await anna.send("Verwaltng")
    await expect(anna, "Meinten Sie „Verwaltung und E-Government“?")
    await anna.send("/pause")
    await expect(anna, "Pausiert")
    await anna.send("/weiter")
    await expect(anna, "Meinten Sie „Verwaltung und E-Government“?")
    await anna.click("Verwaltung und E-Government")
    await expect(anna, "Danke")
    assert current_values(db_path, "as3", "goal_field") == [
        "Wirtschaft",
        "Verwaltung und E-Government",
    ]


async def test_risk_with_own_title_and_a_typo_in_a_fixed_choice(
    api: FakeBotApi, bot, db_path
) -> None:
    anna = person(api, 1102, "Anna")
    await create_team(anna)
    await open_part(anna, "AS6")
    await expect(anna, "Welches Risiko?")
    await anna.send("Folgekosten")
    await expect(anna, "Meinten Sie „Unerwartete Folgekosten“?")
    await anna.click("So übernehmen: Folgekosten")
    await expect(anna, "Zu welchem Bereich")
    # No own entries here: the candidate only, and a clear error for what matches nothing.
    await anna.send("Raumfahrt")
    await expect(anna, "Bitte wählen Sie eine der Schaltflächen")
    await anna.send("Extrn")
    asked = await expect(anna, "Meinten Sie „Extern“?")
    assert "So übernehmen" not in str(asked.buttons)
    await anna.click("Extern")
    await expect(anna, "ganze Strategie oder ein Projekt")
    await anna.click("Strategieebene")
    await expect(anna, "Was genau könnte passieren")
    await anna.click("Überspringen")
    await expect(anna, "Gespeichert: „Folgekosten“")
    assert current_values(db_path, "as6", "risks") == [
        {
            "title": "Folgekosten",
            "category": "Extern",
            "project": "Strategieebene",
            "description": None,
        }
    ]


async def test_live_ratings_are_taken_over_in_the_private_pass(
    api: FakeBotApi, db_path: Path
) -> None:
    await seed(db_path, ideas=False, risks=True)
    with closing(sqlite3.connect(db_path)) as conn, conn:  # Anna works in the seeded team
        conn.execute("UPDATE users SET active_team_id = (SELECT MIN(id) FROM teams)")
    group = ChatClient(api, ANNA, GROUP)
    anna = ChatClient(api, ANNA)
    async with running_bot(api, db_path):
        status = await start(group, "Bewerten", "ohne Timer")
        before = len(api.callback_answers)
        for number in (1, 2):
            for letter, value in (("W", 4), ("A", 5)):
                data = rating_data(status, number, letter, value)
                api.push_callback(ANNA, status.message_id, data, GROUP)
        await answered(api, before + 4)

        await open_part(anna, "AS6")
        await expect(anna, "Welche Risiken sehen Sie")
        await anna.click("Fertig")
        offer = await expect(anna, f"Zu {len(RISKS)} von {len(RISKS)} Einträgen")
        assert "Antworten übernehmen" in str(offer.buttons)
        await anna.click("Antworten übernehmen")
        asked = await expect(anna, "Wie weit reicht dieses Risiko")
        assert f"1/{len(RISKS)}:</b> „{RISKS[0]}“" in asked.text
    assert current_values(db_path, "as6", "likelihood") == [4, 4]
    assert current_values(db_path, "as6", "impact") == [5, 5]
