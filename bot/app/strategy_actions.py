"""``/strategie``: the strategy paper (SB) – status, drafts, comment round, versions.

Facilitator and core team see the status and get drafts; the facilitator starts the comment
round, reads the comments and finalises a numbered version. Every member can read a section
and comment on it. Every action checks membership and role again (buttons can be old).

The paper is assembled here, inside the transaction (pure and quick); its files are built
later, off the event loop, when the outbox delivers the documents (``Renderer.document``).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.app import actions as act
from bot.app import conversation
from bot.app.turn import TurnContext, require_member
from bot.documents.builders import STRATEGY_FILES
from bot.documents.strategy import build_paper
from bot.documents.strategy_markdown import write_markdown
from bot.documents.strategy_model import FILL_LABELS, Section, StrategyPaper, Variant
from bot.documents.templating import render
from dialogs.markup import split_html
from dialogs.parsing import ascii_int
from dialogs.records import Member, Role, Team
from dialogs.replies import Button, Document, Message, clip, count, esc
from dialogs.state import DialogState
from storage.repositories import StrategyVersion

CORE = (Role.FACILITATOR, Role.CORE)
VARIANTS: dict[str, Variant] = {"k": "kompakt", "a": "ausfuehrlich"}
FORMAT_LABELS = {"docx": "Word-Datei zum Bearbeiten", "pdf": "PDF zum Drucken", "md": "Markdown"}
#: Longest section text shown in chat (one Telegram message, room for the buttons).
MAX_SECTION_CHARS = 3600
COMMENT_FLOW = "strategy_comment"


# --------------------------------------------------------------------------- helpers


async def _paper(
    ctx: TurnContext, team: Team, variant: Variant = "kompakt", version: int | None = None
) -> StrategyPaper:
    answers = await ctx.tx.answers.current(team.id)
    members = await ctx.tx.members.list(team.id)
    return build_paper(
        team, answers, members, ctx.tx.now().date(), variant=variant, version=version
    )


async def _team(ctx: TurnContext, team_id: int) -> Team:
    team = await ctx.tx.teams.get(team_id)
    assert team is not None
    return team


def files(paper: StrategyPaper, stem: str | None = None) -> list[Document]:
    """The paper's three files; each is built from the model when it is sent. A draft's files
    are named after its variant (``strategie-kompakt.pdf``, ``strategie-ausfuehrlich.pdf``)."""
    stem = stem or f"strategie-{paper.variant}"
    data = paper.model_dump(mode="json")
    what = f"{paper.title} {paper.municipality} – {paper.status_label} ({paper.variant_label})"
    return [
        Document(
            filename=f"{stem}.{fmt}",
            caption=f"{what} · {FORMAT_LABELS[fmt]}",
            builder=builder,
            data=data,
        )
        for builder, fmt in STRATEGY_FILES.items()
    ]


def _line(text: object) -> str:
    return clip(text, 600)


def _row_text(header: Sequence[str], row: Sequence[str]) -> str:
    """A table row for chat: „first – Header: value; Header: value“. A row of lists (SWOT)
    becomes one line per column; a leading rank is written „1. Title“."""

    def items(cell: str) -> str:
        return "; ".join(_line(line.lstrip("• ")) for line in cell.splitlines() if line.strip())

    if any("\n" in cell or cell.startswith("• ") for cell in row):
        return "\n• ".join(
            f"{heading}: {items(cell)}" for heading, cell in zip(header, row, strict=True)
        )
    cells = list(zip(header, row, strict=True))
    lead = _line(cells.pop(0)[1])
    if ascii_int(lead) is not None and cells:
        lead = f"{lead}. {_line(cells.pop(0)[1])}"
    parts = [
        f"{heading}: {_line(cell)}" for heading, cell in cells if cell.strip() not in ("", "–")
    ]
    return lead + (" – " + "; ".join(parts) if parts else "")


def section_text(section: Section, own: int = 0) -> str:
    text = render(
        "strategie_abschnitt.chat.j2", section=section, line=_line, row_text=_row_text, own=own
    ).strip()
    if len(text) <= MAX_SECTION_CHARS:
        return text
    cut = split_html(text, MAX_SECTION_CHARS)[0]
    return cut + "\n\n<i>… gekürzt – den ganzen Abschnitt enthält der Entwurf.</i>"


def _section_rows(paper: StrategyPaper) -> list[tuple[Button, ...]]:
    return [(act.StrategySection(section=s.key).button(f"📖 {s.label}"),) for s in paper.sections]


# --------------------------------------------------------------------------- status, drafts


async def show(ctx: TurnContext, team_id: int | None = None) -> None:
    """The status of the paper and what the member may do with it."""
    if team_id is None:
        active = await ctx.membership_or_explain()
        if active is None:
            return
        team_id = active[0].id
    member = await require_member(ctx, team_id, *CORE)
    team = await _team(ctx, team_id)
    paper = await _paper(ctx, team)
    versions = await ctx.tx.strategy.versions(team.id)
    comments = await ctx.tx.strategy.comments(team.id)
    rows: list[tuple[Button, ...]] = [
        (act.StrategyDraft(variant="k").button("📄 Entwurf erzeugen"),),
        (act.StrategyDraft(variant="a").button("📚 Ausführlichen Entwurf erzeugen"),),
    ]
    if member.is_facilitator:
        rows += [
            (act.StartCommentRound().button("💬 Kommentarrunde starten"),),
            (act.ShowComments().button("👁 Kommentare ansehen"),),
            (act.ConfirmFinalise().button("✅ Fassung festschreiben"),),
        ]
    rows.append((act.ShowVersions().button("🗂 Fassungen"),))
    ctx.say(
        render(
            "strategie_status.chat.j2",
            paper=paper,
            fills=FILL_LABELS,
            versions=versions,
            open_comments=len(comments),
        ).strip(),
        *rows,
        team_id=team.id,
    )


async def draft(ctx: TurnContext, team_id: int, code: str) -> None:
    """A progress message, then the paper as DOCX, PDF and Markdown (built on sending)."""
    await require_member(ctx, team_id, *CORE)
    team = await _team(ctx, team_id)
    paper = await _paper(ctx, team, VARIANTS.get(code, "kompakt"))
    ctx.say(
        f"⏳ Die Strategie wird erstellt … ({esc(paper.variant_label)}, "
        f"{count(len(paper.figures), 'Grafik', 'Grafiken')}). Gleich kommen drei Dateien: "
        "Word, PDF und Markdown."
    )
    ctx.reply(*files(paper), team_id=team.id)


# --------------------------------------------------------------------------- comment round


async def start_round(ctx: TurnContext, team_id: int) -> None:
    """The facilitator asks every member for comments: each gets the sections as buttons."""
    me = await require_member(ctx, team_id, Role.FACILITATOR)
    team = await _team(ctx, team_id)
    paper = await _paper(ctx, team)
    recipients = await ctx.tx.members.accounts(team.id)
    text = (
        f"💬 <b>Kommentarrunde zur Smart-City-Strategie {esc(team.municipality)}</b>\n"
        f"{esc(me.display_name)} bittet um Ihre Rückmeldung zum Entwurf. Tippen Sie auf einen "
        "Abschnitt: Sie sehen seinen Text und können einen Kommentar dazu schreiben."
    )
    ctx.say(
        "💬 Die Kommentarrunde ist gestartet: "
        f"{count(len(recipients), 'Mitglied hat', 'Mitglieder haben')} die Abschnitte "
        "erhalten. Unter /strategie → „Kommentare ansehen“ lesen Sie, was zurückkommt.",
        (act.ShowComments().button("👁 Kommentare ansehen"),),
        team_id=team.id,
    )
    for chat_id in recipients:
        ctx.notify(
            chat_id, Message(text=text, buttons=tuple(_section_rows(paper))), team_id=team.id
        )


async def sections(ctx: TurnContext, team_id: int) -> None:
    await require_member(ctx, team_id)
    await _drop_comment_flow(ctx)
    team = await _team(ctx, team_id)
    paper = await _paper(ctx, team)
    ctx.say(
        "Zu welchem Abschnitt möchten Sie etwas sagen?", *_section_rows(paper), team_id=team.id
    )


async def show_section(ctx: TurnContext, team_id: int, key: str) -> None:
    """A section's text (as in the compact draft) and a button to comment on it."""
    member = await require_member(ctx, team_id)
    await _drop_comment_flow(ctx)
    team = await _team(ctx, team_id)
    section = (await _paper(ctx, team)).section(key)
    if section is None:
        ctx.stale_button()
        return
    own = sum(
        1
        for c in await ctx.tx.strategy.comments(team.id)
        if c.section == key and c.author_id == member.id
    )
    ctx.say(
        section_text(section, own),
        (act.StartComment(section=key).button("✍️ Kommentar schreiben"),),
        (act.StrategySections().button("⬅ Alle Abschnitte"),),
        team_id=team.id,
    )


