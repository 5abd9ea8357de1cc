"""The dialog engine, driven turn by turn like the service drives it.

:class:`Store` stands in for the service: it keeps a team's current answers (and every stored
version), applies each outcome's writes with real ids, rebuilds the :class:`View` for every turn,
and keeps each person's :class:`DialogState` as JSON between turns.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from dialogs.catalog import DATA_PRINCIPLES, SUGGESTED_FIELDS
from dialogs.dialog import Dialog
from dialogs.engine import STALE, Outcome, Turn
from dialogs.events import Event, Nav, Press, TextInput, Unsupported
from dialogs.flows import FLOWS
from dialogs.prompts import (
    Audience,
    ChoicePrompt,
    Condition,
    ConfirmPrompt,
    FormPrompt,
    ItemsPrompt,
    MultiChoicePrompt,
    NumberPrompt,
    ScalePrompt,
    Scope,
    TextPrompt,
)
from dialogs.records import Answer, Member, Role, Team
from dialogs.replies import Button, Message
from dialogs.results import team_fields
from dialogs.screen import BACK, DONE, HELP, KEEP, OTHER, PAUSE, SKIP, UNDO
from dialogs.state import DialogState
from dialogs.steps import STEPS
from dialogs.view import AddAnswer, DeleteAnswer, ReplaceAnswer, View

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
TEAM = Team(id=7, municipality="Musterhausen", town_type="Kleinstadt", created_at=NOW)


def person(member_id: int, role: Role, name: str) -> Member:
    return Member(
        id=member_id,
        team_id=TEAM.id,
        user_id=100 + member_id,
        display_name=name,
        role=role,
        stakeholder_group="Verwaltung",
        joined_at=NOW,
    )


FACILITATOR = person(1, Role.FACILITATOR, "Frida")
CORE = person(2, Role.CORE, "Kai")
PARTICIPANT = person(3, Role.PARTICIPANT, "Paula")


class Store:
    """A tiny in-memory service: answers with ids and history, one JSON state per person."""

    def __init__(self, dialog: Dialog, team: Team | None = TEAM, own_name: str = "Anna") -> None:
        self.dialog = dialog
        self.team = team
        self.own_name = own_name
        self.answers: list[Answer] = []  # current versions, in the order items were added
        self.history: list[Answer] = []  # every version ever stored
        self.states: dict[int, str] = {}
        self.keyboards: dict[int, tuple[tuple[Button, ...], int]] = {}
        self._ids = itertools.count(101)

    # -- the service's side ---------------------------------------------------------------------

    def view(self, member: Member | None) -> View:
        options = {"own_name": (self.own_name,), "fields": team_fields(self.answers)}
        if member is None:
            return View(team=None, member=None, now=NOW, options=options)
        return View(
            team=self.team, member=member, now=NOW, answers=list(self.answers), options=options
        )

    def state(self, member: Member | None) -> DialogState:
        stored = self.states.get(member.id if member else 0)
        return DialogState.model_validate(json.loads(stored)) if stored else DialogState()

    def act(self, member: Member | None, action: Callable[[Turn], Outcome]) -> Outcome:
        outcome = action(Turn(self.dialog, self.state(member), self.view(member)))
        for write in outcome.writes:
            self._commit(member, write)
        key = member.id if member else 0
        self.states[key] = json.dumps(outcome.state.model_dump(mode="json"))
        for reply in outcome.replies:
            if isinstance(reply, Message) and reply.buttons:
                self.keyboards[key] = (reply.buttons, outcome.state.version)
        return outcome

    def _commit(self, member: Member | None, write: Any) -> None:
        assert member is not None, "a flow must not write answers"
        if isinstance(write, AddAnswer):
            self.seed(member, write.prompt, write.value, subject=write.subject_id, step=write.step)
        elif isinstance(write, ReplaceAnswer):
            index = next(i for i, a in enumerate(self.answers) if a.id == write.answer_id)
            new = self.answers[index].model_copy(
                update={"id": next(self._ids), "author_id": member.id, "value": _json(write.value)}
            )
            self.answers[index] = new
            self.history.append(new)
        else:
            assert isinstance(write, DeleteAnswer)
            gone = {write.answer_id}
            self.answers = [
                a for a in self.answers if a.id not in gone and a.subject_id not in gone
            ]

    def seed(
        self,
        member: Member,
        prompt: str,
        value: Any,
        *,
        subject: int | None = None,
        step: str | None = None,
    ) -> Answer:
        """Store an answer as if ``member`` had given it earlier."""
        answer = Answer(
            id=next(self._ids),
            team_id=TEAM.id,
            step=step or self.dialog.id,
            prompt=prompt,
            subject_id=subject,
            author_id=member.id,
            value=_json(value),
            created_at=NOW,
        )
        self.answers.append(answer)
        self.history.append(answer)
        return answer

    # -- the person's side ----------------------------------------------------------------------

    def begin(self, member: Member | None) -> Outcome:
        return self.act(member, lambda turn: turn.begin())

    def repeat(self, member: Member | None) -> Outcome:
        return self.act(member, lambda turn: turn.repeat())

    def handle(self, member: Member | None, event: Event) -> Outcome:
        return self.act(member, lambda turn: turn.handle(event))

    def send(self, member: Member | None, text: str) -> Outcome:
        return self.handle(member, TextInput(text))

    def nav(self, member: Member | None, action: Any) -> Outcome:
        return self.handle(member, Nav(action))

    def click(self, member: Member | None, label: str) -> Outcome:
        """Press the button whose label is (or, after a ☐/☑ mark, ends with) ``label``."""
        buttons, version = self.keyboards[member.id if member else 0]
        found = [
            b for row in buttons for b in row if b.label in (label, f"☐ {label}", f"☑ {label}")
        ]
        assert found, f"no button {label!r} in {labels_of(buttons)}"
        return self.handle(member, Press(found[0].value, version))

    def values(self, prompt: str, step: str | None = None) -> list[Any]:
        step = step or self.dialog.id
        return [a.value for a in self.answers if a.prompt == prompt and a.step == step]


def _json(value: Any) -> Any:
    """A value as it comes back from the database (stored as JSON)."""
    return json.loads(json.dumps(value))


def labels_of(buttons: tuple[tuple[Button, ...], ...]) -> list[str]:
    return [b.label for row in buttons for b in row]


def texts(outcome: Outcome) -> list[str]:
    return [r.text for r in outcome.replies if isinstance(r, Message)]


def said(outcome: Outcome) -> str:
    """Everything the bot said in one turn, as one string."""
    return "\n---\n".join(texts(outcome))


def acknowledged(outcome: Outcome) -> str:
    """The notice on top of the turn's only message (acknowledgement and question in one)."""
    (message,) = texts(outcome)
    return message.split("\n\n", 1)[0]


def question(outcome: Outcome) -> Message:
    """The last message of the turn (the question asked)."""
    last = outcome.replies[-1]
    assert isinstance(last, Message)
    return last


def snapshot(store: Store, member: Member | None) -> tuple[str | None, list[Answer]]:
    return store.states.get(member.id if member else 0), list(store.answers)


ASK = {"help": "So ist die Frage gemeint.", "example": "Ein Beispiel"}


