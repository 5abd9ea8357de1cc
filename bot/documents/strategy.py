"""The strategy paper assembled from every stored result (SB „Smart-City-Strategie verfassen“).

:func:`build_paper` is pure: (team, current answers, members, today) → :class:`StrategyPaper`.
It only reports what the team wrote; where a work step has no results yet the paper says
„noch offen“ and names what is missing. Two variants: ``kompakt`` (the decisions: vision, goals,
fields, projects, risks, indicators) and ``ausfuehrlich`` (also every contribution and list).
The charts of the annex are built by the same chart-input builders as the step summaries
(:mod:`bot.charts.inputs`), so paper and summaries always show the same charts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from bot.charts import inputs
from bot.documents import strategy_projects as projects
from bot.documents.strategy_blocks import (
    Writer,
    by,
    fill_of,
    german_date,
    or_open,
    period,
    shorten,
)
from bot.documents.strategy_model import (
    OPEN,
    Figure,
    Section,
    StrategyPaper,
    Variant,
    clean,
)
from dialogs.catalog import UNASSIGNED_FIELD
from dialogs.parsing import format_date
from dialogs.records import ROLE_LABELS, Answer, Member, Role, Team
from dialogs.replies import count
from dialogs.results import (
    FieldsResult,
    GoalMapResult,
    InventoryResult,
    ProcessPlanResult,
    WorkshopResults,
    all_results,
)

log = logging.getLogger(__name__)

TITLE = "Smart-City-Strategie"

# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Sources:
    """The results the paper is written from, and what it needs around them."""

    team: Team
    members: Sequence[Member]
    today: date
    variant: Variant
    r: WorkshopResults

    @property
    def extended(self) -> bool:
        return self.variant == "ausfuehrlich"

    @property
    def inventory(self) -> InventoryResult:
        return self.r.inventory

    @property
    def plan(self) -> ProcessPlanResult:
        return self.r.process_plan

    @property
    def goals(self) -> GoalMapResult:
        return self.r.goal_map

    @property
    def fields(self) -> FieldsResult:
        return self.r.fields


def collect(
    team: Team,
    answers: Sequence[Answer],
    members: Sequence[Member],
    today: date,
    variant: Variant = "kompakt",
) -> Sources:
    """Every step's result from the current answers."""
    answers, members = list(answers), list(members)
    return Sources(
        team=team,
        members=members,
        today=today,
        variant=variant,
        r=all_results(team, answers, members, today),
    )


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class ChartSpec:
    """A chart of the annex: where its data comes from, its caption, when it has content."""

    chart: str
    source: str
    caption: str
    data: Callable[[Sources], BaseModel]
    shown: Callable[[Sources], bool]


