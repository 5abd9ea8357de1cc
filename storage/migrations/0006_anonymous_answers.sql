-- 0006 anonymous answers: a contribution made in an anonymous live round („🕶 Anonym“).
-- The author stays stored (for /meinedaten and /loeschen), but no output names them: step
-- summaries, the strategy paper, the team export and the group's live view. Later versions
-- of the item (edits) keep the flag (storage/repositories/answers.py copies it).
ALTER TABLE answers ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1));
