"""Throughput benchmark: the Werkstatt bot against a bare python-telegram-bot echo bot.

Both bots run as subprocesses (so each gets its own core) against the same in-process fake Bot
API server (:class:`tests.fakeapi.FakeBotApi`). ``--members`` simulated people answer text
prompts concurrently, each in a closed loop: send one entry, wait for the bot's answer, send the
next (``--messages`` entries each). Latency is the time from pushing the update to the bot's
first reply in that chat, taken when the server receives the ``sendMessage``.

* Werkstatt bot: every member is in one team and sits at the AS3 "vision ideas" items prompt;
  an entry is answered with one message, "✔ Gespeichert …" on top of the re-asked prompt with
  its buttons (the latency; the member sends the next entry after it, as a person would).
  Before it, the bot removes the buttons of the prompt it supersedes (``editMessageReplyMarkup``,
  no message in the chat): counted apart as "keyboard edits per update".
* Echo bot: a standard ``Application`` + ``run_polling`` + ``MessageHandler`` that replies with
  ``update.message.reply_text(text)``.

Printed last: ``ratio: X`` = Werkstatt throughput / echo throughput (target ≥ 0.5, with the
Werkstatt p99 below 100 ms on a 2-core machine). Run from the project root::

    /tmp/venv/bin/python benchmarks/throughput.py --members 50 --messages 20

``--profile-bot FILE`` runs the Werkstatt bot under cProfile (slower!) and prints the top
cumulative entries afterwards.

``--paced`` measures latency below saturation instead: 100 members (unless ``--members``
says otherwise), each sending an entry every 2 s (``--period``), staggered; target p99 < 100 ms.

``--preload N`` copies an entry N times into the team before the measured phase (directly into
the database), so the run shows the cost per update of a team that already holds N entries;
compare the CPU per update with a run without it (target: within 20 %).

``--flood N`` measures fairness and memory instead: member 1 sends N entries at once, member 2
sends ``/hilfe`` again and again (the next 0.1 s after the answer) until the flood is answered;
printed are member 2's p50/p99 reply latency (target p99 < 1 s), then member 2 asks for the AS3
summary with its chart, both members at once, and the peak memory (RSS) of the bot process and
its rendering workers is printed (target < 250 MiB together).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``tests`` importable
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("PTB_TIMEDELTA", "true")

from tests.e2e import create_team, expect, join_team  # noqa: E402
from tests.fakeapi import ChatClient, FakeBotApi, FakeUser, SentMessage  # noqa: E402

TOKEN = "123456789:AAHbenchTOKENforTHEfakeAPIserver_xyz"
FIRST_USER_ID = 50_001

ECHO_BOT = """
import sys
from telegram.ext import Application, MessageHandler, filters

async def echo(update, context):
    await update.message.reply_text(update.message.text)

