-- 0003 live: live sessions in linked group chats, and the Telegram message ids that later
-- edits refer to.
--
-- Same conventions as 0001 (ISO-8601 UTC text, JSON as TEXT, STRICT, foreign-key children
-- indexed).

-- A live session in a group chat linked to a team (group_chats). kind: 'collect' (entries go
-- into a pool: target names it, e.g. 'ideas'), 'vote' (dot voting on AS5 ideas with budget
-- dots per person) or 'rate' (likelihood and impact of AS6 risks). The contributions are
-- ordinary answers of the step (with their authors); this row only describes the session.
-- ends_at NULL: no timer. version grows with every change the status message should show;
-- shown_version is the version the status message shows (or is about to show), so edits can
-- be throttled and coalesced. page: which risks a rate session shows. At most one open
-- session per chat.
CREATE TABLE live_sessions (
    id            INTEGER PRIMARY KEY,
    chat_id       INTEGER NOT NULL,
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
CREATE UNIQUE INDEX live_sessions_open ON live_sessions (chat_id) WHERE closed_at IS NULL;
CREATE INDEX live_sessions_team ON live_sessions (team_id);
CREATE INDEX live_sessions_started_by ON live_sessions (started_by);
CREATE INDEX live_sessions_closed_by ON live_sessions (closed_by);

-- The Telegram message a sent outbox item became, by a name the item carried (payload "ref",
-- e.g. 'live:12' for the status message of session 12), so that a later item can edit it
-- (payload "edit_ref"). Written by the courier after the send.
CREATE TABLE message_refs (
    ref        TEXT PRIMARY KEY,
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
