"""Answers with their full history.

Versioning: an answer is never overwritten. ``replace`` inserts a new version and points the
old row at it (``replaced_by``); ``delete`` only sets ``deleted_at``. All versions of one item
share an *origin*, the id of its first version (``origin_id`` holds it on later versions), so
a history is one indexed lookup. The *current* answers are the rows neither replaced nor
deleted.

Links inside values (the ideas of a vote, the project of a risk; see :mod:`dialogs.links`)
are stored as entry ids and read as the entries' current titles: ``add`` and ``replace``
encode what they are given, every read decodes, so callers only ever see titles.

References (``subject_id``: a score about a sketch, the field a goal is assigned to) follow
their subject: the ``subject_id`` of a current answer always names the *current* version of
its subject. ``replace`` re-points the current answers about the old version to the new one,
and deleting a subject deletes the current answers about it, so the engine can match
``answer.subject_id == item.id`` among current answers. A replaced version keeps the
reference it had when it was replaced.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from dialogs.answer_index import AnswerIndex
from dialogs.links import MEMBERS, Titles, has_links, linked_ids, links_of, relink
from dialogs.records import Answer, Member
from storage.codec import dump_json, from_text, load_json
from storage.errors import ConflictError, NotFoundError
from storage.repositories._base import Repository, placeholders
from storage.repositories.people import MemberRepository

_ANSWER = (
    "id, team_id, step, prompt, subject_id, origin_id, author_id, value, created_at, anonymous"
)
_CURRENT = "replaced_by IS NULL AND deleted_at IS NULL"
# The versions of the item that the answer bound to the (one) parameter belongs to.
_ITEM = (
    "WITH item(origin) AS (SELECT COALESCE(origin_id, id) FROM answers WHERE id = ?) "
    f"SELECT {_ANSWER} FROM answers JOIN item"
    " ON answers.id = item.origin OR answers.origin_id = item.origin"
)
# The id of the current version of the item the parameter's answer belongs to.
_CURRENT_VERSION = (
    "(SELECT a.id FROM answers AS a"
    " JOIN (SELECT COALESCE(origin_id, id) AS origin FROM answers WHERE id = ?) AS item"
    " ON a.id = item.origin OR a.origin_id = item.origin"
    " WHERE a.replaced_by IS NULL AND a.deleted_at IS NULL)"
)


def _answer(row: sqlite3.Row) -> Answer:
    return Answer(
        id=row["id"],
        team_id=row["team_id"],
        step=row["step"],
        prompt=row["prompt"],
        subject_id=row["subject_id"],
        origin_id=row["origin_id"],
        author_id=row["author_id"],
        value=load_json(row["value"]),
        created_at=from_text(row["created_at"]),
        anonymous=bool(row["anonymous"]),
    )


class AnswerRepository(Repository):
    """Every answer of every team, attributed and versioned (``tx.answers``)."""

    #: The titles of the current answers last looked at, with those answers (cached tuple).
    _titles_of: tuple[tuple[Answer, ...], Titles] | None = None

    async def add(
        self,
        team_id: int,
        step: str,
        prompt: str,
        author_id: int | None,
        value: Any,
        subject_id: int | None = None,
        *,
        anonymous: bool = False,
    ) -> Answer:
        """Store a new answer (a new item). ``value`` is anything JSON can hold; ``anonymous``:
        made in an anonymous round, so no output may name its author.

        ``subject_id`` may name any version of an item of the same team; the current version
        is stored. Raises NotFoundError for an unknown subject, ConflictError for a deleted one
        and ValueError for one of another team.
        """
        if subject_id is not None:
            subject_id = await self._current_subject(subject_id, team_id)
        titles = await self._titles(team_id, step, prompt)
        rows = await self._s.write_returning(
            f"INSERT INTO answers (team_id, step, prompt, subject_id, author_id, value,"
            f" created_at, anonymous) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_ANSWER}",
            (
                team_id,
                step,
                prompt,
                subject_id,
                author_id,
                dump_json(value if titles is None else titles.encode(step, prompt, value)),
                self._s.now_text(),
                int(anonymous),
            ),
        )
        # A new item changes no other item's titles: the cached, decoded answers grow by it.
        answer = _answer(rows[0])
        if titles is not None:
            answer = titles.decode(answer)
        self._s.answer_cache.appended(answer)
        return answer

    async def replace(self, answer_id: int, author_id: int | None, value: Any) -> Answer:
        """Store an edit of a current answer as its new version; the old row stays as history.

        The new version stays anonymous if the old one was. Current answers about the old
        version now refer to the new one. Raises NotFoundError
        for an unknown id and ConflictError if the answer was replaced or deleted meanwhile
        (someone else edited it first: nothing is overwritten).
        """
        old = await self._current_row(answer_id)
        titles = await self._titles(old["team_id"], old["step"], old["prompt"])
        if titles is not None:
            value = titles.encode(old["step"], old["prompt"], value)
        rows = await self._s.write_returning(
            f"INSERT INTO answers (team_id, step, prompt, subject_id, origin_id, author_id,"
            f" value, created_at, anonymous) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            f" RETURNING {_ANSWER}",
            (
                old["team_id"],
                old["step"],
                old["prompt"],
                old["subject_id"],
                old["origin"],
                author_id,
                dump_json(value),
                self._s.now_text(),
                old["anonymous"],
            ),
        )
        new = _answer(rows[0])
        await self._s.write("UPDATE answers SET replaced_by = ? WHERE id = ?", (new.id, answer_id))
        await self._repoint(answer_id, new.id)
        return (await self._decoded([new]))[0]

    async def delete(self, answer_id: int) -> bool:
        """Soft-delete a current answer and, recursively, the current answers about it (votes
        on a deleted idea, …). False if it was deleted already.

        Raises NotFoundError for an unknown id and ConflictError for a replaced version.
        """
        row = await self._s.fetchone(
            "SELECT replaced_by, deleted_at FROM answers WHERE id = ?", (answer_id,)
        )
        if row is None:
            raise NotFoundError(f"answer {answer_id} does not exist")
        if row["deleted_at"] is not None:
            return False
        if row["replaced_by"] is not None:
            raise ConflictError(f"answer {answer_id} is no longer current")
        await self._delete_with_dependents(answer_id)
        return True

    async def get(self, answer_id: int) -> Answer | None:
        """This version of an answer, current or not."""
        row = await self._s.fetchone(f"SELECT {_ANSWER} FROM answers WHERE id = ?", (answer_id,))
        return None if row is None else (await self._decoded([_answer(row)]))[0]

    async def latest(self, answer_id: int) -> Answer | None:
        """The current version of the item ``answer_id`` belongs to; None once deleted."""
        row = await self._s.fetchone(f"{_ITEM} WHERE {_CURRENT}", (answer_id,))
        return None if row is None else (await self._decoded([_answer(row)]))[0]

    async def current(
        self,
        team_id: int,
        step: str | None = None,
        prompt: str | None = None,
        subject_id: int | None = None,
        author_id: int | None = None,
    ) -> list[Answer]:
        """The team's current answers, optionally only in one step, for one prompt, about one
        subject (any version of it may be given) or by one author.

        Ordered by when each item was first added (origin id): an edited item keeps its
        place in the list instead of moving to the end. Without filters the decoded answers
        come from the cache while the team's answer version is unchanged.
        """
        if (step, prompt, subject_id, author_id) == (None, None, None, None):
            return list((await self.indexed(team_id)).answers)
        sql = f"SELECT {_ANSWER} FROM answers WHERE team_id = ? AND {_CURRENT}"
        params: list[Any] = [team_id]
        if step is not None:
            sql += " AND step = ?"
            params.append(step)
        if prompt is not None:
            sql += " AND prompt = ?"
            params.append(prompt)
        if subject_id is not None:
            sql += f" AND subject_id = {_CURRENT_VERSION}"
            params.append(subject_id)
        if author_id is not None:
            sql += " AND author_id = ?"
            params.append(author_id)
        rows = await self._s.fetchall(sql + " ORDER BY COALESCE(origin_id, id), id", params)
        return await self._decoded([_answer(row) for row in rows])

    async def indexed(self, team_id: int) -> AnswerIndex:
        """All current answers of the team, links shown as titles, indexed by prompt and id
        (see :meth:`current`). Comes from the cache while the team's answer version is
        unchanged."""
        row = await self._s.fetchone(
            "SELECT version FROM answer_versions WHERE team_id = ?", (team_id,)
        )
        version = 0 if row is None else int(row["version"])
        cached = self._s.answer_cache.lookup(team_id, version)
        if cached is None:
            rows = await self._s.fetchall(
                f"SELECT {_ANSWER} FROM answers WHERE team_id = ? AND {_CURRENT}"
                " ORDER BY COALESCE(origin_id, id), id",
                (team_id,),
            )
            stored = [_answer(row) for row in rows]
            titles = Titles(stored, members=await self._members(team_id))
            titles = await self._titles_with_past(team_id, titles, stored)
            cached = AnswerIndex(titles.decode(answer) for answer in stored)
            self._s.answer_cache.store(team_id, version, cached)
        return cached

    async def history(self, answer_id: int) -> list[Answer]:
        """All versions of the item ``answer_id`` belongs to, oldest first (the last one is
        current unless the item was deleted). Empty for an unknown id."""
        rows = await self._s.fetchall(f"{_ITEM} ORDER BY answers.id", (answer_id,))
        return await self._decoded([_answer(row) for row in rows])

    async def contributors(self, team_id: int, step: str) -> dict[int | None, int]:
        """Member id → number of their current answers in the step; anonymous answers are
        counted under None (their authors are never named)."""
        rows = await self._s.fetchall(
            "SELECT CASE WHEN anonymous = 1 THEN NULL ELSE author_id END AS who,"
            f" COUNT(*) AS n FROM answers WHERE team_id = ? AND step = ? AND {_CURRENT}"
            " AND author_id IS NOT NULL GROUP BY who",
            (team_id, step),
        )
        return {row["who"]: row["n"] for row in rows}

    async def by_author(self, author_id: int) -> list[Answer]:
        """Every stored version the member wrote (current, replaced or deleted), oldest first:
        what ``/meinedaten`` exports."""
        rows = await self._s.fetchall(
            f"SELECT {_ANSWER} FROM answers WHERE author_id = ? ORDER BY id", (author_id,)
        )
        return await self._decoded([_answer(row) for row in rows])

    async def delete_by_author(self, author_id: int) -> int:
        """Erase everything the member wrote; returns the number of rows erased.

        Each of their rows stays in its history as an empty (``null``), authorless, deleted
        version, so other members' answers and histories keep their links. Items they created
        and still hold the current version of are deleted (with the answers about them, as in
        ``delete``); where their edit is the current version of someone else's item, the edit
        is withdrawn and the previous version becomes current again.
        """
        mine = await self._s.fetchall(
            f"SELECT id FROM answers WHERE author_id = ? AND {_CURRENT} ORDER BY id",
            (author_id,),
        )
        for (answer_id,) in mine:
            # Fresh look: deleting an earlier item may have taken this answer along.
            row = await self._s.fetchone(
                f"SELECT id, subject_id, COALESCE(origin_id, id) AS origin FROM answers"
                f" WHERE id = ? AND {_CURRENT}",
                (answer_id,),
            )
            if row is None:
                continue
            previous = await self._s.fetchone(
                "SELECT id FROM answers WHERE (id = ? OR origin_id = ?) AND id < ?"
                " AND deleted_at IS NULL AND author_id IS NOT ? ORDER BY id DESC LIMIT 1",
                (row["origin"], row["origin"], answer_id, author_id),
            )
            if previous is None:
                await self._delete_with_dependents(answer_id)
                continue
            # The previous version takes over: its subject (possibly edited since) and the
            # answers about the withdrawn version.
            await self._s.write(
                "UPDATE answers SET replaced_by = NULL, subject_id = ? WHERE id = ?",
                (row["subject_id"], previous["id"]),
            )
            await self._repoint(answer_id, previous["id"])
        return await self._s.write(
            "UPDATE answers SET value = 'null', author_id = NULL,"
            " deleted_at = COALESCE(deleted_at, ?) WHERE author_id = ?",
            (self._s.now_text(), author_id),
        )

    async def relink(self, team_id: int, target: str, old: int, new: int) -> int:
        """Move every current link to entry ``old`` of list ``target`` (``"as5.ideas"``) to
        entry ``new``, each changed answer as a new version (a merge). Returns how many."""
        moved = 0
        rows = await self._s.fetchall(
            f"SELECT {_ANSWER} FROM answers WHERE team_id = ? AND {_CURRENT} ORDER BY id",
            (team_id,),
        )
        for answer in map(_answer, rows):
            if old in linked_ids(answer).get(target, ()):
                await self.replace(answer.id, answer.author_id, relink(answer, target, old, new))
                moved += 1
        return moved

    async def _titles(self, team_id: int, step: str, prompt: str) -> Titles | None:
        """The titles a value for ``step``/``prompt`` is encoded with; None if it has no links."""
        if not links_of(step, prompt):
            return None
        return await self._current_titles(team_id)

    async def _current_titles(self, team_id: int) -> Titles:
        """The titles of the team's current entries (built once per answer version)."""
        current = (await self.indexed(team_id)).answers
        if self._titles_of is None or self._titles_of[0] is not current:
            self._titles_of = (current, Titles(current, members=await self._members(team_id)))
        return self._titles_of[1]

    async def _members(self, team_id: int) -> list[Member]:
        return await MemberRepository(self._s).list(team_id)

    async def _decoded(self, answers: list[Answer]) -> list[Answer]:
        """``answers`` (as stored) with their links shown as titles."""
        linking = [answer for answer in answers if has_links(answer)]
        if not linking:
            return answers
        team_id = linking[0].team_id
        titles = await self._titles_with_past(
            team_id, await self._current_titles(team_id), linking
        )
        return [titles.decode(answer) for answer in answers]

    async def _titles_with_past(
        self, team_id: int, titles: Titles, linking: Iterable[Answer]
    ) -> Titles:
        """``titles`` plus the last title of entries that are gone but still linked from
        ``linking`` (shown as they were, as before links were ids)."""
        gone = {
            entry
            for answer in linking
            for target, entries in linked_ids(answer).items()
            if target != MEMBERS  # members are never deleted, only anonymised
            for entry in entries
            if titles.title(target, entry) is None
        }
        if not gone:
            return titles
        rows = await self._s.fetchall(
            f"SELECT {_ANSWER} FROM answers WHERE team_id = ? AND value != 'null'"
            f" AND COALESCE(origin_id, id) IN ({placeholders(len(gone))}) ORDER BY id DESC",
            (team_id, *sorted(gone)),
        )
        return titles.with_past([_answer(row) for row in rows])

    async def _current_row(self, answer_id: int) -> sqlite3.Row:
        row = await self._s.fetchone(
            "SELECT team_id, step, prompt, subject_id, COALESCE(origin_id, id) AS origin,"
            " replaced_by, deleted_at, anonymous FROM answers WHERE id = ?",
            (answer_id,),
        )
        if row is None:
            raise NotFoundError(f"answer {answer_id} does not exist")
        if row["replaced_by"] is not None or row["deleted_at"] is not None:
            raise ConflictError(f"answer {answer_id} is no longer current")
        return row

    async def _current_subject(self, answer_id: int, team_id: int) -> int:
        row = await self._s.fetchone(
            f"SELECT team_id, {_CURRENT_VERSION} AS current FROM answers WHERE id = ?",
            (answer_id, answer_id),
        )
        if row is None:
            raise NotFoundError(f"subject answer {answer_id} does not exist")
        if row["team_id"] != team_id:
            raise ValueError(f"subject answer {answer_id} belongs to another team")
        if row["current"] is None:
            raise ConflictError(f"subject answer {answer_id} was deleted")
        current: int = row["current"]
        return current

    async def _repoint(self, old_id: int, new_id: int) -> None:
        """Let the current answers about ``old_id`` refer to ``new_id``."""
        await self._s.write(
            f"UPDATE answers SET subject_id = ? WHERE subject_id = ? AND {_CURRENT}",
            (new_id, old_id),
        )

    async def _delete_with_dependents(self, answer_id: int) -> None:
        """Soft-delete the current answer and, recursively, the current answers about it."""
        await self._s.write(
            "WITH RECURSIVE doomed(id) AS ("
            " SELECT ? UNION"
            " SELECT a.id FROM answers AS a JOIN doomed AS d ON a.subject_id = d.id"
            "  WHERE a.replaced_by IS NULL AND a.deleted_at IS NULL"
            f") UPDATE answers SET deleted_at = ? WHERE {_CURRENT} AND id IN doomed",
            (answer_id, self._s.now_text()),
        )
