"""The buttons of live sessions in a group chat, as typed actions of the one codec.

The facilitator's menu puts a session together step by step (kind → target → anonymous? →
timer), the status message carries the session's buttons (dot, rating, page, end …). Payloads
of older versions (``live:…``) are translated into these kinds; see :func:`translate_legacy`.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from dialogs import actions as codec
from dialogs.records import LiveKind

#: Prefix of the live payloads written by versions before the typed actions.
LEGACY_PREFIX = "live:"


class LiveAction(codec.Action):
    """A button of a live session or of the menu that starts one (handled in the group)."""

    needs_team: ClassVar[bool] = False


# -- the menu -------------------------------------------------------------------------------


class LinkGroup(LiveAction):
    """Link the group with the facilitator's team ``team``."""

    kind: Literal["llink"] = "llink"
    team: int


class CancelMenu(LiveAction):
    kind: Literal["lcancel"] = "lcancel"


class ShowMenu(LiveAction):
    kind: Literal["lmenu"] = "lmenu"


class ChooseKind(LiveAction):
    kind: Literal["lnew"] = "lnew"
    session_kind: LiveKind


class ChooseTarget(LiveAction):
    """A collect session's list was chosen; next: with names or anonymous."""

    kind: Literal["ltarget"] = "ltarget"
    target: str


class ChooseAnonymity(LiveAction):
    """Names or anonymous was chosen for collecting ``target``; next: the timer."""

    kind: Literal["lanon"] = "lanon"
    target: str
    anonymous: bool


class StartSession(LiveAction):
    """Start the session the menu put together (``minutes``: 0 means no timer)."""

    kind: Literal["lgo"] = "lgo"
    session_kind: LiveKind
    target: str
    anonymous: bool
    minutes: int


# -- the status message of a running session -------------------------------------------------


class SessionAction(LiveAction):
    """A button under the status message of session ``session``."""

    session: int


class GiveDot(SessionAction):
    kind: Literal["ldot"] = "ldot"
    idea: int


class TakeDotsBack(SessionAction):
    kind: Literal["lundo"] = "lundo"


class RateRisk(SessionAction):
    """Rate a risk's likelihood (``l``) or impact (``i``) from 1 to 5."""

    kind: Literal["lrate"] = "lrate"
    risk: int
    dimension: Literal["l", "i"]
    value: Annotated[int, Field(ge=1, le=5)]


class ShowMyRating(SessionAction):
    kind: Literal["lmine"] = "lmine"
    risk: int


class TurnPage(SessionAction):
    kind: Literal["lpage"] = "lpage"
    page: Annotated[int, Field(ge=0, le=9_999)]


class EndSession(SessionAction):
    kind: Literal["lend"] = "lend"


class RepostStatus(SessionAction):
    kind: Literal["lrepost"] = "lrepost"


def translate_legacy(rest: str) -> list[str] | None:
    """``live:…`` of older versions (``rest`` without the prefix) as ``[kind, field, …]``."""
    verb, *args = rest.split(":")
    if verb == "s" and len(args) >= 2:
        session, action, *more = args
        return [f"l{action}", session, *more]
    if verb == "new":  # the menu: kind, or collect:target, or collect:target:anonymous
        kind = {1: "lnew", 2: "ltarget", 3: "lanon"}.get(len(args))
        return [kind, *(args if len(args) == 1 else args[1:])] if kind else None
    return [f"l{verb}", *args]


codec.LEGACY[LEGACY_PREFIX] = translate_legacy

#: The longest realistic instance of every kind (checked at import).
EXAMPLES: tuple[LiveAction, ...] = (
    LinkGroup(team=999_999_999), CancelMenu(), ShowMenu(), ChooseKind(session_kind="collect"),
    ChooseTarget(target="actors"), ChooseAnonymity(target="actors", anonymous=True),
    StartSession(session_kind="collect", target="actors", anonymous=True, minutes=30),
    GiveDot(session=999_999_999, idea=999_999_999), TakeDotsBack(session=999_999_999),
    RateRisk(session=999_999_999, risk=999_999_999, dimension="l", value=5),
    ShowMyRating(session=999_999_999, risk=999_999_999), TurnPage(session=999_999_999, page=99),
    EndSession(session=999_999_999), RepostStatus(session=999_999_999),
)  # fmt: skip
codec.check_examples(LiveAction, EXAMPLES)
