"""Durability under kill -9: what a process reported as committed is there after a restart.

A child process opens the database and commits transactions in a loop, printing each
number only after its ``COMMIT`` returned (the bot's equivalent: replying only after the
commit). The parent kills it with SIGKILL mid-way, reopens the database and checks that every
printed transaction is complete, no transaction is half there, and SQLite reports the file
intact. Several kill/restart rounds run on the same file.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from storage import Database

ROOT = Path(__file__).resolve().parents[1]
ROWS_PER_TRANSACTION = 5
ROUNDS = 3
COMMITS_BEFORE_KILL = 25

CHILD = f"""
import asyncio, sys
from storage import Database

async def main(path, first):
    db = await Database.open(path)
    n = first
    while True:
        async with db.transaction() as tx:
            team = await tx.teams.create(f"Gemeinde {{n}}", "Kleinstadt")
            for k in range({ROWS_PER_TRANSACTION}):
                await tx.answers.add(team.id, "as1", "actors", None, {{"n": n, "k": k}})
                await asyncio.sleep(0)
            await tx.updates.record(n)
        print(n, flush=True)
        n += 1

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""


def run_and_kill(path: Path, first: int) -> list[int]:
    """Run the child until it printed enough commits, SIGKILL it; return what it printed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(first)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        printed: list[int] = []
        deadline = time.monotonic() + 60
        while len(printed) < COMMITS_BEFORE_KILL and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                raise AssertionError(f"child ended early: {child.stderr.read()}")
            printed.append(int(line))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        # Lines printed before the kill are still in the pipe.
        printed += [int(line) for line in child.stdout.read().split()]
        assert child.returncode == -signal.SIGKILL
    return printed


async def test_every_reported_commit_survives_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    reported: list[int] = []
    first = 0
    for _ in range(ROUNDS):
        printed = await asyncio.to_thread(run_and_kill, path, first)
        assert printed == list(range(first, first + len(printed)))
        reported += printed

        async with await Database.open(path) as db:
            assert db.migrations_applied == ()
            async with db.read() as tx:
                for n in printed:
                    assert await tx.updates.seen(n), n
                rows = await tx._session.fetchall(
                    "SELECT t.municipality, COUNT(a.id) FROM teams t"
                    " LEFT JOIN answers a ON a.team_id = t.id GROUP BY t.id ORDER BY t.id"
                )
                integrity = await tx._session.fetchall("PRAGMA integrity_check")
                dangling = await tx._session.fetchall("PRAGMA foreign_key_check")

        committed = {name: answers for name, answers in rows}
        for n in reported:
            assert committed.get(f"Gemeinde {n}") == ROWS_PER_TRANSACTION, n
        # Atomic: no transaction is half there; at most the one running at the kill
        # committed without being reported.
        assert set(committed.values()) == {ROWS_PER_TRANSACTION}
        assert len(reported) <= len(committed) <= len(reported) + 1
        assert [tuple(row) for row in integrity] == [("ok",)]
        assert dangling == []
        first = len(committed)  # the next round continues after everything committed

    plain = sqlite3.connect(path)
    try:
        assert plain.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        plain.close()
