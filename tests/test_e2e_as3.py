"""AS3 end to end through the real Application and a fake Bot API server."""

from __future__ import annotations

from bot.present import texts
from tests.conftest import person
from tests.e2e import (
    button_data,
    create_team,
    expect,
    join_team,
    make_core,
    press_data,
    quiet,
    team_of,
)
from tests.fakeapi import ChatClient, SentMessage


async def test_team_works_through_as3_and_core_team_gets_results(api, bot) -> None:
    anna = person(api, 1001, "Anna")
    ben = person(api, 1002, "Ben")
    code = await create_team(anna)
    await join_team(ben, code)
    await expect(anna, "ist dem Team beigetreten")
    await anna.click("Zum Kernteam")
    await expect(anna, "Kernteam")
    await expect(ben, "Ihre Rolle")

    # Both open AS3; Ben (core team) adds vision ideas too.
    await anna.send("/schritte")
    await expect(anna, "Arbeitsschritte")
    await anna.click("AS3")
    await expect(anna, "Zieljahr")
    await anna.send("2035")
    await expect(anna, "Stichworte")
    await anna.send("Kurze Wege zum Amt – alles auch online")
    await expect(anna, "Gespeichert")
    await ben.send("/schritte")
    await expect(ben, "Arbeitsschritte")
    await ben.click("AS3")
    await expect(ben, "Zieljahr")
    await ben.click("Beibehalten")
    await expect(ben, "Stichworte")
    await ben.send("Grüne Innenstadt mit Sensorik für Klimaanpassung")
    await expect(ben, "Nr. 2 im Team")
    await ben.click("Fertig")
    await expect(ben, "Grundsätze")
    await ben.click("Überspringen")
    await expect(ben, "Vision")

    # Anna writes the statement; the ideas of both are shown.
    await anna.click("Fertig")
    await expect(anna, "Grundsätze")
    await anna.click("Zugang zu Daten")
    await anna.click("Transparenz")
    await anna.click("Fertig")
    shown = await expect(anna, "Formulieren Sie nun die Vision")
    assert "Kurze Wege" in shown.text and "Grüne Innenstadt" in shown.text
    await anna.send(
        "Musterhausen ist 2035 eine klimafreundliche Kleinstadt, in der digitale Dienste "
        "allen das Leben erleichtern."
    )
    await expect(anna, "strategischen Ziele")
    for goal in (
        "Online-Terminvergabe im Bürgerbüro bis 2027",
        "Freies WLAN auf dem Marktplatz",
        "Sensoren messen Hitze in der Innenstadt",
    ):
        await anna.send(goal)
        await expect(anna, "Gespeichert")
    await anna.click("Fertig")
    await expect(anna, "1/3")
    await anna.click("Verwaltung und E-Government")
    await expect(anna, "2/3")
    await anna.click("Andere")
    await expect(anna, "eigene Angabe")
    await anna.send("Öffentliche Räume")
    await expect(anna, "3/3")
    await anna.send("4")  # typed number = fourth option: Umwelt und Klima
    await expect(anna, "Danke")
    await expect(anna, "Wie geht es weiter")
    await anna.click("abschließen")

    for member in (anna, ben):
        summary = await expect(member, "Ziele in 3 Handlungsfeldern")
        assert "Öffentliche Räume" in summary.text
        assert "Umwelt und Klima" in summary.text
        chart = await expect(member, "Zielmapping")
        assert chart.kind == "photo"
        assert chart.file_bytes.startswith(b"\x89PNG")
        document = await expect(member, "zusammenfassung-as3.md")
        content = document.file_bytes.decode()
        assert "Online-Terminvergabe" in content and "klimafreundliche Kleinstadt" in content


async def test_facilitator_closes_and_reopens_a_step_from_the_overview(api, bot) -> None:
    anna, ben, cem = await team_of(api, "Ben", "Cem")
    await make_core(anna, ben)
    # Only the facilitator gets the buttons in /schritte.
    await ben.send("/schritte")
    shown = " ".join(labels(await expect(ben, "Arbeitsschritte")))
    assert "abschließen" not in shown and "öffnen" not in shown
    await open_overview(anna)
    await anna.click("Schritt abschließen oder wieder öffnen")
    menu = await expect(anna, "Wenn Sie einen Schritt abschließen")
    assert "🏁 AS3 abschließen und Ergebnis senden" in labels(menu)

    await anna.click("AS3 abschließen")
    for member in (anna, ben):  # the core team gets the summary, as at the end of a pass
        await expect(member, "AS3 Visionen und Ziele</b> wurde von Anna abgeschlossen")
        await expect(member, "zusammenfassung-as3.md")
    await expect(anna, "Die Ergebnisse gehen an 2 Mitglieder")
    await quiet(cem, 0.2)
    assert not [t for t in cem.texts() if "abgeschlossen" in t]

    # The old button again: nothing is sent twice (the used-up button says so on the button).
    answered = len(anna.api.callback_answers)
    await press_data(anna, button_data(menu, "AS3 abschließen"))
    await anna.api.wait_for(lambda: len(anna.api.callback_answers) > answered, timeout=5)
    assert list(anna.api.callback_answers.values())[-1]["text"] == texts.BUTTON_USED
    await quiet(ben, 0.2)

    closed = await open_overview(anna)
    assert "<b>AS3 Visionen und Ziele</b> – ● abgeschlossen" in closed.text
    await anna.click("Schritt abschließen oder wieder öffnen")
    await expect(anna, "Wenn Sie einen Schritt abschließen")
    await anna.click("AS3 wieder öffnen")
    await expect(anna, "AS3 Visionen und Ziele ist wieder offen")
    reopened = await open_overview(anna)
    assert "<b>AS3 Visionen und Ziele</b> – ◐ in Arbeit" in reopened.text
    await anna.click("Schritt abschließen oder wieder öffnen")
    menu = await expect(anna, "Wenn Sie einen Schritt abschließen")
    assert "🏁 AS3 abschließen und Ergebnis senden" in labels(menu)


def labels(message: SentMessage) -> list[str]:
    return [b.text for row in message.buttons for b in row]


async def open_overview(client: ChatClient) -> SentMessage:
    await client.send("/schritte")
    return await expect(client, "Arbeitsschritte")
