"""Load benchmark: CertiChat against a default `rasa init --no-prompt` bot, in one run, same machine.

Both get the same mixed load over the REST channel (benchmarks/mixed_load.py: the case form,
buttons, the criticality question, escalation ladders, PQRSA, fallbacks, and the realistic
conversations of tests/conversations/) at 1, 4, 16 and 64 conversations at a time, then one long
session. Prints messages per second, p50/p95/p99 latency and errors at each level, the latency by
position in the long session, start-up time, resident memory, the ratios and the goals of issue 12.

    scripts/benchmark.sh [--levels 1,4,16,64] [--long-messages 200] [--profile]
                         [--loads mixta,segunda] [--clients asincrono,hilos]

`--loads segunda` plays benchmarks/second_load.yml instead (or as well), and `--clients hilos` a
client with one thread per conversation and one connection per message, as a simple integration
would send them, besides the asynchronous one.
"""

import argparse
import asyncio
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import aiohttp
import requests

from benchmarks import long_session, mixed_load
from benchmarks.environment import ENV
from benchmarks.server_profile import Profiler
from launcher.processes import Processes, free_port
from launcher.stack import BIN, CertiChat

LEVELS = (1, 4, 16, 64)
# The level the goals are read at: a busy desk's evening, as measured when issue 12 was filed.
GOAL_LEVEL = 16
GOALS = "rendimiento >= x5 y p95 <= x0.25 de rasa init, 0 errores, arranque < 10 s, memoria < 600 MB"
WARM_UP_CONVERSATIONS = 8


def conversations_at(level: int) -> int:
    # A few hundred messages at least, so that a level lasts seconds even for CertiChat; about a
    # thousand at 64 at a time.
    return min(256, max(48, 8 * level))


@dataclass
class Figures:
    latencies: List[float] = field(default_factory=list)
    errors: int = 0
    empty_replies: int = 0
    wall_seconds: float = 0.0

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.wall_seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


@dataclass
class BotRun:
    name: str
    startup_seconds: float = 0.0
    # By (load, client, conversations at a time).
    levels: Dict[Tuple[str, str, int], Figures] = field(default_factory=dict)
    long_session: List[float] = field(default_factory=list)
    memory_mb: Dict[str, float] = field(default_factory=dict)
    stages: Dict[str, float] = field(default_factory=dict)

    @property
    def memory(self) -> float:
        return sum(self.memory_mb.values())


def resident_mb(pid: int) -> float:
    """Resident memory of a process and its children, from /proc."""
    total, pids = 0.0, [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().split(")")[-1].split()[1]) == pid:
                    pids.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                pass
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


async def answered(url: str) -> bool:
    """The server answers a message that needs the action server."""
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
            async with session.post(url, json={"sender": "arranque", "message": "la huella no sirve"}) as reply:
                return reply.status == 200 and isinstance(await reply.json(), list)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        return False


async def drive(urls: List[str], concurrency: int, conversations: List[List[str]]) -> Figures:
    """Plays the conversations, `concurrency` at a time, each message after the previous answer; with
    several processes, each conversation to one of them in turn, as a balancer would."""
    figures = Figures()
    queue: asyncio.Queue[Tuple[str, List[str], str]] = asyncio.Queue()
    for index, messages in enumerate(conversations):
        queue.put_nowait((f"carga-{uuid.uuid4().hex}", messages, urls[index % len(urls)]))

    async def worker(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            sender, messages, url = queue.get_nowait()
            for text in messages:
                started = time.perf_counter()
                try:
                    async with session.post(url, json={"sender": sender, "message": text}) as reply:
                        if reply.status != 200:
                            figures.errors += 1
                        elif not await reply.json():
                            figures.empty_replies += 1
                except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
                    figures.errors += 1
                figures.latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120)) as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    figures.wall_seconds = time.perf_counter() - started
    return figures


def drive_threads(urls: List[str], concurrency: int, conversations: List[List[str]]) -> Figures:
    """The same load from `concurrency` threads, one conversation at a time each, a new connection for
    every message."""
    figures, counting = Figures(), threading.Lock()

    def play(index: int, messages: List[str]) -> None:
        sender, url = f"carga-{uuid.uuid4().hex}", urls[index % len(urls)]
        for text in messages:
            started = time.perf_counter()
            try:
                reply = requests.post(url, json={"sender": sender, "message": text}, timeout=120)
                failed, empty = reply.status_code != 200, reply.status_code == 200 and not reply.json()
            except (requests.RequestException, ValueError):
                failed, empty = True, False
            with counting:
                figures.errors += failed
                figures.empty_replies += empty
                figures.latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(play, range(len(conversations)), conversations))
    figures.wall_seconds = time.perf_counter() - started
    return figures


