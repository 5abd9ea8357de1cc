-- foreign keys off: this migration rebuilds tables other tables refer to (see storage/migrate.py)
-- 0010 addresses: every messenger id becomes an opaque text address "<messenger>:<native id>",
-- so Telegram, Matrix and the console can share one database. A person's account
-- ("telegram:123", "matrix:@anna:example.org") is also the address of the private chat with
-- them (which Matrix room that is, is the adapter's business). Chats in the outbox, message
-- refs, live sessions and linked groups are addresses ("matrix:!room:example.org" for a
-- group room); message ids are opaque text. Update keys (processed_updates, inbox) are the
-- messenger's own: Telegram's update ids stay integers, Matrix event ids are text; inbox rows
-- keep their arrival order (seq).
-- Every existing id was Telegram's and becomes "telegram:<id>".

CREATE TABLE users_new (
    id             INTEGER PRIMARY KEY,
    account        TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    active_team_id INTEGER REFERENCES teams (id) ON DELETE SET NULL,
    flow_state     TEXT,
    created_at     TEXT NOT NULL
) STRICT;
INSERT INTO users_new (id, account, display_name, active_team_id, flow_state, created_at)
    SELECT id, 'telegram:' || telegram_id, display_name, active_team_id, flow_state, created_at
    FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_active_team ON users (active_team_id);

CREATE TABLE outbox_new (
    id         INTEGER PRIMARY KEY,
    chat_id    TEXT NOT NULL,
    payload    TEXT NOT NULL,
    bulk       INTEGER NOT NULL DEFAULT 0 CHECK (bulk IN (0, 1)),
    created_at TEXT NOT NULL,
    sent_at    TEXT,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
) STRICT;
INSERT INTO outbox_new (id, chat_id, payload, bulk, created_at, sent_at, attempts, last_error)
    SELECT id, 'telegram:' || chat_id, payload, bulk, created_at, sent_at, attempts, last_error
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL;

CREATE TABLE group_chats_new (
    chat_id   TEXT PRIMARY KEY,
    team_id   INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    linked_by INTEGER REFERENCES members (id) ON DELETE SET NULL,
    linked_at TEXT NOT NULL
) STRICT;
INSERT INTO group_chats_new (chat_id, team_id, linked_by, linked_at)
    SELECT 'telegram:' || chat_id, team_id, linked_by, linked_at FROM group_chats;
DROP TABLE group_chats;
ALTER TABLE group_chats_new RENAME TO group_chats;
CREATE INDEX group_chats_team ON group_chats (team_id);
CREATE INDEX group_chats_linked_by ON group_chats (linked_by);

CREATE TABLE live_sessions_new (
    id            INTEGER PRIMARY KEY,
    chat_id       TEXT NOT NULL,
    team_id       INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('collect', 'vote', 'rate')),
    target        TEXT NOT NULL,
    anonymous     INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
    budget        INTEGER NOT NULL DEFAULT 3 CHECK (budget BETWEEN 1 AND 20),
    page          INTEGER NOT NULL DEFAULT 0 CHECK (page >= 0),
    started_by    INTEGER REFERENCES members (id) ON DELETE SET NULL,
    started_at    TEXT NOT NULL,
    ends_at       TEXT,
    warned_at     TEXT,
    closed_at     TEXT,
    closed_by     INTEGER REFERENCES members (id) ON DELETE SET NULL,
    version       INTEGER NOT NULL DEFAULT 0,
    shown_version INTEGER NOT NULL DEFAULT 0,
    result        TEXT
) STRICT;
INSERT INTO live_sessions_new
    SELECT id, 'telegram:' || chat_id, team_id, kind, target, anonymous, budget, page,
           started_by, started_at, ends_at, warned_at, closed_at, closed_by, version,
           shown_version, result
    FROM live_sessions;
DROP TABLE live_sessions;
ALTER TABLE live_sessions_new RENAME TO live_sessions;
CREATE UNIQUE INDEX live_sessions_open ON live_sessions (chat_id) WHERE closed_at IS NULL;
CREATE INDEX live_sessions_team ON live_sessions (team_id);
CREATE INDEX live_sessions_started_by ON live_sessions (started_by);
CREATE INDEX live_sessions_closed_by ON live_sessions (closed_by);

CREATE TABLE message_refs_new (
    ref        TEXT PRIMARY KEY,
    chat_id    TEXT NOT NULL,
    message_id TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
INSERT INTO message_refs_new (ref, chat_id, message_id, updated_at)
    SELECT ref, 'telegram:' || chat_id, CAST(message_id AS TEXT), updated_at FROM message_refs;
DROP TABLE message_refs;
ALTER TABLE message_refs_new RENAME TO message_refs;

CREATE TABLE processed_updates_new (
    update_id    ANY PRIMARY KEY,
    processed_at TEXT NOT NULL
) STRICT;
INSERT INTO processed_updates_new SELECT update_id, processed_at FROM processed_updates;
DROP TABLE processed_updates;
ALTER TABLE processed_updates_new RENAME TO processed_updates;
CREATE INDEX processed_updates_at ON processed_updates (processed_at);

CREATE TABLE inbox_new (
    seq        INTEGER PRIMARY KEY,
    update_id  ANY NOT NULL UNIQUE,
    chat_key   ANY NOT NULL,
    payload    TEXT NOT NULL,
    fetched_at TEXT NOT NULL
) STRICT;
INSERT INTO inbox_new (update_id, chat_key, payload, fetched_at)
    SELECT update_id, chat_key, payload, fetched_at FROM inbox ORDER BY update_id;
DROP TABLE inbox;
ALTER TABLE inbox_new RENAME TO inbox;
