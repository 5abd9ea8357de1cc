"""Declarations fail early: a wrongly declared step cannot even be constructed.

Prompt and dialog validators raise :class:`DeclarationError`; pydantic wraps it in a
``ValidationError`` (a ``ValueError`` too), so :func:`declaration_error` digs the original out
and the tests compare its precise message.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pydantic import ValidationError

from dialogs.dialog import Dialog, Step
from dialogs.errors import DeclarationError
from dialogs.flows import FLOWS
from dialogs.prompts import (
    MAX_BUTTON_BYTES,
    Audience,
    ChoicePrompt,
    Condition,
    ConfirmPrompt,
    DatePrompt,
    FormPrompt,
    ItemsPrompt,
    MultiChoicePrompt,
    NumberPrompt,
    PromptBase,
    ScalePrompt,
    Scope,
    TextPrompt,
)
from dialogs.steps import STEPS, _registry, as3

ASK = {"question": "Was meinen Sie?", "help": "Eine Erklärung."}


def declaration_error(build: Callable[[], Any]) -> str:
    """The message of the DeclarationError that ``build`` raises (directly or via pydantic)."""
    with pytest.raises(ValueError) as raised:
        build()
    error = raised.value
    if isinstance(error, ValidationError):
        (detail,) = error.errors()
        error = detail.get("ctx", {}).get("error")
    assert isinstance(error, DeclarationError), f"not a DeclarationError: {raised.value}"
    return str(error)


def text(key: str, **kwargs: Any) -> TextPrompt:
    return TextPrompt(key=key, **ASK, **kwargs)


def items(key: str, **kwargs: Any) -> ItemsPrompt:
    return ItemsPrompt(key=key, **ASK, **kwargs)


def dialog(*prompts: Any) -> Dialog:
    return Dialog(id="probe", title="Probe", prompts=prompts)


def step(step_id: str, *prompts: Any) -> Step:
    return Step(
        id=step_id, number=step_id.upper(), title="Probe", cycle="C", purpose="P", prompts=prompts
    )


# -- dialogs -------------------------------------------------------------------------------------


def test_duplicate_prompt_keys() -> None:
    message = declaration_error(lambda: dialog(text("a"), text("b"), text("a"), text("b")))
    assert message == "probe: Schlüssel doppelt: a, b"


def test_dialog_without_prompts() -> None:
    assert declaration_error(lambda: dialog()) == "probe: keine Fragen"


def test_for_each_unknown_prompt() -> None:
    message = declaration_error(lambda: dialog(text("a", for_each="ideas")))
    assert message == "probe.a: verweist auf 'ideas', das vorher nicht gefragt wird"


def test_for_each_later_prompt() -> None:
    message = declaration_error(lambda: dialog(text("rating", for_each="ideas"), items("ideas")))
    assert message == "probe.rating: verweist auf 'ideas', das vorher nicht gefragt wird"


def test_for_each_itself() -> None:
    message = declaration_error(lambda: dialog(items("ideas", for_each="ideas")))
    assert message == "probe.ideas: verweist auf 'ideas', das vorher nicht gefragt wird"


def test_show_unknown_prompt() -> None:
    message = declaration_error(lambda: dialog(text("a", show="ideas")))
    assert message == "probe.a: verweist auf 'ideas', das vorher nicht gefragt wird"


@pytest.mark.parametrize("ref", ["for_each", "show"])
def test_reference_to_a_non_list(ref: str) -> None:
    message = declaration_error(lambda: dialog(text("name"), text("b", **{ref: "name"})))
    assert message == "probe.b: 'name' ist keine Liste"


def test_for_each_with_pool_scope() -> None:
    message = declaration_error(
        lambda: dialog(items("ideas"), text("note", for_each="ideas", scope=Scope.POOL))
    )
    assert message == "probe.note: Liste je Eintrag nicht möglich"


def test_only_if_on_unknown_key() -> None:
    condition = Condition(key="missing", values=(True,))
    message = declaration_error(lambda: dialog(text("a", only_if=condition)))
    assert message == "probe.a: Bedingung auf unbekannte Frage"


def test_only_if_on_later_key() -> None:
    condition = Condition(key="ok", values=(True,))
    message = declaration_error(
        lambda: dialog(text("a", only_if=condition), ConfirmPrompt(key="ok", **ASK))
    )
    assert message == "probe.a: Bedingung auf unbekannte Frage"


def test_valid_references_are_accepted() -> None:
    built = dialog(
        items("ideas"),
        ConfirmPrompt(key="ok", **ASK),
        text("note", for_each="ideas", show="ideas", only_if=Condition(key="ok", values=(True,))),
        text("elsewhere", for_each="as3.goals"),  # checked by the registry, not the dialog
    )
    assert [p.key for p in built.prompts] == ["ideas", "ok", "note", "elsewhere"]
    assert built.prompt("ok") is built.prompts[1]
    assert built.prompt("nothing") is None


@pytest.mark.parametrize("key", ["Name", "1st", "mit-strich", "ä", "x" * 41])
def test_prompt_key_pattern(key: str) -> None:
    with pytest.raises(ValidationError, match="key"):
        text(key)


def test_declarations_are_frozen() -> None:
    prompt = text("a")
    with pytest.raises(ValidationError, match="frozen"):
        prompt.optional = False  # type: ignore[misc]
    with pytest.raises(ValidationError, match="Extra inputs"):
        TextPrompt(key="a", mandatory=True, **ASK)  # type: ignore[call-arg]


# -- choices and buttons -------------------------------------------------------------------------


def test_choice_without_options() -> None:
    message = declaration_error(lambda: ChoicePrompt(key="c", options=(), **ASK))
    assert message == "c: keine Auswahlmöglichkeiten"


def test_choice_with_dynamic_options_only_is_fine() -> None:
    assert ChoicePrompt(key="c", options_from="fields", **ASK).choices == ()


@pytest.mark.parametrize("empty", ["", "   "])
def test_choice_empty_option(empty: str) -> None:
    message = declaration_error(lambda: ChoicePrompt(key="c", options=("a", empty), **ASK))
    assert message == "c: leere Auswahl"


def test_choice_duplicate_option_ignores_case() -> None:
    message = declaration_error(
        lambda: ChoicePrompt(key="c", options=("Energie", "Mobilität", "energie"), **ASK)
    )
    assert message == "c: Auswahl 'energie' doppelt"


def test_button_label_limit_counts_bytes_not_characters() -> None:
    assert MAX_BUTTON_BYTES == 64
    fits = "ä" * 32  # 32 characters, 64 bytes
    ChoicePrompt(key="c", options=(fits, "a" * 64), **ASK)
    too_long = "ä" * 33  # 33 characters, 66 bytes
    message = declaration_error(lambda: ChoicePrompt(key="c", options=(too_long,), **ASK))
    assert message == f"c: Schaltfläche {too_long!r} ist länger als 64 Bytes"
    message = declaration_error(lambda: ChoicePrompt(key="c", options=("a" * 65,), **ASK))
    assert "ist länger als 64 Bytes" in message


def test_multi_choice_inherits_label_checks() -> None:
    message = declaration_error(lambda: MultiChoicePrompt(key="m", options=("a", "A"), **ASK))
    assert message == "m: Auswahl 'A' doppelt"


@pytest.mark.parametrize(("low", "high"), [(0, 0), (2, 1), (5, 1)])
def test_multi_choice_selection_bounds(low: int, high: int) -> None:
    message = declaration_error(
        lambda: MultiChoicePrompt(
            key="m", options=("a", "b", "c"), min_selected=low, max_selected=high, **ASK
        )
    )
    assert message == "m: max_selected < min_selected"


def test_multi_choice_min_selected_above_option_count() -> None:
    message = declaration_error(
        lambda: MultiChoicePrompt(key="m", options=("a", "b"), min_selected=3, **ASK)
    )
    assert "min_selected" in message


def test_confirm_labels_are_checked() -> None:
    message = declaration_error(lambda: ConfirmPrompt(key="ok", yes="Ja", no="ja", **ASK))
    assert message == "ok: Auswahl 'ja' doppelt"
    message = declaration_error(lambda: ConfirmPrompt(key="ok", yes="ü" * 33, **ASK))
    assert "ist länger als 64 Bytes" in message


# -- bounds --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("low", "high"), [(3, 3), (5, 1), (0, 11)])
def test_scale_range(low: int, high: int) -> None:
    message = declaration_error(lambda: ScalePrompt(key="s", low=low, high=high, **ASK))
    assert message == f"s: Skala {low}..{high} ungültig"


@pytest.mark.parametrize("point", [0, 6])
def test_scale_label_outside(point: int) -> None:
    message = declaration_error(lambda: ScalePrompt(key="s", labels={point: "x"}, **ASK))
    assert message == "s: Beschriftung außerhalb der Skala"


def test_scale_button_with_label_must_fit() -> None:
    message = declaration_error(lambda: ScalePrompt(key="s", labels={3: "ü" * 31}, **ASK))
    assert message.startswith("s: Schaltfläche '3 – üü")
    assert message.endswith("ist länger als 64 Bytes")


def test_scale_button_labels() -> None:
    scale = ScalePrompt(key="s", low=0, high=10, labels={0: "gar nicht", 10: "voll"}, **ASK)
    assert list(scale.points) == list(range(11))
    assert scale.button_label(0) == "0 – gar nicht"
    assert scale.button_label(5) == "5"


def test_number_minimum_above_maximum() -> None:
    message = declaration_error(lambda: NumberPrompt(key="n", minimum=10, maximum=9.5, **ASK))
    assert message == "n: minimum > maximum"
    NumberPrompt(key="n", minimum=10, maximum=10, **ASK)


@pytest.mark.parametrize(("low", "high"), [(0, 10), (10, 5), (1, 3897), (-1, 5)])
def test_text_length_bounds(low: int, high: int) -> None:
    message = declaration_error(lambda: text("t", min_length=low, max_length=high))
    assert message == f"t: Längengrenzen {low}..{high}"


def test_text_length_bounds_upper_limit_leaves_room_for_the_question() -> None:
    assert text("t", min_length=1, max_length=3896).max_length == 3896


def test_date_declarations() -> None:
    assert declaration_error(lambda: DatePrompt(key="d", accepts=(), **ASK)) == (
        "d: keine Datumsform erlaubt"
    )
    assert declaration_error(lambda: DatePrompt(key="d", min_year=2031, max_year=2030, **ASK)) == (
        "d: min_year > max_year"
    )


# -- forms and lists -----------------------------------------------------------------------------


def test_form_without_fields() -> None:
    message = declaration_error(lambda: FormPrompt(key="f", fields=(), **ASK))
    assert message == "f: Formular ohne Felder"


def test_form_duplicate_field_keys() -> None:
    message = declaration_error(
        lambda: FormPrompt(key="f", fields=(text("a"), text("b"), text("a")), **ASK)
    )
    assert message == "f: Feldschlüssel doppelt: ['a', 'b', 'a']"


@pytest.mark.parametrize(
    "extra",
    [
        {"scope": Scope.TEAM},
        {"audience": Audience.CORE},
        {"for_each": "ideas"},
        {"show": "ideas"},
    ],
)
def test_form_fields_inherit_scope_and_audience(extra: dict[str, Any]) -> None:
    message = declaration_error(lambda: FormPrompt(key="f", fields=(text("a", **extra),), **ASK))
    assert message == "f.a: Felder erben Umfang und Zielgruppe"


@pytest.mark.parametrize("scope", [Scope.MEMBER, Scope.TEAM, Scope.FLOW])
def test_items_scope_must_be_pool(scope: Scope) -> None:
    message = declaration_error(lambda: items("ideas", scope=scope))
    assert message == "ideas: Listen sind immer gemeinsame Sammlungen (pool)"


def test_items_fields_are_checked_like_a_form() -> None:
    message = declaration_error(lambda: items("risks", fields=(text("a"), text("a"))))
    assert message == "risks: Feldschlüssel doppelt: ['a', 'a']"
    message = declaration_error(
        lambda: items("risks", fields=(ScalePrompt(key="level", **ASK), text("name")))
    )
    assert message.startswith("risks: das erste Feld eines Eintrags muss Text sein")


def test_items_title_field() -> None:
    assert items("ideas").title_field is None
    risks = items("risks", fields=(text("name"), ScalePrompt(key="level", **ASK)))
    assert risks.title_field == "name"


# -- the registry --------------------------------------------------------------------------------


@pytest.mark.parametrize("ref", ["as9.nothing", "as3.nothing"])
@pytest.mark.parametrize("kind", ["for_each", "show"])
def test_registry_rejects_unknown_cross_step_reference(ref: str, kind: str) -> None:
    bad = step("as4", text("pick", **{kind: ref}))
    message = declaration_error(lambda: _registry(as3.STEP, bad))
    assert message == f"as4.pick: {ref!r} unbekannt"


def test_registry_rejects_cross_step_reference_to_a_non_list() -> None:
    bad = step("as4", text("pick", for_each="as3.target_year"))
    assert declaration_error(lambda: _registry(as3.STEP, bad)) == (
        "as4.pick: 'as3.target_year' unbekannt"
    )


def test_registry_rejects_a_step_twice() -> None:
    assert declaration_error(lambda: _registry(as3.STEP, as3.STEP)) == (
        "Arbeitsschritt doppelt registriert"
    )


def part(part_id: str, step_title: str | None) -> Step:
    return Step(
        id=part_id, number="AS1", title=part_id, cycle="C", purpose="P", part_of="as1",
        step_title=step_title, prompts=(text("a"),),
    )  # fmt: skip


def test_registry_rejects_parts_that_name_their_work_step_differently() -> None:
    first, other = part("as1_a", "Bestandsanalyse"), part("as1_b", "Bestandsaufnahme")
    assert declaration_error(lambda: _registry(first, other)) == (
        "as1_b: nennt as1 'AS1 Bestandsaufnahme' statt 'AS1 Bestandsanalyse'"
    )
    assert declaration_error(lambda: _registry(first, part("as1_c", None))) == (
        "as1_c: nennt as1 'AS1 as1_c' statt 'AS1 Bestandsanalyse'"
    )
    assert first.work_step_name == "AS1 Bestandsanalyse"


def test_registry_accepts_a_reference_to_a_list_of_another_step() -> None:
    good = step("as4", text("field_of_goal", for_each="as3.goals"))
    assert list(_registry(as3.STEP, good)) == ["as3", "as4"]


# -- the real declarations -----------------------------------------------------------------------

DECLARED: dict[str, Dialog] = {**STEPS, **FLOWS}


def all_prompts(declared: Dialog) -> Iterator[PromptBase]:
    """Every prompt of a dialog, including the fields of forms and list entries."""
    for prompt in declared.prompts:
        yield prompt
        yield from getattr(prompt, "fields", ())


def test_registry_is_the_steps_in_order() -> None:
    assert list(STEPS) == [s.id for s in STEPS.values()]
    assert "as3" in STEPS
    assert _registry(*STEPS.values()) == STEPS
    assert all(isinstance(s, Step) for s in STEPS.values())
    assert set(FLOWS) == {
        "new_team", "join", "enter_code", "strategy_comment", "rename_entry", "assign",
        "assign_due",
    }  # fmt: skip
    assert not set(STEPS) & set(FLOWS)


@pytest.mark.parametrize("dialog_id", DECLARED)
def test_declared_dialog_round_trips_through_json(dialog_id: str) -> None:
    # Revalidating catches anything built by model_copy/construct that skipped the checks.
    declared = DECLARED[dialog_id]
    assert type(declared).model_validate_json(declared.model_dump_json()) == declared


@pytest.mark.parametrize("dialog_id", DECLARED)
def test_declared_prompts_have_help_and_a_proper_question(dialog_id: str) -> None:
    for prompt in all_prompts(DECLARED[dialog_id]):
        where = f"{dialog_id}.{prompt.key}"
        assert prompt.question.rstrip().endswith(("?", ".")), where
        assert len(prompt.help) >= 30, where
        assert prompt.help.rstrip().endswith((".", "?", "!")), where
        assert prompt.example, where
        placeholders = {
            name for _, name, _, _ in string.Formatter().parse(prompt.question) if name
        }
        assert placeholders <= {"kommune"}, where


@pytest.mark.parametrize("dialog_id", DECLARED)
def test_declared_texts_fit_in_a_message(dialog_id: str) -> None:
    declared = DECLARED[dialog_id]
    assert len(declared.intro) < 1000
    assert declared.done_text
    for prompt in all_prompts(declared):
        assert len(prompt.question) + len(prompt.help) < 1500, prompt.key


def test_flows_keep_their_values_in_the_dialog() -> None:
    for flow in FLOWS.values():
        for prompt in flow.prompts:
            assert prompt.scope is Scope.FLOW, f"{flow.id}.{prompt.key}"
            assert not prompt.optional, f"{flow.id}.{prompt.key}"
