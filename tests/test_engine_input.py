"""Typed input taken as the person meant it: „Meinten Sie …?“, own entries, lists, counters, and
earlier (live) answers that are not asked again one by one. Driven like tests/test_engine.py."""

from __future__ import annotations

from dialogs import presses
from dialogs.catalog import SUGGESTED_FIELDS
from dialogs.events import Press
from dialogs.prompts import (
    ChoicePrompt,
    Condition,
    ConfirmPrompt,
    ItemsPrompt,
    MultiChoicePrompt,
    ScalePrompt,
    Scope,
)
from dialogs.records import Answer
from dialogs.replies import Button
from dialogs.screen import AS_TYPED, BACK, HELP, KEEP, KEEP_ALL, PAUSE, REVIEW_ALL, SKIP
from dialogs.steps import STEPS
from dialogs.view import AddAnswer
from tests.test_engine import (
    ASK,
    CORE,
    FACILITATOR,
    PARTICIPANT,
    Store,
    choice,
    labels_of,
    probe,
    question,
    said,
    snapshot,
    text,
)

AS3 = STEPS["as3"]
FIELD = "Wirtschaft und Forschung"


def field_dialog(*, own: bool = True) -> Store:
    return Store(
        probe(
            ChoicePrompt(
                key="field",
                question="Welches Handlungsfeld?",
                options=SUGGESTED_FIELDS,
                allow_other=own,
                optional=False,
                **ASK,
            ),
            text("end", "Zum Schluss?"),
        )
    )


# -- „Meinten Sie …?“ for a choice with own entries ----------------------------------------------


def test_own_entry_close_to_an_option_is_asked_about_and_kept_as_written() -> None:
    store = field_dialog()
    store.begin(CORE)
    outcome = store.send(CORE, "Wirtschaft")
    assert outcome.writes == []  # nothing stored before the person decides
    asked = question(outcome)
    assert f"Meinten Sie „{FIELD}“?" in asked.text
    assert labels_of(asked.buttons) == [FIELD, f"{AS_TYPED}Wirtschaft", HELP, BACK, PAUSE]

    outcome = store.click(CORE, f"{AS_TYPED}Wirtschaft")
    assert outcome.writes == [AddAnswer("probe", "field", "Wirtschaft", None)]
    assert "Zum Schluss?" in question(outcome).text


def test_near_match_candidate_is_taken_when_pressed() -> None:
    store = field_dialog()
    store.begin(CORE)
    store.send(CORE, "Verwaltng")
    outcome = store.click(CORE, "Verwaltung und E-Government")
    assert outcome.writes == [AddAnswer("probe", "field", "Verwaltung und E-Government", None)]


def test_exact_option_in_other_case_needs_no_question() -> None:
    store = field_dialog()
    store.begin(CORE)
    outcome = store.send(CORE, " wirtschaft  und FORSCHUNG ")
    assert outcome.writes == [AddAnswer("probe", "field", FIELD, None)]


def test_own_entry_after_other_button_equal_to_an_option_is_that_option() -> None:
    store = field_dialog()
    store.begin(CORE)
    store.click(CORE, "✏️ Andere …")
    outcome = store.send(CORE, "mobilität")
    assert outcome.writes == [AddAnswer("probe", "field", "Mobilität", None)]
    store.nav(CORE, "back")
    store.click(CORE, "✏️ Andere …")
    outcome = store.send(CORE, "Wirtschaft")  # explicitly an own entry: never rewritten
    assert outcome.writes[0].value == "Wirtschaft"


def test_pending_question_survives_pause_and_restart() -> None:
    store = field_dialog()
    store.begin(CORE)
    store.send(CORE, "Wirtschaft")
    store.nav(CORE, "pause")
    outcome = store.repeat(CORE)  # /weiter, or the bot restarted: the state is stored JSON
    assert f"Meinten Sie „{FIELD}“?" in question(outcome).text
    outcome = store.send(CORE, "2")  # the number of the second button
    assert outcome.writes == [AddAnswer("probe", "field", "Wirtschaft", None)]


def test_back_from_the_pending_question_returns_to_the_question() -> None:
    store = field_dialog()
    store.begin(CORE)
    asked = question(store.send(CORE, "Wirtschaft"))
    version = store.keyboards[CORE.id][1]
    outcome = store.nav(CORE, "back")
    assert outcome.writes == []
    assert "Welches Handlungsfeld?" in question(outcome).text
    assert outcome.state.suggestion is None
    # the buttons of the „Meinten Sie …?“ message are stale now
    before = snapshot(store, CORE)
    meant = next(b.value for row in asked.buttons for b in row if b.label == FIELD)
    stale = store.handle(CORE, Press(meant, version))
    assert said(stale) == ""
    assert "früheren Frage" in (stale.button_answer or "")
    assert snapshot(store, CORE) == before


