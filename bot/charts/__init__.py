"""Chart renderers: stored results in, PNG bytes plus a text version out.

Nothing here imports ``telegram`` or ``aiosqlite``; every renderer is a pure function of a
pydantic input model, so it can run in a worker process.
"""
