"""Sections 6–8 of the strategy paper: measures and projects (AS5/AS7, with AS8's plans),
risks and safeguards (AS6), evaluation and monitoring (AS9).

The compact variant carries the decisions: the selected (green) projects with roadmap, the
ranked project matrix, the high risks with their countermeasures and the risk list, the
indicators and the monitoring status. The extended variant adds every idea, every sketch, the
criteria weights and the details of every risk.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.documents.strategy_blocks import (
    Writer,
    by,
    fill_of,
    german_number,
    or_open,
    period,
)
from bot.documents.strategy_model import OPEN, Figure, Section, clean
from dialogs.parsing import format_date, format_german_number
from dialogs.replies import count
from dialogs.results import Indicator, RankedProject, Risk, Sketch
from dialogs.steps.as6 import STRATEGY_LEVEL

if TYPE_CHECKING:
    from bot.documents.strategy import Sources

ZONE_LABELS = {"hoch": "hoch", "mittel": "mittel", "niedrig": "niedrig"}


def _euro(value: float | None) -> str | None:
    return None if value is None else f"{format_german_number(value)} €"


def _mean(value: float | None) -> str:
    return "–" if value is None else format_german_number(round(value, 1))


def projects_by_field(s: Sources) -> dict[str, list[str]]:
    """Projects per field of action for the added-value overview: the green projects once
    traffic lights are set, before that the sketches; empty without any sketch."""
    selection = s.r.selection
    if any(p.light for p in selection.projects):
        chosen = [(p.field, p.title) for p in selection.green]
    else:
        chosen = [(sketch.field, sketch.title) for sketch in s.r.ideas.sketches]
    found: dict[str, list[str]] = {}
    for field, title in chosen:
        if field:
            found.setdefault(field, []).append(title)
    return found


# --------------------------------------------------------------------------- 6 measures


def _ideas(w: Writer, s: Sources) -> bool:
    ideas = s.r.ideas
    w.sub("Projektideen (AS5)")
    if not ideas.ideas:
        w.gap("In AS5 sind noch keine Projektideen gesammelt.")
        return False
    voted = (
        f" und mit {count(ideas.total_dots, 'Punkt', 'Punkten')} von "
        f"{count(ideas.voter_count, 'Person', 'Personen')} gewichtet"
    )
    w.text(
        f"Das Team hat {count(len(ideas.ideas), 'Projektidee', 'Projektideen')} gesammelt"
        + (voted if ideas.total_dots else "")
        + "."
    )
    shown = ideas.by_votes if s.extended else tuple(i for i in ideas.by_votes if i.dots)[:10]
    if shown:
        rows = []
        for idea in shown:
            groups = ", ".join(f"{clean(g.group)} {g.dots}" for g in idea.by_group) or "–"
            row = [clean(idea.title), or_open(idea.field), str(idea.dots), groups]
            if s.extended:
                row.insert(1, or_open(idea.idea))
            rows.append(row)
        header = ["Idee", "Handlungsfeld", "Punkte", "Punkte nach Gruppe"]
        widths = [1.8, 1.4, 0.6, 1.6]
        if s.extended:
            header.insert(1, "Worum es geht")
            widths.insert(1, 2.2)
        w.table(header, rows, widths)
    if ideas.dominant_group:
        w.text(
            f"Mehr als die Hälfte der Punkte kam aus der Gruppe „{clean(ideas.dominant_group)}“; "
            "die Punktabstimmung im Anhang zeigt die Verteilung nach Gruppen.",
            "note",
        )
    if ideas.shortlist:
        w.text("Zur Ausarbeitung als Projekt ausgewählt:")
        w.bullets(clean(e.title) for e in ideas.shortlist)
    w.figure("punktabstimmung")
    return True


def _light(project: RankedProject) -> str:
    return clean(project.light) if project.light else OPEN


def _matrix(w: Writer, s: Sources) -> bool:
    selection = s.r.selection
    w.sub("Auswahl und Priorisierung (AS7)")
    if not selection.projects:
        w.gap("Es gibt noch keine Projektskizzen (AS5), die in AS7 bewertet werden könnten.")
        return False
    lights = [p for p in selection.projects if p.light]
    sketches = count(len(selection.projects), "Projektskizze", "Projektskizzen")
    if lights:
        green = len(selection.green)
        w.text(
            f"Das Team hat {sketches} nach seinen Kriterien bewertet; {green} davon "
            + ("soll" if green == 1 else "sollen")
            + " umgesetzt werden (Ampel grün)."
        )
    else:
        w.text(f"Bewertet werden {sketches}; die Ampel ist noch offen.")
    if s.extended and selection.used_weights:
        w.text(
            "Gewichtung der Kriterien: "
            + "; ".join(f"{clean(c.label)} {c.weight}" for c in selection.used_weights)
            + "."
        )
    rows = [
        (
            str(p.rank) if p.rank else "–",
            clean(p.title),
            or_open(p.field),
            _light(p),
            or_open(p.horizon),
            p.costs or OPEN,
            "–" if p.score is None else format_german_number(round(p.score, 2)),
        )
        for p in selection.projects
    ]
    w.table(
        ("Rang", "Projekt", "Handlungsfeld", "Ampel", "Zeithorizont", "Kosten", "Bewertung"),
        rows,
        (0.75, 2.0, 1.5, 1.2, 1.3, 1.5, 0.85),
    )
    if s.extended:
        w.text(clean(selection.rule), "note")
    w.figure("projektmatrix")
    return bool(selection.green)


def _sketch_lines(sketch: Sketch | None, project: RankedProject | None) -> list[str]:
    lines = []
    if sketch is not None:
        lines += [
            f"Ziel: {or_open(sketch.objective)}",
            f"Für wen: {or_open(sketch.target_groups)}",
            f"Ergebnis: {or_open(sketch.result)}",
            f"Leitung: {or_open(sketch.lead)}",
        ]
        if sketch.participants:
            lines.append("Beteiligte: " + ", ".join(clean(p) for p in sketch.participants))
        lines.append(f"Zeitraum laut Skizze: {period(sketch.start, sketch.end)}")
        costs = [c for c in (_euro(sketch.cost), _euro(sketch.followup_cost)) if c is not None]
        money = " + ".join(costs[:1] + [f"{c}/Jahr" for c in costs[1:]]) if costs else OPEN
        if sketch.cost is None and sketch.followup_cost is not None:
            money = f"{_euro(sketch.followup_cost)}/Jahr Folgekosten"
        funding = ", ".join(clean(f) for f in sketch.funding) or OPEN
        lines.append(f"Kosten: {money}; Finanzierung: {funding}")
        lines.append(f"Erfolgskriterien: {or_open(sketch.success)}")
        if sketch.status:
            lines.append(f"Stand der Skizze: {clean(sketch.status)}")
    if project is not None and project.role:
        lines.append(f"Rolle der Kommune: {clean(project.role)}")
    return lines


def _details(w: Writer, s: Sources) -> None:
    selection = s.r.selection
    sketches = {sketch.title: sketch for sketch in s.r.ideas.sketches}
    plans = {plan.title: plan for plan in s.r.implementation.projects}
    chosen = selection.projects if s.extended else selection.green
    if not chosen:
        return
    w.sub("Die Projekte im Einzelnen" if s.extended else "Die ausgewählten Projekte")
    for project in chosen:
        light = f" ({_light(project)})" if s.extended else ""
        w.text(f"{clean(project.title)}{light}", "label")
        if project.description:
            w.text(clean(project.description))
        lines = _sketch_lines(sketches.get(project.title), project)
        plan = plans.get(project.title)
        if plan is not None:
            done = sum(1 for item in plan.checklist if item.done)
            lines.append(
                f"Umsetzungsvorbereitung (AS8): {done} von {len(plan.checklist)} erledigt"
            )
            if s.extended:
                lines += [
                    f"Zeitplan: {or_open(plan.time_plan)}",
                    f"Arbeitsplan: {or_open(plan.work_plan)}",
                    f"Finanzplan: {or_open(plan.finance_plan)}",
                    f"Daten: Formate {or_open(plan.data_formats)}, Zugriff "
                    f"{or_open(plan.data_access)}, Ablage {or_open(plan.data_storage)}",
                ]
        w.bullets(lines)


def _roadmap(w: Writer, s: Sources) -> bool:
    selection = s.r.selection
    w.sub("Roadmap und Zeitplan (AS7)")
    green = selection.green
    if not green:
        w.gap(
            "Die Roadmap entsteht aus den Projekten mit grüner Ampel in AS7; es gibt noch keine."
        )
        return False
    rows = []
    for project in green:
        entry = project.roadmap
        if entry is None:
            rows.append((clean(project.title), or_open(project.field), OPEN, "–", "–", "–"))
            continue
        milestones = "\n".join(
            f"{format_date(m.date)}: {clean(m.title)}" for m in entry.milestones
        )
        if entry.unreadable:
            milestones = "\n".join(filter(None, [milestones, *map(clean, entry.unreadable)]))
        rows.append(
            (
                clean(project.title),
                or_open(project.field),
                period(entry.start, entry.end),
                milestones or "–",
                ", ".join(clean(t) for t in entry.depends_on) or "–",
                clean(entry.partners) if entry.partners else "–",
            )
        )
    w.table(
        ("Projekt", "Handlungsfeld", "Zeitraum", "Meilensteine", "Hängt ab von", "Partner"),
        rows,
        (1.5, 1.2, 1.2, 1.8, 1.1, 1.1),
    )
    missing = [p for p in green if p.roadmap is None or p.roadmap.first_month is None]
    if missing:
        w.gap(
            "Zeitraum für "
            + ", ".join(f"„{clean(p.title)}“" for p in missing)
            + " (Roadmap in AS7)."
        )
    if selection.open_source:
        w.text(f"Nachnutzbare Open-Source-Lösungen: {clean(selection.open_source)}")
    w.figure("roadmap")
    return not missing


def measures(s: Sources, number: str, figs: Sequence[Figure]) -> Section:
    w = Writer(number, figs)
    has_ideas = _ideas(w, s)
    has_green = _matrix(w, s)
    _details(w, s)
    has_roadmap = _roadmap(w, s)
    return Section(
        key="massnahmen",
        number=number,
        title="Maßnahmen und Projekte",
        fill=fill_of(has_ideas, has_green, has_roadmap),
        sources="AS5, AS7, AS8",
        blocks=tuple(w.blocks),
    )


# --------------------------------------------------------------------------- 7 risks


def _risk_title(risk: Risk) -> str:
    if risk.strategy_level:
        return clean(risk.title)
    return f"{clean(risk.title)} (Projekt {clean(risk.project or '')})"


def _rating(risk: Risk) -> str:
    if not risk.rated:
        return "noch nicht bewertet"
    raters = count(risk.raters, "Bewertung", "Bewertungen")
    differ = ", Einschätzungen gehen auseinander" if risk.disagreement else ""
    return (
        f"Wahrscheinlichkeit {_mean(risk.likelihood)}, Auswirkung {_mean(risk.impact)} "
        f"(Mittel aus {raters}{differ})"
    )


def risks(s: Sources, number: str, figs: Sequence[Figure]) -> Section:
    r = s.r.risks
    w = Writer(number, figs)
    if not r.risks:
        w.gap("In AS6 sind noch keine Risiken erfasst.")
        return Section(
            key="risiken",
            number=number,
            title="Risiken und Absicherung",
            fill="offen",
            sources="AS6",
            blocks=tuple(w.blocks),
        )
    counts = ", ".join(f"{len(r.in_zone(zone))} {label}" for zone, label in ZONE_LABELS.items())
    unrated = f"; {len(r.unrated)} noch nicht bewertet" if r.unrated else ""
    w.text(
        f"Das Team hat {count(len(r.risks), 'Risiko', 'Risiken')} erkannt und nach "
        "Wahrscheinlichkeit und "
        f"Auswirkung (je 1–5) bewertet. Stufen: {counts}{unrated}."
    )
    w.sub("Hohe Risiken und Gegenmaßnahmen")
    if r.high:
        for risk in r.high:
            w.text(_risk_title(risk), "label")
            lines = [
                f"Bereich: {or_open(risk.category)}",
                f"Bewertung: {_rating(risk)}",
                f"Gegenmaßnahme: {or_open(risk.countermeasure)}",
            ]
            if risk.description:
                lines.insert(1, f"Was passieren könnte: {clean(risk.description)}")
            if risk.mitigation:
                lines.append(f"Vorhandene Absicherung: {clean(risk.mitigation)}")
            w.bullets(lines)
    elif r.rated:
        w.text("Kein bewertetes Risiko liegt im hohen Bereich der Risikomatrix.")
    else:
        w.gap("Die Risiken sind noch nicht bewertet.")
    w.sub("Alle Risiken nach Bewertung")
    rows = []
    for risk in r.risks:
        row = [
            _risk_title(risk),
            or_open(risk.category),
            _mean(risk.likelihood),
            _mean(risk.impact),
            risk.zone or "–",
            clean(risk.countermeasure) if risk.countermeasure else "–",
        ]
        rows.append(row)
    w.table(
        ("Risiko", "Bereich", "W", "A", "Stufe", "Gegenmaßnahme"),
        rows,
        (1.8, 1.2, 0.35, 0.35, 0.6, 2.2),
    )
    w.text("W = Wahrscheinlichkeit, A = Auswirkung (Mittel der Bewertungen, 1–5).", "note")
    if s.extended:
        details = []
        for risk in r.risks:
            parts = [
                f"{label}: {clean(value)}"
                for label, value in (
                    ("Beschreibung", risk.description),
                    ("Reichweite", risk.reach),
                    ("Dauer", risk.duration),
                    ("Ebene", risk.level),
                    ("Vorhandene Absicherung", risk.mitigation),
                )
                if value
            ]
            if parts or risk.author:
                details.append(
                    f"{by(_risk_title(risk), risk.author)}: " + ("; ".join(parts) or "–")
                )
        w.bullets(details)
    w.sub("Notfallplan und Abbruchkriterien")
    if r.emergency_plan:
        w.text(f"Notfallplan: {clean(r.emergency_plan)}")
    else:
        w.gap("Der Notfallplan für hohe Risiken (AS6).")
    if r.abort_criteria:
        w.text(f"Frühe Abbruchkriterien: {clean(r.abort_criteria)}")
    else:
        w.gap("Die frühen Abbruchkriterien (AS6).")
    w.figure("risikomatrix")
    safeguarded = all(risk.countermeasure for risk in r.high)
    return Section(
        key="risiken",
        number=number,
        title="Risiken und Absicherung",
        fill=fill_of(bool(r.rated), safeguarded, bool(r.emergency_plan)),
        sources="AS6",
        blocks=tuple(w.blocks),
    )


# --------------------------------------------------------------------------- 8 evaluation


def _indicator_row(i: Indicator) -> tuple[str, ...]:
    unit = f" {clean(i.unit)}" if i.unit else ""

    def value(amount: float | None, when: str | None) -> str:
        if amount is None:
            return OPEN
        shown = f"{german_number(amount)}{unit}"
        return f"{shown} ({format_date(when)})" if when else shown

    latest = i.latest
    return (
        clean(i.name),
        or_open(i.project) if i.project != STRATEGY_LEVEL else "Strategie",
        value(i.baseline, i.baseline_date),
        value(i.target, i.target_date),
        value(latest.value, latest.date) if latest else "–",
    )


def evaluation(s: Sources, number: str, figs: Sequence[Figure]) -> Section:
    e = s.r.evaluation
    w = Writer(number, figs)
    w.sub("Rahmen der Evaluation (AS9)")
    frame = [
        ("Wozu", ", ".join(clean(p) for p in e.purpose) if e.purpose else None),
        ("Was", e.object),
        ("Wer", e.evaluator),
        ("Wann", ", ".join(clean(t) for t in e.timing) if e.timing else None),
    ]
    if any(value for _, value in frame):
        w.table(("Frage", "Antwort"), ((label, or_open(value)) for label, value in frame), (1, 4))
    else:
        w.gap("Zweck, Gegenstand und Zeitpunkt der Evaluation sind in AS9 noch nicht geklärt.")

    w.sub("Wirkungsmodell")
    described = [p for p in e.projects if p.impact is not None]
    if described:
        w.text(
            "Für jedes umzusetzende Projekt beschreibt die Wirkungskette, was hineinfließt "
            "(Input), was entsteht (Output), was es bei der Zielgruppe bewirkt (Outcome) und "
            "was langfristig in der Kommune (Impact)."
        )
        for project in described:
            chain = project.impact
            assert chain is not None
            w.text(clean(project.title), "label")
            w.table(
                ("Stufe", "Beschreibung", "Indikatoren"),
                (
                    (
                        stage.label,
                        or_open(stage.statement),
                        ", ".join(clean(x) for x in stage.indicators) or "–",
                    )
                    for stage in chain.stages
                ),
                (0.8, 3.2, 1.6),
            )
            if chain.dimensions:
                w.text(
                    "Wirkungsdimensionen: " + ", ".join(clean(d) for d in chain.dimensions),
                    "note",
                )
        missing = [p for p in e.projects if p.impact is None]
        if missing:
            w.gap("Wirkungskette für " + ", ".join(f"„{clean(p.title)}“" for p in missing) + ".")
    elif e.projects:
        w.gap("Die Wirkungsketten der ausgewählten Projekte sind in AS9 noch nicht beschrieben.")
    else:
        w.gap("Das Wirkungsmodell entsteht für die Projekte mit grüner Ampel (AS7).")
    w.figure("wirkungsmodell")

    w.sub("Indikatoren")
    if e.indicators:
        w.table(
            ("Indikator", "Projekt", "Ausgangswert", "Zielwert", "Letzte Messung"),
            (_indicator_row(i) for i in e.indicators),
            (1.6, 1.3, 1.2, 1.2, 1.2),
        )
        if s.extended:
            w.bullets(
                f"Messreihe {clean(i.name)}: "
                + "; ".join(
                    f"{format_date(m.date)} {german_number(m.value)}"
                    + (f" {clean(i.unit)}" if i.unit else "")
                    for m in i.measurements
                )
                for i in e.indicators
                if len(i.measurements) > 1
            )
    else:
        w.gap("Indikatoren mit Ausgangs- und Zielwert sind in AS9 noch nicht festgelegt.")
    w.figure("indikatoren")

    w.sub("Monitoring")
    if e.projects:
        rows = []
        for project in e.projects:
            report = project.latest
            rows.append(
                (
                    clean(project.title),
                    or_open(project.field),
                    clean(report.status) if report else "noch keine Meldung",
                    (
                        f"{format_date(report.date)}"
                        + (f", {clean(report.reporter)}" if report.reporter else "")
                    )
                    if report
                    else "–",
                )
            )
        w.table(("Projekt", "Handlungsfeld", "Stand", "Gemeldet"), rows, (1.8, 1.4, 1.3, 1.3))
    else:
        w.gap("Das Monitoring beginnt, sobald Projekte zur Umsetzung ausgewählt sind (AS7).")
    w.figure("monitoring")
    return Section(
        key="evaluation",
        number=number,
        title="Evaluation und Monitoring",
        fill=fill_of(
            any(value for _, value in frame), bool(described), bool(e.indicators), bool(e.reported)
        ),
        sources="AS9",
        blocks=tuple(w.blocks),
    )
