"""What a live session shows in the group: its status message and, at the close, the results.

Pure functions of the session and a snapshot of the team's answers; :mod:`bot.app.live` loads the
snapshot, stores buttons and writes the outbox. Buttons carry typed actions
(:mod:`bot.present.live_actions`), resolved server-side, so their labels may say anything and every
press is checked again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.charts.inputs import dot_vote_chart, risk_matrix_chart
from bot.present import live_actions as la
from dialogs.parsing import format_german_number
from dialogs.prompts import ItemsPrompt
from dialogs.records import Answer, LiveSession, Member, Team
from dialogs.replies import Button, Message, Picture, Reply, clip, count, esc
from dialogs.results import project_ideas, risk_assessment
from dialogs.results.as5 import tally_dots
from dialogs.results.as6 import tally_ratings
from dialogs.screen import entry_title
from dialogs.steps import STEPS

try:
    LOCAL_TIME: Any = ZoneInfo("Europe/Berlin")
except ZoneInfoNotFoundError:  # no time zone data on the system: show UTC
    LOCAL_TIME = UTC

#: Timer choices in minutes (0: no timer).
TIMERS = (0, 2, 5, 10, 15, 30)
#: Ideas that get a voting button (an inline keyboard holds at most 100 buttons).
MAX_VOTE_BUTTONS = 40
#: Risks per page of a rating session (11 buttons each).
RISKS_PER_PAGE = 8
#: Entries a collect session shows in its status message.
LATEST_ENTRIES = 10
SCALE_WORDS = "1 = sehr gering … 5 = sehr hoch"
#: A rating's dimension: button letter → (AS6 prompt, label, short letter).
DIMENSIONS: dict[Literal["l", "i"], tuple[str, str, str]] = {
    "l": ("likelihood", "Wahrscheinlichkeit", "W"),
    "i": ("impact", "Auswirkung", "A"),
}


@dataclass(frozen=True)
class Target:
    """A list live sessions work on: where its entries are stored and how it is called."""

    key: str
    step: str
    prompt: str
    label: str
    button: str

    @property
    def items_prompt(self) -> ItemsPrompt:
        prompt = STEPS[self.step].prompt(self.prompt)
        assert isinstance(prompt, ItemsPrompt)
        return prompt


TARGETS: dict[str, Target] = {
    "ideas": Target("ideas", "as5", "ideas", "Projektideen", "💡 Projektideen (AS5)"),
    "risks": Target("risks", "as6", "risks", "Risiken", "⚠️ Risiken (AS6)"),
    "vision": Target("vision", "as3", "vision_ideas", "Stichworte zur Vision", "🔭 Vision (AS3)"),
    "actors": Target("actors", "as1_akteure", "actors", "Akteure", "👥 Akteure (AS1)"),
}
KIND_TITLES = {
    "collect": "💡 Live-Sammlung",
    "vote": "🔴 Punktabstimmung",
    "rate": "📊 Risiken bewerten",
}


@dataclass(frozen=True)
class Snapshot:
    """What a status message or result is made of."""

    team: Team
    answers: list[Answer]
    members: list[Member]

    def current(
        self, step: str, prompt: str, *, subject_id: int | None = None, any_subject: bool = False
    ) -> list[Answer]:
        return [
            a
            for a in self.answers
            if a.step == step
            and a.prompt == prompt
            and (any_subject or a.subject_id == subject_id)
        ]

    def name_of(self, member_id: int | None) -> str:
        for member in self.members:
            if member.id == member_id and member.user_id is not None:
                return member.display_name
        return "(ohne Namen)"


def target_of(session: LiveSession) -> Target:
    return TARGETS[session.target]


def local_time(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TIME).strftime("%H:%M")


def number(value: float) -> str:
    """``3,2`` – one decimal, German comma."""
    return format_german_number(value, 1, keep_zeros=True)


def dots_text(count: int) -> str:
    return "1 Punkt" if count == 1 else f"{count} Punkte"


def people_text(count: int) -> str:
    return "1 Person" if count == 1 else f"{count} Personen"


def timer_label(minutes: int) -> str:
    return "ohne Timer" if minutes == 0 else f"{minutes} Min."


# -- the pieces of data ---------------------------------------------------------------------


def ideas(snapshot: Snapshot) -> list[tuple[Answer, str]]:
    """The AS5 idea cards with their titles; a repeated title counts once (its first card)."""
    prompt = TARGETS["ideas"].items_prompt
    seen: set[str] = set()
    found: list[tuple[Answer, str]] = []
    for card in sorted(snapshot.current("as5", "ideas"), key=lambda a: a.id):
        title = entry_title(card.value, prompt).strip()
        if title and title not in seen:
            seen.add(title)
            found.append((card, title))
    return found


def dots_of(value: Any) -> dict[str, int]:
    """A stored vote as ``{title: dots}`` with positive whole numbers only."""
    if not isinstance(value, dict):
        return {}
    return {
        str(title): dots
        for title, dots in value.items()
        if isinstance(dots, int) and not isinstance(dots, bool) and dots > 0
    }


def risks(snapshot: Snapshot) -> list[tuple[Answer, str]]:
    """The AS6 risks (in the order they were added) with their titles."""
    prompt = TARGETS["risks"].items_prompt
    return [
        (risk, entry_title(risk.value, prompt).strip() or "(ohne Titel)")
        for risk in sorted(snapshot.current("as6", "risks"), key=lambda a: a.id)
    ]


def collects_anonymously(sessions: Iterable[LiveSession], step: str, prompt: str) -> bool:
    """True if one of the open ``sessions`` is an anonymous round collecting ``step.prompt``:
    an entry added now belongs to it and is stored as anonymous."""
    return any(
        s.is_open
        and s.kind == "collect"
        and s.anonymous
        and (target_of(s).step, target_of(s).prompt) == (step, prompt)
        for s in sessions
    )


def entries(snapshot: Snapshot, session: LiveSession) -> list[Answer]:
    """The entries of the target list added since the session began, oldest first."""
    target = target_of(session)
    return sorted(
        (
            a
            for a in snapshot.current(target.step, target.prompt)
            if a.created_at >= session.started_at
        ),
        key=lambda a: a.id,
    )


def pages(count: int) -> int:
    return max(1, -(-count // RISKS_PER_PAGE))


# -- the status message ---------------------------------------------------------------------


def status(
    session: LiveSession, snapshot: Snapshot, live_link: str
) -> tuple[str, tuple[tuple[Button, ...], ...]]:
    """Text and buttons of the live status message (no buttons once closed)."""
    lines = [_heading(session, snapshot)]
    rows: list[tuple[Button, ...]] = []
    if session.kind == "collect":
        lines += _collect_lines(session, snapshot)
        rows.append((Button(label="✍️ Beitrag schreiben", url=live_link),))
    elif session.kind == "vote":
        body, rows = _vote(session, snapshot)
        lines += body
    else:
        body, rows = _rate(session, snapshot)
        lines += body
    if not session.is_open:
        lines.append("🏁 <b>Beendet.</b> Das Ergebnis steht unten.")
        return "\n\n".join(lines), ()
    if session.ends_at is not None:
        lines.append(f"⏱ Ende um {local_time(session.ends_at)} Uhr.")
    rows.append((la.EndSession(session=session.id).button("⏹ Beenden (Moderation)"),))
    return "\n\n".join(lines), tuple(rows)


def _heading(session: LiveSession, snapshot: Snapshot) -> str:
    title = KIND_TITLES[session.kind]
    if session.kind == "collect":
        title += f": {target_of(session).label}"
    return f"<b>{title}</b> · Team {esc(snapshot.team.municipality)}"


def _collect_lines(session: LiveSession, snapshot: Snapshot) -> list[str]:
    target = target_of(session)
    prompt = target.items_prompt
    found = entries(snapshot, session)
    total = len(snapshot.current(target.step, target.prompt))
    how = (
        "Schreiben Sie Ihre Beiträge privat an mich: Knopf „✍️ Beitrag schreiben“. Sie "
        "landen direkt in der Sammlung des Teams."
    )
    if session.anonymous:
        how += " 🕶 Anonym: Hier erscheinen die Beiträge ohne Namen."
    lines = [how]
    if not found:
        lines.append(f"Noch keine Beiträge in dieser Runde (insgesamt {total} im Team).")
        return lines
    count = "1 Beitrag" if len(found) == 1 else f"{len(found)} Beiträge"
    shown = []
    for answer in found[-LATEST_ENTRIES:]:
        line = f"• {esc(clip(entry_title(answer.value, prompt)))}"
        if not (session.anonymous or answer.anonymous):
            line += f" – <i>{esc(snapshot.name_of(answer.author_id))}</i>"
        shown.append(line)
    more = len(found) - len(shown)
    heading = f"<b>{count}</b> in dieser Runde (insgesamt {total} im Team)"
    heading += f"; die neuesten {len(shown)}:" if more else ":"
    lines.append(heading + "\n" + "\n".join(shown))
    return lines


def _vote(session: LiveSession, snapshot: Snapshot) -> tuple[list[str], list[tuple[Button, ...]]]:
    cards = ideas(snapshot)
    tally = tally_dots(snapshot.answers, snapshot.members, {title for _, title in cards})
    lines = [
        f"Jede Person hat <b>{session.budget} Punkte</b>. Tippen Sie auf eine Idee, um ihr einen "
        "Punkt zu geben – auch mehrmals. „↩ Meine Punkte zurück“ gibt Ihnen alle wieder."
    ]
    ranked = sorted(cards, key=lambda c: -tally.dots(c[1]))
    standing = [
        f"{'●' if tally.dots(title) else '○'} {esc(clip(title))}: <b>{tally.dots(title)}</b>"
        for _, title in ranked[:30]
    ]
    if len(ranked) > 30:
        standing.append(f"… und {len(ranked) - 30} weitere")
    stand = f"<b>Stand:</b> {dots_text(tally.total)} von {people_text(len(tally.voters))}"
    lines.append(stand + "\n" + "\n".join(standing))
    rows: list[tuple[Button, ...]] = [
        (la.GiveDot(session=session.id, idea=card.id).button(f"+ {clip(title, 58)}"),)
        for card, title in cards[:MAX_VOTE_BUTTONS]
    ]
    if len(cards) > MAX_VOTE_BUTTONS:
        lines.append(
            f"Hier sind die ersten {MAX_VOTE_BUTTONS} Ideen wählbar; alle übrigen im privaten "
            "Chat unter /schritte → AS5."
        )
    if session.is_open:
        rows.append((la.TakeDotsBack(session=session.id).button("↩ Meine Punkte zurück"),))
    return lines, rows


def _rate(session: LiveSession, snapshot: Snapshot) -> tuple[list[str], list[tuple[Button, ...]]]:
    found = risks(snapshot)
    page = min(session.page, pages(len(found)) - 1)
    first = page * RISKS_PER_PAGE
    shown = found[first : first + RISKS_PER_PAGE]
    lines = [
        "Bewerten Sie jedes Risiko: <b>W</b> = Wahrscheinlichkeit, <b>A</b> = Auswirkung, "
        f"{SCALE_WORDS}. Erneutes Tippen ändert Ihre Bewertung; der Titel-Knopf zeigt Ihre."
    ]
    if len(found) > RISKS_PER_PAGE:
        lines.append(f"Risiken {first + 1}–{first + len(shown)} von {len(found)}")
    listed = []
    rows: list[tuple[Button, ...]] = []
    for number_, (risk, title) in enumerate(shown, start=first + 1):
        tally = tally_ratings(snapshot.answers, risk.id)
        line = f"{number_}. {esc(clip(title))} – "
        if tally.likelihoods or tally.impacts:
            w = "–" if tally.likelihood is None else number(tally.likelihood)
            a = "–" if tally.impact is None else number(tally.impact)
            line += f"W {w} · A {a} ({count(tally.raters, 'Bewertung', 'Bewertungen')})"
        else:
            line += "noch nicht bewertet"
        listed.append(line)
        mine = la.ShowMyRating(session=session.id, risk=risk.id)
        rows.append((mine.button(f"{number_}. {clip(title, 50)}"),))
        for dim, (_, _, letter) in DIMENSIONS.items():
            rows.append(
                tuple(
                    la.RateRisk(session=session.id, risk=risk.id, dimension=dim, value=v).button(
                        f"{letter}{v}"
                    )
                    for v in range(1, 6)
                )
            )
    lines.append("\n".join(listed) if listed else "Noch keine Risiken.")
    nav = []
    if page > 0:
        nav.append(la.TurnPage(session=session.id, page=page - 1).button("◀ Vorige Risiken"))
    if first + RISKS_PER_PAGE < len(found):
        nav.append(la.TurnPage(session=session.id, page=page + 1).button("Nächste Risiken ▶"))
    if nav and session.is_open:
        rows.append(tuple(nav))
    return lines, rows


# -- results ----------------------------------------------------------------------------------


def results(session: LiveSession, snapshot: Snapshot, reason: str) -> tuple[str, list[Reply]]:
    """The result as stored with the session (without names), and the replies posting it."""
    stored = None
    if session.kind == "vote":
        text, pictures = _vote_results(snapshot)
    elif session.kind == "rate":
        text, pictures = _rate_results(snapshot)
    else:
        text, pictures = _collect_results(session, snapshot, names=not session.anonymous), []
        # The stored record names nobody: a person who deletes their data disappears from it.
        stored = _collect_results(session, snapshot, names=False)
    heading = f"🏁 <b>{KIND_TITLES[session.kind]}</b>"
    if session.kind == "collect":
        heading = f"🏁 <b>{KIND_TITLES['collect']}: {target_of(session).label}</b>"
    full = f"{heading} – {reason}\n\n{text}"
    record = f"{heading}\n\n{text if stored is None else stored}"
    return record, [Message(text=full), *pictures]


def _vote_results(snapshot: Snapshot) -> tuple[str, list[Reply]]:
    r = project_ideas(snapshot.team, snapshot.answers, snapshot.members)
    voted = [i for i in r.by_votes if i.dots]
    if not voted:
        return "Es wurden keine Punkte vergeben.", []
    lines = [f"<b>Ergebnis:</b> {dots_text(r.total_dots)} von {people_text(r.voter_count)}"]
    lines += [f"{i.rank}. {esc(clip(i.title))}: <b>{i.dots}</b>" for i in voted[:30]]
    if len(voted) > 30:
        lines.append(f"… und {len(voted) - 30} weitere")
    groups = [f"• {esc(g.group)}: {g.dots}" for g in r.group_totals]
    lines += ["", "<b>Punkte je Gruppe</b>", *groups]
    if r.dominant_group:
        lines.append(
            f"⚠️ Mehr als die Hälfte der Punkte kam aus der Gruppe {esc(r.dominant_group)}; "
            "die ausgewogene Sicht steht in der Grafik."
        )
    picture = Picture(
        chart="punktabstimmung",
        data=dot_vote_chart(r).model_dump(mode="json"),
        caption=f"Punktabstimmung {r.municipality}",
        filename="punktabstimmung.png",
    )
    return "\n".join(lines), [picture]


def _rate_results(snapshot: Snapshot) -> tuple[str, list[Reply]]:
    r = risk_assessment(snapshot.team, snapshot.answers, snapshot.members)
    if not r.rated:
        return "Es wurde kein Risiko vollständig bewertet.", []
    lines = ["<b>Ergebnis</b> (nach Punktzahl W × A):"]
    for i, risk in enumerate(r.rated[:30], start=1):
        assert risk.likelihood is not None and risk.impact is not None
        flag = " ≠ uneinig" if risk.disagreement else ""
        lines.append(
            f"{i}. {esc(clip(risk.title))}: W {number(risk.likelihood)} · "
            f"A {number(risk.impact)} → <b>{risk.zone}</b> "
            f"({count(risk.raters, 'Bewertung', 'Bewertungen')}){flag}"
        )
    if r.unrated:
        lines.append(f"Noch nicht bewertet: {len(r.unrated)}")
    picture = Picture(
        chart="risikomatrix",
        data=risk_matrix_chart(r).model_dump(mode="json"),
        caption=f"Risikomatrix {r.municipality}",
        filename="risikomatrix.png",
    )
    return "\n".join(lines), [picture]


def _collect_results(session: LiveSession, snapshot: Snapshot, *, names: bool) -> str:
    prompt = target_of(session).items_prompt
    found = entries(snapshot, session)
    if not found:
        return "In dieser Runde kam kein Beitrag."
    count = "1 Beitrag" if len(found) == 1 else f"{len(found)} Beiträge"
    lines = [f"<b>{count}</b> – gespeichert in der Sammlung des Teams:"]
    for answer in found:
        line = f"• {esc(clip(entry_title(answer.value, prompt), 200))}"
        if names and not answer.anonymous:
            line += f" – <i>{esc(snapshot.name_of(answer.author_id))}</i>"
        lines.append(line)
    return "\n".join(lines)
