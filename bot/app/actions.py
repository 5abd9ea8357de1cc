"""The application's button actions: one small frozen model per kind, with typed fields.

Each kind is encoded by the one codec of :mod:`dialogs.actions` (``v1|kind|field|…``, at most
64 bytes); buttons stored by older versions (``cmd:kind:field:…``) decode through the same field
order. The router (``bot.app.service``) finds a button's handler from the action's type.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from dialogs import actions as codec
from dialogs.actions import MAX_BYTES as MAX_BYTES
from dialogs.actions import VERSION as VERSION
from dialogs.actions import ActionTooLong as ActionTooLong
from dialogs.actions import decode as decode
from dialogs.actions import encode as encode
from dialogs.actions import is_action as is_action
from dialogs.records import Role

#: Prefix of the payloads written by versions before the typed actions.
LEGACY_PREFIX = "cmd:"


class Action(codec.Action):
    """An action of the application: each kind is routed to its handler (``bot.app.service``)."""


# -- without a team --------------------------------------------------------------------------


class _Personal(Action):
    needs_team: ClassVar[bool] = False


class NewTeam(_Personal):
    kind: Literal["new"] = "new"


class EnterCode(_Personal):
    kind: Literal["code"] = "code"


class ShowSteps(_Personal):
    kind: Literal["steps"] = "steps"


class ShowTeam(_Personal):
    kind: Literal["team"] = "team"


class Resume(_Personal):
    kind: Literal["resume"] = "resume"


class ChooseTeam(_Personal):
    kind: Literal["switch"] = "switch"


class SwitchTeam(_Personal):
    kind: Literal["switchto"] = "switchto"
    team: int


class DeleteMe(_Personal):
    one_shot: ClassVar[bool] = True
    kind: Literal["delete"] = "delete"
    mode: str


class CancelDelete(_Personal):
    kind: Literal["deletecancel"] = "deletecancel"


# -- work steps ------------------------------------------------------------------------------


class OpenPart(Action):
    kind: Literal["open"] = "open"
    part: str


class OpenWorkStep(Action):
    kind: Literal["openwork"] = "openwork"
    step: str


class EnterMeasurement(Action):
    kind: Literal["measure"] = "measure"


class CloseStep(Action):
    one_shot: ClassVar[bool] = True
    kind: Literal["close"] = "close"
    step: str


class ReopenStep(Action):
    kind: Literal["reopen"] = "reopen"
    step: str


class CloseMenu(Action):
    kind: Literal["closemenu"] = "closemenu"


class ShowSummary(Action):
    kind: Literal["summary"] = "summary"
    step: str


# -- team ------------------------------------------------------------------------------------


class NewInvite(Action):
    one_shot: ClassVar[bool] = True
    kind: Literal["invite"] = "invite"


class RevokeInvites(Action):
    one_shot: ClassVar[bool] = True
    kind: Literal["revoke"] = "revoke"


class ChooseMember(Action):
    kind: Literal["roles"] = "roles"


class ChooseRole(Action):
    kind: Literal["role"] = "role"
    member: int


class SetRole(Action):
    kind: Literal["setrole"] = "setrole"
    member: int
    role: Role


# -- assignments -----------------------------------------------------------------------------


class AssignNew(Action):
    kind: Literal["asgnew"] = "asgnew"


class AssignStep(Action):
    kind: Literal["asgstep"] = "asgstep"
    step: str


class AssignBegin(Action):
    kind: Literal["asgbegin"] = "asgbegin"
    target: str


class AssignConfirm(Action):
    """Store the assignment checked last; the chosen members wait in the presser's flow
    state (a list of ids would not fit a button)."""

    kind: Literal["asgok"] = "asgok"
    target: str
    due: date


class AssignCancel(Action):
    kind: Literal["asgcancel"] = "asgcancel"


class AssignStatus(Action):
    kind: Literal["asgview"] = "asgview"


class AssignDue(Action):
    kind: Literal["asgdue"] = "asgdue"
    assignment: int


class AssignRemove(Action):
    kind: Literal["asgdel"] = "asgdel"
    assignment: int


# -- questionnaire ---------------------------------------------------------------------------


class QuestionnaireStatus(Action):
    kind: Literal["qstatus"] = "qstatus"


class RemindOpen(Action):
    one_shot: ClassVar[bool] = True
    kind: Literal["remind"] = "remind"


class CloseRound(Action):
    one_shot: ClassVar[bool] = True
    kind: Literal["closeround"] = "closeround"


# -- entries ---------------------------------------------------------------------------------


class ListEntries(Action):
    kind: Literal["entries"] = "entries"
    key: str


class ShowEntry(Action):
    kind: Literal["entry"] = "entry"
    key: str
    entry: int


class RenameEntry(Action):
    kind: Literal["entryname"] = "entryname"
    key: str
    entry: int


class ChooseAssignment(Action):
    kind: Literal["entrylinks"] = "entrylinks"
    key: str
    entry: int


class Reassign(Action):
    one_shot: ClassVar[bool] = True
    kind: Literal["entrylink"] = "entrylink"
    key: str
    entry: int
    option: int
    check: str


class MoveEntry(Action):
    one_shot: ClassVar[bool] = True
    kind: Literal["entrymove"] = "entrymove"
    key: str
    entry: int
    option: str


class ChooseMergeTarget(Action):
    kind: Literal["entrymerge"] = "entrymerge"
    key: str
    entry: int


class MergeEntries(Action):
    one_shot: ClassVar[bool] = True
    kind: Literal["entrymergeinto"] = "entrymergeinto"
    key: str
    entry: int
    into: int


class DeleteEntry(Action):
    one_shot: ClassVar[bool] = True
    kind: Literal["entrydel"] = "entrydel"
    key: str
    entry: int


# -- strategy paper --------------------------------------------------------------------------


class StrategyOverview(Action):
    kind: Literal["sb"] = "sb"


class StrategyDraft(Action):
    kind: Literal["sbdraft"] = "sbdraft"
    variant: str


class StartCommentRound(Action):
    one_shot: ClassVar[bool] = True
    kind: Literal["sbround"] = "sbround"


class StrategySections(Action):
    kind: Literal["sbsections"] = "sbsections"


class StrategySection(Action):
    kind: Literal["sbsec"] = "sbsec"
    section: str


class StartComment(Action):
    kind: Literal["sbcomment"] = "sbcomment"
    section: str


class CancelComment(Action):
    kind: Literal["sbcancel"] = "sbcancel"


class ShowComments(Action):
    kind: Literal["sbcomments"] = "sbcomments"


class ConfirmFinalise(Action):
    kind: Literal["sbfinal"] = "sbfinal"


class Finalise(Action):
    one_shot: ClassVar[bool] = True
    kind: Literal["sbfinalyes"] = "sbfinalyes"


class ShowVersions(Action):
    kind: Literal["sbversions"] = "sbversions"


class ResendVersion(Action):
    kind: Literal["sbresend"] = "sbresend"
    number: int


#: Every action kind of the application: its ``kind`` tag → its model.
KINDS: dict[str, type[Action]] = codec.kinds_of(Action)


def _translate_legacy(rest: str) -> list[str]:
    """``cmd:…`` of older versions as ``[kind, field, …]``; an old confirmation's member ids
    are dropped (they are now kept in the flow state)."""
    parts = rest.split(":")
    return parts[:3] if parts[0] == "asgok" and len(parts) == 4 else parts


codec.LEGACY[LEGACY_PREFIX] = _translate_legacy


#: The longest realistic instance of every kind; each must encode within the limit (checked
#: at import, so a new field that makes a button too long fails at once).
EXAMPLES: tuple[Action, ...] = (
    NewTeam(), EnterCode(), ShowSteps(), ShowTeam(), Resume(), ChooseTeam(),
    SwitchTeam(team=999_999_999), DeleteMe(mode="anonymise"), CancelDelete(),
    OpenPart(part="as1_fragebogen_setup"), OpenWorkStep(step="as9"), EnterMeasurement(),
    CloseStep(step="as9"), ReopenStep(step="as9"), CloseMenu(), ShowSummary(step="as9"),
    NewInvite(), RevokeInvites(), ChooseMember(), ChooseRole(member=999_999_999),
    SetRole(member=999_999_999, role=Role.FACILITATOR), AssignNew(),
    AssignStep(step="as9"), AssignBegin(target="as1_fragebogen_setup"),
    AssignConfirm(target="as1_fragebogen_setup", due=date(2099, 12, 31)),
    AssignCancel(), AssignStatus(), AssignDue(assignment=999_999_999),
    AssignRemove(assignment=999_999_999), QuestionnaireStatus(), RemindOpen(), CloseRound(),
    ListEntries(key="actors"), ShowEntry(key="actors", entry=999_999_999),
    RenameEntry(key="fields", entry=999_999_999), ChooseAssignment(key="goals", entry=999_999_999),
    Reassign(key="goals", entry=999_999_999, option=99, check="ffff"),
    MoveEntry(key="actors", entry=999_999_999, option="zivilgesellschaft"),
    ChooseMergeTarget(key="actors", entry=999_999_999),
    MergeEntries(key="actors", entry=999_999_999, into=999_999_999),
    DeleteEntry(key="actors", entry=999_999_999), StrategyOverview(),
    StrategyDraft(variant="a"), StartCommentRound(), StrategySections(),
    StrategySection(section="handlungsfelder"), StartComment(section="handlungsfelder"),
    CancelComment(), ShowComments(), ConfirmFinalise(), Finalise(), ShowVersions(),
    ResendVersion(number=9_999),
)  # fmt: skip


codec.check_examples(Action, EXAMPLES)
