"""Presentation: fixed texts, the per-step outputs table, live views, the privacy notice.
Plain values in, message values out; no storage, no messenger."""
