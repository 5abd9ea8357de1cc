"""Done-words and the order of the steps end to end (real Application, fake Bot API): a typed
„Fertig“ ends a list, AS3 comes before AS4, and a new team is told where to start."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import person
from tests.e2e import create_team, current_values, expect, open_part
from tests.fakeapi import FakeBotApi, SentMessage


def labels(message: SentMessage) -> list[str]:
    return [button.text for row in message.buttons for button in row]


async def test_typed_fertig_ends_the_as3_list_and_is_not_stored(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna = person(api, 1201, "Anna")
    await create_team(anna)
    await open_part(anna, "AS3")
    await expect(anna, "Zieljahr")
    await anna.send("2035")
    asked = await expect(anna, "Stichworte")
    assert "in Anführungszeichen" in asked.text
    await anna.send("Kurze Wege zum Amt")
    await expect(anna, "Nr. 1 im Team")
    await anna.send('"Fertig"')  # quoted: an entry after all
    await expect(anna, "Gespeichert: „Fertig“ – Nr. 2 im Team")
    await anna.send("Fertig")
    await expect(anna, "Grundsätze")
    assert current_values(db_path, "as3", "vision_ideas") == ["Kurze Wege zum Amt", "Fertig"]


async def test_as3_builds_on_as1_only_and_as4_refers_to_as3(api: FakeBotApi, bot) -> None:
    anna = person(api, 1202, "Anna")
    await create_team(anna)
    await open_part(anna, "AS3")
    hint = await expect(anna, "baut auf")
    assert "AS1 Bestandsanalyse" in hint.text and "AS4" not in hint.text
    assert labels(hint) == ["▶ Zuerst AS1 Bestandsanalyse"]
    await expect(anna, "Zieljahr")

    await open_part(anna, "AS4")
    hint = await expect(anna, "baut auf")
    assert "AS3 Visionen und Ziele" in hint.text
    assert "▶ Zuerst AS3 Visionen und Ziele" in labels(hint)
    await expect(anna, "Ziele aus AS3")  # the intro names where the fields come from


async def test_new_team_is_told_where_to_start_and_the_overview_marks_it(
    api: FakeBotApi, bot
) -> None:
    anna = person(api, 1203, "Anna")
    await anna.send("/neu")
    await expect(anna, "Wie heißt Ihre Kommune")
    await anna.send("Musterhausen")
    await expect(anna, "Gemeindetyp")
    await anna.click("Kleinstadt")
    await expect(anna, "Namen")
    await anna.send("1")
    await expect(anna, "Gruppe")
    await anna.click("Verwaltung")
    created = await expect(anna, "ist angelegt")
    assert "👉 Beginnen Sie mit <b>AS1 Bestandsanalyse</b> – er setzt nichts voraus" in (
        created.text
    )
    assert "▶ AS1 Bestandsanalyse öffnen" in labels(created)

    await anna.send("/schritte")
    overview = await expect(anna, "Arbeitsschritte")
    marked = [line for line in overview.text.split("\n") if "Als Nächstes empfohlen" in line]
    assert len(marked) == 1
    before = overview.text.split(marked[0])[0].rstrip().split("\n")[-1]
    assert before.startswith("<b>AS1 Bestandsanalyse</b>")
    assert sum("AS3" in label for label in labels(overview)) == 1  # buttons stay as they were

    await anna.click("AS1 Bestandsanalyse öffnen")
    await expect(anna, "Konzepte")
