"""The context of one processed update: the open transaction, who acts, and what to send.

Replies are collected here and written to the outbox in the same transaction as the answers,
so a reply is only ever sent for something that is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.app.incoming import Click, Incoming
from bot.app.links import Links
from bot.present import texts
from bot.present.privacy_notice import PrivacyNotice
from dialogs.errors import NotAllowed
from dialogs.records import ROLE_LABELS, Member, Role, Team, User
from dialogs.replies import Button, Message, Reply
from storage.repositories import Tx


def prompt_ref(chat_id: str) -> str:
    """The name the latest question of a dialog in a private chat is stored under (its message
    id, in ``tx.message_refs``): the next question removes that message's buttons."""
    return f"prompt:{chat_id}"


@dataclass
class Pending:
    chat_id: str
    reply: Reply
    bulk: bool
    team_id: int | None
    dialog: str | None
    version: int | None
    user_id: int | None
    #: Further payload keys for the courier (``ref``, ``edit_ref``: see ``bot.app.delivery``).
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class TurnContext:
    """One update being processed inside one write transaction."""

    tx: Tx
    incoming: Incoming
    user: User
    links: Links
    pending: list[Pending] = field(default_factory=list)
    #: Outbox ids written directly in this turn (in order); :meth:`flush` returns them first.
    written: list[int] = field(default_factory=list)
    #: Live sessions this turn changed: their status message is refreshed after the commit.
    live_touched: set[int] = field(default_factory=set)
    #: A short answer to the pressed button (Telegram shows it as a toast, or as an alert).
    callback_text: str | None = None
    callback_alert: bool = False
    #: A dialog ended in this turn: its last question loses its buttons too (see :meth:`flush`).
    question_closed: bool = False
    #: Personal data was erased: the service empties the WAL after the commit.
    erased: bool = False
    #: The operator's privacy notice (shown under /datenschutz and on joining a team).
    privacy: PrivacyNotice = field(default_factory=PrivacyNotice)

    @property
    def chat_id(self) -> str:
        return self.incoming.chat_id

    def reply(
        self,
        *replies: Reply,
        team_id: int | None = None,
        dialog: str | None = None,
        version: int | None = None,
    ) -> None:
        """Answer in the chat the update came from; buttons are bound to this user."""
        for reply in replies:
            self.pending.append(
                Pending(self.chat_id, reply, False, team_id, dialog, version, self.user.id)
            )

    def notify(self, chat_id: str, *replies: Reply, team_id: int | None = None) -> None:
        """Send to another member (bulk-rate-limited); buttons are bound to that chat's user."""
        for reply in replies:
            self.pending.append(Pending(chat_id, reply, True, team_id, None, None, None))

    def post(
        self,
        chat_id: str,
        *replies: Reply,
        team_id: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        """Send into a (group) chat; its buttons are bound to nobody: anyone there may press
        them, and every press is checked against the team. ``extra`` goes into the payload."""
        for reply in replies:
            self.pending.append(
                Pending(chat_id, reply, False, team_id, None, None, None, dict(extra or {}))
            )

    def answer_button(self, text: str, *, alert: bool = False) -> None:
        """Answer the pressed button with a short text (shown by the client, not in the chat);
        Telegram takes at most 200 characters."""
        self.callback_text = text[:200]
        self.callback_alert = alert

    def stale_button(self, text: str = texts.BUTTON_UNKNOWN) -> None:
        """A pressed button that no longer applies: ``text`` appears on the button, nothing in
        the chat (typed input that ends up here gets ``text`` as a message)."""
        if isinstance(self.incoming.input, Click):
            self.answer_button(text)
        else:
            self.say(text)

    def say(self, text: str, *rows: tuple[Button, ...], team_id: int | None = None) -> None:
        self.reply(Message(text=text, buttons=tuple(r for r in rows if r)), team_id=team_id)

    def invite_link(self, code: str) -> str:
        return self.links.invite_link(code)

    async def activate(self, team_id: int | None) -> None:
        """Make ``team_id`` the team the user works in."""
        await self.tx.users.set_active_team(self.user.id, team_id)
        self.user = self.user.model_copy(update={"active_team_id": team_id})

    async def active_membership(self) -> tuple[Team, Member] | None:
        """The team the user works in now, and their membership in it."""
        if self.user.active_team_id is None:
            return None
        team = await self.tx.teams.get(self.user.active_team_id)
        member = await self.tx.members.of_user(self.user.active_team_id, self.user.id)
        if team is None or member is None:
            return None
        return team, member

    async def membership_or_explain(self) -> tuple[Team, Member] | None:
        """Like :meth:`active_membership`; without a team, says how to get one first."""
        active = await self.active_membership()
        if active is None:
            self.say(texts.NO_TEAM)
        return active

    async def flush(self) -> list[int]:
        """Write all pending replies to the outbox; buttons become stored opaque ids.

        Returns the ids written in this turn, those in :attr:`written` first."""
        ids: list[int] = list(self.written)
        self.written.clear()
        closing = self.question_closed
        for item in self.pending:
            reply = item.reply
            payload: dict[str, Any] = {"reply": None}
            if isinstance(reply, Message):
                owner = item.user_id
                if owner is None:
                    target = await self.tx.users.by_account(item.chat_id)
                    owner = target.id if target else None
                reply = await store_buttons(
                    self.tx,
                    reply,
                    owner=owner,
                    team_id=item.team_id,
                    dialog=item.dialog,
                    version=item.version,
                )
                if reply.edit and self.incoming.message_id and item.chat_id == self.chat_id:
                    payload["edit_message_id"] = self.incoming.message_id
                keys = self._question_refs(item, reply, "edit_message_id" in payload, closing)
                closing = closing and "clear_ref" not in keys
                payload.update(keys)
            payload["reply"] = reply.model_dump(mode="json")
            payload.update(item.extra)
            ids.append(await self.tx.outbox.add(item.chat_id, payload, bulk=item.bulk))
        self.pending.clear()
        return ids

    def _question_refs(
        self, item: Pending, reply: Message, edits: bool, closing: bool
    ) -> dict[str, str]:
        """Payload keys that leave only the current question of a private chat pressable: a
        dialog's new question is stored as the chat's question (``ref``) and first removes the
        buttons of the one before (``clear_ref``); so do the last words of a dialog that ended
        (``closing``). A question edited in place keeps its buttons."""
        if item.dialog is None or item.chat_id != self.chat_id or not self.incoming.private:
            return {}
        ref = prompt_ref(item.chat_id)
        if any(not b.url for row in reply.buttons for b in row):
            return {"ref": ref} if edits else {"ref": ref, "clear_ref": ref}
        return {"clear_ref": ref} if closing else {}


async def store_buttons(
    tx: Tx,
    reply: Message,
    *,
    owner: int | None,
    team_id: int | None,
    dialog: str | None = None,
    version: int | None = None,
) -> Message:
    """The message with each button's value replaced by a stored opaque id (64-byte limit, and
    nothing the client sends back is trusted); link buttons stay as they are."""
    payloads = [
        {"v": b.value, "dlg": dialog, "ver": version}
        for row in reply.buttons
        for b in row
        if not b.url
    ]
    ids = iter(await tx.buttons.create_many(payloads, owner, team_id) if payloads else ())
    rows = tuple(
        tuple(b if b.url else b.model_copy(update={"value": next(ids)}) for b in row)
        for row in reply.buttons
    )
    return reply.model_copy(update={"buttons": rows})


async def require_member(ctx: TurnContext, team_id: int, *roles: Role) -> Member:
    """The user's membership in ``team_id``, with one of ``roles`` if given; else NotAllowed."""
    member = await ctx.tx.members.of_user(team_id, ctx.user.id)
    if member is None:
        raise NotAllowed(texts.NOT_MEMBER)
    if roles and member.role not in roles:
        names = " oder ".join(ROLE_LABELS[r] for r in roles)
        raise NotAllowed(f"Das darf nur die {names}. Es wurde nichts geändert.")
    return member
