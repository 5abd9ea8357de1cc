-- 0005 taps and names: one-shot buttons are used up, a live tap is remembered for a moment,
-- and no messenger profile names are kept.
--
-- Same conventions as 0001 (ISO-8601 UTC text, STRICT, foreign-key children indexed).

-- When a one-shot button (a confirmation such as „Fassung festschreiben“) was used; a second
-- press of it changes nothing.
ALTER TABLE buttons ADD COLUMN used_at TEXT;

-- The last live-session tap of each person (the button's meaning and when), so that a double
-- tap within a second counts once.
CREATE TABLE recent_taps (
    user_id   INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    value     TEXT NOT NULL,
    tapped_at TEXT NOT NULL
) STRICT;

-- users.display_name held the messenger profile name, which the privacy notice does not
-- cover; the name a person chose for a team is members.display_name.
UPDATE users SET display_name = '';
