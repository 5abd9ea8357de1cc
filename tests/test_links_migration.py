"""Migration 0009 turns the title links of a database written before it into entry ids, and
nothing a user sees changes: every summary and both paper drafts of the demo team stay as
they were built from the unmigrated file (``demo-main-0008-outputs.json``, written then)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.links_fixture import EXPECTED, copy_of_demo, demo_outputs


def _current(db: Path, step: str, prompt: str) -> list[object]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT value FROM answers WHERE step = ? AND prompt = ?"
            " AND replaced_by IS NULL AND deleted_at IS NULL ORDER BY id",
            (step, prompt),
        ).fetchall()
    return [json.loads(value) for (value,) in rows]


async def test_migrated_demo_shows_every_vote_rating_indicator_and_measurement_as_before(
    tmp_path: Path,
) -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    db = copy_of_demo(tmp_path)

    outputs = await demo_outputs(db)

    assert outputs.keys() == expected.keys()
    for key, text in expected.items():
        assert outputs[key] == text, key


async def test_migration_stores_links_as_entry_ids(tmp_path: Path) -> None:
    db = copy_of_demo(tmp_path)
    await demo_outputs(db)  # opening migrates

    ideas = {v["title"] for v in _current(db, "as5", "ideas")}  # type: ignore[index]
    assert len(ideas) == 9
    votes = _current(db, "as5", "votes")
    assert all(isinstance(idea, int) for vote in votes for idea, _ in vote)  # type: ignore[union-attr]
    assert sum(dots for vote in votes for _, dots in vote) == 9  # type: ignore[union-attr]
    assert all(isinstance(i, int) for i in _current(db, "as5", "shortlist")[0])  # type: ignore[union-attr]
    assert all(isinstance(s["idea"], int) for s in _current(db, "as5", "sketches"))  # type: ignore[index]
    assert all(isinstance(i["field"], int) for i in _current(db, "as5", "ideas"))  # type: ignore[index]
    risks = _current(db, "as6", "risks")
    assert [r["project"] for r in risks if isinstance(r["project"], str)] == [  # type: ignore[index]
        "Strategieebene"
    ] * 3  # the strategy level is no project: it stays text
    experts = _current(db, "as4", "experts")  # actors of AS1
    assert len(experts) == 7 and all(isinstance(n, int) for e in experts for n in e)  # type: ignore[union-attr]
    indicators = _current(db, "as9", "indicators")
    assert all(isinstance(i["project"], int) for i in indicators)  # type: ignore[index]
    assert all(isinstance(i["responsible"], int) for i in indicators)  # type: ignore[index]
    (recipients,) = _current(db, "as1_fragebogen_setup", "recipients")  # members
    assert len(recipients) == 2 and all(isinstance(m, int) for m in recipients)  # type: ignore[arg-type]
    assert all(isinstance(m["indicator"], int) for m in _current(db, "as9", "measurements"))  # type: ignore[index]