app = Application.builder().token(sys.argv[1]).base_url(sys.argv[2]).build()
app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
app.run_polling()
"""


# --------------------------------------------------------------------------------------------
# The server with a cheap per-chat probe
# --------------------------------------------------------------------------------------------


class BenchApi(FakeBotApi):
    """FakeBotApi that calls a per-chat listener for every message the bot sends or edits (not
    for removed buttons alone, which bring nothing new into the chat).

    ``ChatClient.reply`` re-evaluates every waiting client after every request, which is fine
    for tests but would make the harness (not the bot) the bottleneck with 50 waiting members;
    the measured phase therefore waits on these listeners instead.
    """

    def __init__(self) -> None:
        super().__init__()
        self.listeners: dict[int, Callable[[SentMessage], None]] = {}

    def _publish(self, sent: SentMessage, *, arrives: bool = True):  # type: ignore[override]
        message = super()._publish(sent, arrives=arrives)
        if arrives and (listener := self.listeners.get(sent.chat_id)) is not None:
            listener(sent)
        return message


# --------------------------------------------------------------------------------------------
# Subprocesses
# --------------------------------------------------------------------------------------------


def _die_with_parent() -> None:
    """Linux: SIGTERM the child if the benchmark dies (no orphan polling a dead server)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class BotProcess:
    """A bot in a subprocess, logging to a file; stopped with SIGTERM, killed if it hangs."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.name = name
        self.argv = argv
        self.env = env
        self.log = log
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self, api: FakeBotApi, timeout: float) -> None:  # noqa: ASYNC109
        since = len(api.calls)
        with self.log.open("wb") as out:
            self.proc = await asyncio.create_subprocess_exec(
                *self.argv,
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
        deadline = time.monotonic() + timeout
        while not any(c.method.lower() == "getupdates" for c in api.calls[since:]):
            if self.proc.returncode is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.proc.returncode}\n{self.tail()}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not poll within {timeout}s\n{self.tail()}")
            await asyncio.sleep(0.05)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    async def stop(self, timeout: float = 20) -> int | None:  # noqa: ASYNC109
        if self.proc is None or self.proc.returncode is not None:
            return None if self.proc is None else self.proc.returncode
        with contextlib.suppress(ProcessLookupError):
            self.proc.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.proc.wait(), timeout)
        except TimeoutError:
            print(f"! {self.name} ignored SIGTERM for {timeout}s; killing it", file=sys.stderr)
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            return await self.proc.wait()

    def tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(f"  | {line}" for line in text[-lines:]) or "  | (empty log)"


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent busy since boot (Linux /proc/stat; 0 elsewhere)."""
    try:
        with open("/proc/stat") as f:
            values = [int(v) for v in f.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> dict[int, float]:
    """CPU time (user+system) of every thread of ``pid``, by thread id (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    result: dict[int, float] = {}
    with contextlib.suppress(OSError):
        for tid in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
                result[int(tid)] = (int(fields[11]) + int(fields[12])) / tick
    return result


# --------------------------------------------------------------------------------------------
# Load
# --------------------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    members: int
    messages: int
    wall: float = 0.0
    first: list[float] = field(default_factory=list)  # push → first reply, seconds
    done: list[float] = field(default_factory=list)  # push → last reply of the entry
    replies: int = 0  # messages/edits the bot published during the phase
    keyboard_edits: int = 0  # editMessageReplyMarkup calls (old buttons removed) in the phase
    unexpected: list[str] = field(default_factory=list)
    bot_cpu: dict[int, float] = field(default_factory=dict)  # thread id → CPU seconds
    bot_pid: int = 0
    harness_cpu: float = 0.0
    machine_cpu: float = 0.0  # busy CPU seconds of the whole machine during the phase

    @property
    def other_cpu(self) -> float:
        """CPU used by neither bot nor harness (other programs), in cores."""
        if not self.wall or not self.machine_cpu:
            return 0.0
        used = sum(self.bot_cpu.values()) + self.harness_cpu
        return max(0.0, self.machine_cpu - used) / self.wall

    @property
    def updates(self) -> int:
        return len(self.first)

    @property
    def rate(self) -> float:
        return self.updates / self.wall if self.wall else 0.0


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


async def member_loop(
    api: BenchApi,
    user: FakeUser,
    count: int,
    *,
    is_done: Callable[[SentMessage], bool],
    first_ok: Callable[[SentMessage], bool],
    result: Result | None,
    reply_timeout: float,
    think: float = 0.0,
    period: float = 0.0,
    offset: float = 0.0,
) -> None:
    """One person: ``count`` entries, each sent only after the previous one was answered
    (and, with ``think`` seconds, after pausing that long). With ``period`` the entries are
    sent every ``period`` seconds, the first after ``offset`` (or at once after a late
    answer)."""
    loop = asyncio.get_running_loop()
    next_at = time.perf_counter() + offset
    for number in range(1, count + 1):
        if think and number > 1:
            await asyncio.sleep(think)
        if period:
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            next_at += period
        first: asyncio.Future[tuple[float, SentMessage]] = loop.create_future()
        finished: asyncio.Future[float] = loop.create_future()
        seen = 0

        def listener(sent: SentMessage, first=first, finished=finished) -> None:
            nonlocal seen
            now = time.perf_counter()
            seen += 1
            if not first.done():
                first.set_result((now, sent))
            if is_done(sent) and not finished.done():
                finished.set_result(now)

        api.listeners[user.id] = listener
        text = f"Idee {number} von {user.first_name}: Bürgerdienste online, kurze Wege zum Amt"
        started = time.perf_counter()
        api.push_text(user, text)
        try:
            async with asyncio.timeout(reply_timeout):
                first_at, first_msg = await first
                done_at = await finished
        except TimeoutError:
            raise RuntimeError(
                f"{user.first_name}: no complete answer to entry {number} within "
                f"{reply_timeout}s; bot messages there:\n{api.transcript(user.id)}"
            ) from None
        if result is not None:
            result.first.append(first_at - started)
            result.done.append(done_at - started)
            result.replies += seen
            if not first_ok(first_msg):
                result.unexpected.append(first_msg.body[:100])
    api.listeners.pop(user.id, None)


async def run_load(
    name: str,
    api: BenchApi,
    users: list[FakeUser],
    bot: BotProcess,
    args: argparse.Namespace,
    *,
    is_done: Callable[[SentMessage], bool],
    first_ok: Callable[[SentMessage], bool],
    prepare: Callable[[], Awaitable[None]] | None = None,
) -> Result:
    """Warm-up (unmeasured), ``prepare`` (unmeasured), then the measured phase with all
    members at once."""

    async def phase(count: int, result: Result | None) -> None:
        await asyncio.gather(
            *(
                member_loop(
                    api,
                    user,
                    count,
                    is_done=is_done,
                    first_ok=first_ok,
                    result=result,
                    reply_timeout=args.reply_timeout,
                    think=args.think_ms / 1000,
                    period=args.period if args.paced else 0.0,
                    offset=index * args.period / len(users) if args.paced else 0.0,
                )
                for index, user in enumerate(users)
            )
        )

    if args.warmup:
        await phase(args.warmup, None)
        await quiet(api)
    if prepare is not None:
        await prepare()
    result = Result(name, len(users), args.messages, bot_pid=bot.pid)
    cpu_before = cpu_seconds(bot.pid)
    machine_before = machine_busy_seconds()
    harness_before = time.process_time()
    edits_before = len(api.calls_to("editMessageReplyMarkup"))
    started = time.perf_counter()
    await phase(args.messages, result)
    result.wall = time.perf_counter() - started
    result.keyboard_edits = len(api.calls_to("editMessageReplyMarkup")) - edits_before
    result.harness_cpu = time.process_time() - harness_before
    result.machine_cpu = machine_busy_seconds() - machine_before
    cpu_after = cpu_seconds(bot.pid)
    result.bot_cpu = {tid: cpu_after[tid] - cpu_before.get(tid, 0.0) for tid in cpu_after}
    return result


async def quiet(api: FakeBotApi, seconds: float = 0.5, timeout: float = 30) -> None:  # noqa: ASYNC109
    """Wait until the bot made no request for ``seconds`` (its replies are all out)."""
    deadline = time.monotonic() + timeout
    count = -1
    while count != len(api.calls) and time.monotonic() < deadline:
        count = len(api.calls)
        await asyncio.sleep(seconds)


# --------------------------------------------------------------------------------------------
# Set-up of the Werkstatt team (not measured)
# --------------------------------------------------------------------------------------------


async def set_up_team(api: BenchApi, users: list[FakeUser]) -> None:
    """The first user creates a team and answers the target year; the rest join and open AS3.

    Afterwards every member is at the AS3 "vision ideas" items prompt.
    """
    creator, *others = [ChatClient(api, user) for user in users]
    code = await create_team(creator)
    await asyncio.gather(*(join_team(client, code) for client in others))
    # The facilitator is told about every join (bulk sends, ~30/s); let them all arrive so
    # they do not land in the measured phase.
    await api.wait_for(
        lambda: sum("beigetreten" in m.body for m in api.sent_to(creator.chat.id)) >= len(others),
        timeout=30 + len(others) / 10,
    )
    await quiet(api)

    async def open_as3(client: ChatClient, facilitator: bool) -> None:
        await client.send("/schritte")
        await expect(client, "Arbeitsschritte", timeout=30)
        await client.click("AS3")
        if facilitator:  # the core team sets the target year first
            await expect(client, "Zieljahr", timeout=30)
            await client.send("2035")
        await expect(client, "Stichworte", timeout=30)

    await open_as3(creator, True)
    await asyncio.gather(*(open_as3(client, False) for client in others))
    await quiet(api)


def preload_entries(db: Path, count: int) -> int:
    """Copy the newest answer (an AS3 entry of the warm-up) ``count`` times, as the bot's
    team would hold them after a long workshop. Returns the team's current answers."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        with conn:
            conn.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
                " INSERT INTO answers (team_id, step, prompt, author_id, value, created_at)"
                " SELECT a.team_id, a.step, a.prompt, a.author_id, a.value, a.created_at"
                " FROM n, (SELECT * FROM answers ORDER BY id DESC LIMIT 1) AS a",
                (count,),
            )
        (held,) = conn.execute(
            "SELECT COUNT(*) FROM answers WHERE replaced_by IS NULL AND deleted_at IS NULL"
        ).fetchone()
    finally:
        conn.close()
    return int(held)


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def describe_machine() -> list[str]:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"machine: {os.cpu_count()} cores ({usable} usable), {cpu}, {platform.system()} "
        f"{platform.release()}",
        f"python {platform.python_version()}, python-telegram-bot "
        f"{version('python-telegram-bot')}, httpx {version('httpx')}, aiohttp "
        f"{version('aiohttp')}, aiosqlite {version('aiosqlite')}, SQLite {sqlite3.sqlite_version}",
    ]


