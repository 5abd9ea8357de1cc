-- Links between list entries (the ideas of a vote, the idea of a sketch, the project of a risk
-- or an indicator, the indicator of a measurement, the field of a goal or an idea, the actors
-- and members chosen) were stored as titles or labels; from now on they are entry ids and
-- member ids (see dialogs/links.py). The stored values are rewritten by the data step
-- ``links_by_id`` in storage/data_steps.py, in this migration's transaction.

-- Links to people are member ids shown with the member's current label, so a changed name or
-- group (or an anonymised member) must make the decoded answers in the cache stale, as a
-- changed answer does (see 0008_answer_versions.sql).
CREATE TRIGGER members_label_update AFTER UPDATE OF display_name, stakeholder_group, user_id
ON members BEGIN
    INSERT INTO answer_versions (team_id, version) VALUES (NEW.team_id, 1)
        ON CONFLICT (team_id) DO UPDATE SET version = version + 1;
END;
