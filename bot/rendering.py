"""Charts and documents are built in worker processes, never on the event loop.

matplotlib draws one figure at a time per process, so a small process pool is what lets two
charts render in parallel while the bot keeps answering. Workers are started with ``spawn``:
forking a process that runs aiosqlite's threads is unsafe.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor
from functools import partial
from typing import Any

from bot.charts.base import ChartResult
from bot.charts.registry import render_chart


class Renderer:
    """An async front to a lazily started pool of rendering workers."""

    def __init__(self, workers: int = 2, executor: Executor | None = None) -> None:
        self._workers = workers
        self._executor = executor
        self._cache: dict[tuple[str, str], list[ChartResult]] = {}

    def _pool(self) -> Executor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self._workers, mp_context=multiprocessing.get_context("spawn")
            )
        return self._executor

    async def chart(self, name: str, data: dict[str, Any]) -> list[ChartResult]:
        """Render chart ``name`` from ``data``; repeated requests come from a small cache."""
        key = (name, json.dumps(data, sort_keys=True, ensure_ascii=False))
        if key not in self._cache:
            loop = asyncio.get_running_loop()
            self._cache[key] = await loop.run_in_executor(
                self._pool(), partial(render_chart, name, data)
            )
            while len(self._cache) > 32:
                self._cache.pop(next(iter(self._cache)))
        return self._cache[key]

    async def call(self, function: Any, *args: Any) -> Any:
        """Run a picklable top-level ``function`` in a worker (documents, exports)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool(), partial(function, *args))

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
