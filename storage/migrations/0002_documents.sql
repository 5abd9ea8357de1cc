-- 0002 documents: finalised versions of the strategy paper and comments on its sections.
--
-- Same conventions as 0001 (ISO-8601 UTC text, JSON as TEXT, STRICT, foreign-key children
-- indexed).

-- A finalised version of a team's strategy paper, numbered 1, 2, … per team. markdown: the
-- text of the version as decided; model: the document model (JSON) its DOCX, PDF and Markdown
-- files are rebuilt from, so a version sent again is the version as it was finalised.
CREATE TABLE strategy_versions (
    id         INTEGER PRIMARY KEY,
    team_id    INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL CHECK (number > 0),
    variant    TEXT NOT NULL CHECK (variant IN ('kompakt', 'ausfuehrlich')),
    markdown   TEXT NOT NULL,
    model      TEXT NOT NULL,
    created_by INTEGER REFERENCES members (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    UNIQUE (team_id, number)
) STRICT;
CREATE INDEX strategy_versions_created_by ON strategy_versions (created_by);

-- A member's comment on one section of the strategy paper (section: the section's key, e.g.
-- 'vision'). version NULL: an open comment on the current draft; when a version is finalised,
-- the open comments are filed under its number.
CREATE TABLE strategy_comments (
    id         INTEGER PRIMARY KEY,
    team_id    INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    section    TEXT NOT NULL,
    author_id  INTEGER REFERENCES members (id) ON DELETE SET NULL,
    text       TEXT NOT NULL CHECK (length(text) > 0),
    created_at TEXT NOT NULL,
    version    INTEGER CHECK (version IS NULL OR version > 0)
) STRICT;
CREATE INDEX strategy_comments_team ON strategy_comments (team_id, version, section);
CREATE INDEX strategy_comments_author ON strategy_comments (author_id);
