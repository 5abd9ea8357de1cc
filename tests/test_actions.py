"""Typed button actions: one codec, one router, and buttons stored by older versions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import cast

import pytest

from bot.app import actions as act
from bot.app.incoming import Click, Incoming, Sender
from bot.app.service import Workshop
from bot.present import texts
from bot.telegram.links import TelegramLinks
from dialogs.records import Role
from storage.database import Database

ANNA = 1  # the facilitator (Telegram id)


def test_the_router_has_a_handler_for_exactly_every_action_kind() -> None:
    workshop = Workshop(cast(Database, None), links=TelegramLinks("werkstatt_bot"))
    assert set(workshop._actions()) == set(act.KINDS.values())
    assert len(act.KINDS) == len(act.EXAMPLES)


@pytest.mark.parametrize("action", act.EXAMPLES, ids=lambda a: type(a).__name__)
def test_every_kind_round_trips_within_64_bytes(action: act.Action) -> None:
    text = act.encode(action)
    assert text.startswith("v1|")
    assert len(text.encode()) <= act.MAX_BYTES
    assert act.decode(text) == action
    assert act.is_action(text)


def test_text_fields_with_the_separator_round_trip() -> None:
    action = act.MoveEntry(key="actors", entry=7, option="a|b%7C")
    assert act.decode(act.encode(action)) == action


def test_an_action_too_long_for_a_button_is_refused_when_encoded() -> None:
    with pytest.raises(act.ActionTooLong):
        act.encode(act.StrategySection(section="abschnitt" * 8))


@pytest.mark.parametrize(
    ("legacy", "action"),
    [
        ("cmd:steps", act.ShowSteps()),
        ("cmd:setrole:12:kernteam", act.SetRole(member=12, role=Role.CORE)),
        ("cmd:entrymergeinto:ideas:4:9", act.MergeEntries(key="ideas", entry=4, into=9)),
        (
            "cmd:asgok:as3:2026-12-12:2,5",
            act.AssignConfirm(target="as3", due=date(2026, 12, 12), members=(2, 5)),
        ),
    ],
)
def test_buttons_stored_by_older_versions_decode(legacy: str, action: act.Action) -> None:
    assert act.decode(legacy) == action


@pytest.mark.parametrize(
    "value",
    ["cmd:nosuchthing", "cmd:role:abc", "cmd:open", "cmd:steps:extra", "cmd:setrole:1:chef",
     "v1|switchto|x", "v1|", "v2|steps"],
)  # fmt: skip
def test_payloads_that_fit_no_action_decode_to_nothing(value: str) -> None:
    assert act.decode(value) is None


def test_engine_answers_are_not_actions() -> None:
    assert not act.is_action("opt:2")


@pytest.mark.parametrize("value", ["cmd:role:abc", "cmd:asgok:as3:kein-datum:2", "cmd:gibtsnicht"])
async def test_a_broken_old_button_is_refused_politely_and_changes_nothing(
    tmp_path: Path, value: str
) -> None:
    async with await Database.open(tmp_path / "w.db") as db:
        async with db.transaction() as tx:
            team = await tx.teams.create("Lindenau", "Kleinstadt")
            user = await tx.users.get_or_create(ANNA, "Anna")
            await tx.members.add(team.id, user.id, "Anna", Role.FACILITATOR, "Verwaltung")
            await tx.users.set_active_team(user.id, team.id)
            button = await tx.buttons.create(
                {"v": value, "dlg": None, "ver": None}, user_id=user.id, team_id=team.id
            )
        workshop = Workshop(db, links=TelegramLinks("werkstatt_bot"))
        incoming = Incoming(None, ANNA, "private", Sender(ANNA, "x"), Click(button_id=button))
        ids = await workshop.process(incoming)
        async with db.read() as tx:
            texts_said = [(await tx.outbox.get(i)).payload["reply"]["text"] for i in ids]
            assert [m.role for m in await tx.members.list(team.id)] == [Role.FACILITATOR]
            assert await tx.assignments.for_team(team.id) == []
    assert texts_said == [texts.BUTTON_UNKNOWN]
