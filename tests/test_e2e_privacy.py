"""Data rights through Telegram: /meinedaten shows everything, /loeschen erases as chosen."""

from __future__ import annotations

import json
import sqlite3

from tests.conftest import person
from tests.e2e import create_team, expect, join_team


async def _team_with_ideas(api):
    anna = person(api, 2001, "Anna")
    ben = person(api, 2002, "Ben Beispiel")
    code = await create_team(anna)
    await join_team(ben, code)
    await ben.send("/schritte")
    await expect(ben, "Arbeitsschritte")
    await ben.click("AS3")
    await expect(ben, "Stichworte")
    await ben.send("Bürgerportal für alle Anträge")
    await expect(ben, "Gespeichert")
    return anna, ben


def _rows(db_path, sql, *params):
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        return conn.execute(sql, params).fetchall()


async def test_my_data_lists_memberships_and_contributions(api, bot, db_path) -> None:
    _, ben = await _team_with_ideas(api)
    await ben.send("/meinedaten")
    overview = await expect(ben, "Ihre gespeicherten Daten")
    assert "Musterhausen" in overview.text
    assert "1 aktueller Beitrag (1 Fassung insgesamt)" in overview.text
    document = await expect(ben, "meine-daten.json")
    record = json.loads(document.file_bytes)
    assert record["person"]["kennung"] == "telegram:2002"
    contributions = record["teams"][0]["beitraege"]
    assert [c["wert"] for c in contributions] == ["Bürgerportal für alle Anträge"]


async def test_delete_keeps_contributions_anonymous(api, bot, db_path) -> None:
    _, ben = await _team_with_ideas(api)
    await ben.send("/loeschen")
    await expect(ben, "Daten löschen")
    await ben.click("anonym behalten")
    await expect(ben, "Erledigt")
    assert _rows(db_path, "SELECT * FROM users WHERE account = 'telegram:2002'") == []
    assert _rows(db_path, "SELECT display_name FROM members WHERE display_name LIKE 'Ben%'") == []
    assert _rows(
        db_path, "SELECT author_id FROM answers WHERE value = '\"Bürgerportal für alle Anträge\"'"
    ) == [(_rows(db_path, "SELECT id FROM members WHERE user_id IS NULL")[0][0],)]


async def test_delete_can_erase_contributions(api, bot, db_path) -> None:
    anna, ben = await _team_with_ideas(api)
    await ben.send("/loeschen")
    await expect(ben, "Daten löschen")
    await ben.click("Alles löschen")
    await expect(ben, "Erledigt")
    assert _rows(db_path, "SELECT * FROM answers WHERE value LIKE '%Bürgerportal%'") == []
    await anna.send("/zusammenfassung as3")
    summary = await expect(anna, "Visionen und Ziele")
    assert "Bürgerportal" not in summary.text


async def test_sole_facilitator_must_hand_over_before_deleting(api, bot, db_path) -> None:
    anna, _ = await _team_with_ideas(api)
    await anna.send("/loeschen")
    await expect(anna, "Daten löschen")
    await anna.click("anonym behalten")
    await expect(anna, "einzige Moderation")
    assert _rows(db_path, "SELECT * FROM users WHERE account = 'telegram:2001'") != []


async def test_a_deleted_person_is_no_longer_listed_as_a_member(api, bot, db_path) -> None:
    anna, ben = await _team_with_ideas(api)
    await anna.send("/team")
    assert "Ben Beispiel – Zivilgesellschaft" in (await expect(anna, "Team Musterhausen")).text
    await ben.send("/loeschen")
    await expect(ben, "Daten löschen")
    await ben.click("anonym behalten")
    await expect(ben, "Erledigt")
    await anna.send("/team")
    team = await expect(anna, "Team Musterhausen")
    assert "Gelöschte Person" not in team.text and "Teilnehmende" not in team.text
    assert "1 Person hat ihre Daten gelöscht" in team.text
    await anna.send("/zusammenfassung as3")  # the contribution stays, without a name
    assert "1 Idee zur Vision" in (await expect(anna, "Visionen und Ziele")).text