def text(key: str, question: str | None = None, **kwargs: Any) -> TextPrompt:
    return TextPrompt(key=key, question=question or f"Frage {key}?", **ASK, **kwargs)


def choice(key: str, options: tuple[str, ...], **kwargs: Any) -> ChoicePrompt:
    return ChoicePrompt(key=key, question=f"Auswahl {key}?", options=options, **ASK, **kwargs)


def probe(*prompts: Any, **kwargs: Any) -> Dialog:
    return Dialog(
        id="probe", title="Probe", done_text="Alles erledigt.", prompts=prompts, **kwargs
    )


# -- beginning -----------------------------------------------------------------------------------


def test_begin_sends_intro_and_asks_the_first_prompt() -> None:
    store = Store(probe(text("name", "Wie heißt das Projekt?"), text("aim"), intro="Los geht's."))
    outcome = store.begin(FACILITATOR)
    assert texts(outcome)[0] == "Los geht's."
    asked = question(outcome)
    assert "Probe</b> · Frage 1/2" in asked.text
    assert "Wie heißt das Projekt?" in asked.text
    assert "Freier Text, höchstens 1000 Zeichen." in asked.text
    assert labels_of(asked.buttons) == [HELP, BACK, SKIP, PAUSE]
    assert outcome.state.dialog == "probe"
    assert outcome.state.index == 0
    assert outcome.writes == []
    assert not outcome.finished


def test_question_fills_in_the_municipality() -> None:
    store = Store(probe(text("vision", "Wie sieht {kommune} 2035 aus?")))
    assert "Wie sieht Musterhausen 2035 aus?" in question(store.begin(CORE)).text


@pytest.mark.parametrize(
    ("member", "asked"),
    [
        (PARTICIPANT, ["idea"]),
        (CORE, ["strategy", "idea"]),
        (FACILITATOR, ["strategy", "idea", "decision"]),
    ],
)
def test_prompts_are_asked_only_of_their_audience(member: Member, asked: list[str]) -> None:
    store = Store(
        probe(
            text("strategy", "Strategie?", audience=Audience.CORE, scope=Scope.TEAM),
            text("idea", "Idee?"),
            text("decision", "Entscheidung?", audience=Audience.FACILITATOR, scope=Scope.TEAM),
        )
    )
    questions = {"strategy": "Strategie?", "idea": "Idee?", "decision": "Entscheidung?"}
    outcome = store.begin(member)
    seen = []
    while not outcome.finished:
        seen.append(store.dialog.prompts[outcome.state.index].key)
        assert questions[seen[-1]] in question(outcome).text
        outcome = store.send(member, f"Antwort von {member.display_name}")
    assert seen == asked
    assert store.values("idea") == [f"Antwort von {member.display_name}"]


# -- answering -----------------------------------------------------------------------------------


def test_text_answer_is_stored_and_the_next_prompt_asked() -> None:
    store = Store(probe(text("name", "Wie heißt das Projekt?"), text("aim", "Was ist das Ziel?")))
    first = store.begin(PARTICIPANT)
    outcome = store.send(PARTICIPANT, "  Bürger-App  ")
    assert outcome.writes == [AddAnswer("probe", "name", "Bürger-App", None)]
    assert outcome.state.index == 1
    assert outcome.state.version > first.state.version
    assert "Frage 2/2" in question(outcome).text
    assert "Was ist das Ziel?" in question(outcome).text
    (stored,) = store.answers
    assert (stored.prompt, stored.value, stored.author_id) == (
        "name",
        "Bürger-App",
        PARTICIPANT.id,
    )


def test_invalid_answer_warns_and_changes_nothing() -> None:
    store = Store(probe(text("name", min_length=5), text("aim")))
    store.begin(CORE)
    before = snapshot(store, CORE)
    outcome = store.send(CORE, "App")
    assert texts(outcome) == ["⚠️ Das ist etwas kurz: bitte mindestens 5 Zeichen (bisher 3)."]
    assert outcome.writes == []
    assert snapshot(store, CORE) == before


@pytest.mark.parametrize("how", ["nav", "button"])
def test_help_explains_with_example_and_changes_nothing(how: str) -> None:
    store = Store(probe(text("name", min_length=5), text("aim")))
    store.begin(CORE)
    before = snapshot(store, CORE)
    outcome = store.nav(CORE, "help") if how == "nav" else store.click(CORE, HELP)
    assert texts(outcome) == [
        "<b>Was ist gemeint?</b>\nSo ist die Frage gemeint.\n\n<i>Beispiel:</i> Ein Beispiel"
    ]
    assert outcome.writes == []
    assert snapshot(store, CORE) == before


def test_unsupported_message_gets_a_friendly_hint_and_changes_nothing() -> None:
    store = Store(probe(text("name")))
    store.begin(CORE)
    before = snapshot(store, CORE)
    outcome = store.handle(CORE, Unsupported("sticker"))
    assert texts(outcome) == [
        "Sticker kann ich hier leider nicht auswerten. Bitte antworten Sie mit Text oder über "
        "die Schaltflächen."
    ]
    assert outcome.writes == []
    assert snapshot(store, CORE) == before
    assert "Nachrichten dieser Art kann ich" in said(store.handle(CORE, Unsupported("poll")))


# -- navigation ----------------------------------------------------------------------------------


def test_back_returns_to_the_previous_prompt_showing_the_answer() -> None:
    store = Store(probe(text("name", "Wie heißt das Projekt?"), text("aim", "Ziel?")))
    store.begin(PARTICIPANT)
    store.send(PARTICIPANT, "Bürger-App")
    outcome = store.click(PARTICIPANT, BACK)
    assert outcome.state.index == 0
    assert outcome.writes == []
    asked = question(outcome)
    assert "Wie heißt das Projekt?" in asked.text
    assert "Bisher: <b>Bürger-App</b>" in asked.text
    assert labels_of(asked.buttons)[0] == KEEP

    # A different answer is a new version; the old one stays in the history.
    outcome = store.send(PARTICIPANT, "Stadt-App")
    old_id = store.history[0].id
    assert outcome.writes == [ReplaceAnswer(answer_id=old_id, value="Stadt-App")]
    assert store.values("name") == ["Stadt-App"]
    assert [a.value for a in store.history] == ["Bürger-App", "Stadt-App"]
    assert "Ziel?" in question(outcome).text


def test_back_at_the_first_prompt_says_so() -> None:
    store = Store(probe(text("name", "Name?"), text("aim")))
    store.begin(CORE)
    outcome = store.nav(CORE, "back")
    assert acknowledged(outcome) == "Sie sind bereits bei der ersten Frage."
    assert "Name?" in question(outcome).text
    assert outcome.state.index == 0


def test_same_answer_again_writes_nothing() -> None:
    store = Store(probe(text("name"), text("aim")))
    store.begin(CORE)
    store.send(CORE, "Bürger-App")
    store.nav(CORE, "back")
    outcome = store.send(CORE, "Bürger-App")
    assert outcome.writes == []
    assert outcome.state.index == 1


