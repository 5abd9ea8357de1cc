"""Links between list entries: stored as stable entry ids, shown as the entries' titles.

A list entry (an actor, a field of action, an idea, a project sketch, an indicator) keeps its
*entry id* – the id of its first version – through every edit. An answer that points at an
entry (a vote, the idea a sketch is about, the project a risk belongs to, …) stores that id.
This module declares which answer fields are links (:data:`LINKS`), turns the titles a person
chose or typed into entry ids before an answer is stored (:meth:`Titles.encode`) and ids back
into the entries' current titles for everything that reads answers (:meth:`Titles.decode`). So
a renamed idea is shown under its new name wherever it is linked, and merging two entries moves
their links (:func:`relink`). Text that names no entry (a field typed in AS3 before AS4
exists, the risk level „Strategieebene“) stays text. People chosen from the team (the recipients
of the questionnaire, who is responsible for an indicator) are linked by member id the same way
and shown with their current label („Anna (Verwaltung)“).

Stored shapes: a single link is an ``int``; a list of links a list of ``int``; a tally
(``{idea: dots}``) a list of ``[id, number]`` pairs, since JSON object keys are strings. Text
that names no entry keeps its place as a ``str``, so a value written before links were ids
still reads as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from dialogs.records import Answer, Member, member_label

Shape = Literal["one", "many", "tally"]

#: Lists whose entries can be linked to: ``"step.prompt"`` → the field holding the title. In
#: this order titles are known: a sketch is titled by its idea, which is itself a link.
TARGETS: dict[str, str] = {
    "as1_akteure.actors": "name",
    "as4.fields": "name",
    "as5.ideas": "title",
    "as5.sketches": "idea",
    "as9.indicators": "name",
}
#: The target of links to people: the team's members, by member id.
MEMBERS = "members"


@dataclass(frozen=True)
class Link:
    """One answer field that points at entries of ``target``; ``field`` None: the whole value."""

    step: str
    prompt: str
    target: str
    shape: Shape
    field: str | None = None


LINKS: tuple[Link, ...] = (
    Link("as1_fragebogen_setup", "recipients", MEMBERS, "many"),
    Link("as3", "goal_field", "as4.fields", "one"),
    Link("as4", "experts", "as1_akteure.actors", "many"),
    Link("as5", "ideas", "as4.fields", "one", "field"),
    Link("as5", "ideas", "as1_akteure.actors", "many", "partners"),
    Link("as5", "votes", "as5.ideas", "tally"),
    Link("as5", "shortlist", "as5.ideas", "many"),
    Link("as5", "sketches", "as5.ideas", "one", "idea"),
    Link("as5", "sketches", "as1_akteure.actors", "many", "participants"),
    Link("as6", "risks", "as5.sketches", "one", "project"),
    Link("as7", "roadmap", "as5.sketches", "many", "depends_on"),
    Link("as9", "indicators", "as5.sketches", "one", "project"),
    Link("as9", "indicators", MEMBERS, "one", "responsible"),
    Link("as9", "measurements", "as9.indicators", "one", "indicator"),
)
_BY_PROMPT: dict[tuple[str, str], tuple[Link, ...]] = {}
for _link in LINKS:
    _BY_PROMPT[_link.step, _link.prompt] = (*_BY_PROMPT.get((_link.step, _link.prompt), ()), _link)


def links_of(step: str, prompt: str) -> tuple[Link, ...]:
    """The links an answer to ``step``/``prompt`` holds (empty for most prompts)."""
    return _BY_PROMPT.get((step, prompt), ())


def has_links(answer: Answer) -> bool:
    return (answer.step, answer.prompt) in _BY_PROMPT


def linked_ids(answer: Answer) -> dict[str, set[int]]:
    """Target → the entry ids ``answer`` links to."""
    found: dict[str, set[int]] = {}
    for link in links_of(answer.step, answer.prompt):
        raw = _get(answer.value, link)
        ids = found.setdefault(link.target, set())
        if link.shape == "one":
            items: Iterable[Any] = [raw]
        elif not isinstance(raw, list):
            items = ()  # nothing, or a tally written as {title: dots} before links were ids
        elif link.shape == "many":
            items = raw
        else:
            items = (pair[0] for pair in raw)
        ids.update(item for item in items if _is_id(item))
    return found


class Titles:
    """The current title of every linkable entry of a team, both ways.

    ``answers`` are the team's current answers as stored; ``past`` may add older versions of
    entries that are gone (deleted, merged away), so a link to them still shows the title it
    had – but no title is turned into the id of an entry that is gone. ``members``: the team's
    members; only those with an account can be newly linked to.
    """

    def __init__(
        self,
        answers: Iterable[Answer],
        past: Iterable[Answer] = (),
        members: Iterable[Member] = (),
    ) -> None:
        self._ids: dict[str, dict[int, str]] = {target: {} for target in (*TARGETS, MEMBERS)}
        self._titles: dict[str, dict[str, int]] = {target: {} for target in (*TARGETS, MEMBERS)}
        self._answers, past, self._members = list(answers), list(past), list(members)
        answers = self._answers
        for member in self._members:
            label = member_label(member.display_name, member.stakeholder_group)
            self._ids[MEMBERS][member.id] = label
            if member.user_id is not None:
                self._titles[MEMBERS].setdefault(label, member.id)
        entries = _by_target(answers)
        gone = _by_target(past)
        for target, key in TARGETS.items():
            for answer in entries.get(target, ()):
                title = self._title(answer, key)
                if title:
                    self._ids[target][answer.entry_id] = title
                    self._titles[target].setdefault(title, answer.entry_id)
            for answer in gone.get(target, ()):
                title = self._title(answer, key)
                if title:
                    self._ids[target].setdefault(answer.entry_id, title)

    def with_past(self, past: Iterable[Answer]) -> Titles:
        """These titles and the last titles of entries that are gone (``past``: their
        versions, newest first)."""
        return Titles(self._answers, past, self._members)

    def _title(self, answer: Answer, key: str) -> str:
        value = self.decode(answer).value
        return str(value.get(key) or "").strip() if isinstance(value, dict) else ""

    def names(self, target: str) -> tuple[str, ...]:
        """The titles of the current entries of ``target``, in order, each once."""
        return tuple(self._titles[target])

    def title(self, target: str, entry_id: int) -> str | None:
        return self._ids[target].get(entry_id)

    def entry(self, target: str, title: str) -> int | None:
        return self._titles[target].get(title.strip())

    def decode(self, answer: Answer) -> Answer:
        """``answer`` with every link shown as its entry's title (unknown links left out)."""
        links = links_of(answer.step, answer.prompt)
        if not links:
            return answer
        value = answer.value
        for link in links:
            value = _put(value, link, self._show(link, _get(value, link)))
        return answer if value is answer.value else answer.model_copy(update={"value": value})

    def _show(self, link: Link, raw: Any) -> Any:
        def name(item: Any) -> Any:
            return self.title(link.target, item) if _is_id(item) else item

        if link.shape == "one":
            return name(raw)
        if not isinstance(raw, list):
            return raw  # a tally written as {title: dots} before links were ids
        if link.shape == "many":
            return [shown for shown in map(name, raw) if shown is not None]
        tally: dict[str, Any] = {}
        for pair in raw:
            shown = name(pair[0])
            if shown is not None:
                tally[shown] = tally.get(shown, 0) + pair[1]
        return tally

    def encode(self, step: str, prompt: str, value: Any) -> Any:
        """``value`` as stored: each title that names a current entry becomes its id."""
        for link in links_of(step, prompt):
            value = _put(value, link, self._store(link, _get(value, link)))
        return value

    def _store(self, link: Link, raw: Any) -> Any:
        def ref(item: Any) -> Any:
            if isinstance(item, str):
                return self.entry(link.target, item) or item
            return item

        if link.shape == "one":
            return ref(raw)
        if link.shape == "many":
            return [ref(item) for item in raw] if isinstance(raw, list) else raw
        if isinstance(raw, Mapping):
            return [[ref(title), dots] for title, dots in raw.items()]
        return raw