#: Every chart of the work steps, in the order of the sections that refer to them. The data
#: builders are the ones the step summaries use, so paper and summaries show the same charts.
CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec(
        "fragebogen",
        "AS1",
        "Fragebogen Digitalisierung – {place}",
        lambda s: inputs.questionnaire_chart(s.team.municipality, s.inventory.questionnaire),
        lambda s: s.inventory.questionnaire.selected_count > 0,
    ),
    ChartSpec(
        "swot",
        "AS1",
        "SWOT-Analyse {place}",
        lambda s: inputs.swot_chart(s.team.municipality, s.inventory.swot),
        lambda s: s.inventory.swot.total > 0,
    ),
    ChartSpec(
        "akteursringe",
        "AS1",
        "Akteursringe für {place}",
        lambda s: inputs.actor_rings_chart(s.team.municipality, s.inventory.actors),
        lambda s: any(a.ring for a in s.inventory.actors.actors),
    ),
    ChartSpec(
        "prozessplan",
        "AS2",
        "Prozessplan {place}",
        lambda s: inputs.process_plan_chart(s.plan),
        lambda s: bool(s.plan.dated),
    ),
    ChartSpec(
        "zielmapping",
        "AS3",
        "Zielmapping {place}",
        lambda s: inputs.goal_map_chart(s.goals),
        lambda s: bool(s.goals.vision or s.goals.goal_count),
    ),
    ChartSpec(
        "punktabstimmung",
        "AS5",
        "Punktabstimmung {place}",
        lambda s: inputs.dot_vote_chart(s.r.ideas),
        lambda s: s.r.ideas.total_dots > 0,
    ),
    ChartSpec(
        "projektmatrix",
        "AS7",
        "Projektmatrix {place}",
        lambda s: inputs.project_matrix_chart(s.r.selection),
        lambda s: bool(s.r.selection.projects),
    ),
    ChartSpec(
        "roadmap",
        "AS7",
        "Roadmap {place}",
        lambda s: inputs.roadmap_chart(s.r.selection),
        lambda s: bool(s.r.selection.on_roadmap),
    ),
    ChartSpec(
        "risikomatrix",
        "AS6",
        "Risikomatrix {place}",
        lambda s: inputs.risk_matrix_chart(s.r.risks),
        lambda s: bool(s.r.risks.rated),
    ),
    ChartSpec(
        "wirkungsmodell",
        "AS9",
        "Wirkungsmodell {place}",
        lambda s: inputs.impact_model_chart(s.r.evaluation),
        lambda s: any(p.impact for p in s.r.evaluation.projects),
    ),
    ChartSpec(
        "indikatoren",
        "AS9",
        "Indikatoren {place}",
        lambda s: inputs.indicators_chart(s.r.evaluation),
        lambda s: bool(s.r.evaluation.indicators),
    ),
    ChartSpec(
        "monitoring",
        "AS9",
        "Monitoring {place}",
        lambda s: inputs.monitoring_chart(s.r.evaluation),
        lambda s: bool(s.r.evaluation.reported),
    ),
)


def figures(s: Sources) -> tuple[Figure, ...]:
    """The annex: every chart that has something to show, numbered in order."""
    found: list[Figure] = []
    for spec in CHARTS:
        if not spec.shown(s):
            continue
        try:
            data = spec.data(s).model_dump(mode="json")
        except ValueError:  # chart input the chart refuses: leave the picture out, say why
            log.exception("chart %s of the strategy paper left out", spec.chart)
            continue
        found.append(
            Figure(
                number=len(found) + 1,
                chart=spec.chart,
                data=data,
                caption=clean(spec.caption.format(place=s.team.municipality)),
                source=spec.source,
            )
        )
    return tuple(found)


# --------------------------------------------------------------------------- sections


def _members_table(w: Writer, s: Sources) -> None:
    present = [m for m in s.members if m.user_id is not None]
    gone = len(s.members) - len(present)
    groups: dict[tuple[Role, str], list[str]] = {}
    for member in present:
        groups.setdefault((member.role, member.stakeholder_group), []).append(member.display_name)
    order = list(Role)
    rows = [
        (ROLE_LABELS[role], clean(group), ", ".join(clean(n) for n in sorted(names)))
        for (role, group), names in sorted(groups.items(), key=lambda kv: order.index(kv[0][0]))
    ]
    w.text(
        f"Im Team haben {len(present)} "
        + ("Person" if len(present) == 1 else "Personen")
        + " mitgewirkt, nach Rolle und Gruppe:"
    )
    w.table(("Rolle", "Gruppe", "Personen"), rows, (1, 1.2, 2.8))
    if gone:
        who = (
            "eine weitere Person hat ihre" if gone == 1 else f"{gone} weitere Personen haben ihre"
        )
        w.text(f"Dazu: {who} Daten gelöscht; ihre Beiträge stehen anonym.", "note")