async def start_comment(ctx: TurnContext, team_id: int, key: str) -> None:
    """Open the one-question comment dialog for section ``key``."""
    await require_member(ctx, team_id)
    team = await _team(ctx, team_id)
    section = (await _paper(ctx, team)).section(key)
    if section is None:
        ctx.stale_button()
        return
    ctx.say(
        f"✍️ Ihr Kommentar zu <b>{esc(section.label)}</b>: Schreiben Sie ihn als nächste "
        "Nachricht.",
        (act.CancelComment().button("✖ Abbrechen"),),
        team_id=team.id,
    )
    state = DialogState(
        dialog=COMMENT_FLOW, draft={"values": {"team": team.id, "section": section.key}}
    )
    convo = await conversation.flow_conversation(ctx, COMMENT_FLOW, state)
    await conversation.run(ctx, convo, lambda turn: turn.begin())


async def cancel_comment(ctx: TurnContext, team_id: int) -> None:
    await require_member(ctx, team_id)
    await _drop_comment_flow(ctx)
    ctx.say(
        "Abgebrochen – es wurde kein Kommentar gespeichert.",
        (act.StrategySections().button("⬅ Alle Abschnitte"),),
        team_id=team_id,
    )


async def _drop_comment_flow(ctx: TurnContext) -> None:
    flow = await ctx.tx.users.get_flow_state(ctx.user.id)
    if flow and flow.get("dialog") == COMMENT_FLOW:
        await ctx.tx.users.set_flow_state(ctx.user.id, None)


