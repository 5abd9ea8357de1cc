"""Done-words: a lone „fertig“, „ende“, „weiter“ or „done“ typed where the „✅ Fertig“ button
is offered acts like pressing it and is never stored; in quotes it is stored as text. Driven like
tests/test_engine.py."""

from __future__ import annotations

import pytest

from dialogs import parsing
from dialogs.prompts import ItemsPrompt, MultiChoicePrompt
from dialogs.steps import STEPS
from dialogs.view import AddAnswer
from tests.test_engine import (
    ASK,
    CORE,
    DONE,
    FIELDS,
    Store,
    _dots_dialog,
    probe,
    question,
    risks,
    said,
    snapshot,
    text,
)

DONE_WORDS = [
    "fertig",
    "Fertig",
    "Fertig.",
    "FERTIG!",
    "  fertig  ",
    "✅ Fertig",
    "fertig 👍",
    "Ende",
    "weiter",
    "Weiter …",
    "done",
    "Done!",
]
QUOTED = ['"Fertig"', "„Fertig“", "'fertig'", "»Ende«", "“weiter”"]


def ideas_dialog() -> Store:
    ideas = ItemsPrompt(key="ideas", question="Welche Ideen?", item_name="Idee", **ASK)
    return Store(probe(ideas, text("next", "Weiter?")))


@pytest.mark.parametrize("word", DONE_WORDS)
def test_done_word_ends_a_plain_list_and_is_not_stored(word: str) -> None:
    store = ideas_dialog()
    store.begin(CORE)
    store.send(CORE, "Radweg zum Bahnhof")
    outcome = store.send(CORE, word)
    assert outcome.writes == []
    assert "Gespeichert" not in said(outcome)
    assert "Weiter?" in question(outcome).text
    assert store.values("ideas") == ["Radweg zum Bahnhof"]


@pytest.mark.parametrize("word", QUOTED)
def test_done_word_in_quotes_is_stored_as_an_entry_without_the_quotes(word: str) -> None:
    store = ideas_dialog()
    store.begin(CORE)
    outcome = store.send(CORE, word)
    stored = word.strip("\"'„“”»«")
    assert outcome.writes == [AddAnswer("probe", "ideas", stored)]
    assert f"Gespeichert: „{stored}“" in said(outcome)
    assert outcome.state.index == 0  # still in the list


@pytest.mark.parametrize(
    "entry", ["Fertigstellung des Radwegs", "Ende der Papierakte", "weiter so", '"Smart" City']
)
def test_entries_that_only_contain_a_done_word_are_stored_as_written(entry: str) -> None:
    store = ideas_dialog()
    store.begin(CORE)
    assert store.send(CORE, entry).writes == [AddAnswer("probe", "ideas", entry)]


def test_list_hint_says_how_to_enter_the_word_itself() -> None:
    store = ideas_dialog()
    asked = question(store.begin(CORE))
    assert "zum Schluss „Fertig“" in asked.text
    assert "in Anführungszeichen" in asked.text


def test_done_word_in_the_first_field_of_a_list_form_ends_the_list() -> None:
    """Like the AS1 concepts: „fertig“ as the name of a new entry is no entry."""
    store = Store(probe(risks(), text("next", "Weiter?")))
    store.begin(CORE)
    store.send(CORE, "Datenschutz")
    store.click(CORE, "4")
    outcome = store.send(CORE, "fertig")
    assert outcome.writes == []
    assert "Weiter?" in question(outcome).text
    assert store.values("risks") == [{"name": "Datenschutz", "level": 4}]


def test_done_word_in_a_later_field_of_a_list_form_works_like_the_button() -> None:
    store = Store(probe(risks(), text("next", "Weiter?")))
    store.begin(CORE)
    store.send(CORE, "Datenschutz")
    outcome = store.send(CORE, "Fertig.")
    assert said(outcome).startswith("Der angefangene Eintrag wurde verworfen.")
    assert outcome.writes == []
    assert store.values("risks") == []