def relink(answer: Answer, target: str, old: int, new: int) -> Any:
    """The stored value of ``answer`` with its links to entry ``old`` of ``target`` moved to
    ``new`` (a merge): a tally adds the numbers, a list keeps ``new`` once."""
    value = answer.value
    for link in links_of(answer.step, answer.prompt):
        if link.target != target:
            continue
        raw = _get(value, link)
        if link.shape == "one":
            moved: Any = new if raw == old else raw
        elif link.shape == "many" and isinstance(raw, list):
            moved = list(dict.fromkeys(new if item == old else item for item in raw))
        elif link.shape == "tally" and isinstance(raw, list):
            sums: dict[Any, Any] = {}
            for key, number in raw:
                key = new if key == old else key
                sums[key] = sums.get(key, 0) + number
            moved = [[key, number] for key, number in sums.items()]
        else:
            moved = raw
        value = _put(value, link, moved)
    return value


def renumber(answer: Answer, entries: Mapping[int, int], members: Mapping[int, int]) -> Any:
    """The stored value of ``answer`` with every entry id ``old`` replaced by ``entries[old]``
    and every member id by ``members[old]`` (a team copied into another database gets new
    ids); ids not in them are dropped."""
    value = answer.value
    for link in links_of(answer.step, answer.prompt):
        raw = _get(value, link)
        ids = members if link.target == MEMBERS else entries

        def new(item: Any, ids: Mapping[int, int] = ids) -> Any:
            return ids.get(item) if _is_id(item) else item

        if link.shape == "one":
            moved: Any = new(raw)
        elif link.shape == "many" and isinstance(raw, list):
            moved = [n for n in map(new, raw) if n is not None]
        elif link.shape == "tally" and isinstance(raw, list):
            moved = [[new(key), number] for key, number in raw if new(key) is not None]
        else:
            moved = raw
        value = _put(value, link, moved)
    return value


def _by_target(answers: Iterable[Answer]) -> dict[str, list[Answer]]:
    """The entries of the linkable lists among ``answers``, by list."""
    found: dict[str, list[Answer]] = {}
    for answer in answers:
        target = f"{answer.step}.{answer.prompt}"
        if target in TARGETS:
            found.setdefault(target, []).append(answer)
    return found


def _is_id(item: Any) -> bool:
    return isinstance(item, int) and not isinstance(item, bool)


def _get(value: Any, link: Link) -> Any:
    if link.field is None:
        return value
    return value.get(link.field) if isinstance(value, dict) else None


def _put(value: Any, link: Link, new: Any) -> Any:
    if link.field is None:
        return new
    if not isinstance(value, dict):
        return value
    old = value.get(link.field)
    if old == new and type(old) is type(new):  # ``1 == True``: an id is no flag
        return value
    return {**value, link.field: new}
