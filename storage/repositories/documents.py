"""Documents of a team: finalised strategy versions, comments on sections, the team export.

``tx.strategy`` keeps the versions and the comment round (migration 0002); ``tx.team_data``
reads every row that belongs to one team, for ``/export``.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from dialogs.links import has_links, renumber
from dialogs.records import Answer
from storage.codec import dump_json, from_text, load_json
from storage.errors import NotFoundError
from storage.repositories._base import Repository, placeholders


class StrategyVersion(BaseModel):
    """A finalised version; ``markdown``/``model`` are None in listings (loaded on demand)."""

    model_config = ConfigDict(frozen=True)

    id: int
    team_id: int
    number: int
    variant: str
    created_by: int | None
    created_at: datetime
    markdown: str | None = None
    model: dict[str, Any] | None = None


class StrategyComment(BaseModel):
    """A comment on a section; ``version`` None while the draft is still open."""

    model_config = ConfigDict(frozen=True)

    id: int
    team_id: int
    section: str
    author_id: int | None
    text: str
    created_at: datetime
    version: int | None


_VERSION = "id, team_id, number, variant, created_by, created_at"
_COMMENT = "id, team_id, section, author_id, text, created_at, version"


def _version(row: sqlite3.Row, *, full: bool = False) -> StrategyVersion:
    return StrategyVersion(
        id=row["id"],
        team_id=row["team_id"],
        number=row["number"],
        variant=row["variant"],
        created_by=row["created_by"],
        created_at=from_text(row["created_at"]),
        markdown=row["markdown"] if full else None,
        model=load_json(row["model"]) if full else None,
    )


def _comment(row: sqlite3.Row) -> StrategyComment:
    return StrategyComment(
        id=row["id"],
        team_id=row["team_id"],
        section=row["section"],
        author_id=row["author_id"],
        text=row["text"],
        created_at=from_text(row["created_at"]),
        version=row["version"],
    )


class StrategyRepository(Repository):
    """Versions of the strategy paper and the comments on it (``tx.strategy``)."""

    async def finalise(
        self,
        team_id: int,
        *,
        variant: str,
        markdown: str,
        model: dict[str, Any],
        created_by: int | None,
        number: int | None = None,
    ) -> StrategyVersion:
        """Store the next version (number = highest so far + 1, unless given) and file the
        open comments under it. Raises sqlite3.IntegrityError if ``number`` exists."""
        if number is None:
            number = await self.next_number(team_id)
        rows = await self._s.write_returning(
            "INSERT INTO strategy_versions (team_id, number, variant, markdown, model,"
            " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            f" RETURNING {_VERSION}, markdown, model",
            (team_id, number, variant, markdown, dump_json(model), created_by, self._s.now_text()),
        )
        await self._s.write(
            "UPDATE strategy_comments SET version = ? WHERE team_id = ? AND version IS NULL",
            (number, team_id),
        )
        return _version(rows[0], full=True)

    async def next_number(self, team_id: int) -> int:
        row = await self._s.fetchone(
            "SELECT COALESCE(MAX(number), 0) + 1 AS next FROM strategy_versions WHERE team_id = ?",
            (team_id,),
        )
        assert row is not None
        return int(row["next"])

    async def versions(self, team_id: int) -> list[StrategyVersion]:
        """Every version of the team, newest first, without text and model."""
        rows = await self._s.fetchall(
            f"SELECT {_VERSION} FROM strategy_versions WHERE team_id = ? ORDER BY number DESC",
            (team_id,),
        )
        return [_version(row) for row in rows]

    async def version(self, team_id: int, number: int) -> StrategyVersion | None:
        """One version with its Markdown and model, or None."""
        row = await self._s.fetchone(
            f"SELECT {_VERSION}, markdown, model FROM strategy_versions"
            " WHERE team_id = ? AND number = ?",
            (team_id, number),
        )
        return None if row is None else _version(row, full=True)

    async def add_comment(
        self, team_id: int, section: str, author_id: int | None, text: str
    ) -> StrategyComment:
        """An open comment on ``section``; raises ValueError for an empty text."""
        if not text.strip():
            raise ValueError("empty comment")
        rows = await self._s.write_returning(
            "INSERT INTO strategy_comments (team_id, section, author_id, text, created_at)"
            f" VALUES (?, ?, ?, ?, ?) RETURNING {_COMMENT}",
            (team_id, section, author_id, text.strip(), self._s.now_text()),
        )
        return _comment(rows[0])

    async def comments(self, team_id: int, *, version: int | None = None) -> list[StrategyComment]:
        """The open comments (``version`` None) or those filed under a version, oldest
        first."""
        if version is None:
            where, params = "version IS NULL", (team_id,)
        else:
            where, params = "version = ?", (team_id, version)
        rows = await self._s.fetchall(
            f"SELECT {_COMMENT} FROM strategy_comments WHERE team_id = ? AND {where} ORDER BY id",
            params,
        )
        return [_comment(row) for row in rows]

    async def comments_by_author(self, author_id: int) -> list[StrategyComment]:
        rows = await self._s.fetchall(
            f"SELECT {_COMMENT} FROM strategy_comments WHERE author_id = ? ORDER BY id",
            (author_id,),
        )
        return [_comment(row) for row in rows]

    async def delete_comment(self, comment_id: int) -> bool:
        return await self._s.write("DELETE FROM strategy_comments WHERE id = ?", (comment_id,)) > 0

    async def delete_comments_by_author(self, author_id: int) -> int:
        """Erase a member's comments (when they erase their data); returns how many."""
        return await self._s.write(
            "DELETE FROM strategy_comments WHERE author_id = ?", (author_id,)
        )


