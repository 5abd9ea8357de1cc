"""Every prompt kind brings its own behaviour; the engine and the screen keep no list of kinds.

These tests back the claim in CONTRIBUTING.md that a new prompt kind is one class in
``dialogs/prompts.py`` plus a test.
"""

from __future__ import annotations

from typing import Any, get_args

import pytest

from dialogs import presses
from dialogs.errors import InvalidAnswer
from dialogs.prompts import (
    Asking,
    ConfirmPrompt,
    DotsPrompt,
    FormPrompt,
    ItemsPrompt,
    Prompt,
    PromptBase,
    TextPrompt,
)
from dialogs.replies import Message
from tests.test_engine import ASK, CORE, Store, probe, question

KINDS: tuple[type[PromptBase], ...] = get_args(get_args(Prompt)[0])
#: Kinds made of other prompts: the engine walks their fields (each field is a simple kind).
CONTAINERS = (FormPrompt, ItemsPrompt)
ASKING = Asking(options=("Rathaus", "Bibliothek"), selected=("Rathaus",), dots={"Rathaus": 1})


def example(kind: type[PromptBase]) -> PromptBase:
    """A valid instance of ``kind`` with the fields every kind needs."""
    extra: dict[str, Any] = {
        "choice": {"options": ("Rathaus", "Bibliothek")},
        "multi": {"options": ("Rathaus", "Bibliothek")},
        "dots": {"options_from": "as5.ideas"},
        "form": {"fields": (TextPrompt(key="name", question="Name?", **ASK),)},
    }
    tag = kind.model_fields["kind"].default
    return kind(key="probe", question="Wie ist es?", **ASK, **extra.get(tag, {}))


def test_every_kind_is_in_the_union_once() -> None:
    tags = [kind.model_fields["kind"].default for kind in KINDS]
    assert len(tags) == len(set(tags)) == 10


@pytest.mark.parametrize(
    "kind", [k for k in KINDS if k not in CONTAINERS], ids=lambda k: k.__name__
)
def test_every_simple_kind_reads_typed_text_itself(kind: type[PromptBase]) -> None:
    assert kind.parse is not PromptBase.parse, f"{kind.__name__} has no parse()"


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
def test_every_answer_button_a_kind_makes_means_something_to_it(kind: type[PromptBase]) -> None:
    prompt = example(kind)
    assert isinstance(prompt.hint(ASKING), str)
    rows = prompt.answer_buttons(ASKING)
    pressed = [presses.read(b.value) for row in rows for b in row]
    assert all(isinstance(p, presses.DialogPress) for p in pressed)
    picks = [p for p in pressed if isinstance(p, presses.Pick)]
    assert all(prompt.pick(p.index, ASKING) is not None for p in picks)
    if any(isinstance(p, presses.Done) for p in pressed):
        assert prompt.offers_done and prompt.done(ASKING) is not None


def test_a_pick_from_elsewhere_means_nothing() -> None:
    confirm = example(ConfirmPrompt)
    assert confirm.pick(2, ASKING) is None
    assert example(DotsPrompt).parse("1 1", ASKING) == {"Rathaus": 2}


class ShoutPrompt(TextPrompt):
    """A kind the engine has never heard of: text stored in capitals."""

    def parse(self, raw: str, asking: Asking) -> Any:
        if not raw.strip():
            raise InvalidAnswer("Bitte rufen Sie etwas.")
        return raw.strip().upper()

    def hint(self, asking: Asking) -> str:
        return "Laut, bitte."


def test_a_new_kind_works_in_the_engine_without_changing_it() -> None:
    shout = ShoutPrompt(key="shout", question="Was rufen Sie?", **ASK)
    store = Store(probe(shout))
    asked = question(store.begin(CORE))
    assert "Laut, bitte." in asked.text
    warned = store.send(CORE, "   ")
    assert any("rufen Sie etwas" in r.text for r in warned.replies if isinstance(r, Message))
    outcome = store.send(CORE, "mehr Bänke")
    assert store.values("shout") == ["MEHR BÄNKE"] and outcome.finished
