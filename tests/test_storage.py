"""Contract tests of the storage layer.

Like aiogram's ``tests/test_fsm/storage/test_storages.py``, the repository contract runs
against every backend we have: a database file (WAL) and a private in-memory database. Tests
that need a real file (pragmas, re-opening, backup) use ``file_db``.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from dialogs.records import Answer, Role, StepStatus
from storage import (
    ConflictError,
    Database,
    MigrationError,
    NotFoundError,
    TransactionError,
    Tx,
)
from storage.migrate import Migration, apply_migrations, discover
from storage.repositories import ANONYMOUS_NAME, BUTTON_ID_LENGTH

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "werkstatt.db"


@pytest.fixture
async def file_db(db_path: Path, clock: FakeClock) -> AsyncIterator[Database]:
    async with await Database.open(db_path, clock=clock) as db:
        yield db


@pytest.fixture(params=["file", "memory"])
async def db(
    request: pytest.FixtureRequest, db_path: Path, clock: FakeClock
) -> AsyncIterator[Database]:
    path = db_path if request.param == "file" else ":memory:"
    async with await Database.open(path, clock=clock) as database:
        yield database


async def sql(db: Database, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Raw rows, for checking what is really stored."""
    async with db.read() as tx:
        rows = await tx._session.fetchall(query, params)
    return [tuple(row) for row in rows]


async def count(db: Database, table: str) -> int:
    return (await sql(db, f"SELECT COUNT(*) FROM {table}"))[0][0]


async def make_team(tx: Tx, name: str = "Musterstadt", telegram_id: int = 100) -> tuple[int, int]:
    """A team with one facilitator; returns (team id, member id)."""
    team = await tx.teams.create(name, "Kleinstadt")
    user = await tx.users.get_or_create(telegram_id, "Anna Becker")
    member = await tx.members.add(team.id, user.id, "Anna Becker", Role.FACILITATOR, "Verwaltung")
    return team.id, member.id


# --------------------------------------------------------------------------- schema

EXPECTED_COLUMNS = {
    "schema_migrations": ["version", "name", "applied_at"],
    "teams": ["id", "municipality", "town_type", "created_at"],
    "users": ["id", "account", "display_name", "active_team_id", "flow_state", "created_at"],
    "members": [
        "id",
        "team_id",
        "user_id",
        "display_name",
        "role",
        "stakeholder_group",
        "dialog_state",
        "joined_at",
    ],
    "invites": ["code", "team_id", "created_by", "created_at", "expires_at", "revoked_at"],
    "answers": [
        "id",
        "team_id",
        "step",
        "prompt",
        "subject_id",
        "origin_id",
        "author_id",
        "value",
        "created_at",
        "replaced_by",
        "deleted_at",
        "anonymous",  # 0006_anonymous_answers
    ],
    "step_status": ["team_id", "step", "status", "updated_at", "closed_by"],
    "processed_updates": ["update_id", "processed_at"],
    "answer_versions": ["team_id", "version"],  # 0008_answer_versions
    "inbox": ["seq", "update_id", "chat_key", "payload", "fetched_at"],  # 0007, 0010
    "outbox": [
        "id",
        "chat_id",
        "payload",
        "bulk",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
    ],
    "buttons": ["id", "user_id", "team_id", "payload", "created_at", "used_at"],
    "group_chats": ["chat_id", "team_id", "linked_by", "linked_at"],
    # 0002_documents
    "strategy_versions": [
        "id",
        "team_id",
        "number",
        "variant",
        "markdown",
        "model",
        "created_by",
        "created_at",
    ],
    "strategy_comments": [
        "id",
        "team_id",
        "section",
        "author_id",
        "text",
        "created_at",
        "version",
    ],
    # 0003_live
    "live_sessions": [
        "id",
        "chat_id",
        "team_id",
        "kind",
        "target",
        "anonymous",
        "budget",
        "page",
        "started_by",
        "started_at",
        "ends_at",
        "warned_at",
        "closed_at",
        "closed_by",
        "version",
        "shown_version",
        "result",
    ],
    # 0004_assignments
    "assignments": [
        "id",
        "team_id",
        "step",
        "due",
        "due_set_at",
        "created_by",
        "created_at",
        "done_noted_at",
    ],
    "assignees": ["assignment_id", "team_id", "member_id", "reminded_before", "reminded_on"],
    "step_finishes": ["team_id", "member_id", "step", "finished_at"],
    "message_refs": ["ref", "chat_id", "message_id", "updated_at"],
    # 0005_taps_and_names
    "recent_taps": ["user_id", "value", "tapped_at"],
}

# (column, parent table, parent column, ON DELETE)
EXPECTED_FOREIGN_KEYS = {
    "users": {("active_team_id", "teams", "id", "SET NULL")},
    "members": {("team_id", "teams", "id", "CASCADE"), ("user_id", "users", "id", "SET NULL")},
    "invites": {
        ("team_id", "teams", "id", "CASCADE"),
        ("created_by", "members", "id", "SET NULL"),
    },
    "answers": {
        ("team_id", "teams", "id", "CASCADE"),
        ("subject_id", "answers", "id", "NO ACTION"),
        ("origin_id", "answers", "id", "NO ACTION"),
        ("author_id", "members", "id", "SET NULL"),
        ("replaced_by", "answers", "id", "NO ACTION"),
    },
    "step_status": {
        ("team_id", "teams", "id", "CASCADE"),
        ("closed_by", "members", "id", "SET NULL"),
    },
    "buttons": {("user_id", "users", "id", "CASCADE"), ("team_id", "teams", "id", "CASCADE")},
    "group_chats": {
        ("team_id", "teams", "id", "CASCADE"),
        ("linked_by", "members", "id", "SET NULL"),
    },
    "strategy_versions": {
        ("team_id", "teams", "id", "CASCADE"),
        ("created_by", "members", "id", "SET NULL"),
    },
    "strategy_comments": {
        ("team_id", "teams", "id", "CASCADE"),
        ("author_id", "members", "id", "SET NULL"),
    },
    "live_sessions": {
        ("team_id", "teams", "id", "CASCADE"),
        ("started_by", "members", "id", "SET NULL"),
        ("closed_by", "members", "id", "SET NULL"),
    },
    "assignments": {
        ("team_id", "teams", "id", "CASCADE"),
        ("created_by", "members", "id", "SET NULL"),
    },
    "assignees": {
        ("assignment_id", "assignments", "id", "CASCADE"),
        ("team_id", "teams", "id", "CASCADE"),
        ("member_id", "members", "id", "CASCADE"),
    },
    "step_finishes": {
        ("team_id", "teams", "id", "CASCADE"),
        ("member_id", "members", "id", "CASCADE"),
    },
    "recent_taps": {("user_id", "users", "id", "CASCADE")},
}


