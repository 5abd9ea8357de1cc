"""Choice options a team builds up itself: its fields of action, actors, actor groups, members.

A prompt names its source with ``options_from``; the engine asks :func:`options_for`,
which derives the options from the current answers, so an option added a moment ago is offered
right away.
"""

from __future__ import annotations

from collections.abc import Callable

from dialogs.catalog import ACTOR_GROUPS
from dialogs.records import member_label
from dialogs.results import team_fields
from dialogs.view import View


def fields(view: View) -> tuple[str, ...]:
    return team_fields([*view.current("as4", "fields"), *view.current("as3", "goal_field")])


def actor_groups(view: View) -> tuple[str, ...]:
    """Groups chosen for the actor map (AS1), else the default stakeholder groups."""
    chosen = view.current("as1_akteure", "groups")
    return tuple(chosen[-1].value) if chosen and chosen[-1].value else ACTOR_GROUPS


def actors(view: View) -> tuple[str, ...]:
    """Names of the actors mapped in AS1."""
    names: list[str] = []
    for answer in view.current("as1_akteure", "actors"):
        name = str(answer.value.get("name", "")) if isinstance(answer.value, dict) else ""
        if name and name not in names:
            names.append(name)
    return tuple(names)


def pool_titles(view: View, ref: str) -> tuple[str, ...]:
    """Titles of a list's entries (``"as5.ideas"``), in the order they were added, unique."""
    step, _, key = ref.partition(".")
    titles: list[str] = []
    for answer in view.current(step, key):
        value = answer.value
        title = str(next(iter(value.values()), "")) if isinstance(value, dict) else str(value)
        if title and title not in titles:
            titles.append(title)
    return tuple(titles)


def members(view: View) -> tuple[str, ...]:
    return tuple(
        member_label(m.display_name, m.stakeholder_group) for m in view.members if m.user_id
    )


def shortlist(view: View) -> tuple[str, ...]:
    """The ideas chosen for sketches (AS5), or all ideas while none are chosen."""
    chosen = view.current("as5", "shortlist")
    if chosen and chosen[-1].value:
        return tuple(chosen[-1].value)
    return pool_titles(view, "as5.ideas")


OPTION_SOURCES: dict[str, Callable[[View], tuple[str, ...]]] = {
    "shortlist": shortlist,
    "fields": fields,
    "actor_groups": actor_groups,
    "actors": actors,
    "members": members,
}


def options_for(view: View, source: str) -> tuple[str, ...]:
    """Team-specific options: derived from the current answers, or given statically."""
    if source.startswith("pool:"):
        return pool_titles(view, source.removeprefix("pool:"))
    derive = OPTION_SOURCES.get(source)
    return derive(view) if derive else tuple(view.options.get(source, ()))