def _starting_point(w: Writer, s: Sources) -> None:
    r = s.inventory
    w.sub("Ausgangslage (AS1)")
    if r.concepts:
        w.text("Bestehende Konzepte und Ziele, auf denen die Strategie aufbaut:")
        w.table(
            ("Konzept", "Art", "Jahr", "Wichtigste Ziele"),
            (
                (
                    clean(c.title),
                    or_open(c.kind),
                    str(c.year) if c.year else OPEN,
                    or_open(c.goals) if s.extended else shorten(c.goals or OPEN, 160),
                )
                for c in r.concepts
            ),
            (1.6, 1.1, 0.5, 2.4),
        )
        if s.extended:
            for c in r.concepts:
                w.text(clean(c.title), "label")
                w.bullets(
                    (
                        f"Nur digital erreichbar: {or_open(c.digital_needs)}",
                        f"Wo digitale Mittel helfen: {or_open(c.digital_chances)}",
                    )
                )
    else:
        w.gap("Bestehende Konzepte und ihre Ziele sind in AS1 noch nicht erfasst.")

    swot = r.swot
    if swot.total:
        w.text(
            "Die SWOT-Analyse des Teams zeigt Stärken und Schwächen der Kommune sowie Chancen "
            "und Risiken von außen:"
        )

        def cell(entries) -> str:
            shown = [by(e.text, e.author) if s.extended else clean(e.text) for e in entries]
            return "\n".join(f"• {e}" for e in shown) or OPEN

        w.table(("Stärken", "Schwächen"), [(cell(swot.strengths), cell(swot.weaknesses))])
        w.table(("Chancen", "Risiken"), [(cell(swot.opportunities), cell(swot.threats))])
    else:
        w.gap("Die SWOT-Analyse (AS1) ist noch nicht ausgefüllt.")

    q = r.questionnaire
    if q.selected_count:
        w.text(
            f"Zum Stand der Digitalisierung {'ging' if q.selected_count == 1 else 'gingen'} "
            f"{count(q.selected_count, 'Frage', 'Fragen')} "
            f"an {count(len(q.recipients), 'Person', 'Personen')}; "
            f"{count(q.answer_count, 'Antwort liegt', 'Antworten liegen')} vor."
        )
        if s.extended:
            for group in q.groups:
                if not group.answer_count:
                    continue
                w.text(clean(group.title), "label")
                w.bullets(
                    _lead_in(question.label)
                    + "; ".join(by(a.text, a.author) for a in question.answers)
                    for question in group.questions
                    if question.answers
                )
    else:
        w.gap("Der Fragebogen zum Stand der Digitalisierung ist noch nicht verschickt.")

    d = r.data
    if d.existing or d.needs or d.platform:
        if d.existing:
            w.text("Bereits digital vorhandene Daten:")
            if s.extended:
                w.table(
                    ("Daten", "Erhebung", "Methode"),
                    ((clean(x.name), or_open(x.frequency), or_open(x.method)) for x in d.existing),
                )
            else:
                w.bullets(clean(x.name) for x in d.existing)
        if d.needs:
            w.text("Zusätzlicher Datenbedarf:")
            w.bullets(clean(n.text) for n in d.needs)
        if d.platform and s.extended:
            w.text("Anforderungen an eine Datenplattform:")
            w.bullets(clean(n.text) for n in d.platform)
    else:
        w.gap("Die Dateninfrastruktur (AS1) ist noch nicht beschrieben.")
    w.figure("fragebogen", "swot")


def _lead_in(label: str) -> str:
    """„Frage: “ – or „Frage? “ when the label asks already."""
    label = clean(label)
    return f"{label} " if label.endswith(("?", ":")) else f"{label}: "


