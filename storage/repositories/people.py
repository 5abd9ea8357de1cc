"""Users, teams, memberships and invitations."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from dialogs.records import Invite, Member, Role, Team, User
from storage.codec import dump_json, from_text, from_text_or_none, load_json, to_text
from storage.errors import NotFoundError
from storage.repositories._base import Repository, placeholders

ANONYMOUS_NAME = "Gelöschte Person"
"""Display name of a membership whose person deleted their data."""

_USER = "id, account, display_name, active_team_id"
_TEAM = "id, municipality, town_type, created_at"
_MEMBER = "id, team_id, user_id, display_name, role, stakeholder_group, joined_at"
_INVITE = "code, team_id, created_at, expires_at, revoked_at"


def _user(row: sqlite3.Row) -> User:
    return User(
        id=row["id"],
        account=row["account"],
        display_name=row["display_name"],
        active_team_id=row["active_team_id"],
    )


def _team(row: sqlite3.Row, prefix: str = "") -> Team:
    return Team(
        id=row[f"{prefix}id"],
        municipality=row[f"{prefix}municipality"],
        town_type=row[f"{prefix}town_type"],
        created_at=from_text(row[f"{prefix}created_at"]),
    )


def _member(row: sqlite3.Row) -> Member:
    return Member(
        id=row["id"],
        team_id=row["team_id"],
        user_id=row["user_id"],
        display_name=row["display_name"],
        role=Role(row["role"]),
        stakeholder_group=row["stakeholder_group"],
        joined_at=from_text(row["joined_at"]),
    )


def _invite(row: sqlite3.Row) -> Invite:
    return Invite(
        code=row["code"],
        team_id=row["team_id"],
        created_at=from_text(row["created_at"]),
        expires_at=from_text(row["expires_at"]),
        revoked_at=from_text_or_none(row["revoked_at"]),
    )


class UserRepository(Repository):
    """People by their messenger account (``tx.users``)."""

    async def get_or_create(self, account: str, display_name: str = "") -> User:
        """The user with this account address, created on first contact.

        The bot stores no messenger profile name (``display_name`` stays empty): the name a
        person chose for a team is the membership's. An existing user keeps their stored name.
        """
        existing = await self.by_account(account)
        if existing is not None:
            return existing
        rows = await self._s.write_returning(
            f"INSERT INTO users (account, display_name, created_at) VALUES (?, ?, ?) "
            f"RETURNING {_USER}",
            (account, display_name, self._s.now_text()),
        )
        return _user(rows[0])

    async def get(self, user_id: int) -> User | None:
        row = await self._s.fetchone(f"SELECT {_USER} FROM users WHERE id = ?", (user_id,))
        return None if row is None else _user(row)

    async def by_account(self, account: str) -> User | None:
        row = await self._s.fetchone(f"SELECT {_USER} FROM users WHERE account = ?", (account,))
        return None if row is None else _user(row)

    async def set_active_team(self, user_id: int, team_id: int | None) -> None:
        await self._update(user_id, "active_team_id = ?", team_id)

    async def get_flow_state(self, user_id: int) -> dict[str, Any] | None:
        """The team-less dialog (e.g. creating a team) the user is in, or None."""
        row = await self._s.fetchone("SELECT flow_state FROM users WHERE id = ?", (user_id,))
        if row is None:
            raise NotFoundError(f"user {user_id} does not exist")
        return None if row["flow_state"] is None else load_json(row["flow_state"])

    async def set_flow_state(self, user_id: int, state: dict[str, Any] | None) -> None:
        await self._update(user_id, "flow_state = ?", None if state is None else dump_json(state))

    async def delete(self, user_id: int) -> bool:
        """Delete the person: their memberships stay, anonymised, with their answers.

        Call ``tx.answers.delete_by_author`` for each membership first to erase the
        contributions as well. Returns False if there was no such user.
        """
        await self._s.write(
            "UPDATE members SET user_id = NULL, display_name = ?, dialog_state = '{}' "
            "WHERE user_id = ?",
            (ANONYMOUS_NAME, user_id),
        )
        return await self._s.write("DELETE FROM users WHERE id = ?", (user_id,)) == 1

    async def _update(self, user_id: int, assignment: str, value: Any) -> None:
        changed = await self._s.write(
            f"UPDATE users SET {assignment} WHERE id = ?", (value, user_id)
        )
        if changed == 0:
            raise NotFoundError(f"user {user_id} does not exist")


class TeamRepository(Repository):
    """Workshops, one per municipality (``tx.teams``)."""

    async def create(self, municipality: str, town_type: str) -> Team:
        rows = await self._s.write_returning(
            f"INSERT INTO teams (municipality, town_type, created_at) VALUES (?, ?, ?) "
            f"RETURNING {_TEAM}",
            (municipality, town_type, self._s.now_text()),
        )
        return _team(rows[0])

    async def ids(self) -> list[int]:
        """Every team's id (for periodic jobs such as reminders)."""
        return [row["id"] for row in await self._s.fetchall("SELECT id FROM teams ORDER BY id")]

    async def get(self, team_id: int) -> Team | None:
        row = await self._s.fetchone(f"SELECT {_TEAM} FROM teams WHERE id = ?", (team_id,))
        return None if row is None else _team(row)

    async def for_user(self, user_id: int) -> list[tuple[Team, Member]]:
        """The user's teams with their membership, in the order they joined."""
        rows = await self._s.fetchall(
            "SELECT m.id, m.team_id, m.user_id, m.display_name, m.role, m.stakeholder_group,"
            " m.joined_at, t.id AS t_id, t.municipality AS t_municipality,"
            " t.town_type AS t_town_type, t.created_at AS t_created_at "
            "FROM members AS m JOIN teams AS t ON t.id = m.team_id "
            "WHERE m.user_id = ? ORDER BY m.joined_at, m.id",
            (user_id,),
        )
        return [(_team(row, "t_"), _member(row)) for row in rows]

    async def delete(self, team_id: int) -> bool:
        """Delete the team and everything that belongs to it (members, answers, invites, …)."""
        return await self._s.write("DELETE FROM teams WHERE id = ?", (team_id,)) == 1


