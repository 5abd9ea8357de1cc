"""What a step hands to the core team: a chat summary, its charts and a Markdown file."""

from __future__ import annotations

from collections.abc import Callable

from bot.charts.goalmap import GoalField, GoalMapData
from bot.documents.templating import render
from dialogs.records import Answer, Member, Team
from dialogs.replies import Document, Message, Picture, Reply
from dialogs.results import GoalMapResult, goal_map


def goal_map_chart(result: GoalMapResult) -> GoalMapData:
    """The goal map chart's input from AS3's results."""
    return GoalMapData(
        municipality=result.municipality,
        target_year=result.target_year,
        vision=result.vision,
        fields=[GoalField(name=f.name, goals=[g.text for g in f.goals]) for f in result.fields],
    )


def as3_outputs(team: Team, answers: list[Answer], members: list[Member]) -> list[Reply]:
    """AS3: summary message, goal map, Markdown summary."""
    result = goal_map(team, answers, members)
    return [
        Message(text=render("summary_as3.chat.j2", r=result)),
        Picture(
            chart="zielmapping",
            data=goal_map_chart(result).model_dump(mode="json"),
            caption=f"Zielmapping {result.municipality}",
            filename="zielmapping.png",
        ),
        Document(
            filename="zusammenfassung-as3.md",
            caption="Zusammenfassung AS3 als Markdown-Datei",
            text=render("summary_as3.md.j2", r=result),
        ),
    ]


STEP_OUTPUTS: dict[str, Callable[[Team, list[Answer], list[Member]], list[Reply]]] = {
    "as3": as3_outputs,
}
