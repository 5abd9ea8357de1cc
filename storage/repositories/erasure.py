"""Erasing copies of a deleted person's name from stored texts (``tx.erasure``).

Names are copied into texts when they are written: answers naming a member („Name (Gruppe)“),
finalised strategy versions, live-session results, other members' dialog drafts, comments and
queued messages. After ``/loeschen`` every such copy is replaced, so the name is nowhere left.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from storage.repositories._base import Repository, placeholders

#: (table, column, whether the table is filtered by team) of every text that may quote a name.
NAME_COPIES: tuple[tuple[str, str, bool], ...] = (
    ("answers", "value", True),
    ("strategy_versions", "markdown", True),
    ("strategy_versions", "model", True),
    ("strategy_comments", "text", True),
    ("live_sessions", "result", True),
    ("members", "dialog_state", True),
    ("outbox", "payload", False),
)


def _pattern(forms: Iterable[str]) -> re.Pattern[str]:
    """The forms as whole words (longest first), so „Ben“ leaves „Benutzer“ alone."""
    alternatives = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


class ErasureRepository(Repository):
    """Replaces the written forms of a name in every stored copy (``tx.erasure``)."""

    async def replace_name(
        self, team_ids: Sequence[int], forms: Iterable[str], replacement: str
    ) -> int:
        """Replace each of ``forms`` (the name as written raw, escaped, in JSON, …) by
        ``replacement`` in the texts of ``team_ids`` and in every queued message; returns the
        number of rows changed."""
        changed = 0
        for table, column, by_team in NAME_COPIES:
            if by_team and not team_ids:
                continue
            where, params = ("team_id", list(team_ids)) if by_team else ("", [])
            changed += await self._replace(table, column, where, params, forms, replacement)
        return changed

    async def replace_in_chat(self, chat_id: str, forms: Iterable[str], replacement: str) -> int:
        """Like :meth:`replace_name`, only in the messages to one chat (e.g. the messenger
        name a person was offered as a button before choosing another one)."""
        return await self._replace("outbox", "payload", "chat_id", [chat_id], forms, replacement)

    async def _replace(
        self,
        table: str,
        column: str,
        key: str,
        keys: list[int],
        forms: Iterable[str],
        replacement: str,
    ) -> int:
        wanted = [form for form in set(forms) if form.strip()]
        if not wanted:
            return 0
        found = " OR ".join(f'instr("{column}", ?) > 0' for _ in wanted)
        where = f"({found})"
        if key:
            where += f' AND "{key}" IN ({placeholders(len(keys))})'
        rows = await self._s.fetchall(
            f'SELECT rowid AS row_id, "{column}" AS text FROM "{table}" WHERE {where}',
            [*wanted, *(keys if key else [])],
        )
        pattern = _pattern(wanted)
        changed = 0
        for row in rows:
            text = pattern.sub(replacement, row["text"])
            if text != row["text"]:
                await self._s.write(
                    f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?', (text, row["row_id"])
                )
                changed += 1
        return changed