LOADS: Dict[str, Callable[[int, argparse.Namespace], List[List[str]]]] = {
    "mixta": lambda count, args: mixed_load.conversations(count, args.suite),
    "segunda": lambda count, args: mixed_load.repeated(mixed_load.SECOND_LOAD, count),
}
CLIENTS: Dict[str, Callable[[List[str], int, List[List[str]]], Figures]] = {
    "asincrono": lambda urls, level, load: asyncio.run(drive(urls, level, load)),
    "hilos": drive_threads,
}


def measure(
    name: str, processes: Processes, start: Callable[[], None], ports: List[int], args, logs: Path, pace: float
) -> BotRun:
    """Starts the bot, waits for the first answer of each process (start-up time), warms it up, then
    drives each level of the sweep and the long session."""
    run = BotRun(name)
    urls = [f"http://127.0.0.1:{port}/webhooks/rest/webhook" for port in ports]
    began = time.monotonic()
    start()
    for url in urls:
        while not asyncio.run(answered(url)):
            if processes.first_stopped():
                processes.stop_all()
                raise RuntimeError(f"{name} se detuvo; vea {logs}")
            time.sleep(0.5)
    run.startup_seconds = time.monotonic() - began
    rasa = next(p for n, p in processes.running.items() if n.startswith("rasa"))
    try:
        asyncio.run(drive(urls, 4, mixed_load.conversations(WARM_UP_CONVERSATIONS, args.suite)))
        for level in args.levels:
            for load_name in args.loads:
                load = LOADS[load_name](conversations_at(level), args)
                for client in args.clients:
                    sampled = args.profile and level == GOAL_LEVEL and not run.stages
                    profiler = Profiler(rasa.pid, logs / f"{name}-rasa-stacks.txt") if sampled else None
                    figures = run.levels[load_name, client, level] = CLIENTS[client](urls, level, load)
                    if profiler:
                        run.stages = profiler.stop()
                    print(
                        f"  {name}, {load_name}, {client}, {level} a la vez: {figures.throughput:.1f} mensajes/s",
                        flush=True,
                    )
        run.memory_mb = {n: resident_mb(p.pid) for n, p in processes.running.items()}
        if args.long_messages:
            run.long_session = long_session.play(urls[0], args.long_messages, pace)
    finally:
        processes.stop_all()
    return run