def test_skip_on_an_optional_prompt_moves_on_without_storing() -> None:
    store = Store(probe(text("name"), text("aim", "Ziel?")))
    store.begin(CORE)
    outcome = store.click(CORE, SKIP)
    assert outcome.writes == []
    assert outcome.state.index == 1
    assert "Ziel?" in question(outcome).text
    assert store.answers == []


def test_skip_on_a_required_prompt_is_refused() -> None:
    store = Store(probe(text("name", "Name?", optional=False), text("aim")))
    outcome = store.begin(CORE)
    assert SKIP not in labels_of(question(outcome).buttons)
    outcome = store.nav(CORE, "skip")
    assert acknowledged(outcome) == "Diese Angabe brauchen wir, sie lässt sich nicht überspringen."
    assert "Name?" in question(outcome).text
    assert outcome.state.index == 0
    assert outcome.writes == []


def test_skip_on_a_required_prompt_already_answered_keeps_the_answer() -> None:
    store = Store(probe(text("name", optional=False), text("aim", "Ziel?")))
    store.begin(CORE)
    store.send(CORE, "Bürger-App")
    store.nav(CORE, "back")
    outcome = store.nav(CORE, "skip")
    assert outcome.state.index == 1
    assert outcome.writes == []
    assert store.values("name") == ["Bürger-App"]


def test_pause_keeps_text_from_being_stored_until_resumed() -> None:
    store = Store(probe(text("name", "Name?"), text("aim")))
    store.begin(CORE)
    outcome = store.click(CORE, PAUSE)
    assert texts(outcome) == [
        "⏸ Pausiert. Ihre Antworten sind gespeichert. Mit /weiter machen Sie genau hier weiter."
    ]
    assert outcome.state.paused

    outcome = store.send(CORE, "Bürger-App")
    assert texts(outcome) == [
        "⏸ Sie haben pausiert. Mit /weiter geht es an derselben Stelle weiter."
    ]
    assert outcome.writes == []
    assert store.answers == []
    outcome = store.nav(CORE, "resume")
    assert not outcome.state.paused
    assert "Name?" in question(outcome).text
    assert outcome.state.index == 0

    outcome = store.send(CORE, "Bürger-App")
    assert outcome.writes == [AddAnswer("probe", "name", "Bürger-App", None)]


def test_navigation_buttons_work_while_paused_like_their_commands() -> None:
    store = Store(probe(text("name", "Name?"), text("aim", "Ziel?")))
    store.begin(CORE)
    store.nav(CORE, "pause")
    outcome = store.click(CORE, SKIP)
    assert not outcome.state.paused
    assert outcome.writes == []
    assert "Ziel?" in question(outcome).text


def test_repeat_asks_the_current_question_again_and_unpauses() -> None:
    store = Store(probe(text("name"), text("aim", "Ziel?")))
    store.begin(CORE)
    store.send(CORE, "x")
    store.nav(CORE, "pause")
    outcome = store.repeat(CORE)
    assert not outcome.state.paused
    assert "Ziel?" in question(outcome).text
    assert outcome.writes == []


def test_button_of_an_earlier_question_is_stale() -> None:
    store = Store(probe(choice("field", ("Mobilität", "Energie")), text("aim")))
    old_version = store.begin(CORE).state.version
    store.send(CORE, "Energie")
    before = snapshot(store, CORE)
    for value in ("opt:0", "skip", "back"):
        outcome = store.handle(CORE, Press(value, old_version))
        assert texts(outcome) == []
        assert outcome.button_answer == STALE
        assert outcome.writes == []
        assert snapshot(store, CORE) == before


# -- choices -------------------------------------------------------------------------------------

FIELDS = ("Mobilität", "Energie", "Umwelt")


def test_choice_by_button_and_by_typed_number() -> None:
    store = Store(probe(choice("a", FIELDS), choice("b", FIELDS)))
    asked = question(store.begin(PARTICIPANT))
    assert labels_of(asked.buttons)[:3] == list(FIELDS)
    assert "Wählen Sie eine Schaltfläche." in asked.text
    outcome = store.click(PARTICIPANT, "Energie")
    assert outcome.writes == [AddAnswer("probe", "a", "Energie", None)]
    outcome = store.send(PARTICIPANT, "2")
    assert outcome.writes == [AddAnswer("probe", "b", "Energie", None)]
    assert outcome.finished


def test_choice_typed_unknown_lists_the_options() -> None:
    store = Store(probe(choice("a", FIELDS)))
    store.begin(CORE)
    outcome = store.send(CORE, "9")
    assert texts(outcome) == [
        "⚠️ Bitte wählen Sie eine der Schaltflächen oder schreiben Sie ihre Nummer "
        "(1 = Mobilität, 2 = Energie, 3 = Umwelt)."
    ]
    assert outcome.writes == []


def test_choice_other_button_then_own_text() -> None:
    store = Store(probe(choice("a", FIELDS, allow_other=True), text("next", "Weiter?")))
    asked = question(store.begin(CORE))
    assert labels_of(asked.buttons)[3] == OTHER
    assert "oder schreiben Sie Ihre eigene Angabe" in asked.text
    outcome = store.click(CORE, OTHER)
    assert texts(outcome) == ["Bitte schreiben Sie Ihre eigene Angabe."]
    assert outcome.state.awaiting_other
    assert outcome.writes == []
    outcome = store.send(CORE, "Sport und Freizeit")
    assert outcome.writes == [AddAnswer("probe", "a", "Sport und Freizeit", None)]
    assert not outcome.state.awaiting_other
    assert "Weiter?" in question(outcome).text


def test_choice_other_typed_directly() -> None:
    store = Store(probe(choice("a", FIELDS, allow_other=True)))
    store.begin(CORE)
    assert store.send(CORE, "Tourismus").writes == [AddAnswer("probe", "a", "Tourismus", None)]


def test_choice_other_not_offered_without_allow_other() -> None:
    store = Store(probe(choice("a", FIELDS), text("b")))
    store.begin(CORE)
    outcome = store.handle(CORE, Press("other", store.state(CORE).version))
    assert texts(outcome) == []
    assert outcome.button_answer == STALE
    assert not outcome.state.awaiting_other


def test_choice_offers_dynamic_options() -> None:
    dialog = probe(choice("a", FIELDS, options_from="fields"))
    store = Store(dialog)
    store.seed(CORE, "goal_field", "Sport", step="as3")  # makes "Sport" a team field
    store.seed(CORE, "goal_field", "energie", step="as3")  # same as a declared one, ignored
    asked = question(store.begin(CORE))
    assert labels_of(asked.buttons)[:4] == [*FIELDS, "Sport"]
    assert store.send(CORE, "4").writes == [AddAnswer("probe", "a", "Sport", None)]


def test_scale_by_button_and_typed_label() -> None:
    scale = ScalePrompt(
        key="urgency", question="Wie dringend?", labels={1: "kaum", 5: "sehr"}, **ASK
    )
    store = Store(probe(scale, scale.model_copy(update={"key": "impact"})))
    asked = question(store.begin(CORE))
    assert labels_of(asked.buttons)[:5] == ["1 – kaum", "2", "3", "4", "5 – sehr"]
    assert "Eine Zahl von 1 bis 5." in asked.text
    outcome = store.click(CORE, "2")
    assert outcome.writes == [AddAnswer("probe", "urgency", 2, None)]
    outcome = store.send(CORE, "sehr")
    assert outcome.writes == [AddAnswer("probe", "impact", 5, None)]


