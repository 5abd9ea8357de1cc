"""``/export`` (facilitator): everything of the team in one ZIP.

The rows are read in the transaction of the command; the archive (JSON, one CSV per table,
the step summaries and the current strategy paper with its charts) is written off the event
loop when the outbox delivers it (``Renderer.document`` → :mod:`bot.documents.export_zip`).
Only the team's own rows are read (:class:`storage.repositories.TeamDataRepository`).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from bot.app.turn import TurnContext, require_member
from bot.documents.strategy import build_paper
from bot.present.outputs import STEP_OUTPUTS
from dialogs.records import Answer, Member, Role, Team
from dialogs.replies import Document, esc
from storage.repositories import Tx

log = logging.getLogger(__name__)

FILENAME = "export.zip"


def summaries(
    team: Team, answers: list[Answer], members: list[Member], today: date
) -> dict[str, str]:
    """File name → Markdown summary of every work step (a step whose summary fails is left
    out and logged; the export itself goes on)."""
    found: dict[str, str] = {}
    for key, build in STEP_OUTPUTS.items():
        try:
            replies = build(team, answers, members, today)
        except Exception:
            log.exception("summary %s left out of the export of team %s", key, team.id)
            continue
        for reply in replies:
            if isinstance(reply, Document) and reply.text is not None:
                found[reply.filename] = reply.text
    return found


async def collect(tx: Tx, team: Team, *, accounts: bool = False) -> dict[str, Any]:
    """Everything of ``team`` the export archive is written from (JSON-ready).
    ``accounts``: with the members' messenger accounts (only the operator's own export)."""
    tables = await tx.team_data.tables(team.id, accounts=accounts)
    answers = await tx.answers.current(team.id)
    members = await tx.members.list(team.id)
    now = tx.now()
    paper = build_paper(team, answers, members, now.date())
    versions = {}
    for listed in await tx.strategy.versions(team.id):
        version = await tx.strategy.version(team.id, listed.number)
        if version is not None and version.markdown is not None:
            versions[f"strategie-fassung-{version.number}.md"] = version.markdown
    return {
        "municipality": team.municipality,
        "exported_at": now.strftime("%Y-%m-%d %H:%M"),
        "accounts": accounts,
        "tables": {name: list(t.rows) for name, t in tables.items()},
        "columns": {name: list(t.columns) for name, t in tables.items()},
        "summaries": summaries(team, answers, members, now.date()),
        "paper": paper.model_dump(mode="json"),
        "versions": versions,
    }


async def export(ctx: TurnContext, _: str = "") -> None:
    """The facilitator's export of the active team."""
    active = await ctx.membership_or_explain()
    if active is None:
        return
    team = active[0]
    await require_member(ctx, team.id, Role.FACILITATOR)
    data = await collect(ctx.tx, team)
    rows = sum(len(rows) for rows in data["tables"].values())
    ctx.say(
        f"📦 Der Export für <b>{esc(team.municipality)}</b> wird erstellt … Er enthält "
        f"{rows} Datensätze aus {len(data['tables'])} Tabellen (als JSON, als Tabellen je "
        "Arbeitsschritt in CSV und Excel), die Zusammenfassungen und das Strategiepapier. "
        "Bitte bewahren Sie die Datei sicher auf: Sie enthält die Namen und Beiträge aller "
        "Mitglieder."
    )
    ctx.reply(
        Document(
            filename=FILENAME,
            caption=f"Export der Smart-City-Werkstatt {team.municipality}",
            builder="export_zip",
            data=data,
        ),
        team_id=team.id,
    )