def table(results: list[Result]) -> str:
    head = (
        f"{'bot':<10} {'updates':>7} {'wall s':>7} {'upd/s':>7} {'p50 ms':>7} {'p90 ms':>7} "
        f"{'p99 ms':>7} {'max ms':>7} {'msg/upd':>7} {'bot CPU':>8} {'harness':>8} {'other':>6}"
    )
    rows = [head, "-" * len(head)]
    for r in results:
        ms = [v * 1000 for v in r.first]
        bot_cpu = sum(r.bot_cpu.values()) / r.wall if r.wall else 0
        harness = r.harness_cpu / r.wall if r.wall else 0
        rows.append(
            f"{r.name:<10} {r.updates:>7} {r.wall:>7.2f} {r.rate:>7.1f} "
            f"{percentile(ms, 50):>7.1f} {percentile(ms, 90):>7.1f} {percentile(ms, 99):>7.1f} "
            f"{max(ms):>7.1f} {r.replies / max(r.updates, 1):>7.1f} {bot_cpu:>8.0%} "
            f"{harness:>8.0%} {r.other_cpu:>6.0%}"
        )
    return "\n".join(rows)


def details(result: Result) -> list[str]:
    lines = []
    done = [v * 1000 for v in result.done]
    if result.done != result.first:
        lines.append(
            f"{result.name}: until the last reply of an entry (re-asked prompt): "
            f"p50 {percentile(done, 50):.1f} ms, p99 {percentile(done, 99):.1f} ms"
        )
    if result.keyboard_edits:
        lines.append(
            f"{result.name}: {result.keyboard_edits / max(result.updates, 1):.1f} keyboard edits "
            "per update (editMessageReplyMarkup: buttons of the superseded prompt removed)"
        )
    main = result.bot_cpu.get(result.bot_pid, 0.0)
    rest = sum(result.bot_cpu.values()) - main
    per_update = sum(result.bot_cpu.values()) / max(result.updates, 1) * 1000
    lines.append(
        f"{result.name}: bot CPU {per_update:.2f} ms per update (event-loop thread "
        f"{main / max(result.updates, 1) * 1000:.2f} ms, other threads "
        f"{rest / max(result.updates, 1) * 1000:.2f} ms)"
    )
    # Latency over the run: does it grow with the number of stored entries?
    n = len(result.first)
    if n >= 10:
        tenth = n // 10
        first, last = result.first[:tenth], result.first[-tenth:]
        lines.append(
            f"{result.name}: p50 of the first tenth of replies {percentile(first, 50) * 1000:.1f}"
            f" ms, of the last tenth {percentile(last, 50) * 1000:.1f} ms"
        )
    if result.unexpected:
        lines.append(
            f"{result.name}: {len(result.unexpected)} unexpected first replies, e.g. "
            f"{result.unexpected[0]!r}"
        )
    return lines


