"""AS2 and AS4 end to end, and closing a work step – through the real Application and a fake
Bot API server."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.e2e import (
    add_actor,
    current_values,
    expect,
    make_core,
    offered,
    open_part,
    quiet,
    team_of,
)
from tests.fakeapi import ChatClient, FakeBotApi

#: The seven components in order: (status button, note or None to skip it).
COMPONENTS = (
    ("In Arbeit", "Entwurf liegt dem Hauptausschuss im Mai vor"),
    ("Erledigt", None),
    ("Offen", None),
    ("Offen", None),
    ("In Arbeit", "Kämmerei prüft Förderprogramme"),
    ("Nicht nötig", None),
    ("Offen", None),
)


async def add_plan_entry(
    client: ChatClient,
    title: str,
    lane: str,
    start: str,
    end: str | None,
    responsible: str | None,
    *,
    bad_dates: tuple[str, ...] = (),
) -> None:
    """One plan entry, from its title question to the next one; None skips a field."""
    await client.send(title)
    await expect(client, "Welche Art von Eintrag")
    await client.click(lane)
    await expect(client, "Wann beginnt er")
    for bad in bad_dates:
        await client.send(bad)
        hint = await expect(client, "Das kann ich nicht als Datum lesen")
        assert "03/2027, Q2 2027 oder 2027" in hint.text
    await client.send(start)
    await expect(client, "Wann endet er")
    if end is None:
        await client.click("Überspringen")
    else:
        await client.send(end)
    await expect(client, "Wer ist verantwortlich")
    if responsible is None:
        await client.click("Überspringen")
    else:
        await client.send(responsible)
    saved = await expect(client, f"Gespeichert: „{title}“")
    assert "Noch ein Planeintrag?" in saved.body  # one message: acknowledged and asked again


async def test_as2_components_plan_and_summary_with_german_dates(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna, ben = await team_of(api, "Ben")
    await make_core(anna, ben)
    await open_part(ben, "AS2 Strategieprozess")
    for number, (status, note) in enumerate(COMPONENTS, 1):
        asked = await expect(ben, "Wie weit ist dieser Baustein")
        assert f"Frage {number}/10 · Feld 1/2" in asked.text
        await ben.click(status)
        await expect(ben, "kurze Notiz")
        if note is None:
            await ben.click("Überspringen")
        else:
            await ben.send(note)
    await expect(ben, "Wer steuert den Prozess")
    await ben.send("Kernteam steuert; Bürgermeisterin und Hauptausschuss entscheiden")
    await expect(ben, "Wie und wann beteiligen Sie")
    await ben.send("Auftakt im Rat, zwei Online-Umfragen, Bürgerwerkstatt im Herbst")
    await expect(ben, "Welche Einträge gehören in den Prozessplan")
    await add_plan_entry(
        ben, "Auftakt im Stadtrat", "Gremium/Entscheidung", "03/2026", None, "Bürgermeisterin"
    )
    await add_plan_entry(
        ben, "Bürgerwerkstatt", "Beteiligung", "Q3 2026", "Q4 2026", None,
        bad_dates=("32/2026", "morgen"),
    )  # fmt: skip
    await add_plan_entry(
        ben, "Strategie beschlossen", "Meilenstein/Produkt", "2027", "12/2027", "Stadtrat"
    )
    await ben.click("Fertig")
    await expect(ben, "Prozessplan ist gespeichert")
    components = {
        key: current_values(db_path, "as2", f"component_{key}")
        for key in ("leitbild", "organisation", "finanzierung")
    }
    assert components == {
        "leitbild": [
            {"status": "In Arbeit", "note": "Entwurf liegt dem Hauptausschuss im Mai vor"}
        ],
        "organisation": [{"status": "Erledigt", "note": None}],
        "finanzierung": [{"status": "In Arbeit", "note": "Kämmerei prüft Förderprogramme"}],
    }
    assert [(e["start"], e["end"]) for e in current_values(db_path, "as2", "plan")] == [
        ("2026-03", None),
        ("2026-Q3", "2026-Q4"),
        ("2027", "2027-12"),
    ]

    await ben.send("/zusammenfassung as2")
    summary = (await expect(ben, "AS2 Strategieprozess planen")).text
    assert "Bausteine der Strategie (7 von 7 eingeschätzt)" in summary
    assert "Prozessplan (3 Einträge, März 2026 – Dezember 2027)" in summary
    chart = await expect(ben, "prozessplan.png")
    assert chart.file_bytes and chart.file_bytes.startswith(b"\x89PNG")
    assert "Bürgerwerkstatt" in chart.body
    document = (await expect(ben, "zusammenfassung-as2.md")).file_bytes.decode()
    assert "| Beginn | Ende | Eintrag | Art | Verantwortlich | Stand |" in document
    rows = [line for line in document.splitlines() if line.startswith("| ") and "|---" not in line]
    plan = [line for line in rows if line.count("|") == 7 and "Beginn" not in line]
    assert [row.split(" | ")[:5] for row in plan] == [
        ["| März 2026", "März 2026", "Auftakt im Stadtrat", "Gremium/Entscheidung",
         "Bürgermeisterin"],
        ["| Q3 2026", "Q4 2026", "Bürgerwerkstatt", "Beteiligung", "–"],
        ["| 2027", "Dezember 2027", "Strategie beschlossen", "Meilenstein/Produkt", "Stadtrat"],
    ]  # fmt: skip
    assert (
        "| Ziele und Leitbild | Ziele, Leitbild und ethische Grundsätze | In Arbeit | "
        "Entwurf liegt dem Hauptausschuss im Mai vor |" in document
    )
    assert "Kernteam steuert; Bürgermeisterin und Hauptausschuss entscheiden" in document


async def add_field(
    client: ChatClient, name: str, description: str | None, focus: str, role: str, lead: str
) -> None:
    """One field of action, from its name question to the next one; „+Name“ is an own one."""
    if name.startswith("+"):
        await client.click("Andere")
        await expect(client, "eigene Angabe")
        await client.send(name[1:])
    else:
        await client.click(name)
    await expect(client, "Was gehört zu diesem Feld")
    if description is None:
        await client.click("Überspringen")
    else:
        await client.send(description)
    await expect(client, "räumliche Schwerpunkt")
    await client.click(focus)
    await expect(client, "Welche Rolle hat die Kommune")
    await client.click(role)
    await expect(client, "Führt die Kommune")
    await client.click(lead)
    saved = await expect(client, f"Gespeichert: „{name.lstrip('+')}“")
    assert "Noch ein Handlungsfeld?" in saved.body  # one message: acknowledged and asked again


async def test_as4_fields_with_experts_from_the_actor_map_feed_as3(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna, ben = await team_of(api, "Ben")
    await make_core(anna, ben)

    # Two actors from AS1 to pick as experts.
    await open_part(anna, "Akteursmapping")
    await expect(anna, "Welche Gruppen")
    await anna.send("1, 6")
    await expect(anna, "Wen sollten wir einbinden")
    await add_actor(anna, "Stadtwerke Lindenau", "Kommunale Unternehmen", "Schlüsselakteure")
    await add_actor(anna, "Verkehrsverbund Mittelland", "Kommunale Unternehmen", "Peripherie")
    await anna.click("Fertig")
    await expect(anna, "Akteursmapping sind gespeichert")

    await open_part(ben, "AS4 Handlungsfelder")
    await expect(ben, "Wie soll die Smart-City-Strategie zur Stadtentwicklung stehen")
    await ben.click("Aus dem Stadtentwicklungskonzept abgeleitet")
    await expect(ben, "Welches Handlungsfeld")
    await add_field(
        ben, "Mobilität", "Bus, Rad und Sharing, auch in den Ortsteilen", "Gesamte Kommune",
        "Netzwerkerin", "Kooperiert",
    )  # fmt: skip
    await add_field(
        ben, "+Digitales Ehrenamt", None, "Ein Stadtteil oder Ortsteil",
        "Förderin digitaler Teilhabe", "Gibt Impulse",
    )  # fmt: skip
    await ben.click("Fertig")

    # Experts per field: actors of AS1 as buttons, plus a name of one's own.
    experts = await expect(ben, "Welche Fachleute gehören zu diesem Handlungsfeld")
    assert "1/2:</b> „Mobilität“" in experts.text
    labels = [b.text for row in experts.buttons for b in row]
    assert labels[:2] == ["1 ☐ Stadtwerke Lindenau", "2 ☐ Verkehrsverbund Mittelland"]
    await ben.click("Verkehrsverbund Mittelland")
    await expect(ben, "Ausgewählt: Verkehrsverbund Mittelland")
    await ben.send("Radverkehrsbeauftragte")
    experts = await expect(ben, "Welche Fachleute")
    assert "2/2:</b> „Digitales Ehrenamt“" in experts.text
    await ben.click("Stadtwerke Lindenau")
    await expect(ben, "Ausgewählt: Stadtwerke Lindenau")
    await ben.click("Fertig")
    await expect(ben, "Handlungsfelder sind gespeichert")
    assert current_values(db_path, "as4", "experts") == [
        ["Verkehrsverbund Mittelland", "Radverkehrsbeauftragte"],
        ["Stadtwerke Lindenau"],
    ]

    # AS3 offers the own field of AS4 for a goal.
    await open_part(ben, "AS3 Visionen")
    await expect(ben, "Zieljahr")
    await ben.click("Überspringen")
    await expect(ben, "Stichworte")
    await ben.click("Fertig")
    await expect(ben, "Grundsätze")
    await ben.click("Fertig")
    await expect(ben, "Formulieren Sie nun die Vision")
    await ben.click("Überspringen")
    await expect(ben, "strategischen Ziele")
    await ben.send("Jeder Verein nutzt eine digitale Vereinsplattform")
    await expect(ben, "Gespeichert")
    await ben.click("Fertig")
    goal_field = await expect(ben, "Zu welchem Handlungsfeld gehört dieses Ziel")
    assert "Digitales Ehrenamt" in offered(goal_field)
    await ben.click("Digitales Ehrenamt")
    await expect(ben, "Danke")
    assert current_values(db_path, "as3", "goal_field") == ["Digitales Ehrenamt"]

    await anna.send("/zusammenfassung as4")
    summary = (await expect(anna, "AS4 Handlungsfelder bestimmen")).text
    assert "Modell 2: Aus dem Stadtentwicklungskonzept abgeleitet" in summary
    assert "2 Handlungsfelder" in summary
    mobility, volunteering = summary.split("▸ <b>Mobilität</b>")[1].split("▸ <b>")[:2]
    assert "Rolle der Kommune: Netzwerkerin · Kooperiert" in mobility
    assert "Fachleute: Verkehrsverbund Mittelland, Radverkehrsbeauftragte" in mobility
    assert volunteering.startswith("Digitales Ehrenamt</b>")
    assert "Rolle der Kommune: Förderin digitaler Teilhabe · Gibt Impulse" in volunteering
    assert "Fachleute: Stadtwerke Lindenau" in volunteering
    document = (await expect(anna, "zusammenfassung-as4.md")).file_bytes.decode()
    assert "| 1 | Mobilität | Gesamte Kommune | Netzwerkerin | Kooperiert | 2 |" in document
    assert "  - Verkehrsverbund Mittelland (aus dem Akteursmapping)" in document
    assert "  - Radverkehrsbeauftragte\n" in document
    assert "  - Stadtwerke Lindenau (aus dem Akteursmapping)" in document


async def test_closing_as2_sends_results_to_the_core_team_only(api: FakeBotApi, bot) -> None:
    anna, ben, cem = await team_of(api, "Ben", "Cem")
    await make_core(anna, ben)
    await open_part(anna, "AS2 Strategieprozess")
    for _ in range(7):  # the components: skipped as a whole
        await expect(anna, "Wie weit ist dieser Baustein")
        await anna.click("Überspringen")
    for question in ("Wer steuert den Prozess", "Wie und wann beteiligen Sie"):
        await expect(anna, question)
        await anna.click("Überspringen")
    await expect(anna, "Welche Einträge gehören in den Prozessplan")
    await add_plan_entry(anna, "Auftakt im Stadtrat", "Arbeitsschritt", "04/2026", None, None)
    await anna.click("Fertig")
    await expect(anna, "Prozessplan ist gespeichert")
    await expect(anna, "Wie geht es weiter?")
    await anna.click("AS2 abschließen")
    for member in (anna, ben):
        await expect(member, "wurde von Anna abgeschlossen")
        summary = await expect(member, "AS2 Strategieprozess planen ·")
        assert "Auftakt im Stadtrat" in summary.text
        chart = await expect(member, "prozessplan.png")
        assert chart.kind == "photo" and chart.file_bytes.startswith(b"\x89PNG")
        document = await expect(member, "zusammenfassung-as2.md")
        assert "| April 2026 | April 2026 | Auftakt im Stadtrat |" in document.file_bytes.decode()
    done = await expect(anna, "AS2 Strategieprozess planen ist abgeschlossen")
    assert "an 2 Mitglieder des Kernteams" in done.text
    await quiet(cem, 0.3)
    assert not [text for text in cem.texts() if "abgeschlossen" in text or "AS2" in text]
    assert not [m for m in api.sent_to(cem.chat.id) if m.kind != "text"]

    await cem.send("/schritte")
    overview = await expect(cem, "Arbeitsschritte")
    assert "AS2 Strategieprozess planen</b> – ● abgeschlossen" in overview.text


async def test_a_participant_opening_as2_is_not_thanked_for_a_plan_they_did_not_make(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    _, cem = await team_of(api, "Cem")
    overview = await open_part(cem, "AS2 Strategieprozess")
    await api.wait_for_message(
        cem.chat.id,
        lambda m: (
            m.message_id > overview.message_id
            and ("Kernteam" in m.body or "gespeichert" in m.body)
        ),
    )
    await asyncio.sleep(0.3)  # whatever else the bot has to say
    said = " ".join(m.body for m in api.sent_to(cem.chat.id) if m.message_id > overview.message_id)
    assert "gespeichert" not in said
    assert "Kernteam" in said
    assert current_values(db_path, "as2", "plan") == []