async def save_comment(ctx: TurnContext, values: dict) -> None:
    """The comment dialog is done: store the comment with its author and section."""
    team_id, key, text = values.get("team"), values.get("section"), values.get("comment")
    if not isinstance(team_id, int) or not isinstance(key, str) or not text:
        ctx.say("Es wurde kein Kommentar gespeichert.")
        return
    member = await require_member(ctx, team_id)
    await ctx.tx.strategy.add_comment(team_id, key, member.id, str(text))
    ctx.say(
        "💬 Danke! Ihr Kommentar ist gespeichert; die Moderation sieht ihn vor dem "
        "Festschreiben der nächsten Fassung.",
        (act.StrategySections().button("⬅ Alle Abschnitte"),),
        team_id=team_id,
    )


async def show_comments(ctx: TurnContext, team_id: int) -> None:
    """The facilitator reads the open comments, grouped by section."""
    await require_member(ctx, team_id, Role.FACILITATOR)
    team = await _team(ctx, team_id)
    paper = await _paper(ctx, team)
    comments = await ctx.tx.strategy.comments(team.id)
    names = _names(await ctx.tx.members.list(team.id))
    labels = {s.key: s.label for s in paper.sections}
    order = [s.key for s in paper.sections]
    groups = []
    for key in [*order, *sorted({c.section for c in comments} - set(order))]:
        items = [
            {
                "text": c.text,
                "author": names.get(c.author_id, "gelöschte Person"),
                "date": c.created_at.strftime("%d.%m.%Y"),
            }
            for c in comments
            if c.section == key
        ]
        if items:
            groups.append((labels.get(key, key), items))
    rows: list[tuple[Button, ...]] = []
    if comments:
        rows.append((act.ConfirmFinalise().button("✅ Fassung festschreiben"),))
    rows.append((act.StrategyOverview().button("📑 Zur Übersicht"),))
    ctx.say(
        render(
            "strategie_kommentare.chat.j2",
            municipality=team.municipality,
            groups=groups,
            total=len(comments),
            line=_line,
        ).strip(),
        *rows,
        team_id=team.id,
    )


