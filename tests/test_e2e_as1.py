"""AS1 end to end: questionnaire round, SWOT, actor map and bad input – through the real
Application and a fake Bot API server."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path

from tests.e2e import (
    add_actor,
    button_data,
    current_values,
    expect,
    make_core,
    open_part,
    press_data,
    quiet,
    stored_answers,
    team_of,
)
from tests.fakeapi import ChatClient, FakeBotApi

# The questions Anna picks: two in „Allgemeines“, two in „IT-Kompetenz“ (a choice, a text, a
# choice and a number in the answering order).
PICKED = {
    "Allgemeines": ("Digitalstrategie vorhanden?", "Ziele des IT-Ausbaus"),
    "IT-Kompetenz": ("Koordinierungsstelle Digitalisierung", "Zahl der IT-Fachkräfte"),
}


async def set_up_questionnaire(anna: ChatClient, recipients: list[ChatClient]) -> None:
    """Anna picks the questions (two groups), skips the others, picks people and sends."""
    overview = await open_part(anna, "Fragebogen vorbereiten")
    labels = [button.text for row in overview.buttons for button in row]
    assert "▶ AS1 Fragebogen Digitalisierung" not in labels  # she is no recipient (yet)
    for group in ("Allgemeines", "Ausstattung", "IT-Kompetenz", "IKT-Infrastruktur",
                  "Kommunale Daten", "Digitale Projekte"):  # fmt: skip
        question = await expect(anna, f"Block „{group}")
        for label in PICKED.get(group, ()):
            await anna.click(label)
            shown = await expect(anna, "Ausgewählt:")
            assert shown.message_id == question.message_id  # the toggle edits the question
        if group == "IKT-Infrastruktur":
            await anna.click("Überspringen")
        else:
            await anna.click("Fertig")  # with nothing selected: the block is left out
    await expect(anna, "Wer soll den Fragebogen beantworten")
    for recipient in recipients:
        await anna.click(recipient.user.first_name)
        await expect(anna, f"{recipient.user.first_name} (")
    await anna.click("Fertig")
    await expect(anna, "jetzt an die ausgewählten Personen schicken")
    await anna.click("Ja, jetzt senden")
    sent = await expect(anna, "Der Fragebogen (4 Fragen) ging an")
    assert f"an {len(recipients)} {'Person' if len(recipients) == 1 else 'Personen'}." in sent.text


async def answer(
    client: ChatClient,
    strategy: str | None,
    goals: str | None,
    coordination: str | None,
    specialists: str | None,
    *,
    stop_after: int = 4,
) -> None:
    """Answer the four picked questions from the invitation; None skips; stop after n."""
    await expect(client, "bittet Sie, den <b>Fragebogen Digitalisierung</b> zu beantworten")
    await client.click("Fragebogen beantworten")
    steps = [
        ("Digitalisierungsstrategie", strategy, "click"),
        ("Ausbau der IT", goals, "send"),
        ("die Digitalisierung koordiniert", coordination, "click"),
        ("IT-Fachkräfte", specialists, "send"),
    ]
    for number, (question, value, how) in enumerate(steps, 1):
        asked = await expect(client, question)
        assert f"Frage {number}/4" in asked.text
        if number > stop_after:
            return
        if value is None:
            await client.click("Überspringen")
        elif how == "click":
            await client.click(value)
        else:
            await client.send(value)
    await expect(client, "Vielen Dank")


async def test_questionnaire_round_from_set_up_to_closed_summary(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna, ben, cem, dora = await team_of(api, "Ben", "Cem", "Dora")
    await set_up_questionnaire(anna, [ben, cem, dora])

    # The three answer at the same time; Dora skips the first question and stops halfway.
    await asyncio.gather(
        answer(ben, "In Arbeit", "Medienbruchfreie Verfahren", "Ja", "3"),
        answer(cem, "Nein", "Sichere Arbeitsplätze im Homeoffice", "Geplant", "1.200"),
        answer(dora, None, "Schnelles Netz in den Außenstellen", "Nein", "2", stop_after=2),
    )
    assert sorted(current_values(db_path, "as1_fragebogen", "kompetenz_fachkraefte")) == [
        3,
        1200,
    ]

    # Anna sees the progress per person.
    await anna.click("Stand der Antworten")
    progress = await expect(anna, "Fragebogen Digitalisierung · 4 Fragen")
    assert "✅ Ben: 4/4" in progress.text
    assert "✅ Cem: 4/4" in progress.text
    assert "◐ Dora: 1/4" in progress.text

    # Only Dora is reminded.
    await anna.click("Offene erinnern")
    await expect(anna, "1 Person(en) erinnert")
    reminder = await expect(dora, "Kurze Erinnerung")
    assert "noch 3 von 4 Fragen offen" in reminder.text
    await quiet(ben, 0.2)
    for done in (ben, cem):
        assert not [t for t in done.texts() if "Erinnerung" in t]
    await ben.send("/erinnern")  # the command is the facilitator's, too
    assert "Das darf nur die Moderation" in (await expect(ben, "⛔")).text

    # The reminder takes Dora back to where she stopped.
    await dora.click("Weiter zum Fragebogen")
    assert "Frage 3/4" in (await expect(dora, "die Digitalisierung koordiniert")).text

    # Anna closes the round; Dora's reminder button no longer opens the questionnaire.
    await anna.click("Runde schließen")
    await expect(anna, "Fragebogen-Runde ist geschlossen")
    before = stored_answers(db_path)
    await dora.click("Weiter zum Fragebogen")
    await expect(dora, "Runde ist geschlossen")
    await quiet(dora, 0.2)
    assert stored_answers(db_path) == before
    await anna.click("Stand der Antworten")
    assert "Die Runde ist geschlossen" in (await expect(anna, "4 Fragen")).text
    await anna.send("/erinnern")
    await expect(anna, "Die Runde ist geschlossen; es gibt nichts mehr zu erinnern")

    # The AS1 summary: counts in the chat, the answers with names in the file, the chart.
    await anna.send("/zusammenfassung as1")
    summary = await expect(anna, "AS1 Bestandsanalyse")
    assert "4 Fragen in 2 Blöcken · 9 Antworten" in summary.text
    assert "◐ Dora: 1/4" in summary.text
    chart = await expect(anna, "fragebogen.png")
    assert chart.kind in ("photo", "document")
    assert chart.file_bytes and chart.file_bytes.startswith(b"\x89PNG")
    document = await expect(anna, "zusammenfassung-as1.md")
    content = document.file_bytes.decode()
    for line in (
        "- In Arbeit *(Ben)*",
        "- Nein *(Cem)*",
        "- Medienbruchfreie Verfahren *(Ben)*",
        "- Schnelles Netz in den Außenstellen *(Dora)*",
        "- 1.200 *(Cem)*",
        "- Geplant *(Cem)*",
    ):
        assert line in content, line
    assert "| Dora | 1/2 | 0/2 | 1/4 |" in content


async def test_a_recipient_who_finished_with_a_skipped_question_is_not_reminded(
    api: FakeBotApi, bot
) -> None:
    anna, ben, cem = await team_of(api, "Ben", "Cem")
    await set_up_questionnaire(anna, [ben, cem])
    await asyncio.gather(
        answer(ben, "Ja", None, "Ja", "4"),  # finished; „don't know“ for one question
        answer(cem, "Nein", "Online-Dienste", "Nein", "1", stop_after=2),
    )
    await anna.click("Stand der Antworten")
    await expect(anna, "4 Fragen")
    await anna.click("Offene erinnern")
    await expect(cem, "Kurze Erinnerung")
    await expect(anna, "erinnert")
    await quiet(ben, 0.2)
    assert not [t for t in ben.texts() if "Erinnerung" in t]


async def test_skipped_questions_are_not_counted_as_answered_but_the_end_is_fertig(
    api: FakeBotApi, bot
) -> None:
    anna, ben, cem = await team_of(api, "Ben", "Cem")
    await set_up_questionnaire(anna, [ben, cem])
    await asyncio.gather(
        answer(ben, None, None, "Ja", None),  # to the end, three questions skipped
        answer(cem, "Nein", "Online-Dienste", "Nein", "1", stop_after=2),
    )
    await anna.click("Stand der Antworten")
    progress = await expect(anna, "4 Fragen")
    assert "✅ Ben: 1/4 beantwortet · fertig (3 übersprungen)" in progress.text
    assert "◐ Cem: 2/4 beantwortet" in progress.text
    assert "1 von 2 fertig" in progress.text
    await anna.send("/zusammenfassung as1")
    summary = await expect(anna, "AS1 Bestandsanalyse")
    assert "✅ Ben: 1/4 · fertig (3 übersprungen)" in summary.text
    assert "◐ Cem: 2/4" in summary.text


async def test_after_the_round_is_closed_an_answer_to_the_pending_question_is_refused(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna, dora = await team_of(api, "Dora")
    await set_up_questionnaire(anna, [dora])
    await answer(dora, "Ja", "Glasfaser", "Ja", "2", stop_after=2)  # waits at question 3
    await anna.click("Stand der Antworten")
    await expect(anna, "4 Fragen")
    await anna.click("Runde schließen")
    await expect(anna, "Fragebogen-Runde ist geschlossen")
    before = stored_answers(db_path)
    await dora.click("Geplant")  # a button of the question she stopped at
    await expect(dora, "geschlossen", timeout=2)
    await dora.send("Nein")  # or the answer typed: the refusal ended the conversation
    await expect(dora, "keine Frage offen", timeout=2)
    assert stored_answers(db_path) == before


async def test_set_up_is_for_the_facilitator_and_the_questionnaire_for_recipients(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna, ben, eva = await team_of(api, "Ben", "Eva")
    await set_up_questionnaire(anna, [ben, eva])
    await expect(eva, "bittet Sie, den <b>Fragebogen")

    # Anna takes Eva off the list and sends again.
    overview = await open_part(anna, "Fragebogen vorbereiten")
    for block in ("Allgemeines", "Ausstattung", "IT-Kompetenz"):  # answered before: kept
        assert "Bisher:" in (await expect(anna, f"Block „{block}")).text
        await anna.click("Beibehalten")
    await expect(anna, "Block „IKT-Infrastruktur")
    await anna.click("Überspringen")
    await expect(anna, "Block „Kommunale Daten")
    await anna.click("Beibehalten")
    await expect(anna, "Block „Digitale Projekte")
    await anna.click("Beibehalten")
    recipients = await expect(anna, "Wer soll den Fragebogen beantworten")
    assert "Ausgewählt: Ben (Zivilgesellschaft), Eva (Zivilgesellschaft)" in recipients.text
    await anna.click("Eva")
    await expect(anna, "Ausgewählt: Ben (Zivilgesellschaft)")
    await anna.click("Fertig")
    await expect(anna, "jetzt an die ausgewählten Personen schicken")
    await anna.click("Ja, jetzt senden")
    await expect(anna, "ging an 1 Person.")

    # Eva's invitation button now tells her that the questionnaire goes to chosen people.
    await eva.click("Fragebogen beantworten")
    refusal = await expect(eva, "geht an ausgewählte Personen")
    assert "nicht dabei" in refusal.text

    # Participants see neither the set-up nor (Eva) the questionnaire in /schritte.
    for participant, sees_questionnaire in ((ben, True), (eva, False)):
        await participant.send("/schritte")
        steps = await expect(participant, "Arbeitsschritte")
        labels = [b.text for row in steps.buttons for b in row]
        assert "▶ AS1 Fragebogen vorbereiten" not in labels, labels
        assert ("▶ AS1 Fragebogen Digitalisierung" in labels) is sees_questionnaire, labels
        assert not [label for label in labels if "Akteure bearbeiten" in label], labels

    # A set-up button forwarded from Anna's overview is refused; nothing changes.
    before = stored_answers(db_path)
    await press_data(ben, button_data(overview, "Fragebogen vorbereiten"))
    refusal = await expect(ben, "⛔")
    assert "Fragebogen" not in refusal.text
    await quiet(ben, 0.2)
    assert stored_answers(db_path) == before


async def demoted_facilitator(api: FakeBotApi) -> tuple[ChatClient, ChatClient]:
    """Anna makes Ben a second facilitator (her /team message stays the newest)."""
    anna, ben = await team_of(api, "Ben")
    await anna.send("/team")
    await expect(anna, "Team Musterhausen")
    await anna.click("Rollen ändern")
    await expect(anna, "Wessen Rolle")
    await anna.click("Ben")
    await expect(anna, "Neue Rolle")
    await anna.click("Moderation")
    await expect(anna, "gehört jetzt zur Rolle")
    await expect(ben, "Moderation")
    return anna, ben


async def demote(anna: ChatClient, ben: ChatClient) -> None:
    await anna.click("Rollen ändern")
    await expect(anna, "Wessen Rolle")
    await anna.click("Ben")
    await expect(anna, "Neue Rolle")
    await anna.click("Teilnehmende")
    await expect(anna, "gehört jetzt zur Rolle")
    await expect(ben, "Teilnehmende")


async def test_a_demoted_facilitators_own_set_up_button_is_refused(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna, ben = await demoted_facilitator(api)
    await ben.send("/schritte")
    overview = await expect(ben, "Arbeitsschritte")
    set_up = button_data(overview, "Fragebogen vorbereiten")
    await demote(anna, ben)
    await press_data(ben, set_up)
    await expect(ben, "Diesen Teil bearbeitet die Moderation")
    await quiet(ben, 0.2)
    assert stored_answers(db_path) == []


async def test_a_facilitator_demoted_during_the_set_up_cannot_change_the_selection(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna, ben = await demoted_facilitator(api)
    await open_part(ben, "Fragebogen vorbereiten")
    await expect(ben, "Block „Allgemeines")
    await demote(anna, ben)
    mark = len(api.timeline(ben.chat.id))
    await ben.click("Digitalstrategie vorhanden?")  # buttons of the open question
    await ben.click("Fertig")
    await ben.send("1, 2")  # the next block, typed
    await ben.send("/hilfe")
    await expect(ben, "So funktioniert die Werkstatt")  # the updates before are handled
    said = [m.body for m in api.timeline(ben.chat.id)[mark:]]
    assert stored_answers(db_path) == []
    assert any("Moderation" in text for text in said), said


SWOT_ENTRIES = {
    "Anna": (
        ("Was kann Ihre Kommune", "Engagierte Vereine mit Online-Angeboten"),
        ("Wo hat Ihre Kommune Schwächen", "Kaum IT-Personal im Rathaus"),
        ("Welche Chancen", "Förderprogramm des Landes für Modellprojekte"),
        ("Welche Risiken", "Abhängigkeit von einem Softwareanbieter"),
    ),
    "Ben": (
        ("Was kann Ihre Kommune", "Glasfaser in der Kernstadt"),
        ("Wo hat Ihre Kommune Schwächen", "Funklöcher in den Ortsteilen"),
        ("Welche Chancen", "Hochschule im Nachbarort"),
        ("Welche Risiken", "Fachkräftemangel in der Region"),
    ),
}


async def fill_swot(client: ChatClient) -> None:
    await open_part(client, "SWOT-Analyse")
    for question, entry in SWOT_ENTRIES[client.user.first_name]:
        await expect(client, question)
        await client.send(entry)
        await expect(client, "Gespeichert")
        await client.click("Fertig")
    await expect(client, "SWOT-Analyse sind gespeichert")


async def test_swot_entries_of_two_members_end_up_in_summary_and_chart(
    api: FakeBotApi, bot
) -> None:
    anna, ben = await team_of(api, "Ben")
    await asyncio.gather(fill_swot(anna), fill_swot(ben))
    await ben.send("/zusammenfassung as1")
    summary = await expect(ben, "AS1 Bestandsanalyse")
    assert "SWOT-Analyse (8 Einträge)" in summary.text
    for title in ("Stärken (2)", "Schwächen (2)", "Chancen (2)", "Risiken (2)"):
        assert title in summary.text
    for entries in SWOT_ENTRIES.values():
        for _, entry in entries:
            assert entry in summary.text
    chart = await expect(ben, "swot.png")
    assert chart.file_bytes and chart.file_bytes.startswith(b"\x89PNG")
    assert "Glasfaser in der Kernstadt" in chart.body  # the text version in the caption
    document = (await expect(ben, "zusammenfassung-as1.md")).file_bytes.decode()
    assert "- Funklöcher in den Ortsteilen *(Ben)*" in document
    assert "- Kaum IT-Personal im Rathaus *(Anna)*" in document


async def map_actors(ben: ChatClient, cem: ChatClient) -> None:
    """Ben (core team) picks the groups, one of them his own; both add actors."""
    await open_part(ben, "Akteursmapping")
    await expect(ben, "Welche Gruppen von Akteurinnen und Akteuren")
    await ben.click("Verwaltung")
    await expect(ben, "Ausgewählt: Verwaltung")
    await ben.click("Kommunale Unternehmen")
    await expect(ben, "Ausgewählt: Verwaltung, Kommunale Unternehmen")
    await ben.send("Landkreis")  # an own group, written
    await expect(ben, "Wen sollten wir einbinden")
    await add_actor(ben, "Stadtwerke Lindenau", "Kommunale Unternehmen", "Schlüsselakteure")
    await add_actor(ben, "Bürgermeisterin", "Verwaltung", "Schlüsselakteure")
    await ben.click("Fertig")
    await expect(ben, "Akteursmapping sind gespeichert")
    await open_part(cem, "Akteursmapping")  # a participant: straight to the actors
    groups = await expect(cem, "Wen sollten wir einbinden")
    assert "Welche Gruppen" not in groups.text
    await add_actor(
        cem, "Stadtwerke", "Kommunale Unternehmen", "Erweitertes Feld", "Frau Kaya, Netzplanung"
    )
    await add_actor(cem, "Kreisverwaltung", "Landkreis", "Peripherie")
    await add_actor(cem, "Kirchengemeinde St. Marien", "+Kirchen", "Peripherie")
    await cem.click("Fertig")
    await expect(cem, "Akteursmapping sind gespeichert")


async def test_actor_map_with_own_groups_moved_and_merged_by_the_facilitator(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    anna, ben, cem = await team_of(api, "Ben", "Cem")
    await make_core(anna, ben)
    await map_actors(ben, cem)
    assert current_values(db_path, "as1_akteure", "groups") == [
        ["Verwaltung", "Kommunale Unternehmen", "Landkreis"]
    ]
    assert len(current_values(db_path, "as1_akteure", "actors")) == 5

    # Anna moves the Kreisverwaltung one ring inwards ...
    await open_part(anna, "Akteure bearbeiten")
    listed = await expect(anna, "Akteure bearbeiten</b> (5)")
    assert listed.buttons[0][0].text.startswith("Bürgermeisterin")
    await anna.click("Kreisverwaltung")
    details = await expect(anna, "Ring: Peripherie")
    await anna.click("→ Erweitertes Feld")
    await expect(anna, "Kreisverwaltung liegt jetzt im Ring „Erweitertes Feld“")
    # ... and merges the duplicate „Stadtwerke“ into „Stadtwerke Lindenau“.
    await anna.click("Zur Liste")
    await expect(anna, "Akteure bearbeiten</b> (5)")
    await anna.click("Stadtwerke · ")
    await expect(anna, "Notiz: Frau Kaya")
    await anna.click("Mit Doppeltem zusammenführen")
    await expect(anna, "Mit welchem Eintrag soll „Stadtwerke“ zusammengeführt werden")
    await anna.click("Stadtwerke Lindenau")
    await expect(anna, "„Stadtwerke“ ist mit „Stadtwerke Lindenau“ zusammengeführt")
    actors = {a["name"]: a for a in current_values(db_path, "as1_akteure", "actors")}
    assert sorted(actors) == [
        "Bürgermeisterin",
        "Kirchengemeinde St. Marien",
        "Kreisverwaltung",
        "Stadtwerke Lindenau",
    ]
    assert actors["Kreisverwaltung"]["ring"] == "Erweitertes Feld"
    assert actors["Stadtwerke Lindenau"]["ring"] == "Schlüsselakteure"
    assert actors["Stadtwerke Lindenau"]["note"] == "Frau Kaya, Netzplanung"

    # A participant pressing Anna's tool buttons changes nothing.
    before = stored_answers(db_path)
    for label in ("Entfernen", "→ Schlüsselakteure", "Mit Doppeltem"):
        await press_data(cem, button_data(details, label))
        await expect(cem, "⛔")
    await quiet(cem, 0.2)
    assert stored_answers(db_path) == before

    # The summary shows the rings after the move and the merge.
    await cem.send("/zusammenfassung as1")
    summary = (await expect(cem, "AS1 Bestandsanalyse")).text
    assert "Akteursmapping (4 Akteurinnen und Akteure)" in summary
    assert "Gruppen: Verwaltung, Kommunale Unternehmen, Landkreis, Kirchen" in summary
    rings = summary.split("<b>Schlüsselakteure (2)</b>")[1]
    core, rest = rings.split("<b>Erweitertes Feld (1)</b>")
    extended, outer = rest.split("<b>Peripherie (1)</b>")
    assert "Bürgermeisterin" in core and "Stadtwerke Lindenau" in core
    assert "<i>Landkreis:</i> Kreisverwaltung" in extended
    assert "<i>Kirchen:</i> Kirchengemeinde St. Marien" in outer
    assert "Stadtwerke," not in summary and "Stadtwerke\n" not in summary
    chart = await expect(cem, "akteursringe.png")
    assert chart.file_bytes and chart.file_bytes.startswith(b"\x89PNG")
    document = (await expect(cem, "zusammenfassung-as1.md")).file_bytes.decode()
    assert "- Stadtwerke Lindenau – Frau Kaya, Netzplanung" in document


async def test_moving_an_actor_keeps_who_named_it(api: FakeBotApi, bot) -> None:
    anna, cem = await team_of(api, "Cem")
    await open_part(cem, "Akteursmapping")
    await expect(cem, "Wen sollten wir einbinden")
    await add_actor(cem, "Kreisverwaltung", "Verwaltung", "Peripherie")
    await open_part(anna, "Akteure bearbeiten")
    await expect(anna, "Akteure bearbeiten</b> (1)")
    await anna.click("Kreisverwaltung")
    await expect(anna, "Ring: Peripherie")
    await anna.click("→ Schlüsselakteure")
    await expect(anna, "liegt jetzt im Ring")
    await anna.send("/zusammenfassung as1")
    document = (await expect(anna, "zusammenfassung-as1.md")).file_bytes.decode()
    assert "- Kreisverwaltung *(Cem)*" in document
    assert "Cem" in document.split("Beteiligt:")[1]


def dialog_state(db: Path, telegram_id: int) -> str:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
        row = conn.execute(
            "SELECT m.dialog_state FROM members m JOIN users u ON u.id = m.user_id"
            " WHERE u.account = ?",
            (f"telegram:{telegram_id}",),
        ).fetchone()
    return row[0]


async def rejected(client: ChatClient, db: Path, send, hint: str) -> str:
    """``send()`` gets ``hint``; neither the answers nor the dialog position change."""
    answers, state = stored_answers(db), dialog_state(db, client.user.id)
    await send()
    reply = await expect(client, hint)
    await quiet(client, 0.15)
    assert stored_answers(db) == answers
    assert dialog_state(db, client.user.id) == state
    return reply.text


async def test_bad_concept_year_actor_ring_and_a_sticker_get_hints(
    api: FakeBotApi, bot, db_path: Path
) -> None:
    (anna,) = await team_of(api)
    await open_part(anna, "Konzepte und Ziele")
    await expect(anna, "Wie heißt das Konzept")
    await anna.send("ISEK Innenstadt 2030")
    await expect(anna, "Welche Art von Konzept")
    await anna.click("Stadtentwicklungskonzept")
    await expect(anna, "Aus welchem Jahr")
    await rejected(anna, db_path, lambda: anna.send("zwanzig"), "Bitte geben Sie eine Zahl ein")
    hint = await rejected(anna, db_path, lambda: anna.send("1800"), "Die Zahl ist zu klein")
    assert "mindestens 1950" in hint
    await rejected(anna, db_path, lambda: anna.send("2021,5"), "ganze Zahl")
    await anna.send("2021")
    await expect(anna, "wichtigsten Ziele")
    await anna.send("Innenstadt beleben")
    await expect(anna, "Gespeichert: „ISEK Innenstadt 2030“")
    assert current_values(db_path, "as1_konzepte", "concepts") == [
        {
            "title": "ISEK Innenstadt 2030",
            "kind": "Stadtentwicklungskonzept (ISEK/INSEK)",
            "year": 2021,
            "goals": "Innenstadt beleben",
        }
    ]

    await open_part(anna, "Akteursmapping")
    await expect(anna, "Welche Gruppen")
    await anna.click("Fertig")  # no group chosen: „mindestens 1“
    await expect(anna, "mindestens 1")
    await anna.send("1, 6")
    await expect(anna, "Wen sollten wir einbinden")
    await rejected(anna, db_path, anna.sticker, "Sticker kann ich hier leider nicht auswerten")
    await anna.send("Stadtwerke Lindenau")
    await expect(anna, "Zu welcher Gruppe")
    await rejected(anna, db_path, anna.sticker, "Sticker kann ich hier leider nicht auswerten")
    await anna.click("Kommunale Unternehmen")
    await expect(anna, "Wie stark ist ihr Einfluss")
    hint = await rejected(anna, db_path, lambda: anna.send("7"), "eine der Schaltflächen")
    assert "1 = Schlüsselakteure, 2 = Erweitertes Feld, 3 = Peripherie" in hint
    await rejected(anna, db_path, lambda: anna.send("ganz wichtig"), "eine der Schaltflächen")
    await rejected(anna, db_path, anna.sticker, "Sticker kann ich hier leider nicht auswerten")
    await anna.send("1")
    await expect(anna, "Notiz ergänzen")
    await anna.click("Überspringen")
    await expect(anna, "Gespeichert: „Stadtwerke Lindenau“")
    assert current_values(db_path, "as1_akteure", "actors") == [
        {
            "name": "Stadtwerke Lindenau",
            "group": "Kommunale Unternehmen",
            "ring": "Schlüsselakteure",
            "note": None,
        }
    ]
