-- 0007 inbox: updates fetched from Telegram, stored before the getUpdates offset confirms them.
-- The poller writes each fetched batch here in one transaction and only then confirms it, so
-- Telegram never has to deliver it again and fetching goes on while a flood is worked off.
-- A row is done once its update id is in processed_updates (recorded in the transaction of
-- the update's effects) or its handling ended; done rows are deleted with the next batch.
-- At start-up the rows not done are handled first. chat_key orders updates per chat.
CREATE TABLE inbox (
    update_id  INTEGER PRIMARY KEY,
    chat_key   INTEGER NOT NULL,
    payload    TEXT NOT NULL,
    fetched_at TEXT NOT NULL
) STRICT;