def test_scale_button_value_is_the_point_not_the_position() -> None:
    scale = ScalePrompt(key="s", question="Wert?", low=0, high=4, **ASK)
    store = Store(probe(scale))
    store.begin(CORE)
    assert store.click(CORE, "0").writes == [AddAnswer("probe", "s", 0, None)]


def test_scale_button_with_a_negative_point() -> None:
    scale = ScalePrompt(key="s", question="Wert?", low=-2, high=2, **ASK)
    store = Store(probe(scale))
    asked = question(store.begin(CORE))
    assert labels_of(asked.buttons)[0] == "-2"
    assert store.click(CORE, "-2").writes == [AddAnswer("probe", "s", -2, None)]


@pytest.mark.parametrize(("label", "typed", "value"), [("Ja", "j", True), ("Nein", "2", False)])
def test_confirm_by_button_and_typed(label: str, typed: str, value: bool) -> None:
    confirm = ConfirmPrompt(key="ok", question="Passt das?", **ASK)
    store = Store(probe(confirm, confirm.model_copy(update={"key": "sure"})))
    asked = question(store.begin(CORE))
    assert labels_of(asked.buttons)[:2] == ["Ja", "Nein"]
    assert store.click(CORE, label).writes == [AddAnswer("probe", "ok", value, None)]
    assert store.send(CORE, typed).writes == [AddAnswer("probe", "sure", value, None)]


def test_question_buttons_carry_typed_answers_and_old_ones_still_work() -> None:
    """A button from before the typed answers (``opt:1``, ``back``) answers the same way."""
    confirm = ConfirmPrompt(key="ok", question="Passt das?", **ASK)
    store = Store(probe(confirm, confirm.model_copy(update={"key": "sure"})))
    asked = question(store.begin(CORE))
    assert all(b.value.startswith("v1|") for row in asked.buttons for b in row)
    version = store.state(CORE).version
    assert store.handle(CORE, Press("opt:1", version)).writes == [
        AddAnswer("probe", "ok", False, None)
    ]
    store.handle(CORE, Press("back", store.state(CORE).version))
    assert store.state(CORE).index == 0


def test_number_is_parsed_and_shown_in_german() -> None:
    number = NumberPrompt(key="budget", question="Budget?", unit="€", minimum=0, **ASK)
    store = Store(probe(number, text("next")))
    asked = question(store.begin(CORE))
    assert "Eine Zahl in €, z. B. 1.500 oder 12,5." in asked.text
    assert "zu klein: mindestens 0 €" in said(store.send(CORE, "-5"))
    assert store.send(CORE, "12.500,50 €").writes == [AddAnswer("probe", "budget", 12500.5, None)]
    outcome = store.nav(CORE, "back")
    assert "Bisher: <b>12.500,5</b>" in question(outcome).text


# -- multiple choice -----------------------------------------------------------------------------


def multi(**kwargs: Any) -> MultiChoicePrompt:
    return MultiChoicePrompt(key="m", question="Welche?", options=FIELDS, **ASK, **kwargs)


def test_multi_toggles_then_done_stores_the_list() -> None:
    store = Store(probe(multi(), text("next", "Weiter?")))
    asked = question(store.begin(CORE))
    assert labels_of(asked.buttons) == [
        "☐ Mobilität", "☐ Energie", "☐ Umwelt", DONE, HELP, BACK, SKIP, PAUSE,
    ]  # fmt: skip

    outcome = store.click(CORE, "Umwelt")
    edited = question(outcome)
    assert edited.edit
    assert "Ausgewählt: Umwelt" in edited.text
    assert "☑ Umwelt" in labels_of(edited.buttons)
    assert outcome.writes == []

    store.click(CORE, "Mobilität")
    outcome = store.click(CORE, "Umwelt")  # off again
    assert "Ausgewählt: Mobilität" in question(outcome).text
    assert "☐ Umwelt" in labels_of(question(outcome).buttons)
    store.click(CORE, "Energie")

    outcome = store.click(CORE, DONE)
    assert outcome.writes == [AddAnswer("probe", "m", ["Mobilität", "Energie"], None)]
    assert "Weiter?" in question(outcome).text
    assert outcome.state.selected == []


def test_multi_min_selected_is_enforced_on_done() -> None:
    store = Store(probe(multi(min_selected=2)))
    store.begin(CORE)
    store.click(CORE, "Energie")
    before = snapshot(store, CORE)
    outcome = store.click(CORE, DONE)
    assert texts(outcome) == ["⚠️ Bitte wählen Sie mindestens 2 aus."]
    assert outcome.writes == []
    assert snapshot(store, CORE) == before
    store.click(CORE, "Umwelt")
    outcome = store.click(CORE, DONE)
    assert outcome.writes == [AddAnswer("probe", "m", ["Energie", "Umwelt"], None)]


def test_multi_max_selected_refuses_one_more() -> None:
    store = Store(probe(multi(max_selected=1)))
    store.begin(CORE)
    store.click(CORE, "Energie")
    outcome = store.click(CORE, "Umwelt")
    assert texts(outcome) == ["Höchstens 1 – bitte erst eine abwählen."]
    assert store.state(CORE).selected == ["Energie"]


def test_multi_typed_numbers() -> None:
    store = Store(probe(multi()))
    store.begin(CORE)
    assert store.send(CORE, "3 und 1").writes == [
        AddAnswer("probe", "m", ["Umwelt", "Mobilität"], None)
    ]


def test_multi_typed_unknown_part_is_echoed_escaped() -> None:
    store = Store(probe(multi()))
    store.begin(CORE)
    outcome = store.send(CORE, "1, <b>fett</b>")
    assert texts(outcome)[0].startswith("⚠️ „&lt;b&gt;fett&lt;/b&gt;“ kenne ich nicht.")
    assert outcome.writes == []


def test_multi_own_entry_keeps_toggled_options() -> None:
    store = Store(probe(multi(allow_other=True), text("next")))
    store.begin(CORE)
    store.click(CORE, "Energie")
    outcome = store.send(CORE, "Tourismus")
    stored = [w.value for w in outcome.writes] or [store.state(CORE).selected]
    assert "Energie" in stored[0]
    assert "Tourismus" in stored[0]


# -- team answers --------------------------------------------------------------------------------


def team_dialog() -> Dialog:
    return probe(
        text("vision", "Vision?", audience=Audience.CORE, scope=Scope.TEAM),
        text("note", "Notiz?"),
    )


def test_team_answer_shows_what_is_there_and_keep_moves_on() -> None:
    store = Store(team_dialog())
    store.begin(FACILITATOR)
    store.send(FACILITATOR, "Eine grüne Stadt")
    asked = question(store.begin(CORE))
    assert "Bisher: <b>Eine grüne Stadt</b>" in asked.text
    assert labels_of(asked.buttons)[0] == KEEP
    outcome = store.click(CORE, KEEP)
    assert outcome.writes == []
    assert "Notiz?" in question(outcome).text
    assert store.values("vision") == ["Eine grüne Stadt"]


