"""Load benchmark: CertiChat against a default `rasa init --no-prompt` bot on the same machine.

Both get the same multi-turn Spanish conversations over the REST channel, N at a time, one bot
after the other. Prints messages per second, p50/p95/p99 latency, errors, resident memory of
every process, start-up time, and the ratios.

    scripts/benchmark.sh [--concurrency 16] [--conversations 64] [--profile]
"""

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List

import aiohttp

from benchmarks.server_profile import Profiler
from launcher.processes import Processes, free_port
from launcher.stack import BIN, CertiChat

CONVERSATION = [
    "hola",
    "la huella no sirve",
    "ya llamé y no me solucionaron",
    "quiero el siguiente nivel",
    "cual es el horario de certigestor",
    "gracias",
    "chao",
]
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "CERTICHAT_FROZEN_NOW": "2026-11-23T22:00"}


@dataclass
class Figures:
    name: str
    startup_seconds: float = 0.0
    latencies: List[float] = field(default_factory=list)
    errors: int = 0
    empty_replies: int = 0
    wall_seconds: float = 0.0
    memory_mb: Dict[str, float] = field(default_factory=dict)
    stages: Dict[str, float] = field(default_factory=dict)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.wall_seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


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


async def drive(url: str, concurrency: int, conversations: int, figures: Figures) -> None:
    queue: asyncio.Queue = asyncio.Queue()
    for _ in range(conversations):
        queue.put_nowait(f"carga-{uuid.uuid4().hex}")

    async def worker(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            sender = queue.get_nowait()
            for text in CONVERSATION:
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
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    figures.wall_seconds = time.perf_counter() - started


def measure(name: str, processes: Processes, start: Callable[[], None], port: int, args, logs: Path) -> Figures:
    """Starts the bot, waits for its first answer (start-up time), then drives the load."""
    figures = Figures(name)
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    began = time.monotonic()
    start()
    while not asyncio.run(answered(url)):
        if processes.first_stopped():
            processes.stop_all()
            raise RuntimeError(f"{name} se detuvo; vea {logs}")
        time.sleep(0.5)
    figures.startup_seconds = time.monotonic() - began
    rasa = next(p for n, p in processes.running.items() if n.startswith("rasa"))
    profiler = Profiler(rasa.pid, logs / f"{name}-rasa-stacks.txt") if args.profile else None
    asyncio.run(drive(url, args.concurrency, args.conversations, figures))
    figures.memory_mb = {n.split("-")[0]: resident_mb(p.pid) for n, p in processes.running.items()}
    if profiler:
        figures.stages = profiler.stop()
    processes.stop_all()
    return figures


def certichat(args, work: Path) -> Figures:
    # The project's own configuration (REST and Socket.IO, SQLite conversations), on free ports.
    bot = CertiChat(work / "certichat", ENV)
    bot.configure()

    def start() -> None:
        bot.start_actions()
        bot.start_rasa_processes()

    return measure("CertiChat", bot.processes, start, bot.rasa_ports[0], args, work / "certichat")


def default_bot(args, work: Path) -> Figures:
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
    return measure(
        "rasa init",
        processes,
        lambda: processes.start(
            "rasa-init", [str(BIN / "rasa"), "run", "--port", str(port)], f"http://127.0.0.1:{port}/"
        ),
        port,
        args,
        work,
    )


def report(ours: Figures, baseline: Figures) -> None:
    rows = [
        ("mensajes/s", lambda f: f"{f.throughput:.1f}"),
        ("p50 ms", lambda f: f"{f.percentile(50):.0f}"),
        ("p95 ms", lambda f: f"{f.percentile(95):.0f}"),
        ("p99 ms", lambda f: f"{f.percentile(99):.0f}"),
        ("errores", lambda f: str(f.errors)),
        ("sin respuesta", lambda f: str(f.empty_replies)),
        ("mensajes", lambda f: str(len(f.latencies))),
        ("arranque s", lambda f: f"{f.startup_seconds:.1f}"),
        ("memoria MB", lambda f: " + ".join(f"{n} {m:.0f}" for n, m in f.memory_mb.items())),
    ]
    print(f"\n{'':12s} {ours.name:>28s} {baseline.name:>28s}")
    for label, value in rows:
        print(f"{label:12s} {value(ours):>28s} {value(baseline):>28s}")
    memory = sum(ours.memory_mb.values())
    print(
        f"\nCertiChat / rasa init: rendimiento x{ours.throughput / baseline.throughput:.2f}, "
        f"p95 x{ours.percentile(95) / baseline.percentile(95):.2f}, "
        f"memoria x{memory / sum(baseline.memory_mb.values()):.2f}, "
        f"arranque x{ours.startup_seconds / baseline.startup_seconds:.2f}"
    )
    print(
        f"Metas: rendimiento >= x3 {'sí' if ours.throughput >= 3 * baseline.throughput else 'NO'}; "
        f"p95 <= 1/3 {'sí' if ours.percentile(95) <= baseline.percentile(95) / 3 else 'NO'}; "
        f"0 errores {'sí' if ours.errors == 0 else 'NO'}; arranque < 20 s "
        f"{'sí' if ours.startup_seconds < 20 else 'NO'}; memoria < 800 MB {'sí' if memory < 800 else 'NO'}"
    )
    for figures in (ours, baseline):
        if figures.stages:
            print(f"\nTiempo del servidor Rasa de {figures.name} por etapa (py-spy, muestras con actividad):")
            for stage, share in figures.stages.items():
                print(f"  {share:5.1f} %  {stage}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--conversations", type=int, default=64, help=f"de {len(CONVERSATION)} mensajes cada una")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="muestrea con py-spy dónde pasa el tiempo cada servidor Rasa (más lento mientras tanto)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="certichat-bench-") as directory:
        work = Path(directory)
        print(
            f"{args.conversations} conversaciones de {len(CONVERSATION)} mensajes, {args.concurrency} a la vez",
            flush=True,
        )
        ours = certichat(args, work)
        print(f"CertiChat medido: {ours.throughput:.1f} mensajes/s", flush=True)
        baseline = default_bot(args, work)
        report(ours, baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