def test_other_text_instead_of_a_choice_is_a_new_answer() -> None:
    store = field_dialog()
    store.begin(CORE)
    store.send(CORE, "Wirtschaft")
    outcome = store.send(CORE, "Tourismus am See")
    assert outcome.writes == [AddAnswer("probe", "field", "Tourismus am See", None)]


# -- without own entries -------------------------------------------------------------------------


def test_near_match_without_own_entries_offers_only_the_candidates() -> None:
    store = field_dialog(own=False)
    store.begin(CORE)
    asked = question(store.send(CORE, "Verwaltng"))
    assert "Meinten Sie „Verwaltung und E-Government“?" in asked.text
    assert labels_of(asked.buttons) == ["Verwaltung und E-Government", HELP, BACK, PAUSE]


def test_no_match_without_own_entries_keeps_the_clear_error() -> None:
    store = field_dialog(own=False)
    store.begin(CORE)
    before = snapshot(store, CORE)
    outcome = store.send(CORE, "Raumfahrt")
    assert "Bitte wählen Sie eine der Schaltflächen" in said(outcome)
    assert snapshot(store, CORE) == before


# -- the real AS3 goal → field assignment --------------------------------------------------------


def test_as3_goal_field_typed_prefix_is_asked_about_not_rewritten() -> None:
    store = Store(AS3)
    goal = store.seed(CORE, "goals", "Gründerzentrum am Bahnhof")
    typo = store.seed(CORE, "goals", "Bürgerbüro online")
    store.begin(FACILITATOR)
    for _ in range(5):  # year, ideas, principles, vision, goals: skipped
        store.nav(FACILITATOR, "skip")
    outcome = store.send(FACILITATOR, "Wirtschaft")
    assert outcome.writes == []
    assert f"Meinten Sie „{FIELD}“?" in question(outcome).text
    outcome = store.click(FACILITATOR, f"{AS_TYPED}Wirtschaft")
    assert outcome.writes == [AddAnswer("as3", "goal_field", "Wirtschaft", goal.id)]

    outcome = store.send(FACILITATOR, "Verwaltng")
    assert "Meinten Sie „Verwaltung und E-Government“?" in question(outcome).text
    outcome = store.click(FACILITATOR, "Verwaltung und E-Government")
    assert outcome.writes == [
        AddAnswer("as3", "goal_field", "Verwaltung und E-Government", typo.id)
    ]


# -- multiple choice: lists and near parts -------------------------------------------------------


def partner_dialog() -> Store:
    return Store(
        probe(
            MultiChoicePrompt(
                key="partners",
                question="Wer wirkt mit?",
                options=("Umwelt und Klima", "Stadtwerke"),
                allow_other=True,
                **ASK,
            ),
            text("end", "Zum Schluss?"),
        )
    )


def test_free_text_list_keeps_coordinated_phrases_whole() -> None:
    store = partner_dialog()
    store.begin(CORE)
    outcome = store.send(CORE, "Schülerinnen und Schüler, Eltern")
    assert outcome.writes == [
        AddAnswer("probe", "partners", ["Schülerinnen und Schüler", "Eltern"], None)
    ]


def test_multi_near_part_is_asked_about_then_the_rest_is_read() -> None:
    store = partner_dialog()
    store.begin(CORE)
    outcome = store.send(CORE, "Bürgerinnen und Bürger; Stadtwerk; Vereine")
    assert outcome.writes == []
    assert "Meinten Sie „Stadtwerke“?" in question(outcome).text
    outcome = store.click(CORE, "Stadtwerke")
    assert outcome.writes == [
        AddAnswer("probe", "partners", ["Bürgerinnen und Bürger", "Stadtwerke", "Vereine"], None)
    ]


# -- counters count what will be asked ----------------------------------------------------------


def green_dialog() -> Store:
    return Store(
        probe(
            ItemsPrompt(key="projects", question="Projekte?", **ASK),
            choice("light", ("Grün", "Rot"), for_each="projects", scope=Scope.TEAM),
            text(
                "plan",
                "Plan?",
                for_each="projects",
                scope=Scope.TEAM,
                only_if=Condition(key="light", values=("Grün",), per_entry=True),
            ),
            text(
                "budget",
                "Budget?",
                for_each="projects",
                scope=Scope.TEAM,
                only_if=Condition(key="light", values=("Grün",), per_entry=True),
            ),
        )
    )