def test_team_answer_edit_is_a_new_version() -> None:
    store = Store(team_dialog())
    store.begin(FACILITATOR)
    store.send(FACILITATOR, "Eine grüne Stadt")
    first = store.answers[0]
    store.begin(CORE)
    outcome = store.send(CORE, "Eine digitale Stadt")
    assert outcome.writes == [ReplaceAnswer(answer_id=first.id, value="Eine digitale Stadt")]
    (current,) = store.answers
    assert (current.value, current.author_id) == ("Eine digitale Stadt", CORE.id)
    assert [(a.value, a.author_id) for a in store.history] == [
        ("Eine grüne Stadt", FACILITATOR.id),
        ("Eine digitale Stadt", CORE.id),
    ]


def test_member_answers_are_kept_apart() -> None:
    store = Store(probe(text("opinion", "Meinung?")))
    store.begin(CORE)
    store.send(CORE, "Gut")
    asked = question(store.begin(PARTICIPANT))
    assert "Bisher" not in asked.text
    assert KEEP not in labels_of(asked.buttons)
    outcome = store.send(PARTICIPANT, "Schlecht")
    assert outcome.writes == [AddAnswer("probe", "opinion", "Schlecht", None)]
    assert store.values("opinion") == ["Gut", "Schlecht"]


def test_keep_without_an_answer_is_stale() -> None:
    store = Store(team_dialog())
    store.begin(CORE)
    outcome = store.handle(CORE, Press("keep", store.state(CORE).version))
    assert texts(outcome) == []
    assert outcome.button_answer == STALE
    assert outcome.state.index == 0


def test_only_if_asks_a_prompt_only_after_the_matching_answer() -> None:
    store = Store(
        probe(
            ConfirmPrompt(key="has_budget", question="Gibt es ein Budget?", **ASK),
            NumberPrompt(
                key="budget",
                question="Wie hoch?",
                only_if=Condition(key="has_budget", values=(True,)),
                **ASK,
            ),
            text("end", "Zum Schluss?"),
        )
    )
    store.begin(CORE)
    assert "Wie hoch?" in question(store.click(CORE, "Ja")).text
    # The condition reads the team's latest answer, whoever gave it: now "Nein".
    store.begin(FACILITATOR)
    assert "Zum Schluss?" in question(store.click(FACILITATOR, "Nein")).text


# -- lists ---------------------------------------------------------------------------------------


def risks() -> ItemsPrompt:
    return ItemsPrompt(
        key="risks",
        question="Welche Risiken sehen Sie?",
        item_name="Risiko",
        fields=(
            TextPrompt(key="name", question="Wie heißt das Risiko?", **ASK),
            ScalePrompt(key="level", question="Wie hoch?", **ASK),
        ),
        **ASK,
    )


def test_list_entry_as_small_form() -> None:
    store = Store(probe(risks(), text("next", "Weiter?")))
    asked = question(store.begin(CORE))
    assert "Frage 1/2 · Feld 1/2" in asked.text
    assert "<b>Wie heißt das Risiko?</b>" in asked.text
    assert labels_of(asked.buttons)[0] == DONE
    assert UNDO not in labels_of(asked.buttons)

    outcome = store.send(CORE, "Datenschutz")
    assert outcome.writes == []
    assert "Feld 2/2" in question(outcome).text
    outcome = store.click(CORE, "4")
    assert outcome.writes == [AddAnswer("probe", "risks", {"name": "Datenschutz", "level": 4})]
    assert acknowledged(outcome) == "✔ Gespeichert: „Datenschutz“ – Nr. 1 im Team."
    assert "Feld 1/2" in question(outcome).text
    assert outcome.state.index == 0
    assert UNDO in labels_of(question(outcome).buttons)

    outcome = store.click(CORE, DONE)
    assert outcome.writes == []
    assert "Weiter?" in question(outcome).text


def test_back_inside_a_form_goes_to_the_previous_field() -> None:
    form = FormPrompt(
        key="project",
        question="Beschreiben Sie das Projekt.",
        fields=(
            TextPrompt(key="title", question="Titel?", **ASK),
            NumberPrompt(key="budget", question="Budget?", **ASK),
            ConfirmPrompt(key="funded", question="Gefördert?", **ASK),
        ),
        **ASK,
    )
    store = Store(probe(text("before", "Vorher?"), form))
    store.begin(CORE)
    store.send(CORE, "x")
    store.send(CORE, "Radweg")
    outcome = store.send(CORE, "1.500")
    assert "Feld 3/3" in question(outcome).text
    outcome = store.nav(CORE, "back")
    assert outcome.state.index == 1
    assert outcome.state.field == 1
    assert "Budget?" in question(outcome).text
    assert "Feld 2/3" in question(outcome).text
    store.send(CORE, "2.000")
    outcome = store.click(CORE, "Ja")
    assert outcome.writes == [
        AddAnswer("probe", "project", {"title": "Radweg", "budget": 2000, "funded": True})
    ]
    assert outcome.finished


def test_help_inside_a_form_explains_the_field() -> None:
    field = TextPrompt(key="title", question="Titel?", help="Ein kurzer Titel.")
    form = FormPrompt(key="project", question="Projekt.", fields=(field,), **ASK)
    store = Store(probe(form))
    store.begin(CORE)
    assert "Ein kurzer Titel." in said(store.nav(CORE, "help"))


def test_undo_removes_only_the_members_own_last_entry() -> None:
    store = Store(probe(risks()))
    mine_first = store.seed(CORE, "risks", {"name": "Kosten", "level": 2})
    mine_last = store.seed(CORE, "risks", {"name": "Zeit", "level": 3})
    theirs = store.seed(FACILITATOR, "risks", {"name": "Personal", "level": 5})
    store.begin(CORE)
    outcome = store.click(CORE, UNDO)
    assert outcome.writes == [DeleteAnswer(answer_id=mine_last.id)]
    assert acknowledged(outcome) == "↩ Zurückgenommen: „Zeit“"
    assert [a.id for a in store.answers] == [mine_first.id, theirs.id]
    assert outcome.state.index == 0


def test_undo_without_own_entries() -> None:
    store = Store(probe(risks()))
    store.seed(FACILITATOR, "risks", {"name": "Personal", "level": 5})
    asked = question(store.begin(PARTICIPANT))
    assert UNDO not in labels_of(asked.buttons)
    outcome = store.handle(PARTICIPANT, Press("undo", store.state(PARTICIPANT).version))
    assert texts(outcome) == ["Sie haben hier noch keinen Eintrag."]
    assert outcome.writes == []
    assert len(store.answers) == 1


def test_done_in_the_middle_of_an_entry_discards_it() -> None:
    store = Store(probe(risks(), text("next", "Weiter?")))
    store.begin(CORE)
    store.send(CORE, "Datenschutz")
    outcome = store.click(CORE, DONE)
    assert acknowledged(outcome) == "Der angefangene Eintrag wurde verworfen."
    assert outcome.writes == []
    assert "Weiter?" in question(outcome).text


