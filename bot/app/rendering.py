"""Charts and documents are built in worker processes, never on the event loop.

matplotlib draws one figure at a time per process, so a process pool is what lets charts render
while the bot keeps answering. Workers are started with ``spawn``: forking a process that runs
aiosqlite's threads is unsafe. Memory: the pool has one worker per two cores (at most
:data:`MAX_WORKERS`), and a worker is replaced after :data:`TASKS_PER_WORKER` tasks, so what a
worker's fonts, caches and fragmentation grow to is given back.
"""

from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from functools import partial
from typing import Any

from bot.charts.base import ChartResult
from bot.charts.registry import render_chart
from bot.documents.builders import build_document, chart_requests

log = logging.getLogger(__name__)

#: Most rendering workers, whatever the machine.
MAX_WORKERS = 2
#: Tasks after which a worker process is replaced by a fresh one.
TASKS_PER_WORKER = 25


def default_workers() -> int:
    """One worker per two cores, at least one and at most :data:`MAX_WORKERS`."""
    return max(1, min(MAX_WORKERS, (os.cpu_count() or 1) // 2))


class Renderer:
    """An async front to a lazily started pool of rendering workers."""

    def __init__(self, workers: int | None = None, executor: Executor | None = None) -> None:
        self._workers = workers or default_workers()
        self._executor = executor
        self._cache: dict[tuple[str, str], list[ChartResult]] = {}

    def _pool(self) -> Executor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=multiprocessing.get_context("spawn"),
                max_tasks_per_child=TASKS_PER_WORKER,
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

    async def document(self, builder: str, data: dict[str, Any]) -> bytes:
        """Build the binary document ``builder`` from ``data`` in a worker.

        Its charts are rendered first, in parallel and through the cache (the three formats of
        the strategy paper share them). A chart that fails is logged and left out; the
        document says so instead of failing as a whole.
        """
        requests = chart_requests(builder, data)
        rendered = await asyncio.gather(
            *(self.chart(name, chart_data) for name, chart_data in requests),
            return_exceptions=True,
        )
        images: list[list[ChartResult]] = []
        for (name, _), result in zip(requests, rendered, strict=True):
            if isinstance(result, BaseException):
                if not isinstance(result, Exception):
                    raise result
                log.error("chart %s for document %s failed", name, builder, exc_info=result)
                images.append([])
            else:
                images.append(result)
        return await self.call(build_document, builder, data, images)

    async def call(self, function: Any, *args: Any) -> Any:
        """Run a picklable top-level ``function`` in a worker (documents, exports)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool(), partial(function, *args))

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