def test_text_field_of_a_list_form_explains_quotes_and_takes_a_quoted_word() -> None:
    store = Store(probe(risks()))
    asked = question(store.begin(CORE))
    assert "„Fertig“ beendet die Liste" in asked.text
    assert "in Anführungszeichen" in asked.text
    outcome = store.send(CORE, '"Ende"')
    assert "Feld 2/2" in question(outcome).text
    outcome = store.click(CORE, "2")
    assert outcome.writes == [AddAnswer("probe", "risks", {"name": "Ende", "level": 2})]


def test_as1_concept_named_fertig_is_not_stored() -> None:
    store = Store(STEPS["as1_konzepte"])
    assert "Wie heißt das Konzept" in question(store.begin(CORE)).text
    outcome = store.send(CORE, "fertig")
    assert outcome.writes == []
    assert store.values("concepts") == []
    assert outcome.finished  # no concepts, so nothing to ask about them
    assert "Wie heißt das Konzept" not in said(outcome)


def test_done_word_closes_a_multi_choice_with_the_ticked_options() -> None:
    multi = MultiChoicePrompt(key="m", question="Welche?", options=FIELDS, **ASK)
    store = Store(probe(multi, text("next", "Weiter?")))
    store.begin(CORE)
    store.click(CORE, "Energie")
    outcome = store.send(CORE, "Fertig!")
    assert outcome.writes == [AddAnswer("probe", "m", ["Energie"], None)]
    assert "Weiter?" in question(outcome).text


def test_done_word_in_a_multi_choice_with_own_entries_is_no_own_entry() -> None:
    multi = MultiChoicePrompt(key="m", question="Welche?", options=FIELDS, allow_other=True, **ASK)
    store = Store(probe(multi, text("next", "Weiter?")))
    store.begin(CORE)
    store.click(CORE, "Umwelt")
    assert store.send(CORE, "weiter").writes == [AddAnswer("probe", "m", ["Umwelt"], None)]
    store.nav(CORE, "back")
    outcome = store.send(CORE, "„Weiter“")
    assert outcome.writes[0].value == ["Umwelt", "Weiter"]


def test_done_word_keeps_the_multi_choice_minimum() -> None:
    multi = MultiChoicePrompt(key="m", question="Welche?", options=FIELDS, min_selected=1, **ASK)
    store = Store(probe(multi))
    store.begin(CORE)
    before = snapshot(store, CORE)
    outcome = store.send(CORE, "done")
    assert said(outcome) == "⚠️ Bitte wählen Sie mindestens 1 aus."
    assert snapshot(store, CORE) == before


def test_done_word_hands_in_the_dots() -> None:
    store = Store(_dots_dialog())
    store.begin(CORE)
    store.send(CORE, "Rufbus")
    store.send(CORE, "ende")
    store.click(CORE, "Rufbus")
    outcome = store.send(CORE, "Fertig")
    assert outcome.writes == [AddAnswer("probe", "votes", {"Rufbus": 1})]


def test_done_word_is_an_answer_where_no_done_button_is_offered() -> None:
    store = Store(probe(text("status", "Wie ist der Stand?")))
    store.begin(CORE)
    assert store.send(CORE, "Fertig").writes == [AddAnswer("probe", "status", "Fertig", None)]


def test_the_button_and_the_word_lead_to_the_same_place() -> None:
    by_word, by_button = ideas_dialog(), ideas_dialog()
    for store in (by_word, by_button):
        store.begin(CORE)
        store.send(CORE, "Radweg")
    word = by_word.send(CORE, "fertig")
    button = by_button.click(CORE, DONE)
    assert word.replies == button.replies
    assert word.state == button.state


@pytest.mark.parametrize(
    ("raw", "done"),
    [
        *((w, True) for w in DONE_WORDS),
        *((q, False) for q in QUOTED),
        *((other, False) for other in ("fertig machen", "", "!!!", "Fertig2")),
    ],
)
def test_is_done_word(raw: str, done: bool) -> None:
    assert parsing.is_done_word(raw) is done
