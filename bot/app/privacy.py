"""Data rights: ``/meinedaten`` shows everything stored about a person, ``/loeschen`` erases it."""

from __future__ import annotations

import json

from bot.app import actions as act
from bot.app.turn import TurnContext, prompt_ref
from bot.documents.templating import md
from dialogs.records import Role
from dialogs.replies import Document, count, esc
from dialogs.steps import STEPS
from storage.repositories.people import ANONYMOUS_NAME

KEEP = "anonymise"
ERASE = "erase"


async def my_data(ctx: TurnContext) -> None:
    """A short overview in chat and the complete record as a JSON file."""
    memberships = await ctx.tx.teams.for_user(ctx.user.id)
    record: dict = {
        "person": {"kennung": ctx.user.account},
        "teams": [],
    }
    lines = ["<b>Ihre gespeicherten Daten</b>", f"Kennung: {esc(ctx.user.account)}"]
    for team, member in memberships:
        answers = await ctx.tx.answers.by_author(member.id)
        current = await ctx.tx.answers.current(team.id, author_id=member.id)
        record["teams"].append(
            {
                "team": team.municipality,
                "name_im_team": member.display_name,
                "rolle": member.role.label,
                "gruppe": member.stakeholder_group,
                "beigetreten": member.joined_at.isoformat(),
                "beitraege": [
                    {
                        "schritt": STEPS[a.step].title if a.step in STEPS else a.step,
                        "frage": a.prompt,
                        "wert": a.value,
                        "zeit": a.created_at.isoformat(),
                        "aktuell": a.id in {c.id for c in current},
                        "anonym": a.anonymous,
                    }
                    for a in answers
                ],
                "kommentare_zur_strategie": [
                    {"abschnitt": c.section, "text": c.text, "zeit": c.created_at.isoformat()}
                    for c in await ctx.tx.strategy.comments_by_author(member.id)
                ],
                "zuweisungen": [
                    {"schritt": a.step, "faellig": a.due.isoformat()}
                    for a in await ctx.tx.assignments.for_team(team.id)
                    if member.id in a.member_ids
                ],
            }
        )
        lines.append(
            f"• {esc(team.municipality)}: {esc(member.display_name)}, {member.role.label}, "
            f"{esc(member.stakeholder_group)} – "
            f"{count(len(current), 'aktueller Beitrag', 'aktuelle Beiträge')} "
            f"({count(len(answers), 'Fassung', 'Fassungen')} insgesamt)"
        )
    if not memberships:
        lines.append("Sie gehören keinem Team an; außer der Kennung ist nichts gespeichert.")
    lines.append("\nDie Datei enthält alles vollständig. Löschen können Sie mit /loeschen.")
    ctx.say("\n".join(lines))
    ctx.reply(
        Document(
            filename="meine-daten.json",
            caption="Ihre Daten als JSON-Datei",
            text=json.dumps(record, ensure_ascii=False, indent=2),
        )
    )


def written_forms(name: str) -> set[str]:
    """How a name appears in stored texts: as typed, escaped for HTML and Markdown, and each of
    these inside JSON strings."""
    forms = {name, esc(name), md(name)}
    return forms | {json.dumps(form, ensure_ascii=False)[1:-1] for form in forms}


async def ask_delete(ctx: TurnContext) -> None:
    ctx.say(
        "<b>Daten löschen</b>\nIhr Name und Ihre Kennung werden in jedem Fall gelöscht. "
        "Ihre Beiträge können Sie entweder anonym stehen lassen – dann bleiben die Ergebnisse "
        "Ihres Teams vollständig – oder ebenfalls löschen.",
        (act.DeleteMe(mode=KEEP).button("Beiträge anonym behalten, mich löschen"),),
        (act.DeleteMe(mode=ERASE).button("Alles löschen, auch meine Beiträge"),),
        (act.CancelDelete().button("Abbrechen"),),
    )


async def delete(ctx: TurnContext, mode: str) -> None:
    """Erase the person; their contributions stay anonymous or are erased as well."""
    memberships = await ctx.tx.teams.for_user(ctx.user.id)
    for team, member in memberships:
        if member.is_facilitator:
            others = [
                m for m in await ctx.tx.members.list(team.id) if m.user_id and m.id != member.id
            ]
            if others and not any(m.role is Role.FACILITATOR for m in others):
                ctx.say(
                    f"Sie sind die einzige Moderation im Team <b>{esc(team.municipality)}</b>. "
                    "Bitte übergeben Sie die Moderation zuerst unter /team → Rollen ändern; "
                    "danach können Sie Ihre Daten löschen. Es wurde nichts gelöscht."
                )
                return
    for _, member in memberships:
        if mode == ERASE:
            await ctx.tx.answers.delete_by_author(member.id)
            await ctx.tx.strategy.delete_comments_by_author(member.id)
    await ctx.tx.users.delete(ctx.user.id)
    await ctx.tx.outbox.forget_chat(ctx.user.account)
    await ctx.tx.message_refs.forget(prompt_ref(ctx.user.account))
    await ctx.tx.erasure.replace_name(
        [team.id for team, _ in memberships],
        [form for _, member in memberships for form in written_forms(member.display_name)],
        ANONYMOUS_NAME,
    )
    ctx.erased = True
    ctx.say(
        "🗑 Erledigt: Ihr Name und Ihre Kennung sind gelöscht"
        + (", Ihre Beiträge ebenfalls." if mode == ERASE else "; Ihre Beiträge stehen anonym.")
        + " Wenn Sie mir wieder schreiben, beginnen Sie als neue Person."
    )