class MemberRepository(Repository):
    """Memberships of people in teams, with each member's dialog state (``tx.members``)."""

    async def add(
        self,
        team_id: int,
        user_id: int,
        display_name: str,
        role: Role | str,
        stakeholder_group: str,
    ) -> Member:
        """Add a person to a team. Raises sqlite3.IntegrityError if they already belong to it."""
        rows = await self._s.write_returning(
            f"INSERT INTO members (team_id, user_id, display_name, role, stakeholder_group,"
            f" joined_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING {_MEMBER}",
            (
                team_id,
                user_id,
                display_name,
                Role(role).value,
                stakeholder_group,
                self._s.now_text(),
            ),
        )
        return _member(rows[0])

    async def get(self, member_id: int) -> Member | None:
        row = await self._s.fetchone(f"SELECT {_MEMBER} FROM members WHERE id = ?", (member_id,))
        return None if row is None else _member(row)

    async def of_user(self, team_id: int, user_id: int) -> Member | None:
        row = await self._s.fetchone(
            f"SELECT {_MEMBER} FROM members WHERE team_id = ? AND user_id = ?",
            (team_id, user_id),
        )
        return None if row is None else _member(row)

    async def list(self, team_id: int) -> list[Member]:
        """All members of the team (anonymised ones included), in the order they joined."""
        rows = await self._s.fetchall(
            f"SELECT {_MEMBER} FROM members WHERE team_id = ? ORDER BY joined_at, id",
            (team_id,),
        )
        return [_member(row) for row in rows]

    async def set_role(self, member_id: int, role: Role | str) -> None:
        await self._update(member_id, "role = ?", Role(role).value)

    async def get_state(self, member_id: int) -> dict[str, Any]:
        """The member's dialog state (``{}`` before their first step)."""
        row = await self._s.fetchone("SELECT dialog_state FROM members WHERE id = ?", (member_id,))
        if row is None:
            raise NotFoundError(f"member {member_id} does not exist")
        state: dict[str, Any] = load_json(row["dialog_state"])
        return state

    async def set_state(self, member_id: int, state: dict[str, Any]) -> None:
        await self._update(member_id, "dialog_state = ?", dump_json(state))

    async def anonymise(self, member_id: int) -> None:
        """Detach the membership from its person; answers keep it as their author."""
        changed = await self._s.write(
            "UPDATE members SET user_id = NULL, display_name = ?, dialog_state = '{}' "
            "WHERE id = ?",
            (ANONYMOUS_NAME, member_id),
        )
        if changed == 0:
            raise NotFoundError(f"member {member_id} does not exist")

    async def delete(self, member_id: int) -> bool:
        """Remove the membership; its answers stay without author. False if unknown."""
        return await self._s.write("DELETE FROM members WHERE id = ?", (member_id,)) == 1

    async def accounts(self, team_id: int, roles: Iterable[Role] | None = None) -> list[str]:
        """Account addresses (= private chats) of the team's members (optionally only those
        with one of ``roles``) whose person still exists, in the order they joined."""
        sql = (
            "SELECT u.account FROM members AS m JOIN users AS u ON u.id = m.user_id "
            "WHERE m.team_id = ?"
        )
        params: list[Any] = [team_id]
        if roles is not None:
            wanted = sorted({Role(role).value for role in roles})
            if not wanted:
                return []
            sql += f" AND m.role IN ({placeholders(len(wanted))})"
            params += wanted
        rows = await self._s.fetchall(sql + " ORDER BY m.joined_at, m.id", params)
        return [row["account"] for row in rows]

    async def _update(self, member_id: int, assignment: str, value: Any) -> None:
        changed = await self._s.write(
            f"UPDATE members SET {assignment} WHERE id = ?", (value, member_id)
        )
        if changed == 0:
            raise NotFoundError(f"member {member_id} does not exist")


