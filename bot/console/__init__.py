"""The console adapter and the demo: the same engine in a terminal, without a messenger."""
