"""AS8 Projekte vorbereiten und umsetzen: per green project its plans, data management plan,
operating costs, tools and an implementation checklist.

The checklist is derived from what is answered: an item is done when its answer exists (for
the sketch status: when the sketch is final; for risks: when at least one risk of the project
is rated). Nothing is assumed for a missing answer.
"""

from __future__ import annotations

from typing import Any

from dialogs.records import Answer, Member, Team
from dialogs.results.as5 import amount, idea_fields, sketch_title
from dialogs.results.as6 import project_risks, risk_assessment
from dialogs.results.as7 import STEP as AS7
from dialogs.results.as7 import green_sketches
from dialogs.results.base import Authors, Result, entry, latest, text

STEP = "as8"
FINAL = "Final"


class ChecklistItem(Result):
    label: str
    done: bool
    note: str | None = None  # e.g. the value that made it done


class ProjectPlan(Result):
    """One green project's preparation; None = not yet answered."""

    title: str
    field: str | None
    lead: str | None
    time_plan: str | None
    work_plan: str | None
    finance_plan: str | None
    agile: str | None
    prototype: bool | None
    expectation: str | None
    rework: str | None
    data_formats: str | None
    data_access: str | None
    data_storage: str | None
    data_cost: float | None
    data_responsible: str | None
    personal_data: bool | None
    operating_costs: float | None
    tools: tuple[str, ...] | None  # None: not yet chosen
    checklist: tuple[ChecklistItem, ...]

    @property
    def done(self) -> int:
        return sum(1 for item in self.checklist if item.done)

    @property
    def open_items(self) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.checklist if not item.done)

    @property
    def has_data_plan(self) -> bool:
        return any(
            v is not None
            for v in (
                self.data_formats,
                self.data_access,
                self.data_storage,
                self.data_cost,
                self.data_responsible,
                self.personal_data,
            )
        )


class ImplementationResult(Result):
    """AS8: the green projects of AS7 (in the order of the sketches) and their preparation."""

    municipality: str
    projects: tuple[ProjectPlan, ...]
    contributors: tuple[str, ...]

    @property
    def done(self) -> int:
        return sum(p.done for p in self.projects)

    @property
    def items(self) -> int:
        return sum(len(p.checklist) for p in self.projects)


def _yes_no(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _checklist(plan: dict[str, Any], extra: list[ChecklistItem]) -> tuple[ChecklistItem, ...]:
    def item(label: str, value: Any) -> ChecklistItem:
        return ChecklistItem(label=label, done=value is not None)

    personal = plan["personal_data"]
    return (
        *extra,
        item("Zeitplan", plan["time_plan"]),
        item("Arbeitsplan", plan["work_plan"]),
        item("Finanzplan", plan["finance_plan"]),
        item("Arbeitsweise geklärt", plan["agile"]),
        item("Prototyp geklärt", plan["prototype"]),
        item("Nacharbeit eingeplant", plan["rework"]),
        item("Datenformate festgelegt", plan["data_formats"]),
        item("Zugriffsrechte geklärt", plan["data_access"]),
        item("Speicherort festgelegt", plan["data_storage"]),
        item("Kosten der Datenhaltung geschätzt", plan["data_cost"]),
        item("Verantwortung für die Daten benannt", plan["data_responsible"]),
        ChecklistItem(
            label="Personenbezug der Daten geklärt",
            done=personal is not None,
            note="Datenschutzbeauftragte früh einbinden" if personal else None,
        ),
        item("Betriebskosten geschätzt", plan["operating_costs"]),
        item("Digitale Werkzeuge gewählt", plan["tools"]),
    )


def implementation(
    team: Team, answers: list[Answer], members: list[Member]
) -> ImplementationResult:
    """Assemble AS8's results for every project with a green traffic light in AS7."""
    authors = Authors(members)
    step = [a for a in answers if a.step == STEP]
    fields = idea_fields(answers)
    risks = risk_assessment(team, answers, members).risks
    projects = []
    for sketch in green_sketches(answers):
        title = sketch_title(sketch.value)
        management = latest(step, STEP, "management", sketch.id)
        way = latest(step, STEP, "way_of_working", sketch.id)
        data = latest(step, STEP, "data_plan", sketch.id)
        tools = latest(step, STEP, "tools", sketch.id)
        plan: dict[str, Any] = {
            "time_plan": entry(management, "time_plan"),
            "work_plan": entry(management, "work_plan"),
            "finance_plan": entry(management, "finance_plan"),
            "agile": entry(way, "agile"),
            "prototype": _yes_no(way.get("prototype")) if isinstance(way, dict) else None,
            "expectation": entry(way, "expectation"),
            "rework": entry(way, "rework"),
            "data_formats": entry(data, "formats"),
            "data_access": entry(data, "access"),
            "data_storage": entry(data, "storage"),
            "data_cost": amount(data.get("cost")) if isinstance(data, dict) else None,
            "data_responsible": entry(data, "responsible"),
            "personal_data": _yes_no(data.get("personal_data"))
            if isinstance(data, dict)
            else None,
            "operating_costs": amount(latest(step, STEP, "operating_costs", sketch.id)),
            "tools": tuple(t for v in tools if (t := text(v)))
            if isinstance(tools, list)
            else None,
        }
        status = entry(sketch.value, "status")
        roadmap = latest(answers, AS7, "roadmap", sketch.id)
        rated = [r for r in project_risks(risks, title) if r.rated]
        extra = [
            ChecklistItem(label="Projektskizze final (AS5)", done=status == FINAL, note=status),
            ChecklistItem(
                label="Zeitraum auf der Roadmap (AS7)", done=entry(roadmap, "start") is not None
            ),
            ChecklistItem(
                label="Risiken bewertet (AS6)",
                done=bool(rated),
                note=f"{len(rated)} bewertet" if rated else None,
            ),
        ]
        projects.append(
            ProjectPlan(
                title=title,
                field=fields.get(title),
                lead=entry(sketch.value, "lead"),
                checklist=_checklist(plan, extra),
                **plan,
            )
        )
    return ImplementationResult(
        municipality=team.municipality,
        projects=tuple(projects),
        contributors=authors.contributors(step),
    )