class InviteRepository(Repository):
    """Invitation codes for deep links (``tx.invites``)."""

    async def create(
        self, team_id: int, created_by: int | None, code: str, ttl: timedelta
    ) -> Invite:
        """Store a code (made by the caller) that is valid for ``ttl``."""
        if ttl <= timedelta(0):
            raise ValueError(f"ttl must be positive, got {ttl}")
        now = self._s.now()
        rows = await self._s.write_returning(
            f"INSERT INTO invites (code, team_id, created_by, created_at, expires_at) "
            f"VALUES (?, ?, ?, ?, ?) RETURNING {_INVITE}",
            (code, team_id, created_by, to_text(now), to_text(now + ttl)),
        )
        return _invite(rows[0])

    async def get(self, code: str) -> Invite | None:
        """The invite, also when expired or revoked (check ``Invite.is_valid``)."""
        row = await self._s.fetchone(f"SELECT {_INVITE} FROM invites WHERE code = ?", (code,))
        return None if row is None else _invite(row)

    async def active(self, team_id: int) -> list[Invite]:
        """The team's invites that are neither revoked nor expired, oldest first."""
        rows = await self._s.fetchall(
            f"SELECT {_INVITE} FROM invites WHERE team_id = ? AND revoked_at IS NULL"
            " AND expires_at > ? ORDER BY created_at, code",
            (team_id, self._s.now_text()),
        )
        return [_invite(row) for row in rows]

    async def revoke(self, code: str) -> bool:
        """Revoke the code; False if it is unknown or was revoked before."""
        changed = await self._s.write(
            "UPDATE invites SET revoked_at = ? WHERE code = ? AND revoked_at IS NULL",
            (self._s.now_text(), code),
        )
        return changed == 1