def print_profile(path: Path, top: int) -> None:
    import pstats

    print(f"\n--- cProfile of the Werkstatt bot ({path}), top {top} by cumulative time ---")
    stats = pstats.Stats(str(path))
    stats.sort_stats("cumulative").print_stats(top)
    print(f"--- top {top} by own time ---")
    stats.sort_stats("tottime").print_stats(top)


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


async def benchmark(args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="werkstatt-bench-", dir=args.db_dir))
    env = os.environ | {
        "PTB_TIMEDELTA": "true",
        "WERKSTATT_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    users = [FakeUser(FIRST_USER_ID + i, f"Mitglied{i + 1}") for i in range(args.members)]
    results: list[Result] = []
    print(*describe_machine(), sep="\n")
    if hasattr(os, "getloadavg"):
        print("load average before the run: " + " ".join(f"{v:.2f}" for v in os.getloadavg()))
    pacing = (
        f"paced (one entry every {args.period:g} s, staggered, or at once after a late answer)"
        if args.paced
        else "closed loop (next entry after the answer"
        f"{f' + {args.think_ms:g} ms pause' if args.think_ms else ''})"
    )
    print(
        f"load: {args.members} members x {args.messages} text entries each, {pacing}, "
        f"{args.warmup} unmeasured "
        f"warm-up entr"
        f"{'y' if args.warmup == 1 else 'ies'} per member; database in {workdir}",
        flush=True,
    )
    async with BenchApi() as api:
        # -- the Werkstatt bot --------------------------------------------------------------
        prefix = [sys.executable]
        if args.profile_bot:
            prefix += ["-m", "cProfile", "-o", str(args.profile_bot)]
        werkstatt = BotProcess(
            "werkstatt",
            [
                *prefix,
                "-m",
                "bot.cli",
                "--db",
                str(workdir / "werkstatt.db"),
                "run",
                "--token",
                TOKEN,
                "--api-base-url",
                api.base_url,
            ],
            env,
            workdir / "werkstatt.log",
        )

        async def preload() -> None:
            held = await asyncio.to_thread(preload_entries, workdir / "werkstatt.db", args.preload)
            print(f"preload: the team holds {held} current answers", flush=True)

        try:
            started = time.perf_counter()
            await werkstatt.start(api, timeout=60)
            await set_up_team(api, users)
            print(
                f"set-up: team of {len(users)} at the AS3 ideas prompt in "
                f"{time.perf_counter() - started:.1f} s",
                flush=True,
            )
            results.append(
                await run_load(
                    "werkstatt",
                    api,
                    users,
                    werkstatt,
                    args,
                    is_done=lambda m: True,  # one message: acknowledgement and prompt
                    first_ok=lambda m: "Gespeichert" in m.body and bool(m.buttons),
                    prepare=preload if args.preload else None,
                )
            )
            await quiet(api)
        except BaseException:
            print(f"werkstatt bot log ({werkstatt.log}):\n{werkstatt.tail()}", file=sys.stderr)
            raise
        finally:
            code = await werkstatt.stop()
            if code not in (0, None):
                print(f"! werkstatt bot exited with {code}\n{werkstatt.tail()}", file=sys.stderr)

        # -- the echo bot, same server, same people ----------------------------------------
        script = workdir / "echo_bot.py"
        script.write_text(ECHO_BOT)
        echo = BotProcess(
            "echo",
            [sys.executable, str(script), TOKEN, api.base_url],
            env,
            workdir / "echo.log",
        )
        try:
            await echo.start(api, timeout=60)
            results.append(
                await run_load(
                    "echo",
                    api,
                    users,
                    echo,
                    args,
                    is_done=lambda m: True,
                    first_ok=lambda m: m.body.startswith("Idee "),
                )
            )
        except BaseException:
            print(f"echo bot log ({echo.log}):\n{echo.tail()}", file=sys.stderr)
            raise
        finally:
            code = await echo.stop()
            if code not in (0, None):
                print(f"! echo bot exited with {code}\n{echo.tail()}", file=sys.stderr)

    print()
    print(table(results))
    print(
        "(CPU columns: share of one core during the measured phase; 'other' is CPU used by "
        "other programs on the machine)"
    )
    print()
    for result in results:
        print(*details(result), sep="\n")
    busy = [r for r in results if r.other_cpu > 0.2]
    if busy:
        print(
            "! other programs used "
            + ", ".join(f"{r.other_cpu:.0%} of a core during the {r.name} phase" for r in busy)
            + ": the figures are disturbed; re-run on a quiet machine"
        )
    if args.profile_bot:
        print_profile(args.profile_bot, args.profile_top)
    bot, echo_result = results
    ratio = bot.rate / echo_result.rate
    p99 = percentile(bot.first, 99) * 1000
    print()
    print(
        f"targets: ratio >= 0.5 {'met' if ratio >= 0.5 else 'MISSED'}"
        + (" (not meaningful under paced load)" if args.paced else "")
        + "; werkstatt p99 < 100 ms "
        f"{'met' if p99 < 100 else 'MISSED'} ({p99:.1f} ms)"
        + (" [bot ran under cProfile: figures are not representative]" if args.profile_bot else "")
    )
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"ratio: {ratio:.2f}")
    return 0


