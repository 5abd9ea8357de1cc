"""Typed button actions and their one codec.

Every button the application layer shows carries one action: a small frozen model with typed
fields (ids as ``int``, step keys as ``str`` …). :func:`encode` turns it into a short versioned
string (``v1|kind|field|…``, at most :data:`MAX_BYTES` bytes), :func:`decode` turns such a
string back into the action, or into ``None`` if it names no known action or its fields do not
fit. Buttons stored by older versions (``cmd:kind:field:…``) decode through the same field order.
The router (``bot.app.service``) finds a button's handler from the action's type.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError

from dialogs.records import Role
from dialogs.replies import Button

#: Version tag of the current encoding.
VERSION = "v1"
#: The most an encoded action may take (Telegram's limit for callback data).
MAX_BYTES = 64
#: Prefix of the payloads written by versions before the typed actions.
LEGACY_PREFIX = "cmd:"
_SEP = "|"


def _split_ids(value: Any) -> Any:
    return tuple(int(i) for i in value.split(",") if i) if isinstance(value, str) else value


IdList = Annotated[tuple[int, ...], BeforeValidator(_split_ids)]


class Action(BaseModel):
    """One button action. ``one_shot``: the button works once (a double tap changes nothing);
    ``needs_team``: it acts within the team the stored button belongs to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    one_shot: ClassVar[bool] = False
    needs_team: ClassVar[bool] = True
    #: Whether the encoding may exceed :data:`MAX_BYTES` (only a list of member ids can; the
    #: stored button is resolved server-side, so Telegram sees only its short id).
    unbounded: ClassVar[bool] = False

    def button(self, label: str) -> Button:
        """A button labelled ``label`` that carries this action."""
        return Button(label=label, value=encode(self))


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
    unbounded: ClassVar[bool] = True
    kind: Literal["asgok"] = "asgok"
    target: str
    due: date
    members: IdList


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


AnyAction = Annotated[
    NewTeam | EnterCode | ShowSteps | ShowTeam | Resume | ChooseTeam | SwitchTeam | DeleteMe
    | CancelDelete | OpenPart | OpenWorkStep | EnterMeasurement | CloseStep | ReopenStep
    | CloseMenu | ShowSummary | NewInvite | RevokeInvites | ChooseMember | ChooseRole | SetRole
    | AssignNew | AssignStep | AssignBegin | AssignConfirm | AssignCancel | AssignStatus
    | AssignDue | AssignRemove | QuestionnaireStatus | RemindOpen | CloseRound | ListEntries
    | ShowEntry | RenameEntry | ChooseAssignment | Reassign | MoveEntry | ChooseMergeTarget
    | MergeEntries | DeleteEntry
    | StrategyOverview | StrategyDraft | StartCommentRound | StrategySections | StrategySection
    | StartComment | CancelComment | ShowComments | ConfirmFinalise | Finalise | ShowVersions
    | ResendVersion,
    Field(discriminator="kind"),
]  # fmt: skip
_ADAPTER: TypeAdapter[Action] = TypeAdapter(AnyAction)
#: Every action kind: its ``kind`` tag → its model.
KINDS: dict[str, type[Action]] = {
    cls.model_fields["kind"].default: cls
    for cls in AnyAction.__origin__.__args__  # type: ignore[attr-defined]
}


class ActionTooLong(ValueError):
    """An encoded action would exceed :data:`MAX_BYTES`."""


def is_action(value: str) -> bool:
    """Whether a stored button value is an action (else it is a dialog answer)."""
    return value.startswith((VERSION + _SEP, LEGACY_PREFIX))


def encode(action: Action) -> str:
    """``action`` as ``v1|kind|field|…``; raises :class:`ActionTooLong` past the limit."""
    fields = [_field_text(getattr(action, name)) for name in type(action).model_fields]
    text = _SEP.join([VERSION, *fields])
    if not action.unbounded and len(text.encode()) > MAX_BYTES:
        raise ActionTooLong(f"{text!r} is longer than {MAX_BYTES} bytes")
    return text


def decode(text: str) -> Action | None:
    """The action ``text`` encodes (current or legacy format), or ``None`` if none fits."""
    if text.startswith(VERSION + _SEP):
        parts = [_unescape(p) for p in text.removeprefix(VERSION + _SEP).split(_SEP)]
    elif text.startswith(LEGACY_PREFIX):
        parts = text.removeprefix(LEGACY_PREFIX).split(":")
    else:
        return None
    cls = KINDS.get(parts[0])
    if cls is None or len(parts) != len(cls.model_fields):
        return None
    try:
        return _ADAPTER.validate_python(dict(zip(cls.model_fields, parts, strict=True)))
    except ValidationError:
        return None


def _field_text(value: object) -> str:
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("%", "%25").replace(_SEP, "%7C")


def _unescape(part: str) -> str:
    return part.replace("%7C", _SEP).replace("%25", "%")


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
    AssignConfirm(target="as1_fragebogen_setup", due=date(2099, 12, 31), members=(999_999,)),
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


def _check_examples() -> None:
    missing = set(KINDS.values()) - {type(example) for example in EXAMPLES}
    if missing:
        raise TypeError(f"no example for {sorted(cls.__name__ for cls in missing)}")
    for example in EXAMPLES:
        text = encode(example)
        if len(text.encode()) > MAX_BYTES:
            raise ActionTooLong(f"{text!r} is longer than {MAX_BYTES} bytes")


_check_examples()
