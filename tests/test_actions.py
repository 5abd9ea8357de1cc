"""Typed button actions: one codec, one router, and buttons stored by older versions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import cast

import pytest

from bot.app import actions as act
from bot.app import live
from bot.app.entry_tools import LISTS
from bot.app.incoming import Click, Incoming, Sender
from bot.app.service import Processed, Workshop
from bot.present import live_actions, texts
from bot.telegram.links import TelegramLinks
from dialogs import actions as codec
from dialogs import presses
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
            act.AssignConfirm(target="as3", due=date(2026, 12, 12)),
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


@pytest.mark.parametrize("action", live_actions.EXAMPLES, ids=lambda a: type(a).__name__)
def test_every_live_kind_round_trips_within_64_bytes(action: live_actions.LiveAction) -> None:
    text = act.encode(action)
    assert text.startswith("v1|") and len(text.encode()) <= act.MAX_BYTES
    assert act.decode(text) == action


@pytest.mark.parametrize(
    ("legacy", "action"),
    [
        ("live:s:12:dot:5", live_actions.GiveDot(session=12, idea=5)),
        ("live:s:3:rate:4:i:2", live_actions.RateRisk(session=3, risk=4, dimension="i", value=2)),
        ("live:s:3:page:1", live_actions.TurnPage(session=3, page=1)),
        ("live:s:3:repost", live_actions.RepostStatus(session=3)),
        ("live:link:7", live_actions.LinkGroup(team=7)),
        ("live:cancel", live_actions.CancelMenu()),
        ("live:menu", live_actions.ShowMenu()),
        ("live:new:rate", live_actions.ChooseKind(session_kind="rate")),
        ("live:new:collect:vision", live_actions.ChooseTarget(target="vision")),
        ("live:new:collect:risks:1", live_actions.ChooseAnonymity(target="risks", anonymous=True)),
        (
            "live:go:collect:ideas:0:15",
            live_actions.StartSession(
                session_kind="collect", target="ideas", anonymous=False, minutes=15
            ),
        ),
    ],
)
def test_live_buttons_stored_by_older_versions_decode(
    legacy: str, action: live_actions.LiveAction
) -> None:
    assert act.decode(legacy) == action


@pytest.mark.parametrize(
    "value", ["live:s:1:rate:1:x:5", "live:s:x:dot:1", "live:new", "live:go:vote", "live:nix"]
)
def test_live_payloads_that_fit_no_action_decode_to_nothing(value: str) -> None:
    assert act.decode(value) is None


def test_every_live_session_kind_has_a_handler() -> None:
    session_kinds = codec.kinds_of(live_actions.SessionAction).values()
    assert set(live.SESSION_ACTIONS) == set(session_kinds)


def test_live_actions_are_not_routed_as_commands() -> None:
    assert not {type(a) for a in live_actions.EXAMPLES} & set(act.KINDS.values())
    assert all(not isinstance(a, act.Action) for a in live_actions.EXAMPLES)


@pytest.mark.parametrize("press", presses.EXAMPLES, ids=lambda a: type(a).__name__)
def test_every_question_button_round_trips_within_64_bytes(press: presses.DialogPress) -> None:
    text = act.encode(press)
    assert text.startswith("v1|") and len(text.encode()) <= act.MAX_BYTES
    assert presses.read(text) == press
    assert not isinstance(act.decode(text), act.Action)  # answered, not routed


def test_engine_answers_are_not_actions() -> None:
    assert not act.is_action("opt:2")


async def press_alone(db_path: Path, value: str) -> tuple[Processed, list[str]]:
    """Anna, the only member of a team, presses a stored button carrying ``value``: what the
    button answered and what was said in the chat (the team must be unchanged)."""
    async with await Database.open(db_path) as db:
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
        result = await workshop.process_update(incoming)
        async with db.read() as tx:
            texts_said = [
                (await tx.outbox.get(i)).payload["reply"]["text"] for i in result.outbox_ids
            ]
            assert [m.role for m in await tx.members.list(team.id)] == [Role.FACILITATOR]
            assert await tx.assignments.for_team(team.id) == []
    return result, texts_said


@pytest.mark.parametrize("value", ["cmd:role:abc", "cmd:asgok:as3:kein-datum:2", "cmd:gibtsnicht"])
async def test_a_broken_old_button_is_refused_politely_and_changes_nothing(
    tmp_path: Path, value: str
) -> None:
    result, texts_said = await press_alone(tmp_path / "w.db", value)
    assert texts_said == []  # answered on the button, nothing in the chat
    assert result.callback_text == texts.BUTTON_UNKNOWN


@pytest.mark.parametrize(
    ("action", "answer"),
    [
        (act.ShowEntry(key=next(iter(LISTS)), entry=999), "Diesen Eintrag gibt es nicht mehr"),
        (act.AssignDue(assignment=999), "Diese Zuweisung gibt es nicht mehr"),
        (act.AssignRemove(assignment=999), "Diese Zuweisung gibt es nicht mehr"),
    ],
    ids=["entry", "due", "remove"],
)
async def test_a_button_of_something_gone_is_answered_on_the_button(
    tmp_path: Path, action: act.Action, answer: str
) -> None:
    result, texts_said = await press_alone(tmp_path / "w.db", act.encode(action))
    assert texts_said == []
    assert (result.callback_text or "").startswith(answer)
