"""Fairness beyond one getUpdates batch: the durable inbox lets fetching run ahead of a flood."""

from __future__ import annotations

from pathlib import Path

from tests.botprocess import read_only
from tests.conftest import person, running_bot
from tests.e2e import expect
from tests.fakeapi import FakeBotApi


async def test_a_message_behind_more_than_a_batch_of_flood_is_answered_at_once(
    api: FakeBotApi, db_path: Path
) -> None:
    flooder = person(api, 9301, "Flo")
    ben = person(api, 9302, "Ben")
    async with running_bot(api, db_path):
        await flooder.send("/start")
        await expect(flooder, "Willkommen")
        # 250 messages at once: getUpdates hands out at most 100 from the offset, so Ben's
        # /hilfe is in the third batch.
        flood = [api.push_text(flooder.user, f"Nachricht {i}") for i in range(250)]
        ben_update = api.push_text(ben.user, "/hilfe")
        await expect(ben, "So funktioniert", timeout=60)
        with read_only(db_path) as conn:
            order = [
                r[0]
                for r in conn.execute(
                    "SELECT update_id FROM processed_updates ORDER BY processed_at, update_id"
                )
            ]
    flood_before_ben = [u for u in order[: order.index(ben_update)] if u in flood]
    # Before, Ben could only be fetched after 150 of Flo's messages were handled.
    assert len(flood_before_ben) < 100, f"Ben waited for {len(flood_before_ben)} messages"
    assert [u for u in order if u in flood] == flood[: len([u for u in order if u in flood])]