def test_skip_on_a_list_moves_on() -> None:
    store = Store(probe(risks(), text("next", "Weiter?")))
    store.begin(CORE)
    assert "Weiter?" in question(store.nav(CORE, "skip")).text


def test_plain_list_stores_one_entry_per_message() -> None:
    ideas = ItemsPrompt(key="ideas", question="Welche Ideen?", item_name="Idee", **ASK)
    store = Store(probe(ideas, text("next", "Weiter?")))
    store.begin(CORE)
    outcome = store.send(CORE, "Radweg zum Bahnhof")
    assert outcome.writes == [AddAnswer("probe", "ideas", "Radweg zum Bahnhof")]
    assert "Nr. 1 im Team" in said(outcome)
    store.begin(FACILITATOR)
    outcome = store.send(FACILITATOR, "Bürgerbüro online")
    assert "Nr. 2 im Team" in said(outcome)
    assert store.values("ideas") == ["Radweg zum Bahnhof", "Bürgerbüro online"]
    assert "Weiter?" in question(store.click(CORE, DONE)).text


def test_plain_list_entry_too_long_is_refused() -> None:
    ideas = ItemsPrompt(key="ideas", question="Welche Ideen?", max_length=10, **ASK)
    store = Store(probe(ideas))
    store.begin(CORE)
    outcome = store.send(CORE, "x" * 11)
    assert "höchstens 10 Zeichen" in said(outcome)
    assert outcome.writes == []


# -- one prompt per list entry -------------------------------------------------------------------


def goals_dialog(scope: Scope = Scope.TEAM) -> Dialog:
    return probe(
        ItemsPrompt(key="goals", question="Welche Ziele?", item_name="Ziel", **ASK),
        choice("goal_field", FIELDS, for_each="goals", scope=scope),
        text("end", "Zum Schluss?"),
    )


def test_for_each_asks_per_entry_in_order_and_skips_answered_ones() -> None:
    store = Store(goals_dialog())
    first = store.seed(PARTICIPANT, "goals", "Radwege ausbauen")
    second = store.seed(CORE, "goals", "Solar auf Dächern")
    third = store.seed(FACILITATOR, "goals", "Bäume pflanzen")
    store.seed(CORE, "goal_field", "Energie", subject=second.id)

    store.begin(FACILITATOR)
    outcome = store.click(FACILITATOR, DONE)
    asked = question(outcome)
    assert "<b>1/2:</b> „Radwege ausbauen“" in asked.text  # the answered one is not counted
    assert outcome.state.subject_id == first.id

    outcome = store.click(FACILITATOR, "Mobilität")
    assert outcome.writes == [AddAnswer("probe", "goal_field", "Mobilität", first.id)]
    asked = question(outcome)
    assert "<b>2/2:</b> „Bäume pflanzen“" in asked.text
    assert outcome.state.subject_id == third.id

    outcome = store.send(FACILITATOR, "3")
    assert outcome.writes == [AddAnswer("probe", "goal_field", "Umwelt", third.id)]
    assert "Zum Schluss?" in question(outcome).text


def test_for_each_back_returns_to_the_previous_entry() -> None:
    store = Store(goals_dialog())
    first = store.seed(CORE, "goals", "Radwege ausbauen")
    store.seed(CORE, "goals", "Solar auf Dächern")
    store.begin(CORE)
    store.click(CORE, DONE)
    store.click(CORE, "Mobilität")
    outcome = store.nav(CORE, "back")
    assert outcome.state.subject_id == first.id
    asked = question(outcome)
    assert "1/2:</b> „Radwege ausbauen“" in asked.text
    assert "Bisher: <b>Mobilität</b>" in asked.text


def test_for_each_member_scope_asks_every_entry_of_every_member() -> None:
    store = Store(goals_dialog(Scope.MEMBER))
    goal = store.seed(CORE, "goals", "Radwege ausbauen")
    store.seed(CORE, "goal_field", "Energie", subject=goal.id)
    store.begin(PARTICIPANT)
    outcome = store.click(PARTICIPANT, DONE)
    assert outcome.state.subject_id == goal.id
    assert "Bisher" not in question(outcome).text


def test_for_each_without_entries_is_skipped() -> None:
    store = Store(goals_dialog())
    store.begin(CORE)
    assert "Zum Schluss?" in question(store.click(CORE, DONE)).text


# -- finishing and flows -------------------------------------------------------------------------


def test_finishing_says_done_and_closes_the_dialog() -> None:
    store = Store(probe(text("name"), text("aim")))
    store.begin(CORE)
    store.send(CORE, "a")
    outcome = store.send(CORE, "b")
    assert outcome.finished
    assert texts(outcome)[-1] == "Alles erledigt."
    assert outcome.state.dialog is None
    assert outcome.writes == [AddAnswer("probe", "aim", "b", None)]


def test_nothing_to_ask_finishes_at_once() -> None:
    store = Store(probe(text("vision", audience=Audience.FACILITATOR, scope=Scope.TEAM)))
    outcome = store.begin(PARTICIPANT)
    assert outcome.finished
    assert texts(outcome) == ["Alles erledigt."]


def test_new_team_flow_keeps_values_in_the_state_and_hands_them_over() -> None:
    store = Store(FLOWS["new_team"], team=None, own_name="Anna Schulz")
    outcome = store.begin(None)
    assert "Wie heißt Ihre Kommune?" in question(outcome).text
    outcome = store.send(None, "Gemeinde Musterhausen")
    assert outcome.state.draft == {"values": {"municipality": "Gemeinde Musterhausen"}}
    store.send(None, "2")
    asked = question(store.nav(None, "back"))
    assert "Gemeindetyp" in asked.text
    assert KEEP not in labels_of(asked.buttons)  # flow values are not stored answers
    store.click(None, "Kleinstadt")
    outcome = store.nav(None, "skip")
    assert "lässt sich nicht überspringen" in texts(outcome)[0]
    assert labels_of(question(outcome).buttons)[:2] == ["Anna Schulz", OTHER]
    store.click(None, "Anna Schulz")
    outcome = store.send(None, "Zivilgesellschaft")
    assert outcome.finished
    assert outcome.writes == []
    assert outcome.state.dialog is None
    assert outcome.state.draft["values"] == {
        "municipality": "Gemeinde Musterhausen",
        "town_type": "Kleinstadt",
        "display_name": "Anna Schulz",
        "stakeholder_group": "Zivilgesellschaft",
    }
    assert texts(outcome)[-1] == "Einen Moment, ich lege das Team an …"


def test_join_flow_with_own_name() -> None:
    store = Store(FLOWS["join"], team=None, own_name="anna_s")
    store.begin(None)
    store.click(None, OTHER)
    store.send(None, "Anna Schulz (Bauamt)")
    outcome = store.send(None, "1")
    assert outcome.finished
    assert outcome.state.draft["values"] == {
        "display_name": "Anna Schulz (Bauamt)",
        "stakeholder_group": "Verwaltung",
    }


# -- escaping ------------------------------------------------------------------------------------