def certichat(args, work: Path) -> BotRun:
    """The project's own configuration (REST and Socket.IO, SQLite conversations) on free ports; with
    --processes N, as scripts/run-scaled.sh runs it (PostgreSQL and Redis of this machine)."""
    environment = dict(ENV)
    database = f"certichat_carga_{uuid.uuid4().hex[:8]}"
    if args.processes > 1:
        environment["CERTICHAT_DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{database}"
        environment["CERTICHAT_REDIS_URL"] = "redis://127.0.0.1:6379/1"
    bot = CertiChat(work / "certichat", environment, processes=args.processes)
    bot.configure()
    try:
        name = "CertiChat" if args.processes == 1 else f"CertiChat x{args.processes}"
        pace = long_session.PACE_SECONDS
        return measure(name, bot.processes, bot.start_servers, bot.rasa_ports, args, work / "certichat", pace)
    finally:
        if args.processes > 1:
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE IF EXISTS {database}"])


def default_bot(args, work: Path) -> BotRun:
    project = work / "rasa-init"
    project.mkdir()  # rasa init only writes into a folder that exists
    print("Entrenando el bot por defecto (rasa init --no-prompt)…", flush=True)
    subprocess.run(
        [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(project)],
        env=ENV,
        check=True,
        stdout=open(work / "rasa-init-train.log", "w"),
        stderr=subprocess.STDOUT,
    )
    port = free_port()
    processes = Processes(work, ENV, project)
    command = [str(BIN / "rasa"), "run", "--port", str(port)]
    # rasa init has no flood guard: its long session needs no pause between messages.
    return measure(
        "rasa init",
        processes,
        lambda: processes.start("rasa-init", command, f"http://127.0.0.1:{port}/"),
        [port],
        args,
        work,
        0.0,
    )


def ratio(ours: float, theirs: float) -> str:
    return f"x{ours / theirs:.2f}" if theirs else "-"


def report(ours: BotRun, baseline: BotRun) -> None:
    head = f"{'msg/s':>7s} {'p50':>5s} {'p95':>5s} {'p99':>5s} {'err':>4s}"
    print("\nPor REST; latencias en ms")
    print(f"{'carga, cliente, a la vez':>28s} | {ours.name:^30s} | {baseline.name:^30s} | rendimiento   p95")
    print(f"{'':28s} | {head:30s} | {head:30s} |")
    for key in ours.levels:
        cells = []
        for run in (ours, baseline):
            f = run.levels[key]
            cells.append(
                f"{f.throughput:7.1f} {f.percentile(50):5.0f} {f.percentile(95):5.0f} "
                f"{f.percentile(99):5.0f} {f.errors:4d}"
            )
        a, b = ours.levels[key], baseline.levels[key]
        print(
            f"{', '.join(map(str, key)):>28s} | {cells[0]:30s} | {cells[1]:30s} | "
            f"{ratio(a.throughput, b.throughput):>11s} {ratio(a.percentile(95), b.percentile(95)):>5s}"
        )
    for run in (ours, baseline):
        memory = " + ".join(f"{n} {m:.0f}" for n, m in run.memory_mb.items())
        print(f"{run.name}: arranque {run.startup_seconds:.1f} s; memoria {memory} = {run.memory:.0f} MB")
    if ours.long_session and baseline.long_session:
        print(f"\nUna sesión larga de {len(ours.long_session)} mensajes, uno tras otro:")
        print(long_session.table({ours.name: ours.long_session, baseline.name: baseline.long_session}))
    goals(ours, baseline)
    for run in (ours, baseline):
        if run.stages:
            print(f"\nTiempo del servidor Rasa de {run.name} a {GOAL_LEVEL} a la vez (py-spy, muestras con actividad):")
            for stage, share in run.stages.items():
                print(f"  {share:5.1f} %  {stage}")


def goals(ours: BotRun, baseline: BotRun) -> None:
    def verdict(ok: bool) -> str:
        return "sí" if ok else "NO"

    lines = []
    for load, client, level in ours.levels:
        if level != GOAL_LEVEL:
            continue
        a, b = ours.levels[load, client, level], baseline.levels[load, client, level]
        lines += [
            f"{load}, {client}: rendimiento a {level} a la vez >= x5: {verdict(a.throughput >= 5 * b.throughput)}",
            f"{load}, {client}: p95 a {level} a la vez <= x0.25: {verdict(a.percentile(95) <= b.percentile(95) / 4)}",
        ]
    errors = sum(f.errors for f in ours.levels.values())
    lines += [
        f"0 errores en todos los niveles: {verdict(errors == 0)} ({errors})",
        f"arranque < 10 s: {verdict(ours.startup_seconds < 10)}",
        f"memoria < 600 MB por proceso de Rasa: {verdict(max(ours.memory_mb.values()) < 600)}",
    ]
    if ours.long_session:
        growth = long_session.growth(ours.long_session)
        lines.append(f"mensaje 200 <= x{long_session.GOAL} del mensaje 10: {verdict(growth <= long_session.GOAL)}")
    print("\nMetas de la issue 12 (" + GOALS + "):\n  " + "\n  ".join(lines))


def levels(text: str) -> List[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def names(known: Dict) -> Callable[[str], List[str]]:
    def chosen(text: str) -> List[str]:
        picked = [part.strip() for part in text.split(",") if part.strip()]
        unknown = [name for name in picked if name not in known]
        if unknown or not picked:
            raise argparse.ArgumentTypeError(f"elija entre {', '.join(known)}")
        return picked

    return chosen


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=levels, default=list(LEVELS), help="conversaciones a la vez (1,4,16,64)")
    parser.add_argument("--long-messages", type=int, default=200, help="mensajes de la sesión larga (0: sin ella)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help=f"muestrea con py-spy dónde pasa el tiempo cada servidor Rasa a {GOAL_LEVEL} a la vez",
    )
    parser.add_argument(
        "--suite",
        type=Path,
        default=mixed_load.SUITE_DIR,
        help="carpeta de las conversaciones realistas de la carga (tests/conversations por defecto)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="procesos de Rasa de CertiChat (más de uno: con PostgreSQL y Redis, repartiendo las conversaciones)",
    )
    parser.add_argument("--loads", type=names(LOADS), default=["mixta"], help="mixta, segunda o ambas (mixta,segunda)")
    parser.add_argument(
        "--clients", type=names(CLIENTS), default=["asincrono"], help="asincrono, hilos o ambos (asincrono,hilos)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="certichat-bench-") as directory:
        work = Path(directory)
        counts = [conversations_at(level) for level in args.levels]
        print(f"Niveles {args.levels}; conversaciones por nivel {counts}", flush=True)
        ours = certichat(args, work)
        baseline = default_bot(args, work)
        report(ours, baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
