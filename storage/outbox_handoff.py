"""Outbox items this process committed, handed to the courier without reading them back.

A transaction collects the items it adds; only after its ``COMMIT`` succeeded are they
published here (a rolled-back item never appears). The courier takes each item once; items it
never takes (e.g. written by a script that sends nothing) are dropped beyond ``max_items``,
and anything not found here is simply read from the database.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.repositories.delivery import OutboxItem

#: Items kept for the courier at most; the oldest is dropped beyond this.
MAX_ITEMS = 1_000


class OutboxHandoff:
    """Committed outbox items by id, until the courier takes them."""

    def __init__(self, max_items: int = MAX_ITEMS) -> None:
        self._items: OrderedDict[int, OutboxItem] = OrderedDict()
        self._max = max_items

    def publish(self, items: Iterable[OutboxItem]) -> None:
        """These items are committed now."""
        for item in items:
            self._items[item.id] = item
        while len(self._items) > self._max:
            self._items.popitem(last=False)

    def take(self, item_id: int) -> OutboxItem | None:
        """The committed item ``item_id`` (once), or None if it is not kept here."""
        return self._items.pop(item_id, None)