def test_user_text_is_escaped_everywhere_it_is_shown() -> None:
    store = Store(
        probe(
            ItemsPrompt(key="goals", question="Ziele?", **ASK),
            text("vision", "Vision?", show="goals", scope=Scope.TEAM),
            choice("field", FIELDS, for_each="goals", scope=Scope.TEAM),
        ),
        team=TEAM.model_copy(update={"municipality": "A & B"}),
    )
    store.seed(CORE, "goals", "<b>x</b>")
    store.begin(FACILITATOR)
    asked = question(store.click(FACILITATOR, DONE))
    assert "• &lt;b&gt;x&lt;/b&gt;" in asked.text  # "Bisher gesammelt"
    outcome = store.send(FACILITATOR, "<i>Vision</i> & mehr")
    asked = question(outcome)
    assert "„&lt;b&gt;x&lt;/b&gt;“" in asked.text  # the entry asked about
    asked = question(store.nav(FACILITATOR, "back"))
    assert "Bisher: <b>&lt;i&gt;Vision&lt;/i&gt; &amp; mehr</b>" in asked.text
    assert "<b>x</b>" not in asked.text


def test_list_entry_echo_and_municipality_are_escaped() -> None:
    store = Store(
        probe(risks(), text("q", "Was plant {kommune}?")),
        team=TEAM.model_copy(update={"municipality": "<Nord>"}),
    )
    store.begin(CORE)
    store.send(CORE, "<script>")
    outcome = store.click(CORE, "1")
    assert "✔ Gespeichert: „&lt;script&gt;“" in said(outcome)
    assert "↩ Zurückgenommen: „&lt;script&gt;“" in said(store.click(CORE, UNDO))
    asked = question(store.click(CORE, DONE))
    assert "Was plant &lt;Nord&gt;?" in asked.text


# -- the real AS3 step ---------------------------------------------------------------------------

AS3 = STEPS["as3"]


def test_as3_participant_only_contributes_to_the_lists() -> None:
    store = Store(AS3)
    outcome = store.begin(PARTICIPANT)
    assert texts(outcome)[0].startswith("<b>AS3 · Visionen und Ziele</b>")
    assert "Frage 1/2" in question(outcome).text  # participants are asked only the two lists
    assert "Wie sieht Musterhausen im Zieljahr aus" in question(outcome).text
    outcome = store.click(PARTICIPANT, DONE)
    assert "Frage 2/2" in question(outcome).text  # principles and vision: core team
    outcome = store.click(PARTICIPANT, DONE)
    assert outcome.finished
    assert "Visionen und Ziele</b> sind gespeichert" in texts(outcome)[-1]
    assert store.answers == []


def test_as3_facilitator_with_lists_filled_by_the_team() -> None:
    store = Store(AS3)
    idea = store.seed(PARTICIPANT, "vision_ideas", "Kurze Wege zum Amt")
    goal_a = store.seed(PARTICIPANT, "goals", "Alle Leistungen online bis 2028")
    goal_b = store.seed(CORE, "goals", "Mehr Sport im Park")
    goal_c = store.seed(CORE, "goals", "Mehr Sport an Schulen")

    store.begin(FACILITATOR)
    assert "⚠️ Die Zahl ist zu klein" in said(store.send(FACILITATOR, "2020"))
    outcome = store.send(FACILITATOR, "2035")
    assert outcome.writes == [AddAnswer("as3", "target_year", 2035, None)]
    assert "Sammeln Sie Stichworte" in question(outcome).text
    store.click(FACILITATOR, DONE)  # vision ideas: the team's are enough

    store.click(FACILITATOR, DATA_PRINCIPLES[0])
    store.click(FACILITATOR, DATA_PRINCIPLES[6])
    outcome = store.click(FACILITATOR, DONE)
    assert outcome.writes == [
        AddAnswer("as3", "data_principles", [DATA_PRINCIPLES[0], DATA_PRINCIPLES[6]], None)
    ]
    asked = question(outcome)
    assert "Bisher gesammelt:</i>\n• Kurze Wege zum Amt" in asked.text
    assert "Das ist etwas kurz" in said(store.send(FACILITATOR, "Zu kurz"))
    vision = "Wir sind eine Gemeinde, in der digitale Angebote das Leben erleichtern."
    outcome = store.send(FACILITATOR, vision)
    assert outcome.writes == [AddAnswer("as3", "vision_statement", vision, None)]

    outcome = store.click(FACILITATOR, DONE)  # goals: the team's are enough
    assert "<b>1/3:</b> „Alle Leistungen online bis 2028“" in question(outcome).text
    outcome = store.click(FACILITATOR, SUGGESTED_FIELDS[0])
    assert outcome.writes == [AddAnswer("as3", "goal_field", SUGGESTED_FIELDS[0], goal_a.id)]
    store.click(FACILITATOR, OTHER)
    outcome = store.send(FACILITATOR, "Sport")
    assert outcome.writes == [AddAnswer("as3", "goal_field", "Sport", goal_b.id)]
    assert "<b>3/3:</b> „Mehr Sport an Schulen“" in question(outcome).text
    outcome = store.send(FACILITATOR, "sport")  # the team's own field, as typed before
    assert outcome.writes == [AddAnswer("as3", "goal_field", "Sport", goal_c.id)]
    assert outcome.finished

    assert [(a.prompt, a.value, a.subject_id) for a in store.answers[4:]] == [
        ("target_year", 2035, None),
        ("data_principles", [DATA_PRINCIPLES[0], DATA_PRINCIPLES[6]], None),
        ("vision_statement", vision, None),
        ("goal_field", SUGGESTED_FIELDS[0], goal_a.id),
        ("goal_field", "Sport", goal_b.id),
        ("goal_field", "Sport", goal_c.id),
    ]
    assert idea in store.answers
    assert all(a.author_id == FACILITATOR.id for a in store.answers[4:])

    # Coming back later: team answers can be kept as they are; answered goals are not asked.
    assert KEEP in labels_of(question(store.begin(CORE)).buttons)
    assert "Sammeln Sie Stichworte" in question(store.click(CORE, KEEP)).text
    outcome = store.click(CORE, DONE)
    assert "Bisher: <b>Daten zielgerichtet nutzen, Transparenz" in question(outcome).text
    store.click(CORE, KEEP)
    assert "Welche strategischen Ziele" in question(store.click(CORE, KEEP)).text
    outcome = store.click(CORE, DONE)
    assert outcome.finished
    assert outcome.writes == []


def test_as3_target_year_is_shown_as_a_year() -> None:
    store = Store(AS3)
    store.begin(CORE)
    store.send(CORE, "2035")
    asked = question(store.nav(CORE, "back"))
    assert "Bisher: <b>2035</b>" in asked.text


def test_as3_own_field_is_offered_for_the_next_goal_right_away() -> None:
    store = Store(AS3)
    store.seed(CORE, "goals", "Mehr Sport im Park")
    store.seed(CORE, "goals", "Mehr Sport an Schulen")
    store.begin(FACILITATOR)
    for _ in range(5):  # year, ideas, principles, vision, goals: skipped
        store.nav(FACILITATOR, "skip")
    store.click(FACILITATOR, OTHER)
    outcome = store.send(FACILITATOR, "Sport")
    asked = question(outcome)
    assert "<b>2/2:</b>" in asked.text
    assert "Sport" in labels_of(asked.buttons)


