-- 0001 initial: every table of the workshop bot.
--
-- Conventions: timestamps are ISO-8601 UTC text ("2025-03-01T09:30:00.000000+00:00", fixed
-- width, so text order is time order); JSON columns are TEXT; tables are STRICT so a wrong
-- type is an error, not a silent conversion. Every foreign-key child column is indexed:
-- SQLite scans the child table on each parent delete otherwise.

-- One municipality's workshop.
CREATE TABLE teams (
    id           INTEGER PRIMARY KEY,
    municipality TEXT NOT NULL,
    town_type    TEXT NOT NULL,
    created_at   TEXT NOT NULL
) STRICT;

-- A person as Telegram knows them. flow_state: JSON of a dialog that belongs to no team yet
-- (e.g. creating a team), or NULL.
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    telegram_id    INTEGER NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    active_team_id INTEGER REFERENCES teams (id) ON DELETE SET NULL,
    flow_state     TEXT,
    created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX users_active_team ON users (active_team_id);

-- Membership of a person in a team. user_id NULL: the person deleted their data, the
-- membership stays (anonymised) so that the team's results keep their authors.
CREATE TABLE members (
    id                INTEGER PRIMARY KEY,
    team_id           INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id           INTEGER REFERENCES users (id) ON DELETE SET NULL,
    display_name      TEXT NOT NULL,
    role              TEXT NOT NULL CHECK (role IN ('moderation', 'kernteam', 'teilnehmend')),
    stakeholder_group TEXT NOT NULL,
    dialog_state      TEXT NOT NULL DEFAULT '{}',
    joined_at         TEXT NOT NULL,
    UNIQUE (team_id, user_id)
) STRICT;
CREATE INDEX members_user ON members (user_id);

CREATE TABLE invites (
    code       TEXT PRIMARY KEY,
    team_id    INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES members (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
) STRICT;
CREATE INDEX invites_team ON invites (team_id);
CREATE INDEX invites_created_by ON invites (created_by);

-- Every answer ever given; edits insert a new version and point the old one at it
-- (replaced_by), deletions only set deleted_at. origin_id: the first version of this item
-- (NULL on the first version itself), so a history is one indexed lookup. subject_id: the
-- answer this one is about (a vote's idea); on current rows it names the subject's current
-- version (storage/repositories/answers.py keeps it so).
CREATE TABLE answers (
    id          INTEGER PRIMARY KEY,
    team_id     INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    step        TEXT NOT NULL,
    prompt      TEXT NOT NULL,
    subject_id  INTEGER REFERENCES answers (id),
    origin_id   INTEGER REFERENCES answers (id),
    author_id   INTEGER REFERENCES members (id) ON DELETE SET NULL,
    value       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    replaced_by INTEGER REFERENCES answers (id),
    deleted_at  TEXT
) STRICT;
CREATE INDEX answers_current ON answers (team_id, step, prompt)
    WHERE replaced_by IS NULL AND deleted_at IS NULL;
CREATE INDEX answers_subject ON answers (subject_id);
CREATE INDEX answers_origin ON answers (origin_id);
CREATE INDEX answers_replaced_by ON answers (replaced_by);
CREATE INDEX answers_author ON answers (author_id);

-- Progress per team and step; a step without a row is 'offen'.
CREATE TABLE step_status (
    team_id    INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    step       TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('offen', 'laufend', 'abgeschlossen')),
    updated_at TEXT NOT NULL,
    closed_by  INTEGER REFERENCES members (id) ON DELETE SET NULL,
    PRIMARY KEY (team_id, step)
) STRICT;
CREATE INDEX step_status_closed_by ON step_status (closed_by);

-- Telegram update ids already handled, recorded in the transaction that handled them.
CREATE TABLE processed_updates (
    update_id    INTEGER PRIMARY KEY,
    processed_at TEXT NOT NULL
) STRICT;
CREATE INDEX processed_updates_at ON processed_updates (processed_at);

-- Messages to send, written in the transaction that decided to send them.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    chat_id    INTEGER NOT NULL,
    payload    TEXT NOT NULL,
    bulk       INTEGER NOT NULL DEFAULT 0 CHECK (bulk IN (0, 1)),
    created_at TEXT NOT NULL,
    sent_at    TEXT,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL;

-- Inline-button payloads; Telegram only carries the short id (callback_data <= 64 bytes).
CREATE TABLE buttons (
    id         TEXT PRIMARY KEY,
    user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
    team_id    INTEGER REFERENCES teams (id) ON DELETE CASCADE,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX buttons_user ON buttons (user_id);
CREATE INDEX buttons_team ON buttons (team_id);
CREATE INDEX buttons_created ON buttons (created_at);

-- Group chats linked to a team for live sessions.
CREATE TABLE group_chats (
    chat_id   INTEGER PRIMARY KEY,
    team_id   INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    linked_by INTEGER REFERENCES members (id) ON DELETE SET NULL,
    linked_at TEXT NOT NULL
) STRICT;
CREATE INDEX group_chats_team ON group_chats (team_id);
CREATE INDEX group_chats_linked_by ON group_chats (linked_by);