#: Tables that hold no team data of their own: delivery internals, the schema record and the
#: answer cache's version counter (its ``team_id`` is no foreign key, so a restore could not
#: renumber it; the triggers write it anew).
NOT_EXPORTED = frozenset(
    {"answer_versions", "buttons", "inbox", "outbox", "processed_updates", "schema_migrations"}
)
#: Columns not exported: secrets and identifiers that would let a leaked file do harm, and
#: where a member stands in a dialog (internal, means nothing to a reader).
REDACTED = {"invites": {"code"}, "members": {"dialog_state"}}
#: Columns exported only in part: the author of an anonymous contribution is never named
#: (that it was anonymous stays visible).
HIDDEN = {
    ("answers", "author_id"): (
        'CASE WHEN "anonymous" = 1 THEN NULL ELSE "author_id" END AS "author_id"'
    )
}


class TableRows(BaseModel):
    """The exported rows of one table, with its column names (also when it has no rows)."""

    model_config = ConfigDict(frozen=True)

    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]


class TeamDataRepository(Repository):
    """Every row that belongs to one team (``tx.team_data``), for the team export."""

    async def tables(self, team_id: int, *, accounts: bool = False) -> dict[str, TableRows]:
        """Table name → the rows (column → stored value) of ``team_id``: the team itself, every
        table with a ``team_id`` column (including tables later migrations add), and the
        members' user records without their accounts. Invite codes are left out (a leaked
        export must not let anyone join). ``accounts``: the user records keep their messenger
        accounts (for the operator moving a team, so its members keep their access).
        Raises NotFoundError for an unknown team."""
        if await self._s.fetchone("SELECT 1 FROM teams WHERE id = ?", (team_id,)) is None:
            raise NotFoundError(f"team {team_id} not found")
        names = [
            row["name"]
            for row in await self._s.fetchall(
                "SELECT name FROM sqlite_schema WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        found: dict[str, TableRows] = {}
        for name in names:
            if name in NOT_EXPORTED:
                continue
            columns = [c["name"] for c in await self._s.fetchall(f'PRAGMA table_info("{name}")')]
            if name == "teams":
                where = "id = ?"
            elif name == "users":
                columns = ["id", "display_name", "created_at"]
                if accounts:
                    columns.insert(1, "account")
                where = "id IN (SELECT user_id FROM members WHERE team_id = ?)"
            elif "team_id" in columns:
                where = "team_id = ?"
            else:
                continue
            shown = [c for c in columns if c not in REDACTED.get(name, ())]
            select = ", ".join(HIDDEN.get((name, c), f'"{c}"') for c in shown)
            rows = await self._s.fetchall(
                f'SELECT {select} FROM "{name}" WHERE {where} ORDER BY rowid', (team_id,)
            )
            found[name] = TableRows(
                columns=tuple(shown), rows=tuple({c: row[c] for c in shown} for row in rows)
            )
        return found

    async def restore(self, tables: dict[str, list[dict[str, Any]]]) -> int:
        """Insert a team's exported rows (``tables``: as :meth:`tables` returns them, values as
        stored) as a new team; returns its id.

        Every row gets a new id and every foreign key follows it, whatever the table (found
        through ``PRAGMA foreign_key_list``). References to rows that are not restored become
        NULL: invites (exported without code) and linked group chats are left out, and so are
        the members' accounts unless the export holds them (then an existing account with the
        same address is used; an older export's ``telegram_id`` counts as ``telegram:<id>``).
        Open live sessions are restored closed.
        """
        with_ids = all(
            "account" in row or "telegram_id" in row for row in tables.get("users", [])
        ) and tables.get("users")
        skipped = NOT_RESTORED - ({"users"} if with_ids else set())
        order = await self._restore_order([n for n in tables if n not in skipped])
        if "teams" not in order or len(tables["teams"]) != 1:
            raise ValueError("the export must hold exactly one team")
        new_ids: dict[str, dict[int, int]] = {}
        for name in order:
            if name == "users":
                new_ids[name] = await self._restore_users(tables[name])
            else:
                new_ids[name] = await self._restore_table(name, tables[name], new_ids)
        await self._renumber_links(new_ids.get("answers", {}), new_ids.get("members", {}))
        return next(iter(new_ids["teams"].values()))

    async def _renumber_links(
        self, answer_ids: dict[int, int], member_ids: dict[int, int]
    ) -> None:
        """Links inside restored answers name entries and members by id: let them follow the
        new ids."""
        if not answer_ids:
            return
        rows = await self._s.fetchall(
            "SELECT id, team_id, step, prompt, origin_id, value, created_at FROM answers"
            f" WHERE id IN ({placeholders(len(answer_ids))})",
            tuple(answer_ids.values()),
        )
        for row in rows:
            answer = Answer(
                id=row["id"], team_id=row["team_id"], step=row["step"], prompt=row["prompt"],
                subject_id=None, origin_id=row["origin_id"], author_id=None,
                value=load_json(row["value"]), created_at=from_text(row["created_at"]),
            )  # fmt: skip
            if has_links(answer):
                value = renumber(answer, answer_ids, member_ids)
                if value != answer.value:
                    await self._s.write(
                        "UPDATE answers SET value = ? WHERE id = ?", (dump_json(value), answer.id)
                    )

    async def _restore_users(self, rows: list[dict[str, Any]]) -> dict[int, int]:
        """Accounts by address: an existing one is kept as it is."""
        mapped = {}
        for row in rows:
            account = row.get("account") or f"telegram:{row['telegram_id']}"
            found = await self._s.fetchone("SELECT id FROM users WHERE account = ?", (account,))
            if found is None:
                found = (
                    await self._s.write_returning(
                        "INSERT INTO users (account, display_name, created_at)"
                        " VALUES (?, ?, ?) RETURNING id",
                        (account, row["display_name"], row["created_at"]),
                    )
                )[0]
            mapped[row["id"]] = found["id"]
        return mapped

    async def _foreign_keys(self, table: str) -> dict[str, str]:
        rows = await self._s.fetchall(f'PRAGMA foreign_key_list("{table}")')
        return {row["from"]: row["table"] for row in rows}

    async def _restore_order(self, names: list[str]) -> list[str]:
        """``names`` so that every table comes after the tables it refers to."""
        needs = {
            name: {t for t in (await self._foreign_keys(name)).values() if t != name}
            for name in names
        }
        order: list[str] = []
        while needs:
            ready = sorted(n for n, refs in needs.items() if not refs & needs.keys())
            if not ready:
                raise ValueError(f"circular references between {sorted(needs)}")
            order += ready
            for name in ready:
                del needs[name]
        return order

    async def _restore_table(
        self, name: str, rows: list[dict[str, Any]], new_ids: dict[str, dict[int, int]]
    ) -> dict[int, int]:
        info = await self._s.fetchall(f'PRAGMA table_info("{name}")')
        columns = [c["name"] for c in info if not (c["name"] == "id" and c["pk"])]
        references = await self._foreign_keys(name)
        later = [c for c, table in references.items() if table == name]
        mapped: dict[int, int] = {}
        for row in rows:
            values = dict(row)
            for column, table in references.items():
                old = values.get(column)
                if old is not None:
                    values[column] = None if column in later else new_ids.get(table, {}).get(old)
            if name == "live_sessions" and values.get("closed_at") is None:
                values["closed_at"] = self._s.now_text()
            shown = [c for c in columns if c in values]
            listed = ", ".join(f'"{c}"' for c in shown)
            inserted = await self._s.write_returning(
                f'INSERT INTO "{name}" ({listed}) VALUES ({placeholders(len(shown))}) '
                "RETURNING rowid",
                tuple(values[c] for c in shown),
            )
            if "id" in row:
                mapped[row["id"]] = inserted[0][0]
        for column in later:
            for row in rows:
                if row.get(column) is not None and "id" in row:
                    await self._s.write(
                        f'UPDATE "{name}" SET "{column}" = ? WHERE rowid = ?',
                        (mapped.get(row[column]), mapped[row["id"]]),
                    )
        return mapped


#: Exported tables a restore leaves out (see :meth:`TeamDataRepository.restore`).
NOT_RESTORED = frozenset({"users", "invites", "group_chats"})