def test_per_project_counter_counts_only_projects_that_are_asked() -> None:
    # Issue 8.6: with two of three projects green, the counter showed 1/3, 2/3 and stopped.
    store = green_dialog()
    store.begin(CORE)
    for name in ("A", "B", "C"):
        store.send(CORE, name)
    store.nav(CORE, "skip")
    store.send(CORE, "Grün")
    store.send(CORE, "Rot")
    outcome = store.send(CORE, "Grün")
    assert "<b>1/2:</b> „A“" in question(outcome).text
    assert "<b>2/2:</b> „C“" in question(store.send(CORE, "Plan A")).text
    assert "<b>1/2:</b> „A“" in question(store.send(CORE, "Plan C")).text


def test_question_counter_leaves_out_questions_without_entries_to_ask() -> None:
    store = green_dialog()
    store.begin(CORE)
    store.send(CORE, "A")
    asked = question(store.nav(CORE, "skip"))
    assert "Frage 2/2" in asked.text  # no green project yet: plan and budget are not asked
    assert store.send(CORE, "Rot").finished
    store.begin(CORE)
    store.send(CORE, "B")
    store.nav(CORE, "skip")
    assert "Frage 3/4" in question(store.send(CORE, "Grün")).text


# -- earlier ratings (e.g. given live) are taken over, or gone through --------------------------


def rating_dialog() -> Store:
    return Store(
        probe(
            ItemsPrompt(key="risks", question="Risiken?", **ASK),
            ScalePrompt(key="likelihood", question="Wie wahrscheinlich?", for_each="risks", **ASK),
            ScalePrompt(key="impact", question="Wie stark?", for_each="risks", **ASK),
            text("measure", "Gegenmaßnahme?", for_each="risks", scope=Scope.TEAM),
        )
    )


def rated_live(store: Store, count: int, rated: int) -> list[Answer]:
    risks = [store.seed(PARTICIPANT, "risks", f"Risiko {i}") for i in range(1, count + 1)]
    for risk in risks[:rated]:
        store.seed(FACILITATOR, "likelihood", 3, subject=risk.id)
        store.seed(FACILITATOR, "impact", 4, subject=risk.id)
    return risks


def test_ratings_given_live_are_taken_over_with_one_answer() -> None:
    # Issue 8.7: 20 risks rated live cost 40 „Beibehalten“ taps before the countermeasures.
    store = rating_dialog()
    risks = rated_live(store, 20, 20)
    store.begin(FACILITATOR)
    outcome = store.click(FACILITATOR, "✅ Fertig")
    asked = question(outcome)
    assert "Zu 20 von 20 Einträgen haben Sie diese Frage schon beantwortet" in asked.text
    assert labels_of(asked.buttons)[:2] == [KEEP_ALL, REVIEW_ALL]
    outcome = store.click(FACILITATOR, KEEP_ALL)
    assert outcome.writes == []
    asked = question(outcome)
    assert "Gegenmaßnahme?" in asked.text and "<b>1/20:</b> „Risiko 1“" in asked.text
    assert outcome.state.subject_id == risks[0].id


def test_only_missing_ratings_are_asked_after_taking_over() -> None:
    store = rating_dialog()
    risks = rated_live(store, 4, 3)
    store.begin(FACILITATOR)
    store.click(FACILITATOR, "✅ Fertig")
    outcome = store.click(FACILITATOR, KEEP_ALL)
    asked = question(outcome)
    assert "Wie wahrscheinlich?" in asked.text and "<b>1/1:</b> „Risiko 4“" in asked.text
    outcome = store.send(FACILITATOR, "2")
    assert outcome.writes == [AddAnswer("probe", "likelihood", 2, risks[3].id)]
    assert "<b>1/1:</b> „Risiko 4“" in question(outcome).text  # impact: the same one only


def test_ratings_can_be_revised_one_by_one() -> None:
    store = rating_dialog()
    rated_live(store, 3, 3)
    store.begin(FACILITATOR)
    store.click(FACILITATOR, "✅ Fertig")
    outcome = store.send(FACILITATOR, "2")  # typed number of „Einzeln durchgehen“
    asked = question(outcome)
    assert "<b>1/3:</b> „Risiko 1“" in asked.text and "Bisher: <b>3</b>" in asked.text
    assert labels_of(asked.buttons)[0] == KEEP
    outcome = store.send(FACILITATOR, "5")
    assert outcome.writes[0].value == 5
    for _ in range(4):  # likelihood of risks 2 and 3, impact of risks 1 and 2
        outcome = store.click(FACILITATOR, KEEP)
    assert "Wie stark?" in question(outcome).text and "<b>3/3:</b>" in question(outcome).text
    assert "Zu 3 von 3" not in said(outcome)  # asked once per pass, not again for impact