def _names(members: Sequence[Member]) -> dict[int | None, str]:
    return {m.id: m.display_name for m in members if m.user_id is not None}


# --------------------------------------------------------------------------- versions


async def confirm_finalise(ctx: TurnContext, team_id: int) -> None:
    await require_member(ctx, team_id, Role.FACILITATOR)
    number = await ctx.tx.strategy.next_number(team_id)
    comments = await ctx.tx.strategy.comments(team_id)
    ctx.say(
        f"✅ <b>Fassung {number} festschreiben?</b>\nDer heutige Stand wird als Fassung "
        f"{number} gespeichert und als Word, PDF und Markdown an das Kernteam geschickt. "
        + (
            f"{count(len(comments), 'offener Kommentar wird', 'offene Kommentare werden')}"
            " dieser Fassung zugeordnet. "
            if comments
            else ""
        )
        + "Weiterarbeiten können Sie danach wie bisher.",
        (act.Finalise().button(f"Ja, Fassung {number} festschreiben"),),
        (act.StrategyOverview().button("Abbrechen"),),
        team_id=team_id,
    )


async def finalise(ctx: TurnContext, team_id: int) -> None:
    """Store the next numbered version and send its files to every core-team member."""
    me = await require_member(ctx, team_id, Role.FACILITATOR)
    team = await _team(ctx, team_id)
    number = await ctx.tx.strategy.next_number(team.id)
    paper = await _paper(ctx, team, "kompakt", version=number)
    version = await ctx.tx.strategy.finalise(
        team.id,
        variant=paper.variant,
        markdown=write_markdown(paper),
        model=paper.model_dump(mode="json"),
        created_by=me.id,
        number=number,
    )
    recipients = await ctx.tx.members.accounts(team.id, set(CORE))
    notice = Message(
        text=f"✅ <b>Fassung {version.number}</b> der Smart-City-Strategie "
        f"{esc(team.municipality)} wurde von {esc(me.display_name)} festgeschrieben. Hier sind "
        "die Dateien:"
    )
    ctx.say(
        f"✅ Fassung {version.number} ist festgeschrieben und geht an "
        f"{count(len(recipients), 'Mitglied', 'Mitglieder')} des Kernteams.",
        (act.ShowVersions().button("🗂 Fassungen"),),
        team_id=team.id,
    )
    for chat_id in recipients:
        ctx.notify(chat_id, notice, *files(paper, f"strategie-fassung-{version.number}"))


async def show_versions(ctx: TurnContext, team_id: int) -> None:
    await require_member(ctx, team_id, *CORE)
    team = await _team(ctx, team_id)
    versions = await ctx.tx.strategy.versions(team.id)
    names = _names(await ctx.tx.members.list(team.id))
    shown = [
        {
            "number": v.number,
            "date": v.created_at.strftime("%d.%m.%Y"),
            "variant": "Kompaktfassung" if v.variant == "kompakt" else "Ausführliche Fassung",
            "author": names.get(v.created_by, "gelöschte Person"),
            "comments": len(await ctx.tx.strategy.comments(team.id, version=v.number)),
        }
        for v in versions
    ]
    rows = [
        (act.ResendVersion(number=v.number).button(f"📄 Fassung {v.number} senden"),)
        for v in versions[:10]
    ]
    rows.append((act.StrategyOverview().button("📑 Zur Übersicht"),))
    ctx.say(
        render(
            "strategie_fassungen.chat.j2", municipality=team.municipality, versions=shown
        ).strip(),
        *rows,
        team_id=team.id,
    )


async def resend(ctx: TurnContext, team_id: int, number: int) -> None:
    """A version's files again, rebuilt from the model stored with it."""
    await require_member(ctx, team_id, *CORE)
    version: StrategyVersion | None = await ctx.tx.strategy.version(team_id, number)
    if version is None or version.model is None:
        ctx.say(f"Fassung {number} gibt es nicht.")
        return
    paper = StrategyPaper.model_validate(version.model)
    ctx.say(f"⏳ Fassung {number} wird erstellt … Gleich kommen die drei Dateien.")
    ctx.reply(*files(paper, f"strategie-fassung-{number}"), team_id=team_id)
