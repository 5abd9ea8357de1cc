-- 0008 answer versions: a counter per team that every change to the team's answers raises
-- (inserts, edits, deletions, cascades, other processes such as `werkstatt import`). The bot
-- keeps the decoded current answers of a team in memory and uses them only while the counter
-- still has the value they were read at (storage/answer_cache.py). A rolled-back change rolls
-- the counter back with it; committed values only grow.
CREATE TABLE answer_versions (
    team_id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
) STRICT;

CREATE TRIGGER answers_version_insert AFTER INSERT ON answers BEGIN
    INSERT INTO answer_versions (team_id, version) VALUES (NEW.team_id, 1)
        ON CONFLICT (team_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER answers_version_update AFTER UPDATE ON answers BEGIN
    INSERT INTO answer_versions (team_id, version) VALUES (NEW.team_id, 1)
        ON CONFLICT (team_id) DO UPDATE SET version = version + 1;
END;

CREATE TRIGGER answers_version_delete AFTER DELETE ON answers BEGIN
    INSERT INTO answer_versions (team_id, version) VALUES (OLD.team_id, 1)
        ON CONFLICT (team_id) DO UPDATE SET version = version + 1;
END;