def test_the_offer_waits_for_a_choice() -> None:
    store = rating_dialog()
    rated_live(store, 3, 3)
    store.begin(FACILITATOR)
    store.click(FACILITATOR, "✅ Fertig")
    before = snapshot(store, FACILITATOR)
    outcome = store.send(FACILITATOR, "4")
    assert "Bitte wählen Sie zuerst" in said(outcome)
    assert outcome.writes == []
    assert labels_of(question(outcome).buttons)[:2] == [KEEP_ALL, REVIEW_ALL]
    assert snapshot(store, FACILITATOR)[1] == before[1]
    assert SKIP not in labels_of(question(outcome).buttons)


# -- one numbering: the number in the text, on the button and typed mean the same option ------


def numbers_of(buttons: tuple[tuple[Button, ...], ...]) -> dict[int, object]:
    """Each numbered button's number → the answer it carries."""
    return {
        b.number: presses.read(b.value) for row in buttons for b in row if b.number is not None
    }


def test_choice_options_are_numbered_in_the_text_and_on_the_buttons_even_with_keep_first() -> None:
    store = Store(probe(choice("field", ("Mobilität", "Energie", "Umwelt")), text("aim")))
    store.seed(CORE, "field", "Energie")
    asked = question(store.begin(CORE))
    assert labels_of(asked.buttons)[0] == KEEP  # „✓ Beibehalten“ first, without a number
    assert "1 Mobilität\n2 Energie\n3 Umwelt" in asked.text
    assert numbers_of(asked.buttons) == {
        1: presses.Pick(index=0),
        2: presses.Pick(index=1),
        3: presses.Pick(index=2),
    }
    assert [b.text for row in asked.buttons[1:4] for b in row] == [
        "1 Mobilität",
        "2 Energie",
        "3 Umwelt",
    ]
    outcome = store.send(CORE, "3")  # typed 3 is the option shown as 3
    assert [w.value for w in outcome.writes] == ["Umwelt"]


def test_the_numbers_of_a_meant_question_and_of_taking_answers_over_are_shown() -> None:
    store = field_dialog()
    store.begin(CORE)
    asked = question(store.send(CORE, "Wirtschaft"))
    assert f"1 {FIELD}\n2 {AS_TYPED}Wirtschaft" in asked.text
    assert numbers_of(asked.buttons) == {
        1: presses.Meant(choice="0"),
        2: presses.Meant(choice="own"),
    }
    outcome = store.send(CORE, "2")
    assert outcome.writes == [AddAnswer("probe", "field", "Wirtschaft", None)]

    rating = rating_dialog()
    rated_live(rating, 4, 4)
    rating.begin(FACILITATOR)
    offer = question(rating.click(FACILITATOR, "✅ Fertig"))
    assert f"1 {KEEP_ALL}\n2 {REVIEW_ALL}" in offer.text
    assert numbers_of(offer.buttons) == {
        1: presses.KeepOwn(mode="keep"),
        2: presses.KeepOwn(mode="review"),
    }


def test_confirm_and_multi_choice_are_numbered_scale_points_keep_their_value() -> None:
    store = Store(
        probe(
            ConfirmPrompt(key="ok", question="Passt das?", **ASK),
            MultiChoicePrompt(key="many", question="Welche?", options=("A", "B"), **ASK),
            ScalePrompt(key="rate", question="Wie gut?", low=0, high=3, **ASK),
        )
    )
    asked = question(store.begin(CORE))
    assert "1 Ja\n2 Nein" in asked.text and numbers_of(asked.buttons) == {
        1: presses.Pick(index=0),
        2: presses.Pick(index=1),
    }
    asked = question(store.send(CORE, "1"))
    assert "1 A\n2 B" in asked.text
    assert [b.text for b in asked.buttons[0]] == ["1 ☐ A"]
    asked = question(store.send(CORE, "1, 2"))
    assert numbers_of(asked.buttons) == {
        0: presses.Pick(index=0),
        1: presses.Pick(index=1),
        2: presses.Pick(index=2),
        3: presses.Pick(index=3),
    }
    assert [b.text for b in asked.buttons[0]] == ["0", "1", "2", "3"]  # the value, once
