"""``/export`` (facilitator): everything of the team in one ZIP.

The rows are read in the transaction of the command; the archive (JSON, one CSV per table,
the step summaries and the current strategy paper with its charts) is written off the event
loop when the outbox delivers it (``Renderer.document`` → :mod:`bot.documents.export_zip`).
Only the team's own rows are read (:class:`storage.repositories.TeamDataRepository`).
"""

from __future__ import annotations

import logging
from datetime import date

from bot import texts
from bot.documents.strategy import build_paper
from bot.outputs import STEP_OUTPUTS
from bot.turn import TurnContext, require_member
from dialogs.records import Answer, Member, Role, Team
from dialogs.replies import Document, esc

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


async def export(ctx: TurnContext, _: str = "") -> None:
    """The facilitator's export of the active team."""
    active = await ctx.active_membership()
    if active is None:
        ctx.say(texts.NO_TEAM)
        return
    team = active[0]
    await require_member(ctx, team.id, Role.FACILITATOR)
    tables = await ctx.tx.team_data.tables(team.id)
    answers = await ctx.tx.answers.current(team.id)
    members = await ctx.tx.members.list(team.id)
    now = ctx.tx.now()
    paper = build_paper(team, answers, members, now.date())
    versions = {}
    for listed in await ctx.tx.strategy.versions(team.id):
        version = await ctx.tx.strategy.version(team.id, listed.number)
        if version is not None and version.markdown is not None:
            versions[f"strategie-fassung-{version.number}.md"] = version.markdown
    data = {
        "municipality": team.municipality,
        "exported_at": now.strftime("%Y-%m-%d %H:%M"),
        "tables": {name: list(t.rows) for name, t in tables.items()},
        "columns": {name: list(t.columns) for name, t in tables.items()},
        "summaries": summaries(team, answers, members, now.date()),
        "paper": paper.model_dump(mode="json"),
        "versions": versions,
    }
    rows = sum(len(t.rows) for t in tables.values())
    ctx.say(
        f"📦 Der Export für <b>{esc(team.municipality)}</b> wird erstellt … Er enthält "
        f"{rows} Datensätze aus {len(tables)} Tabellen (als JSON und CSV), die "
        "Zusammenfassungen und das Strategiepapier. Bitte bewahren Sie die Datei sicher auf: "
        "Sie enthält die Namen und Beiträge aller Mitglieder."
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
