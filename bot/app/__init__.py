"""The application: one transaction per update, routing, delivery, scheduling and one
handler module per feature. Knows no messenger; uses storage."""