def _actors(w: Writer, s: Sources) -> None:
    a = s.inventory.actors
    w.sub("Akteurinnen und Akteure (AS1)")
    if not a.actors:
        w.gap("Das Akteursmapping (AS1) hat noch keine Einträge.")
        return
    counts = ", ".join(f"{ring.count} im Bereich „{ring.label}“" for ring in a.rings)
    named = count(len(a.actors), "Akteurin oder Akteur", "Akteurinnen und Akteure")
    w.text(f"Das Team hat {named} benannt: {counts}.")
    groups = [*a.groups, None]
    rows = []
    for group in groups:
        cells = []
        for ring in a.rings:
            found = next((g for g in ring.groups if g.name == group), None)
            names = [clean(x.name) for x in found.actors] if found else []
            cells.append(", ".join(names) or "–")
        if any(c != "–" for c in cells):
            rows.append((clean(group) if group else "Ohne Gruppe", *cells))
    w.table(("Gruppe", *(ring.label for ring in a.rings)), rows, (1, 1.6, 1.6, 1.6))
    if a.unplaced:
        w.text(
            "Noch ohne Zuordnung zu einem Ring: "
            + ", ".join(clean(x.name) for x in a.unplaced)
            + "."
        )
    if s.extended:
        notes = [f"{clean(x.name)}: {clean(x.note)}" for x in a.actors if x.note]
        if notes:
            w.text("Notizen zu einzelnen Akteurinnen und Akteuren:")
            w.bullets(notes)
    w.figure("akteursringe")


def _process(w: Writer, s: Sources) -> None:
    p = s.plan
    w.sub("Der Prozess (AS2)")
    if p.steering:
        w.text(f"Steuerung und Entscheidungen: {clean(p.steering)}")
    else:
        w.gap("Wer steuert und entscheidet, ist in AS2 noch nicht festgelegt.")
    if p.participation:
        w.text(f"Beteiligung und Kommunikation: {clean(p.participation)}")
    else:
        w.gap("Beteiligung und Kommunikation sind in AS2 noch nicht geplant.")
    if p.entries:
        span = (
            f" von {format_date(p.first_month)} bis {format_date(p.last_month)}"
            if p.first_month and p.last_month
            else ""
        )
        w.text(f"Der Prozessplan umfasst {count(len(p.entries), 'Eintrag', 'Einträge')}{span}:")
        w.table(
            ("Zeitraum", "Eintrag", "Art", "Verantwortlich"),
            (
                (
                    period(e.start, e.end),
                    clean(e.title),
                    or_open(e.lane),
                    clean(e.responsible) if e.responsible else "–",
                )
                for e in p.entries
            ),
            (1.3, 2.2, 1.3, 1.3),
        )
    else:
        w.gap("Der Prozessplan (AS2) hat noch keine Einträge.")
    w.figure("prozessplan")


def background(s: Sources, number: str, figs: Sequence[Figure]) -> Section:
    w = Writer(number, figs)
    w.text(
        f"Diese Strategie hat das Team von {clean(s.team.municipality)} "
        f"({clean(s.team.town_type)}) in der Smart-City-Werkstatt erarbeitet. Sie bündelt "
        "die Ergebnisse der Arbeitsschritte: Bestandsanalyse, Prozessplanung, Vision und Ziele, "
        "Handlungsfelder, Projektideen, Risiken, Auswahl der Projekte und Evaluation. Wo ein "
        "Arbeitsschritt noch keine Ergebnisse hat, steht „noch offen“."
    )
    w.sub("Wer mitgewirkt hat")
    _members_table(w, s)
    _starting_point(w, s)
    _actors(w, s)
    _process(w, s)
    r = s.inventory
    fill = fill_of(
        bool(r.concepts or r.swot.total or not r.data.empty),
        bool(r.actors.actors),
        bool(s.plan.entries or s.plan.steering),
    )
    return Section(
        key="hintergrund",
        number=number,
        title="Hintergrund und Entstehung",
        fill=fill,
        sources="AS1, AS2",
        blocks=tuple(w.blocks),
    )


