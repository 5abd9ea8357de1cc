"""Data steps: migrations that rewrite stored values with Python, where SQL would be unreadable.

A data step runs right after the statements of its migration file, in the same transaction
(:func:`storage.migrate.apply_migrations`); :data:`DATA_STEPS` names them by migration label.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import aiosqlite

from dialogs.links import Titles, has_links
from dialogs.records import Answer, Member
from storage.codec import dump_json, from_text, load_json

DataStep = Callable[[aiosqlite.Connection], Awaitable[None]]


async def links_by_id(conn: aiosqlite.Connection) -> None:
    """0009: every current answer that names entries by title names them by entry id.

    Titles that name no current entry stay text, exactly as :func:`dialogs.links.Titles.encode`
    leaves them when a new answer is stored; older versions keep their titles (history).
    """
    rows = await conn.execute_fetchall(
        "SELECT id, team_id, step, prompt, subject_id, origin_id, author_id, value, created_at"
        " FROM answers WHERE replaced_by IS NULL AND deleted_at IS NULL"
        " ORDER BY COALESCE(origin_id, id), id"
    )
    members: dict[int, list[Member]] = {}
    for row in await conn.execute_fetchall(
        "SELECT id, team_id, user_id, display_name, role, stakeholder_group, joined_at"
        " FROM members ORDER BY joined_at, id"
    ):
        members.setdefault(row[1], []).append(
            Member(
                id=row[0],
                team_id=row[1],
                user_id=row[2],
                display_name=row[3],
                role=row[4],
                stakeholder_group=row[5],
                joined_at=from_text(row[6]),
            )
        )
    teams: dict[int, list[Answer]] = {}
    for row in rows:
        answer = Answer(
            id=row[0],
            team_id=row[1],
            step=row[2],
            prompt=row[3],
            subject_id=row[4],
            origin_id=row[5],
            author_id=row[6],
            value=load_json(row[7]),
            created_at=from_text(row[8]),
        )
        teams.setdefault(answer.team_id, []).append(answer)
    for team_id, answers in teams.items():
        titles = Titles(answers, members=members.get(team_id, ()))
        for answer in filter(has_links, answers):
            value = titles.encode(answer.step, answer.prompt, answer.value)
            if value != answer.value:
                await conn.execute(
                    "UPDATE answers SET value = ? WHERE id = ?", (dump_json(value), answer.id)
                )


#: Migration label → its data step.
DATA_STEPS: dict[str, DataStep] = {"0009_links_by_id": links_by_id}