# --------------------------------------------------------------------------------------------
# Flood: fairness and memory
# --------------------------------------------------------------------------------------------


def rss_mib(pid: int) -> float:
    """Resident memory of one process in MiB (0 if it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    rss = [line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")]
    return int(rss[0]) / 1024 if rss else 0.0


def descendants(pid: int) -> list[int]:
    """Child processes (recursively) of ``pid``, from /proc."""
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found += [int(child), *descendants(int(child))]
    return found


class MemoryProbe:
    """Samples the RSS of a process and its descendants; keeps the peaks."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.main = self.workers = self.total = 0.0

    async def run(self, every: float = 0.05) -> None:
        while True:
            main = rss_mib(self.pid)
            workers = sum(rss_mib(child) for child in descendants(self.pid))
            self.main = max(self.main, main)
            self.workers = max(self.workers, workers)
            self.total = max(self.total, main + workers)
            await asyncio.sleep(every)


async def flood_phase(
    api: BenchApi, flooder: FakeUser, other: FakeUser, count: int
) -> list[float]:
    """``flooder`` sends ``count`` entries at once; ``other`` asks for help until the flood is
    answered. Returns ``other``'s reply latencies (seconds)."""

    def answered() -> int:
        return sum("Gespeichert" in m.body for m in api.sent_to(flooder.id))

    before = answered()
    latencies: list[float] = []
    for number in range(count):
        api.push_text(flooder, f"Flut {number}: Bürgerdienste online, kurze Wege zum Amt")
    while answered() < before + count:
        reply: asyncio.Future[float] = asyncio.get_running_loop().create_future()

        def listener(sent: SentMessage, reply=reply) -> None:
            if "So funktioniert" in sent.body and not reply.done():
                reply.set_result(time.perf_counter())

        api.listeners[other.id] = listener
        started = time.perf_counter()
        api.push_text(other, "/hilfe")
        async with asyncio.timeout(120):
            latencies.append(await reply - started)
        await asyncio.sleep(0.1)
    api.listeners.pop(other.id, None)
    return latencies