class TestSchema:
    async def test_tables_and_columns_are_exactly_the_documented_ones(self, db: Database) -> None:
        tables = await sql(
            db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        assert {name for (name,) in tables} == set(EXPECTED_COLUMNS)
        for table, columns in EXPECTED_COLUMNS.items():
            info = await sql(db, f"SELECT name FROM pragma_table_info('{table}')")
            assert [name for (name,) in info] == columns, table

    async def test_foreign_keys_and_their_delete_actions(self, db: Database) -> None:
        for table in EXPECTED_COLUMNS:
            rows = await sql(
                db,
                f'SELECT "from", "table", "to", on_delete FROM pragma_foreign_key_list("{table}")',
            )
            assert set(rows) == EXPECTED_FOREIGN_KEYS.get(table, set()), table

    async def test_partial_indexes(self, db: Database) -> None:
        rows = dict(
            await sql(db, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql != ''")
        )
        current = " ".join(rows["answers_current"].split())
        assert "ON answers (team_id, step, prompt)" in current
        assert "WHERE replaced_by IS NULL AND deleted_at IS NULL" in current
        assert "WHERE sent_at IS NULL" in rows["outbox_pending"]
        plan = await sql(
            db,
            "EXPLAIN QUERY PLAN SELECT id FROM answers WHERE team_id = 1 AND step = 'as1'"
            " AND prompt = 'p' AND replaced_by IS NULL AND deleted_at IS NULL",
        )
        assert any("answers_current" in row[-1] for row in plan)

    async def test_checks_reject_unknown_role_and_status(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, member_id = await make_team(tx)
            with pytest.raises(ValueError):
                await tx.members.set_role(member_id, "chef")
            with pytest.raises(sqlite3.IntegrityError):
                await tx._session.write(
                    "UPDATE members SET role = 'chef' WHERE id = ?", (member_id,)
                )
            with pytest.raises(sqlite3.IntegrityError):
                await tx._session.write(
                    "INSERT INTO step_status VALUES (?, 'as1', 'fertig', '', NULL)", (team_id,)
                )

    async def test_foreign_keys_are_enforced(self, db: Database) -> None:
        async with db.transaction() as tx:
            user = await tx.users.get_or_create(1, "Anna")
            with pytest.raises(sqlite3.IntegrityError):
                await tx.members.add(999, user.id, "Anna", Role.CORE, "Politik")


class TestMigrations:
    async def test_first_open_applies_and_records_the_initial_migration(
        self, db_path: Path, clock: FakeClock
    ) -> None:
        async with await Database.open(db_path, clock=clock) as db:
            assert [m.label for m in db.migrations_applied] == [
                "0001_initial",
                "0002_documents",
                "0003_live",
                "0004_assignments",
                "0005_taps_and_names",
                "0006_anonymous_answers",
                "0007_inbox",
                "0008_answer_versions",
                "0009_links_by_id",
                "0010_addresses",
            ]
            assert await sql(db, "SELECT * FROM schema_migrations") == [
                (1, "initial", "2025-03-01T09:00:00.000000+00:00"),
                (2, "documents", "2025-03-01T09:00:00.000000+00:00"),
                (3, "live", "2025-03-01T09:00:00.000000+00:00"),
                (4, "assignments", "2025-03-01T09:00:00.000000+00:00"),
                (5, "taps_and_names", "2025-03-01T09:00:00.000000+00:00"),
                (6, "anonymous_answers", "2025-03-01T09:00:00.000000+00:00"),
                (7, "inbox", "2025-03-01T09:00:00.000000+00:00"),
                (8, "answer_versions", "2025-03-01T09:00:00.000000+00:00"),
                (9, "links_by_id", "2025-03-01T09:00:00.000000+00:00"),
                (10, "addresses", "2025-03-01T09:00:00.000000+00:00"),
            ]

    async def test_reopening_applies_nothing_twice(self, db_path: Path, clock: FakeClock) -> None:
        async with await Database.open(db_path, clock=clock) as db, db.transaction() as tx:
            await tx.teams.create("Musterstadt", "Kleinstadt")
        for _ in range(2):
            async with await Database.open(db_path, clock=clock) as db:
                assert db.migrations_applied == ()
                assert await count(db, "schema_migrations") == 10
                assert await count(db, "teams") == 1

    async def test_packaged_migrations_are_found_via_importlib_resources(self) -> None:
        migrations = discover()
        assert (migrations[0].version, migrations[0].name) == (1, "initial")
        assert [m.version for m in migrations] == sorted({m.version for m in migrations})

    async def test_failing_migration_leaves_neither_its_changes_nor_its_record(
        self, tmp_path: Path
    ) -> None:
        folder = tmp_path / "migrations"
        folder.mkdir()
        (folder / "0001_first.sql").write_text("CREATE TABLE first (x INTEGER) STRICT;\n")
        (folder / "0002_broken.sql").write_text(
            "CREATE TABLE second (x INTEGER) STRICT;\nINSERT INTO first VALUES (1);\n"
            "INSERT INTO nowhere VALUES (1);\n"
        )
        async with aiosqlite.connect(tmp_path / "m.db", isolation_level=None) as conn:
            with pytest.raises(MigrationError, match="0002_broken"):
                await apply_migrations(conn, discover(folder))
            assert not conn.in_transaction
            tables = await conn.execute_fetchall("SELECT name FROM sqlite_master")
            assert {name for (name,) in tables} == {"schema_migrations", "first"}
            assert list(await conn.execute_fetchall("SELECT * FROM first")) == []
            versions = await conn.execute_fetchall("SELECT version FROM schema_migrations")
            assert [v for (v,) in versions] == [1]

            (folder / "0002_broken.sql").write_text("CREATE TABLE second (x INTEGER) STRICT;\n")
            applied = await apply_migrations(conn, discover(folder))
            assert [m.label for m in applied] == ["0002_broken"]

    async def test_database_written_by_newer_code_is_refused(self, db_path: Path) -> None:
        async with await Database.open(db_path) as db, db.transaction() as tx:
            await tx._session.write(
                "INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01')"
            )
        with pytest.raises(MigrationError, match=r"\[99\]"):
            await Database.open(db_path)

    def test_statements_are_split_safely(self) -> None:
        migration = Migration(
            7,
            "trigger",
            "-- a comment; with a semicolon\n"
            "CREATE TABLE t (x TEXT DEFAULT 'a;b') STRICT;\n"
            "CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN\n"
            "    UPDATE t SET x = 'c;d';\n"
            "    SELECT 1;\n"
            "END;\n"
            "-- trailing comment\n",
        )
        statements = migration.statements()
        assert len(statements) == 2
        assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")

    @pytest.mark.parametrize("sql_text", ["BEGIN;\nCREATE TABLE t (x INTEGER);\n", "COMMIT;\n"])
    def test_transaction_control_in_a_migration_is_rejected(self, sql_text: str) -> None:
        with pytest.raises(MigrationError, match="transaction control"):
            Migration(2, "bad", sql_text).statements()

    def test_bad_file_names_are_rejected(self, tmp_path: Path) -> None:
        (tmp_path / "1_initial.sql").write_text("SELECT 1;")
        with pytest.raises(MigrationError, match="NNNN_name"):
            discover(tmp_path)
        (tmp_path / "1_initial.sql").unlink()
        (tmp_path / "0001_a.sql").write_text("SELECT 1;")
        (tmp_path / "0001_b.sql").write_text("SELECT 1;")
        with pytest.raises(MigrationError, match="twice"):
            discover(tmp_path)


# --------------------------------------------------------------------------- connection


class TestDatabase:
    async def test_pragmas(self, file_db: Database) -> None:
        assert await sql(file_db, "PRAGMA journal_mode") == [("wal",)]
        assert await sql(file_db, "PRAGMA foreign_keys") == [(1,)]
        assert await sql(file_db, "PRAGMA busy_timeout") == [(5000,)]
        assert await sql(file_db, "PRAGMA synchronous") == [(2,)]  # FULL

    async def test_open_creates_parent_folder_and_reports_path(
        self, file_db: Database, db_path: Path
    ) -> None:
        assert await asyncio.to_thread(db_path.exists)
        assert file_db.path == db_path
        assert not file_db.in_memory

    async def test_committed_data_survives_closing_and_reopening(
        self, db_path: Path, clock: FakeClock
    ) -> None:
        async with await Database.open(db_path, clock=clock) as db, db.transaction() as tx:
            team_id, member_id = await make_team(tx)
            await tx.members.set_state(member_id, {"step": "as3", "prompt": "vision_ideas"})
            await tx.answers.add(team_id, "as3", "vision_ideas", member_id, "Grüne Mitte")
            await tx.updates.record(4711)
        async with await Database.open(db_path, clock=clock) as db, db.read() as tx:
            assert await tx.members.get_state(member_id) == {
                "step": "as3",
                "prompt": "vision_ideas",
            }
            assert [a.value for a in await tx.answers.current(team_id, "as3")] == ["Grüne Mitte"]
            assert await tx.updates.seen(4711)

    async def test_failed_transaction_rolls_back_completely(self, db: Database) -> None:
        async with db.transaction() as tx:
            await tx.teams.create("Bleibt", "Landkreis")
        with pytest.raises(RuntimeError, match="boom"):
            async with db.transaction() as tx:
                team_id, member_id = await make_team(tx, "Weg")
                await tx.answers.add(team_id, "as1", "actors", member_id, {"name": "Verein"})
                await tx.outbox.add(100, {"text": "Gespeichert"})
                await tx.updates.record(1)
                raise RuntimeError("boom")
        assert await sql(db, "SELECT municipality FROM teams") == [("Bleibt",)]
        for table in ("users", "members", "answers", "outbox", "processed_updates"):
            assert await count(db, table) == 0, table

    async def test_cancelled_transaction_rolls_back_and_releases_the_lock(
        self, db: Database
    ) -> None:
        inside = asyncio.Event()

        async def stuck() -> None:
            async with db.transaction() as tx:
                await tx.teams.create("Abgebrochen", "Kleinstadt")
                inside.set()
                await asyncio.Event().wait()

        task = asyncio.create_task(stuck())
        await inside.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        async with db.transaction() as tx:
            await tx.teams.create("Danach", "Kleinstadt")
        assert await sql(db, "SELECT municipality FROM teams") == [("Danach",)]

    async def test_concurrent_transactions_never_lose_each_others_rows(self, db: Database) -> None:
        async def work(n: int) -> None:
            async with db.transaction() as tx:
                team = await tx.teams.create(f"Gemeinde {n}", "Landgemeinde")
                await asyncio.sleep(0)
                user = await tx.users.get_or_create(1000 + n, f"Person {n}")
                await asyncio.sleep(0.001 * (n % 3))
                member = await tx.members.add(team.id, user.id, user.display_name, "kernteam", "")
                for k in range(3):
                    await tx.answers.add(team.id, "as1", "actors", member.id, k)
                    await asyncio.sleep(0)
                if n % 7 == 0:
                    raise ValueError(n)

        results = await asyncio.gather(*(work(n) for n in range(50)), return_exceptions=True)
        failed = {n for n, result in enumerate(results) if isinstance(result, ValueError)}
        assert failed == {n for n in range(50) if n % 7 == 0}
        assert all(result is None for n, result in enumerate(results) if n not in failed)
        names = {name for (name,) in await sql(db, "SELECT municipality FROM teams")}
        assert names == {f"Gemeinde {n}" for n in range(50) if n not in failed}
        per_team = await sql(
            db,
            "SELECT t.municipality, COUNT(a.id) FROM teams t JOIN answers a ON a.team_id = t.id "
            "GROUP BY t.id",
        )
        assert all(n == 3 for _, n in per_team) and len(per_team) == len(names)
        assert await count(db, "users") == len(names)

    async def test_nested_transaction_in_one_task_is_an_error_not_a_deadlock(
        self, db: Database
    ) -> None:
        async with db.transaction():
            with pytest.raises(TransactionError, match="pass its Tx along"):
                async with db.read():
                    pass

    async def test_tx_is_unusable_after_its_block(self, db: Database) -> None:
        async with db.transaction() as tx:
            pass
        with pytest.raises(TransactionError, match="ended"):
            await tx.teams.create("Zu spät", "Kleinstadt")

    async def test_read_refuses_writes_and_sees_committed_data(self, db: Database) -> None:
        async with db.transaction() as tx:
            team = await tx.teams.create("Musterstadt", "Kleinstadt")
        async with db.read() as tx:
            assert not tx.writable
            assert await tx.teams.get(team.id) == team
            with pytest.raises(TransactionError, match="read"):
                await tx.teams.create("Nein", "Kleinstadt")

    async def test_closed_database_refuses_work(self, db_path: Path) -> None:
        db = await Database.open(db_path)
        await db.close()
        await db.close()
        assert db.closed
        with pytest.raises(TransactionError, match="closed"):
            async with db.read():
                pass

    async def test_timestamps_are_utc_text_and_naive_clocks_are_refused(
        self, db_path: Path
    ) -> None:
        local = datetime(2025, 3, 1, 13, 0, tzinfo=timezone(timedelta(hours=2)))
        async with await Database.open(db_path, clock=lambda: local) as db:
            async with db.transaction() as tx:
                team = await tx.teams.create("Musterstadt", "Kleinstadt")
            assert team.created_at == local
            assert team.created_at.utcoffset() == timedelta(0)
            assert await sql(db, "SELECT created_at FROM teams") == [
                ("2025-03-01T11:00:00.000000+00:00",)
            ]
        async with await Database.open(db_path, clock=lambda: datetime(2025, 1, 1)) as db:
            with pytest.raises(ValueError, match="naive"):
                async with db.transaction() as tx:
                    await tx.teams.create("Naiv", "Kleinstadt")

    async def test_json_keeps_umlauts_readable(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, member_id = await make_team(tx)
            await tx.answers.add(team_id, "as3", "vision", member_id, {"text": "Schöne Grüße"})
        assert await sql(db, "SELECT value FROM answers") == [('{"text":"Schöne Grüße"}',)]


class TestBackup:
    async def test_backup_is_a_readable_copy_without_uncommitted_rows(
        self, db: Database, tmp_path: Path
    ) -> None:
        async with db.transaction() as tx:
            team_id, member_id = await make_team(tx)
            for n in range(20):
                await tx.answers.add(team_id, "as1", "actors", member_id, {"n": n})
        writing = asyncio.Event()
        release = asyncio.Event()

        async def rolled_back() -> None:
            async with db.transaction() as tx:
                await tx.teams.create("Nie committet", "Kleinstadt")
                writing.set()
                await release.wait()
                raise LookupError

        writer = asyncio.create_task(rolled_back())
        await writing.wait()
        target = tmp_path / "backups" / "copy.db"
        backup = asyncio.create_task(db.backup(target))
        await asyncio.sleep(0.05)
        release.set()
        with pytest.raises(LookupError):
            await writer
        assert await backup == target
        assert not target.with_name("copy.db.partial").exists()

        copy = sqlite3.connect(target)
        try:
            assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert copy.execute("PRAGMA journal_mode").fetchall() == [("delete",)]
            assert copy.execute("SELECT municipality FROM teams").fetchall() == [("Musterstadt",)]
            assert copy.execute("SELECT COUNT(*) FROM answers").fetchone() == (20,)
            assert copy.execute("SELECT version FROM schema_migrations").fetchall() == [
                (1,),
                (2,),
                (3,),
                (4,),
                (5,),
                (6,),
                (7,),
                (8,),
                (9,),
                (10,),
            ]
        finally:
            copy.close()
        async with await Database.open(target) as restored, restored.read() as tx:
            assert len(await tx.answers.current(team_id, "as1")) == 20

        with pytest.raises(FileExistsError):
            await db.backup(target)


# --------------------------------------------------------------------------- repositories


class TestUsers:
    async def test_get_or_create_keeps_the_stored_name(self, db: Database) -> None:
        async with db.transaction() as tx:
            anna = await tx.users.get_or_create(42, "Anna")
            again = await tx.users.get_or_create(42, "Anna B. (neuer Name)")
            assert again == anna and again.display_name == "Anna"
            assert await tx.users.by_account(42) == anna
            assert await tx.users.get(anna.id) == anna
            assert await tx.users.get(anna.id + 1) is None
            assert await tx.users.by_account(43) is None

    async def test_active_team_and_flow_state(self, db: Database) -> None:
        async with db.transaction() as tx:
            user = await tx.users.get_or_create(42, "Anna")
            team = await tx.teams.create("Musterstadt", "Kleinstadt")
            assert await tx.users.get_flow_state(user.id) is None
            await tx.users.set_flow_state(user.id, {"flow": "neues_team", "ort": "Münster"})
            await tx.users.set_active_team(user.id, team.id)
        async with db.transaction() as tx:
            assert await tx.users.get_flow_state(user.id) == {
                "flow": "neues_team",
                "ort": "Münster",
            }
            assert (await tx.users.get(user.id)).active_team_id == team.id  # type: ignore[union-attr]
            await tx.users.set_flow_state(user.id, None)
            await tx.users.set_active_team(user.id, None)
            assert await tx.users.get_flow_state(user.id) is None
            with pytest.raises(NotFoundError):
                await tx.users.set_active_team(999, None)
            with pytest.raises(NotFoundError):
                await tx.users.get_flow_state(999)

    async def test_delete_anonymises_memberships_and_keeps_answers(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, member_id = await make_team(tx, telegram_id=7)
            user = await tx.users.by_account(7)
            assert user is not None
            button = await tx.buttons.create({"a": 1}, user_id=user.id)
            answer = await tx.answers.add(team_id, "as1", "actors", member_id, "Sportverein")
            assert await tx.users.delete(user.id)
            assert not await tx.users.delete(user.id)
        async with db.read() as tx:
            member = await tx.members.get(member_id)
            assert member is not None
            assert member.user_id is None and member.display_name == ANONYMOUS_NAME
            assert await tx.answers.current(team_id, "as1") == [answer]
            assert await tx.buttons.resolve(button) is None
            assert await tx.users.by_account(7) is None


class TestTeamsAndMembers:
    async def test_teams_of_a_user_with_membership(self, db: Database, clock: FakeClock) -> None:
        async with db.transaction() as tx:
            user = await tx.users.get_or_create(1, "Anna")
            first = await tx.teams.create("Aachen", "Großstadt")
            second = await tx.teams.create("Bonn", "Großstadt")
            await tx.teams.create("Köln", "Großstadt")
            clock.advance(minutes=1)
            m2 = await tx.members.add(second.id, user.id, "Anna", "kernteam", "Politik")
            clock.advance(minutes=1)
            m1 = await tx.members.add(first.id, user.id, "Anna", Role.PARTICIPANT, "Wirtschaft")
            assert await tx.teams.for_user(user.id) == [(second, m2), (first, m1)]
            assert await tx.teams.get(first.id) == first
            assert first.created_at == START
            assert m1.joined_at == START + timedelta(minutes=2)
            with pytest.raises(sqlite3.IntegrityError):
                await tx.members.add(first.id, user.id, "Anna", Role.CORE, "Politik")

    async def test_member_list_roles_state_and_chat_ids(
        self, db: Database, clock: FakeClock
    ) -> None:
        async with db.transaction() as tx:
            team = await tx.teams.create("Musterstadt", "Kleinstadt")
            members = []
            for n, role in enumerate([Role.PARTICIPANT, Role.FACILITATOR, Role.CORE]):
                user = await tx.users.get_or_create(f"telegram:{500 + n}", f"P{n}")
                members.append(await tx.members.add(team.id, user.id, f"P{n}", role, "Politik"))
                clock.advance(seconds=1)
            assert await tx.members.list(team.id) == members
            assert await tx.members.of_user(team.id, members[1].user_id) == members[1]  # type: ignore[arg-type]
            assert await tx.members.accounts(team.id) == [
                "telegram:500",
                "telegram:501",
                "telegram:502",
            ]
            core = {Role.FACILITATOR, Role.CORE}
            assert await tx.members.accounts(team.id, core) == ["telegram:501", "telegram:502"]
            assert await tx.members.accounts(team.id, set()) == []

            await tx.members.set_role(members[0].id, Role.CORE)
            assert (await tx.members.get(members[0].id)).role is Role.CORE  # type: ignore[union-attr]
            assert await tx.members.get_state(members[0].id) == {}
            state = {"step": "as1", "prompt": "actors", "draft": {"name": "Bürgerverein"}}
            await tx.members.set_state(members[0].id, state)
            assert await tx.members.get_state(members[0].id) == state

            await tx.members.anonymise(members[2].id)
            assert await tx.members.accounts(team.id, core) == ["telegram:500", "telegram:501"]
            assert await tx.members.get_state(members[2].id) == {}
            assert await tx.members.delete(members[0].id)
            assert not await tx.members.delete(members[0].id)
            assert [m.id for m in await tx.members.list(team.id)] == [m.id for m in members[1:]]
            for call in (
                tx.members.set_role(999, Role.CORE),
                tx.members.get_state(999),
                tx.members.set_state(999, {}),
                tx.members.anonymise(999),
            ):
                with pytest.raises(NotFoundError):
                    await call

    async def test_an_anonymous_answer_stays_anonymous_when_edited(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, member_id = await make_team(tx)
            named = await tx.answers.add(team_id, "as5", "ideas", member_id, {"title": "A"})
            secret = await tx.answers.add(
                team_id, "as5", "ideas", member_id, {"title": "B"}, anonymous=True
            )
            edited = await tx.answers.replace(secret.id, member_id, {"title": "B2"})
        async with db.read() as tx:
            assert not named.anonymous and secret.anonymous and edited.anonymous
            current = await tx.answers.current(team_id, "as5")
            assert [(a.value["title"], a.anonymous) for a in current] == [
                ("A", False),
                ("B2", True),
            ]
            # The author is stored (for /meinedaten), but counted without a name.
            assert edited.author_id == member_id
            assert await tx.answers.contributors(team_id, "as5") == {member_id: 1, None: 1}

    async def test_anonymise_keeps_answers_with_their_author(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, member_id = await make_team(tx)
            answer = await tx.answers.add(team_id, "as2", "swot", member_id, {"s": "Lage"})
            await tx.members.set_state(member_id, {"step": "as2"})
            await tx.members.anonymise(member_id)
        async with db.read() as tx:
            member = await tx.members.get(member_id)
            assert member is not None and member.user_id is None
            assert member.display_name == "Gelöschte Person"
            assert await tx.answers.current(team_id, "as2") == [answer]
            assert answer.author_id == member_id
            assert await tx.answers.contributors(team_id, "as2") == {member_id: 1}
            assert await tx.members.get_state(member_id) == {}

    async def test_deleting_a_team_cascades(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, member_id = await make_team(tx)
            other_id, other_member = await make_team(tx, "Andere", telegram_id=200)
            user = await tx.users.by_account(100)
            assert user is not None
            await tx.users.set_active_team(user.id, team_id)
            idea = await tx.answers.add(team_id, "as5", "ideas", member_id, "App")
            vote = await tx.answers.add(team_id, "as5", "votes", member_id, 3, subject_id=idea.id)
            await tx.answers.replace(vote.id, member_id, 2)
            await tx.answers.add(other_id, "as5", "ideas", other_member, "Bleibt")
            await tx.invites.create(team_id, member_id, "abc", timedelta(days=7))
            await tx.steps.set(team_id, "as5", StepStatus.CLOSED, member_id)
            await tx.buttons.create({"x": 1}, team_id=team_id)
            await tx.groups.link(-100, team_id, member_id)
            assert await tx.teams.delete(team_id)
            assert not await tx.teams.delete(team_id)
        assert await sql(db, "SELECT municipality FROM teams") == [("Andere",)]
        for table in ("invites", "step_status", "buttons", "group_chats"):
            assert await count(db, table) == 0, table
        assert await sql(db, "SELECT team_id FROM members") == [(other_id,)]
        assert await sql(db, "SELECT value FROM answers") == [('"Bleibt"',)]
        assert await count(db, "users") == 2
        assert await sql(db, "SELECT active_team_id FROM users WHERE account = '100'") == [(None,)]


class TestInvites:
    async def test_create_get_active_revoke_expire(self, db: Database, clock: FakeClock) -> None:
        async with db.transaction() as tx:
            team_id, member_id = await make_team(tx)
            week = await tx.invites.create(team_id, member_id, "WOCHE", timedelta(days=7))
            clock.advance(seconds=1)
            day = await tx.invites.create(team_id, None, "TAG", timedelta(days=1))
            assert week.expires_at == START + timedelta(days=7)
            assert await tx.invites.get("WOCHE") == week
            assert await tx.invites.get("NIX") is None
            assert await tx.invites.active(team_id) == [week, day]
            with pytest.raises(ValueError):
                await tx.invites.create(team_id, None, "NULL", timedelta(0))
        clock.advance(days=2)
        async with db.transaction() as tx:
            assert await tx.invites.active(team_id) == [week]
            assert await tx.invites.revoke("WOCHE")
            assert not await tx.invites.revoke("WOCHE")
            assert not await tx.invites.revoke("NIX")
            assert await tx.invites.active(team_id) == []
            revoked = await tx.invites.get("WOCHE")
            assert revoked is not None and revoked.revoked_at == clock.now
            assert not revoked.is_valid(clock.now)


class TestAnswers:
    async def test_replace_keeps_history(self, db: Database, clock: FakeClock) -> None:
        async with db.transaction() as tx:
            team_id, anna = await make_team(tx)
            first = await tx.answers.add(team_id, "as3", "vision", anna, "Grüne Stadt")
            clock.advance(minutes=5)
            second = await tx.answers.replace(first.id, anna, "Grüne, digitale Stadt")
            clock.advance(minutes=5)
            third = await tx.answers.replace(second.id, None, "Grüne, vernetzte Stadt")
            assert (second.team_id, second.step, second.prompt) == (team_id, "as3", "vision")
            assert await tx.answers.current(team_id, "as3") == [third]
            versions = [first, second, third]
            for version in versions:
                assert await tx.answers.history(version.id) == versions
                assert await tx.answers.latest(version.id) == third
            assert await tx.answers.get(first.id) == first
            assert await tx.answers.history(9999) == []
            assert third.created_at == START + timedelta(minutes=10)
            with pytest.raises(ConflictError):
                await tx.answers.replace(first.id, anna, "veraltet")
            with pytest.raises(NotFoundError):
                await tx.answers.replace(9999, anna, "x")
        assert await count(db, "answers") == 3

    async def test_current_filters_and_order(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, anna = await make_team(tx)
            other_team, _ = await make_team(tx, "Andere", telegram_id=9)
            user = await tx.users.get_or_create(101, "Ben")
            ben = (await tx.members.add(team_id, user.id, "Ben", Role.CORE, "Politik")).id
            a = await tx.answers.add(team_id, "as5", "ideas", anna, {"t": "App"})
            b = await tx.answers.add(team_id, "as5", "ideas", ben, {"t": "WLAN"})
            c = await tx.answers.add(team_id, "as5", "ideas", anna, {"t": "Sensoren"})
            await tx.answers.add(team_id, "as6", "ideas", anna, {"t": "anderer Schritt"})
            await tx.answers.add(other_team, "as5", "ideas", None, {"t": "anderes Team"})
            v1 = await tx.answers.add(team_id, "as5", "votes", anna, 2, subject_id=b.id)
            v2 = await tx.answers.add(team_id, "as5", "votes", ben, 1, subject_id=b.id)
            v3 = await tx.answers.add(team_id, "as5", "votes", ben, 3, subject_id=c.id)
            b2 = await tx.answers.replace(b.id, ben, {"t": "Freies WLAN"})
            v2b = await tx.answers.replace(v2.id, ben, 2)
            await tx.answers.delete(a.id)

            def ids(answers: list[Answer]) -> list[int]:
                return [answer.id for answer in answers]

            # An edited item keeps its place in the order.
            assert await tx.answers.current(team_id, "as5", "ideas") == [b2, c]
            assert ids(await tx.answers.current(team_id, "as5")) == ids([b2, c, v1, v2b, v3])
            for version in (b, b2):
                votes = await tx.answers.current(team_id, "as5", "votes", subject_id=version.id)
                assert ids(votes) == ids([v1, v2b])
            assert ids(await tx.answers.current(team_id, "as5", author_id=ben)) == ids(
                [b2, v2b, v3]
            )
            assert ids(await tx.answers.current(team_id, "as5", "votes", b.id, anna)) == [v1.id]
            assert await tx.answers.current(team_id, "as5", subject_id=9999) == []
            everything = await tx.answers.current(team_id)
            assert [a.step for a in everything] == ["as5", "as5", "as6", "as5", "as5", "as5"]
            assert await tx.answers.contributors(team_id, "as5") == {anna: 2, ben: 3}
            with pytest.raises(ValueError, match="another team"):
                await tx.answers.add(other_team, "as5", "votes", None, 1, subject_id=c.id)

    async def test_references_follow_their_subject(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, anna = await make_team(tx)
            goal = await tx.answers.add(team_id, "as3", "goals", anna, "Daten nutzen")
            field = await tx.answers.add(team_id, "as3", "field", anna, "Verwaltung", goal.id)
            goal2 = await tx.answers.replace(goal.id, anna, "Daten offen nutzen")
            field_now = await tx.answers.latest(field.id)
            assert field_now is not None and field_now.subject_id == goal2.id
            # Adding about an old version refers to the current one.
            rating = await tx.answers.add(team_id, "as3", "rating", anna, 4, subject_id=goal.id)
            assert rating.subject_id == goal2.id
            field2 = await tx.answers.replace(field.id, anna, "Mobilität")
            assert field2.subject_id == goal2.id
            # A replaced version keeps the reference it had when it was replaced.
            goal3 = await tx.answers.replace(goal2.id, anna, "Daten offen und sicher nutzen")
            assert [v.subject_id for v in await tx.answers.history(field2.id)] == [
                goal2.id,
                goal3.id,
            ]
            await tx.answers.delete(goal3.id)
            assert await tx.answers.current(team_id, "as3") == []
            with pytest.raises(ConflictError, match="deleted"):
                await tx.answers.add(team_id, "as3", "field", anna, "x", subject_id=goal.id)
            with pytest.raises(NotFoundError):
                await tx.answers.add(team_id, "as3", "field", anna, "x", subject_id=9999)

    async def test_delete_is_soft_and_takes_dependent_answers_along(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, anna = await make_team(tx)
            idea = await tx.answers.add(team_id, "as5", "ideas", anna, "App")
            keep = await tx.answers.add(team_id, "as5", "ideas", anna, "WLAN")
            sketch = await tx.answers.add(team_id, "as5", "sketch", anna, {}, subject_id=idea.id)
            risk = await tx.answers.add(team_id, "as6", "risks", anna, "Kosten", sketch.id)
            vote = await tx.answers.add(team_id, "as5", "votes", anna, 1, subject_id=keep.id)
            edited = await tx.answers.replace(idea.id, anna, "Bürger-App")
            with pytest.raises(ConflictError):
                await tx.answers.delete(idea.id)
            assert await tx.answers.delete(edited.id)
            assert not await tx.answers.delete(edited.id)
            with pytest.raises(NotFoundError):
                await tx.answers.delete(9999)
            assert await tx.answers.current(team_id, "as5") == [keep, vote]
            assert await tx.answers.current(team_id, "as6") == []
            assert await tx.answers.latest(idea.id) is None
            assert await tx.answers.history(edited.id) == [idea, edited]
            assert await tx.answers.get(risk.id) == risk
        assert await count(db, "answers") == 6

    async def test_by_author_and_delete_by_author(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, anna = await make_team(tx)
            user = await tx.users.get_or_create(101, "Ben")
            ben = (await tx.members.add(team_id, user.id, "Ben", Role.CORE, "Politik")).id
            own = await tx.answers.add(team_id, "as1", "actors", anna, "Annas Verein")
            own2 = await tx.answers.replace(own.id, anna, "Annas Sportverein")
            bens = await tx.answers.add(team_id, "as1", "actors", ben, "Bens Firma")
            edit_of_bens = await tx.answers.replace(bens.id, anna, "Bens Firma GmbH")
            taken_over = await tx.answers.add(team_id, "as1", "actors", anna, "Schule")
            ben_edit = await tx.answers.replace(taken_over.id, ben, "Grundschule")
            ben_vote = await tx.answers.add(team_id, "as1", "votes", ben, 5, subject_id=own2.id)
            vote_on_edit = await tx.answers.add(team_id, "as1", "votes", ben, 1, edit_of_bens.id)
            assert await tx.answers.by_author(anna) == [own, own2, edit_of_bens, taken_over]

            assert await tx.answers.delete_by_author(anna) == 4
            assert await tx.answers.by_author(anna) == []
            # Anna's own item is gone with the vote on it; her edit of Ben's item is
            # withdrawn; Ben's edit of her item stays his.
            current = await tx.answers.current(team_id, "as1")
            assert [a.id for a in current] == [bens.id, ben_edit.id, vote_on_edit.id]
            assert current[2].subject_id == bens.id  # follows the restored version
            assert await tx.answers.latest(ben_vote.id) is None
            history = await tx.answers.history(ben_edit.id)
            assert [(a.author_id, a.value) for a in history] == [
                (None, None),
                (ben, "Grundschule"),
            ]
            assert await tx.answers.contributors(team_id, "as1") == {ben: 3}
        stored = await sql(db, "SELECT value FROM answers WHERE author_id IS NULL")
        assert stored == [("null",)] * 4
        assert "Annas" not in str(await sql(db, "SELECT * FROM answers"))


class TestSteps:
    async def test_status_defaults_to_open_and_records_who_closed(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, anna = await make_team(tx)
            assert await tx.steps.status(team_id, "as1") is StepStatus.OPEN
            assert await tx.steps.all(team_id) == {}
            await tx.steps.set(team_id, "as1", StepStatus.RUNNING)
            await tx.steps.set(team_id, "as2", "abgeschlossen", by_member=anna)
            assert await tx.steps.status(team_id, "as1") is StepStatus.RUNNING
            assert await tx.steps.all(team_id) == {
                "as1": StepStatus.RUNNING,
                "as2": StepStatus.CLOSED,
            }
            assert await sql_in(tx, "SELECT step, closed_by FROM step_status ORDER BY step") == [
                ("as1", None),
                ("as2", anna),
            ]
            await tx.steps.set(team_id, "as2", StepStatus.RUNNING, by_member=anna)
            assert await sql_in(tx, "SELECT closed_by FROM step_status WHERE step = 'as2'") == [
                (None,)
            ]
            with pytest.raises(ValueError):
                await tx.steps.set(team_id, "as3", "fertig")


async def sql_in(tx: Tx, query: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in await tx._session.fetchall(query)]


class TestDelivery:
    async def test_updates_seen_after_record(self, db: Database, clock: FakeClock) -> None:
        async with db.transaction() as tx:
            assert not await tx.updates.seen(1)
            await tx.updates.record(1)
            await tx.updates.record(1)
            assert await tx.updates.seen(1)
        clock.advance(days=3)
        async with db.transaction() as tx:
            await tx.updates.record(2)
            assert await tx.updates.prune(keep_days=2) == 1
            assert not await tx.updates.seen(1)
            assert await tx.updates.seen(2)

    async def test_outbox_pending_sent_failed(self, db: Database, clock: FakeClock) -> None:
        async with db.transaction() as tx:
            first = await tx.outbox.add("telegram:100", {"text": "Grüß Gott"})
            second = await tx.outbox.add("telegram:200", {"text": "Erinnerung"}, bulk=True)
            third = await tx.outbox.add("telegram:300", {"text": "Dritte"})
            pending = await tx.outbox.pending()
            assert [(i.id, i.chat_id, i.bulk, i.attempts) for i in pending] == [
                (first, "telegram:100", False, 0),
                (second, "telegram:200", True, 0),
                (third, "telegram:300", False, 0),
            ]
            assert pending[0].payload == {"text": "Grüß Gott"}
            assert [i.id for i in await tx.outbox.pending(limit=1)] == [first]

            await tx.outbox.mark_sent(first)
            await tx.outbox.mark_failed(second, "429 Too Many Requests")
            await tx.outbox.mark_failed(second, "Timeout")
            assert [i.id for i in await tx.outbox.pending()] == [second, third]
            assert [i.id for i in await tx.outbox.pending(max_attempts=2)] == [third]
            failed = await tx.outbox.get(second)
            assert failed is not None
            assert (failed.attempts, failed.last_error, failed.sent_at) == (2, "Timeout", None)
            sent = await tx.outbox.get(first)
            assert sent is not None and sent.sent_at == START
            assert await tx.outbox.get(9999) is None
            with pytest.raises(NotFoundError):
                await tx.outbox.mark_sent(9999)
        clock.advance(days=8)
        async with db.transaction() as tx:
            assert await tx.outbox.prune(timedelta(days=7)) == 1
            assert await tx.outbox.get(first) is None

    async def test_buttons_create_resolve_prune(self, db: Database, clock: FakeClock) -> None:
        async with db.transaction() as tx:
            team_id, _ = await make_team(tx)
            user = await tx.users.by_account(100)
            assert user is not None
            payload = {"action": "vote", "idea": 12, "label": "Bürger-App"}
            ids = {await tx.buttons.create(payload, user.id, team_id) for _ in range(200)}
            assert len(ids) == 200
            for button_id in ids:
                assert len(button_id) == BUTTON_ID_LENGTH == 10
                assert len(button_id.encode()) <= 64
                assert button_id.replace("-", "").replace("_", "").isalnum()
            stored = await tx.buttons.resolve(next(iter(ids)))
            assert stored is not None
            assert (stored.payload, stored.user_id, stored.team_id) == (payload, user.id, team_id)
            assert stored.created_at == START
            assert await tx.buttons.resolve("unbekannt") is None
            with pytest.raises(sqlite3.IntegrityError):
                await tx.buttons.create({}, user_id=999)
        clock.advance(days=2)
        async with db.transaction() as tx:
            fresh = await tx.buttons.create({"action": "neu"})
            assert await tx.buttons.prune(timedelta(days=1)) == 200
            assert await tx.buttons.resolve(fresh) is not None
            assert await tx.buttons.prune(clock.now + timedelta(seconds=1)) == 1

    async def test_groups_link_and_migrate(self, db: Database) -> None:
        async with db.transaction() as tx:
            team_id, anna = await make_team(tx)
            other_id, _ = await make_team(tx, "Andere", telegram_id=5)
            assert await tx.groups.team_of(-1) is None
            await tx.groups.link(-1, team_id, anna)
            assert await tx.groups.team_of(-1) == team_id
            assert await tx.groups.migrate(-1, -1001)
            assert await tx.groups.team_of(-1) is None
            assert await tx.groups.team_of(-1001) == team_id
            assert not await tx.groups.migrate(-1, -1001)  # handled twice: nothing changes
            assert await tx.groups.team_of(-1001) == team_id
            await tx.groups.link(-1001, other_id, None)
            assert await tx.groups.team_of(-1001) == other_id
            assert await tx.groups.unlink(-1001)
            assert await tx.groups.team_of(-1001) is None


def test_answer_record_is_the_domain_record() -> None:
    """The repositories hand out the domain's records, not look-alikes."""
    from storage.repositories import answers

    assert answers.Answer is Answer


async def test_buttons_of_one_message_are_stored_in_one_go(tmp_path) -> None:
    async with await Database.open(tmp_path / "b.db") as db:
        async with db.transaction() as tx:
            ids = await tx.buttons.create_many([{"v": "a"}, {"v": "b"}, {"v": "c"}])
        assert len(set(ids)) == 3 and all(len(i.encode()) <= 64 for i in ids)
        async with db.read() as tx:
            assert [(await tx.buttons.resolve(i)).payload["v"] for i in ids] == ["a", "b", "c"]