def stance(s: Sources, number: str, figs: Sequence[Figure]) -> Section:
    w = Writer(number, figs)
    w.sub("Grundsätze für den Umgang mit Daten (AS3)")
    principles = s.goals.principles
    if principles:
        w.text(
            f"{clean(s.team.municipality)} richtet den Umgang mit Daten an diesen Grundsätzen aus:"
        )
        w.bullets(clean(p) for p in principles)
    else:
        w.gap("Die Grundsätze für eine Datenvision sind in AS3 noch nicht gewählt.")
    ethics = s.inventory.data.ethics
    if ethics:
        w.text(f"Bestehende Leitlinien zur Datenethik: {clean(ethics)}")
    w.sub("Bausteine der Strategie (AS2)")
    components = s.plan.components
    if s.plan.assessed:
        w.text(f"Stand der Bausteine (eingeschätzt: {s.plan.assessed} von {len(components)}):")
        w.table(
            ("Baustein", "Stand", "Notiz"),
            (
                (clean(c.name), or_open(c.status), clean(c.note) if c.note else "–")
                for c in components
            ),
            (1.4, 0.8, 2.4),
        )
    else:
        w.gap("Die Bausteine der Strategie sind in AS2 noch nicht eingeschätzt.")
    return Section(
        key="haltung",
        number=number,
        title="Haltung und Grundsätze",
        fill=fill_of(bool(principles), bool(s.plan.assessed)),
        sources="AS2, AS3",
        blocks=tuple(w.blocks),
    )


def vision(s: Sources, number: str, figs: Sequence[Figure]) -> Section:
    g = s.goals
    w = Writer(number, figs)
    w.sub("Vision")
    if g.vision:
        if g.target_year:
            w.text(f"So sieht das Team {clean(g.municipality)} im Jahr {g.target_year}:")
        else:
            w.text(f"So sieht das Team die Zukunft von {clean(g.municipality)}:")
        w.text(clean(g.vision), "quote")
    else:
        w.gap("Die Vision ist in AS3 noch nicht formuliert.")
    w.sub("Strategische Ziele")
    if g.goal_count:
        goals = (
            "1 strategisches Ziel" if g.goal_count == 1 else f"{g.goal_count} strategische Ziele"
        )
        fields = "1 Handlungsfeld" if len(g.fields) == 1 else f"{len(g.fields)} Handlungsfeldern"
        w.text(f"Auf dem Weg zur Vision: {goals} in {fields}.")
        for field in g.fields:
            w.text(clean(field.name), "label")
            w.bullets(
                by(goal.text, goal.author) if s.extended else clean(goal.text)
                for goal in field.goals
            )
    else:
        w.gap("Strategische Ziele sind in AS3 noch nicht benannt.")
    if s.extended:
        w.sub("Ideen zur Vision")
        if g.ideas:
            w.bullets(by(i.text, i.author) for i in g.ideas)
        else:
            w.gap("Noch keine Ideen zur Vision gesammelt.")
    w.figure("zielmapping")
    return Section(
        key="vision",
        number=number,
        title="Vision und Ziele",
        fill=fill_of(bool(g.vision), bool(g.goal_count)),
        sources="AS3",
        blocks=tuple(w.blocks),
    )


def fields_of_action(s: Sources, number: str, figs: Sequence[Figure]) -> Section:
    f = s.fields
    w = Writer(number, figs)
    if f.model:
        w.text(f"Verhältnis zur Stadtentwicklung: {clean(f.model)}.")
    else:
        w.gap("Wie sich die Strategie zur Stadtentwicklung verhält, ist in AS4 noch offen.")
    if f.fields:
        count = "ein Handlungsfeld" if len(f.fields) == 1 else f"{len(f.fields)} Handlungsfelder"
        w.text(f"Die Strategie ordnet ihre Ziele und Projekte in {count}:")
        header = ["Handlungsfeld", "Beschreibung", "Räumlicher Schwerpunkt", "Rolle der Kommune"]
        widths = [1.2, 2.4, 1.0, 1.2]
        rows = []
        for field in f.fields:
            role = ", ".join(clean(x) for x in (field.role, field.lead) if x) or OPEN
            row = [clean(field.name), or_open(field.description), or_open(field.focus), role]
            if s.extended:
                experts = field.experts
                row.append(
                    OPEN if experts is None else ", ".join(clean(e.name) for e in experts) or "–"
                )
            rows.append(row)
        if s.extended:
            header.append("Fachleute")
            widths.append(1.2)
        w.table(header, rows, widths)
    else:
        named = [clean(x.name) for x in s.goals.fields if x.name != UNASSIGNED_FIELD]
        if named:
            w.text("In AS3 wurden Ziele diesen Handlungsfeldern zugeordnet: " + ", ".join(named))
        w.gap("Die Handlungsfelder sind in AS4 noch nicht beschrieben.")
    return Section(
        key="handlungsfelder",
        number=number,
        title="Handlungsfelder",
        fill=fill_of(bool(f.model), bool(f.fields)),
        sources="AS4",
        blocks=tuple(w.blocks),
    )


