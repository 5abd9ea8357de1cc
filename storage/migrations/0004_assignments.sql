-- 0004 assignments: the facilitator assigns a work step (or a part of one) to members with a
-- due date; the bot reminds those who have not finished it, and tells the core team once when
-- all have.
--
-- Same conventions as 0001 (ISO-8601 UTC text, JSON as TEXT, STRICT, foreign-key children
-- indexed). Every table has team_id, so the team export includes it.

-- One assignment: step is a work step ('as3', every part of it) or one part ('as1_swot').
-- due: the day it is due ('2026-12-12', a calendar day in Europe/Berlin); due_set_at: when
-- that day was set (a reminder is only sent if its moment comes after this). done_noted_at:
-- when the core team was told that every assignee finished (set once).
CREATE TABLE assignments (
    id            INTEGER PRIMARY KEY,
    team_id       INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    step          TEXT NOT NULL,
    due           TEXT NOT NULL,
    due_set_at    TEXT NOT NULL,
    created_by    INTEGER REFERENCES members (id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL,
    done_noted_at TEXT
) STRICT;
CREATE INDEX assignments_team ON assignments (team_id, step);
CREATE INDEX assignments_created_by ON assignments (created_by);

-- Who an assignment goes to. reminded_before / reminded_on: the due day for which the
-- reminder the day before / on the day went out (NULL: none yet), so each is sent once per
-- due day, and a moved due day re-arms both.
CREATE TABLE assignees (
    assignment_id   INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    team_id         INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    member_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    reminded_before TEXT,
    reminded_on     TEXT,
    PRIMARY KEY (assignment_id, member_id)
) STRICT;
CREATE INDEX assignees_team ON assignees (team_id);
CREATE INDEX assignees_member ON assignees (member_id);

-- A member went through a dialog (a work step or part) to its end: what "answered" means for
-- assignments. Kept once per member and dialog, with the last time.
CREATE TABLE step_finishes (
    team_id     INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    step        TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    PRIMARY KEY (member_id, step)
) STRICT;
CREATE INDEX step_finishes_team ON step_finishes (team_id);