async def flood_benchmark(args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="werkstatt-flood-", dir=args.db_dir))
    env = os.environ | {"PTB_TIMEDELTA": "true", "WERKSTATT_LOG_LEVEL": "WARNING"}
    flooder, other = (FakeUser(FIRST_USER_ID + i, f"Mitglied{i + 1}") for i in range(2))
    print(*describe_machine(), sep="\n")
    print(f"flood: member 1 sends {args.flood} entries at once, member 2 sends /hilfe", flush=True)
    async with BenchApi() as api:
        argv = [sys.executable, "-m", "bot.cli", "--db", str(workdir / "werkstatt.db"), "run"]
        argv += ["--token", TOKEN, "--api-base-url", api.base_url]
        werkstatt = BotProcess("werkstatt", argv, env, workdir / "werkstatt.log")
        try:
            await werkstatt.start(api, timeout=60)
            await set_up_team(api, [flooder, other])
            probe = MemoryProbe(werkstatt.pid)
            sampling = asyncio.create_task(probe.run())
            started = time.perf_counter()
            latencies = await flood_phase(api, flooder, other, args.flood)
            flood_seconds = time.perf_counter() - started
            # Both ask for the AS3 summary at once: two charts to render at the same time.
            clients = [ChatClient(api, user) for user in (flooder, other)]
            for client in clients:
                await client.send("/zusammenfassung as3")
            for client in clients:
                await expect(client, "Zielmapping", timeout=120)
            await quiet(api)
            sampling.cancel()
        except BaseException:
            print(f"werkstatt bot log ({werkstatt.log}):\n{werkstatt.tail()}", file=sys.stderr)
            raise
        finally:
            await werkstatt.stop()
    p50, p99 = percentile(latencies, 50) * 1000, percentile(latencies, 99) * 1000
    print(
        f"flood of {args.flood} answered in {flood_seconds:.1f} s; member 2: "
        f"{len(latencies)} x /hilfe, p50 {p50:.0f} ms, p99 {p99:.0f} ms, "
        f"max {max(latencies) * 1000:.0f} ms (target p99 < 1000 ms: "
        f"{'met' if p99 < 1000 else 'MISSED'})"
    )
    print(
        f"peak memory (RSS): bot process {probe.main:.0f} MiB, rendering workers "
        f"{probe.workers:.0f} MiB, together {probe.total:.0f} MiB (target < 250 MiB: "
        f"{'met' if probe.total < 250 else 'MISSED'})"
    )
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, help="simulated people (50; 100 with --paced)")
    parser.add_argument("--messages", type=int, default=20, help="measured entries each (20)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured entries each (1)")
    parser.add_argument(
        "--think-ms",
        type=float,
        default=0,
        help="pause between an answer and the next entry (0: saturating load; with a pause the "
        "latency at a lighter load is measured and the ratio says little)",
    )
    parser.add_argument(
        "--paced",
        action="store_true",
        help="paced load: each member sends an entry every --period seconds (latency below "
        "saturation)",
    )
    parser.add_argument(
        "--period", type=float, default=2.0, help="seconds between entries with --paced (2)"
    )
    parser.add_argument(
        "--preload",
        type=int,
        default=0,
        metavar="N",
        help="copy N entries into the team before the measured phase",
    )
    parser.add_argument(
        "--reply-timeout", type=float, default=30, help="seconds to wait for an answer (30)"
    )
    parser.add_argument("--db-dir", help="where the temporary database goes (system temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the database and bot logs")
    parser.add_argument(
        "--profile-bot", type=Path, help="run the Werkstatt bot under cProfile, write stats here"
    )
    parser.add_argument("--profile-top", type=int, default=30, help="profile lines to print")
    parser.add_argument(
        "--flood",
        type=int,
        metavar="N",
        help="fairness and memory: one member sends N entries at once, another asks for help",
    )
    args = parser.parse_args(argv)
    if args.members is None:
        args.members = 100 if args.paced else 50
    if args.members < 1 or args.messages < 1:
        parser.error("--members and --messages must be at least 1")
    if args.profile_bot:
        args.profile_bot = args.profile_bot.resolve()
    try:
        return asyncio.run(flood_benchmark(args) if args.flood else benchmark(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
