"""What a work step hands to the core team: a chat summary, its charts and a Markdown file.

:data:`STEP_OUTPUTS` maps a *work step* id (``"as1"`` … ``"as4"``; AS1's parts share ``"as1"``)
to a function ``(team, answers, members) -> [Message, *Picture, Document]``. The results come
from the pure builders in :mod:`dialogs.results`; the chart inputs are built here from them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from bot.charts.actorrings import OTHER_GROUP, ActorRingsData
from bot.charts.actorrings import Actor as ChartActor
from bot.charts.goalmap import GoalField, GoalMapData
from bot.charts.processplan import PlanEntry, ProcessPlanData
from bot.charts.questionnaire import PersonProgress, QuestionnaireData
from bot.charts.swot import SwotData
from bot.documents.templating import render
from dialogs.records import Answer, Member, Team
from dialogs.replies import Document, Message, Picture, Reply
from dialogs.results import (
    ActorMap,
    GoalMapResult,
    ProcessPlanResult,
    QuestionnaireResult,
    SwotResult,
    fields_overview,
    goal_map,
    inventory,
    process_plan,
)

StepOutputs = Callable[[Team, list[Answer], list[Member]], list[Reply]]


def short(text: object, limit: int = 300) -> str:
    """User text on one chat line: whitespace collapsed, cut at ``limit`` characters with „…“.

    Chat templates escape the result; keeping it on one line keeps every HTML tag on its line,
    so Telegram's split at line breaks never cuts a tag in two.
    """
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _chat(template: str, **context: Any) -> Message:
    return Message(text=render(template, short=short, **context).strip())


# --------------------------------------------------------------------------- chart inputs


def goal_map_chart(result: GoalMapResult) -> GoalMapData:
    """The goal map chart's input from AS3's results."""
    return GoalMapData(
        municipality=result.municipality,
        target_year=result.target_year,
        vision=result.vision,
        fields=[GoalField(name=f.name, goals=[g.text for g in f.goals]) for f in result.fields],
    )


def questionnaire_chart(municipality: str, result: QuestionnaireResult) -> QuestionnaireData:
    """Completion per recipient and group; only groups with selected questions (all six before
    any selection, so the placeholder names them)."""
    groups = result.asked_groups or result.groups
    keys = [g.key for g in groups]
    people = []
    for person in result.completion:
        progress = {g.group: g for g in person.groups}
        people.append(
            PersonProgress(
                name=person.name,
                answered=[progress[k].answered for k in keys],
                asked=[progress[k].asked for k in keys],
            )
        )
    return QuestionnaireData(
        municipality=municipality, groups=[g.title for g in groups], people=people
    )


def swot_chart(municipality: str, result: SwotResult) -> SwotData:
    return SwotData(
        municipality=municipality,
        strengths=[c.text for c in result.strengths],
        weaknesses=[c.text for c in result.weaknesses],
        opportunities=[c.text for c in result.opportunities],
        threats=[c.text for c in result.threats],
    )


def actor_rings_chart(municipality: str, result: ActorMap) -> ActorRingsData:
    """Sectors: the chosen groups, then own groups given to actors; actors without a known ring
    are left out of the picture (the summary lists them)."""
    return ActorRingsData(
        municipality=municipality,
        groups=list(result.groups),
        actors=[
            ChartActor(name=a.name, group=a.group or OTHER_GROUP, ring=a.ring)
            for a in result.actors
            if a.ring is not None
        ],
    )


def process_plan_chart(result: ProcessPlanResult) -> ProcessPlanData:
    """Dated entries on the timeline, ``today`` from the result (never from a clock here)."""
    return ProcessPlanData(
        municipality=result.municipality,
        today=result.today,
        entries=[
            PlanEntry(
                title=e.title,
                lane=e.lane or "Ohne Art",
                start=e.first_month,
                end=e.last_month,
                responsible=e.responsible,
            )
            for e in result.dated
        ],
    )


def _picture(chart: str, data: Any, caption: str, filename: str) -> Picture:
    return Picture(
        chart=chart, data=data.model_dump(mode="json"), caption=caption, filename=filename
    )


def _document(step: str, text: str) -> Document:
    return Document(
        filename=f"zusammenfassung-{step}.md",
        caption=f"Zusammenfassung {step.upper()} als Markdown-Datei",
        text=text,
    )


# --------------------------------------------------------------------------- per work step


def as1_outputs(team: Team, answers: list[Answer], members: list[Member]) -> list[Reply]:
    """AS1: summary message, questionnaire completion, SWOT, actor rings, Markdown summary."""
    r = inventory(team, answers, members)
    place = r.municipality
    return [
        _chat("summary_as1.chat.j2", r=r),
        _picture(
            "fragebogen",
            questionnaire_chart(place, r.questionnaire),
            f"Fragebogen Digitalisierung – {place}",
            "fragebogen.png",
        ),
        _picture("swot", swot_chart(place, r.swot), f"SWOT-Analyse {place}", "swot.png"),
        _picture(
            "akteursringe",
            actor_rings_chart(place, r.actors),
            f"Akteursringe für {place}",
            "akteursringe.png",
        ),
        _document("as1", render("summary_as1.md.j2", r=r)),
    ]


def as2_outputs(
    team: Team, answers: list[Answer], members: list[Member], today: date | None = None
) -> list[Reply]:
    """AS2: summary message, process plan chart, Markdown summary with the plan as a table."""
    r = process_plan(team, answers, members, today or date.today())
    return [
        _chat("summary_as2.chat.j2", r=r),
        _picture(
            "prozessplan",
            process_plan_chart(r),
            f"Prozessplan {r.municipality}",
            "prozessplan.png",
        ),
        _document("as2", render("summary_as2.md.j2", r=r)),
    ]


def as3_outputs(team: Team, answers: list[Answer], members: list[Member]) -> list[Reply]:
    """AS3: summary message, goal map, Markdown summary."""
    r = goal_map(team, answers, members)
    return [
        _chat("summary_as3.chat.j2", r=r),
        _picture(
            "zielmapping", goal_map_chart(r), f"Zielmapping {r.municipality}", "zielmapping.png"
        ),
        _document("as3", render("summary_as3.md.j2", r=r)),
    ]


def as4_outputs(team: Team, answers: list[Answer], members: list[Member]) -> list[Reply]:
    """AS4: summary message and Markdown summary with the fields as a table."""
    r = fields_overview(team, answers, members)
    return [
        _chat("summary_as4.chat.j2", r=r),
        _document("as4", render("summary_as4.md.j2", r=r)),
    ]


STEP_OUTPUTS: dict[str, StepOutputs] = {
    "as1": as1_outputs,
    "as2": as2_outputs,
    "as3": as3_outputs,
    "as4": as4_outputs,
}