def test_as3_end_to_end_for_the_facilitator() -> None:
    store = Store(AS3)
    store.begin(FACILITATOR)
    store.send(FACILITATOR, "2035")
    store.send(FACILITATOR, "Kurze Wege zum Amt")
    store.send(FACILITATOR, "Saubere Luft")
    store.click(FACILITATOR, DONE)
    store.send(FACILITATOR, "1, 4")
    vision = "Wir sind eine Gemeinde, in der digitale Angebote das Leben erleichtern."
    store.send(FACILITATOR, vision)
    store.send(FACILITATOR, "Alle Leistungen online bis 2028")
    store.send(FACILITATOR, "Luftmessung an 10 Orten")
    store.click(FACILITATOR, DONE)
    store.send(FACILITATOR, "1")
    store.send(FACILITATOR, "Umwelt")  # own entries allowed: „Meinten Sie …?“
    outcome = store.click(FACILITATOR, "Umwelt und Klima")
    assert outcome.finished
    goals = [a for a in store.answers if a.prompt == "goals"]
    assert [(a.prompt, a.value, a.subject_id) for a in store.answers] == [
        ("target_year", 2035, None),
        ("vision_ideas", "Kurze Wege zum Amt", None),
        ("vision_ideas", "Saubere Luft", None),
        ("data_principles", [DATA_PRINCIPLES[0], DATA_PRINCIPLES[3]], None),
        ("vision_statement", vision, None),
        ("goals", "Alle Leistungen online bis 2028", None),
        ("goals", "Luftmessung an 10 Orten", None),
        ("goal_field", SUGGESTED_FIELDS[0], goals[0].id),
        ("goal_field", "Umwelt und Klima", goals[1].id),
    ]


def test_list_hints_use_the_right_article() -> None:
    store = Store(AS3)
    asked = question(store.begin(PARTICIPANT))
    assert "Sammeln Sie Stichworte" in asked.text
    assert "einen Stichwort" not in asked.text
    store = Store(probe(risks()))
    store.begin(CORE)
    store.send(CORE, "Datenschutz")
    assert "Schreiben Sie ihn" not in question(store.click(CORE, "3")).text


def test_skipping_an_optional_field_of_a_list_entry_stores_the_entry_without_it() -> None:
    store = Store(
        probe(
            ItemsPrompt(
                key="actors",
                question="Wer?",
                help="Hilfe zu den Akteuren.",
                example="Stadtwerke",
                fields=(text("name", "Name?"), text("note", "Notiz?")),
            )
        )
    )
    store.begin(CORE)
    store.send(CORE, "Stadtwerke")
    outcome = store.nav(CORE, "skip")
    assert outcome.writes == [AddAnswer("probe", "actors", {"name": "Stadtwerke", "note": None})]
    assert outcome.state.index == 0 and outcome.state.field == 0


def _dots_dialog() -> Dialog:
    from dialogs.prompts import DotsPrompt

    return probe(
        ItemsPrompt(key="ideas", question="Ideen?", help="Hilfe zu den Ideen.", example="Idee"),
        DotsPrompt(
            key="votes",
            question="Punkte?",
            help="Drei Punkte verteilen.",
            example="1 1 2",
            options_from="pool:probe.ideas",
            budget=3,
        ),
    )


def test_dot_voting_spreads_a_budget_with_several_dots_on_one_idea() -> None:
    store = Store(_dots_dialog())
    store.begin(CORE)
    for idea in ("Rufbus", "Leerstandsbörse"):
        store.send(CORE, idea)
    outcome = store.click(CORE, DONE)
    assert "Vergeben: 0 von 3" in question(outcome).text
    store.click(CORE, "Rufbus")
    outcome = store.click(CORE, "● Rufbus")
    assert "●● Rufbus" in labels_of(question(outcome).buttons)
    assert question(outcome).edit
    store.click(CORE, "Leerstandsbörse")
    refused = store.click(CORE, "● Leerstandsbörse")
    assert "Alle 3 Punkte sind vergeben" in texts(refused)[0]
    assert refused.writes == []
    outcome = store.click(CORE, DONE)
    assert outcome.writes == [AddAnswer("probe", "votes", {"Rufbus": 2, "Leerstandsbörse": 1})]


def test_dot_voting_by_typed_numbers_and_budget_check() -> None:
    store = Store(_dots_dialog())
    store.begin(CORE)
    store.send(CORE, "Rufbus")
    store.send(CORE, "Leerstandsbörse")
    store.click(CORE, DONE)
    too_many = store.send(CORE, "1 1 2 2")
    assert "Das sind 4 Punkte – Sie haben 3." in texts(too_many)[0]
    assert too_many.writes == []
    assert "Nummer 9 gibt es nicht" in texts(store.send(CORE, "9"))[0]
    outcome = store.send(CORE, "2 2")
    assert outcome.writes == [AddAnswer("probe", "votes", {"Leerstandsbörse": 2})]


def test_per_entry_condition_asks_only_about_matching_entries() -> None:
    from dialogs.prompts import ChoicePrompt, Condition

    dialog = probe(
        ItemsPrompt(key="projects", question="Projekte?", help="Hilfe zu Projekten.", example="x"),
        ChoicePrompt(
            key="light",
            for_each="projects",
            question="Ampel?",
            help="Hilfe zur Ampel.",
            example="Grün",
            options=("Grün", "Rot"),
        ),
        text(
            "plan",
            "Plan?",
            for_each="projects",
            only_if=Condition(key="light", values=("Grün",), per_entry=True),
        ),
    )
    store = Store(dialog)
    store.begin(CORE)
    for name in ("A", "B", "C"):
        store.send(CORE, name)
    store.click(CORE, DONE)
    store.send(CORE, "Grün")
    store.send(CORE, "Rot")
    outcome = store.send(CORE, "Grün")
    asked = question(outcome).text
    assert "Plan?" in asked and "„A“" in asked
    outcome = store.send(CORE, "Plan für A")
    assert "„C“" in question(outcome).text  # B is red: not asked


def test_a_prompt_closes_after_its_deadline() -> None:
    from datetime import date, time

    from dialogs.events import TextInput
    from dialogs.prompts import DatePrompt, Granularity

    dialog = probe(
        DatePrompt(
            key="until",
            question="Bis wann?",
            help="Die Frist für die Abstimmung.",
            example="15.03.2027",
            accepts=(Granularity.DAY,),
            scope=Scope.TEAM,
        ),
        text("vote", "Stimme?", deadline="until"),
    )
    store = Store(dialog)
    store.begin(CORE)
    assert "Stimme?" in question(store.send(CORE, "15.03.2027")).text

    def vote_on(day: date) -> Outcome:
        view = store.view(CORE)
        view.now = datetime.combine(day, time(12), UTC)
        return Turn(dialog, store.state(CORE), view).handle(TextInput("Ja"))

    assert vote_on(date(2027, 3, 15)).writes == [AddAnswer("probe", "vote", "Ja")]
    late = vote_on(date(2027, 3, 16))
    assert late.writes == []
    assert "nicht (mehr) vorgesehen" in texts(late)[0]
