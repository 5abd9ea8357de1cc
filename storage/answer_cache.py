"""Decoded current answers per team, kept between transactions.

Building the dialog view needs all current answers of a team; decoding them on every update
cost a quarter of the bot's CPU and grew with every entry. The cache keeps them per team,
indexed by prompt (:class:`AnswerIndex`, so the dialogs' lookups do not scan them either),
tagged with the team's answer version (table ``answer_versions``, raised by triggers on every
change to ``answers``). An entry is used only while the version read in the current
transaction equals its tag, so any change – by this process, a cascade or another process –
makes it stale.

A transaction never writes into the shared cache directly: it stages its entries and they are
published only after its ``COMMIT`` succeeded (:meth:`Staged.publish`). A rolled-back
transaction leaves nothing behind, and its counter values are rolled back with it, so a
published tag always describes committed data.
"""

from __future__ import annotations

from collections import OrderedDict

from dialogs.answer_index import AnswerIndex
from dialogs.records import Answer

Entry = tuple[int, AnswerIndex]

#: Teams kept; the least recently used one is dropped beyond this.
MAX_TEAMS = 64


class AnswerCache:
    """The shared cache of one database: team id → (version, current answers)."""

    def __init__(self, max_teams: int = MAX_TEAMS) -> None:
        self._entries: OrderedDict[int, Entry] = OrderedDict()
        self._max = max_teams

    def get(self, team_id: int) -> Entry | None:
        entry = self._entries.get(team_id)
        if entry is not None:
            self._entries.move_to_end(team_id)
        return entry

    def put(self, team_id: int, entry: Entry) -> None:
        self._entries[team_id] = entry
        self._entries.move_to_end(team_id)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)


class Staged:
    """One transaction's view of the cache: reads fall through to the shared cache, writes
    stay here until :meth:`publish` (after ``COMMIT``)."""

    def __init__(self, shared: AnswerCache) -> None:
        self._shared = shared
        self._staged: dict[int, Entry] = {}

    def lookup(self, team_id: int, version: int) -> AnswerIndex | None:
        """The team's answers if known at exactly ``version``."""
        entry = self._staged.get(team_id) or self._shared.get(team_id)
        if entry is None or entry[0] != version:
            return None
        return entry[1]

    def store(self, team_id: int, version: int, answers: AnswerIndex) -> None:
        self._staged[team_id] = (version, answers)

    def appended(self, answer: Answer) -> None:
        """A new item was inserted (one version step): extend a known entry by it.

        If the entry was not at the version just before the insert, the new tag is one the
        team has already passed, so it can never match again and the entry is simply stale.
        """
        entry = self._staged.get(answer.team_id) or self._shared.get(answer.team_id)
        if entry is not None:
            self.store(answer.team_id, entry[0] + 1, entry[1].plus(answer))

    def publish(self) -> None:
        """The transaction committed: its entries describe committed data now."""
        for team_id, entry in self._staged.items():
            self._shared.put(team_id, entry)
        self._staged.clear()