def added_value(s: Sources, number: str, figs: Sequence[Figure]) -> Section:
    w = Writer(number, figs)
    goals_by_field = {x.name: x.goals for x in s.goals.fields}
    projects_by_field = projects.projects_by_field(s)
    names = list(dict.fromkeys([*(x.name for x in s.fields.fields), *goals_by_field]))
    names += [n for n in projects_by_field if n not in names]
    if not names:
        w.gap(
            "Der Mehrwert ergibt sich aus Handlungsfeldern (AS4), Zielen (AS3) und Projekten "
            "(AS5/AS7); dazu liegt noch nichts vor."
        )
        return Section(
            key="mehrwert",
            number=number,
            title="Mehrwert",
            fill="offen",
            sources="AS3, AS4, AS7",
            blocks=tuple(w.blocks),
        )
    with_goals = [n for n in names if goals_by_field.get(n)]
    w.text(
        "Was die Strategie je Handlungsfeld bewirken soll: die Ziele aus AS3 und die Projekte, "
        "mit denen sie erreicht werden."
        + (
            f" Ziele gibt es bisher für {len(with_goals)} von {len(names)} Handlungsfeldern."
            if len(with_goals) < len(names)
            else ""
        )
    )
    rows = []
    for name in names:
        goals = goals_by_field.get(name, ())
        goal_cell = "\n".join(f"• {shorten(g.text, 90)}" for g in goals) or OPEN
        if not projects_by_field:
            project_cell = OPEN  # no project of any field yet
        else:
            listed = projects_by_field.get(name, [])
            project_cell = "\n".join(f"• {shorten(p, 60)}" for p in listed) or "–"
        rows.append((clean(name), goal_cell, project_cell))
    w.table(("Handlungsfeld", "Ziele", "Projekte"), rows, (1.2, 2.6, 1.8))
    return Section(
        key="mehrwert",
        number=number,
        title="Mehrwert",
        fill=fill_of(bool(with_goals), bool(projects_by_field)),
        sources="AS3, AS4, AS7",
        blocks=tuple(w.blocks),
    )


SectionBuilder = Callable[[Sources, str, Sequence[Figure]], Section]

SECTIONS: tuple[SectionBuilder, ...] = (
    background,
    stance,
    vision,
    fields_of_action,
    added_value,
    projects.measures,
    projects.risks,
    projects.evaluation,
)


def build_paper(
    team: Team,
    answers: Sequence[Answer],
    members: Sequence[Member],
    today: date,
    *,
    variant: Variant = "kompakt",
    version: int | None = None,
) -> StrategyPaper:
    """The strategy paper of ``team`` from its current answers, as of ``today``."""
    s = collect(team, answers, members, today, variant)
    return paper_from(s, version=version)


def paper_from(s: Sources, *, version: int | None = None) -> StrategyPaper:
    figs = figures(s)
    sections = tuple(build(s, str(number), figs) for number, build in enumerate(SECTIONS, start=1))
    return StrategyPaper(
        municipality=clean(s.team.municipality),
        town_type=s.team.town_type,
        title=TITLE,
        variant=s.variant,
        version=version,
        date=s.today.isoformat(),
        date_label=german_date(s.today),
        sections=sections,
        figures=figs,
    )
