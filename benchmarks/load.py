"""Load benchmark: CertiChat against a default `rasa init --no-prompt` bot on the same machine.

Both get the same multi-turn Spanish conversations over the REST channel, N at a time, one bot
after the other. Prints messages per second, p50/p95/p99 latency, errors, resident memory of
every process, start-up time, and the ratios.

    scripts/benchmark.sh [--concurrency 16] [--conversations 64] [--profile]
"""
import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

import aiohttp
import yaml

from benchmarks.server_profile import Profiler

ROOT = Path(__file__).resolve().parent.parent
RASA = str(ROOT / ".venv" / "bin" / "rasa")
SERVER = str(ROOT / ".venv" / "bin" / "certichat-server")  # rasa with CertiChat's fixes (rasa_runtime/server.py)
PYTHON = str(ROOT / ".venv" / "bin" / "python")
CONVERSATION = ["hola", "la huella no sirve", "ya llamé y no me solucionaron", "quiero el siguiente nivel",
                "cual es el horario de certigestor", "gracias", "chao"]
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


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


async def answered(url: str, health_urls: List[str]) -> bool:
    """The server answers a message (and every helper it needs reports healthy)."""
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
            for health in health_urls:
                async with session.get(health) as reply:
                    if reply.status != 200:
                        return False
            async with session.post(url, json={"sender": "arranque", "message": "la huella no sirve"}) as reply:
                return reply.status == 200 and isinstance(await reply.json(), list)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        return False


def start(processes: Dict[str, List[str]], cwd: Path, url: str, logs: Path,
          health_urls: List[str]) -> Dict[str, subprocess.Popen]:
    running = {name: subprocess.Popen(command, cwd=cwd, env=ENV, stdout=open(logs / f"{cwd.name}-{name}.log", "w"),
                                      stderr=subprocess.STDOUT) for name, command in processes.items()}
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if asyncio.run(answered(url, health_urls)):
            return running
        if any(p.poll() is not None for p in running.values()):
            break
        time.sleep(0.5)
    stop(running)
    raise RuntimeError(f"{url} did not answer; see {logs}")


def stop(running: Dict[str, subprocess.Popen]) -> None:
    for process in running.values():
        process.terminate()
    for process in running.values():
        process.wait(timeout=30)


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


def measure(name: str, processes: Dict[str, List[str]], cwd: Path, port: int, args, logs: Path,
            health_urls: List[str]) -> Figures:
    figures = Figures(name)
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    began = time.monotonic()
    running = start(processes, cwd, url, logs, health_urls)
    figures.startup_seconds = time.monotonic() - began
    profiler = Profiler(running["rasa"].pid, logs / f"{cwd.name}-rasa-stacks.txt") if args.profile else None
    asyncio.run(drive(url, args.concurrency, args.conversations, figures))
    figures.memory_mb = {name: resident_mb(p.pid) for name, p in running.items()}
    if profiler:
        figures.stages = profiler.stop()
    stop(running)
    return figures


def certichat(args, work: Path) -> Figures:
    actions, rasa = free_port(), free_port()
    # The project's own endpoints (SQLite conversations), on free ports and a fresh database.
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{actions}/webhook"
    endpoints["tracker_store"]["db"] = str(work / "conversations.db")
    (work / "endpoints.yml").write_text(yaml.safe_dump(endpoints), encoding="utf-8")
    return measure("CertiChat", {
        "actions": [PYTHON, "-m", "rasa_sdk", "--actions", "actions", "--port", str(actions)],
        "rasa": [SERVER, "run", "--port", str(rasa), "--model", str(ROOT / "models" / "certichat.tar.gz"),
                 "--credentials", str(ROOT / "credentials.yml"), "--endpoints", str(work / "endpoints.yml")],
    }, ROOT, rasa, args, work, [f"http://127.0.0.1:{actions}/health"])


def default_bot(args, work: Path) -> Figures:
    project = work / "rasa-init"
    project.mkdir()  # rasa init only writes into a folder that exists
    print("Entrenando el bot por defecto (rasa init --no-prompt)…", flush=True)
    subprocess.run([RASA, "init", "--no-prompt", "--init-dir", str(project)], env=ENV, check=True,
                   stdout=open(work / "rasa-init-train.log", "w"), stderr=subprocess.STDOUT)
    port = free_port()
    return measure("rasa init", {"rasa": [RASA, "run", "--port", str(port)]}, project, port, args, work, [])


def report(ours: Figures, baseline: Figures) -> None:
    rows = [("mensajes/s", lambda f: f"{f.throughput:.1f}"), ("p50 ms", lambda f: f"{f.percentile(50):.0f}"),
            ("p95 ms", lambda f: f"{f.percentile(95):.0f}"), ("p99 ms", lambda f: f"{f.percentile(99):.0f}"),
            ("errores", lambda f: str(f.errors)), ("sin respuesta", lambda f: str(f.empty_replies)),
            ("mensajes", lambda f: str(len(f.latencies))),
            ("arranque s", lambda f: f"{f.startup_seconds:.1f}"),
            ("memoria MB", lambda f: " + ".join(f"{n} {m:.0f}" for n, m in f.memory_mb.items()))]
    print(f"\n{'':12s} {ours.name:>28s} {baseline.name:>28s}")
    for label, value in rows:
        print(f"{label:12s} {value(ours):>28s} {value(baseline):>28s}")
    memory = sum(ours.memory_mb.values())
    print(f"\nCertiChat / rasa init: rendimiento x{ours.throughput / baseline.throughput:.2f}, "
          f"p95 x{ours.percentile(95) / baseline.percentile(95):.2f}, "
          f"memoria x{memory / sum(baseline.memory_mb.values()):.2f}, "
          f"arranque x{ours.startup_seconds / baseline.startup_seconds:.2f}")
    print(f"Metas: rendimiento >= x3 {'sí' if ours.throughput >= 3 * baseline.throughput else 'NO'}; "
          f"p95 <= 1/3 {'sí' if ours.percentile(95) <= baseline.percentile(95) / 3 else 'NO'}; "
          f"0 errores {'sí' if ours.errors == 0 else 'NO'}; arranque < 20 s "
          f"{'sí' if ours.startup_seconds < 20 else 'NO'}; memoria < 800 MB {'sí' if memory < 800 else 'NO'}")
    for figures in (ours, baseline):
        if figures.stages:
            print(f"\nTiempo del servidor Rasa de {figures.name} por etapa (py-spy, muestras con actividad):")
            for stage, share in figures.stages.items():
                print(f"  {share:5.1f} %  {stage}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--conversations", type=int, default=64, help=f"de {len(CONVERSATION)} mensajes cada una")
    parser.add_argument("--profile", action="store_true",
                        help="muestrea con py-spy dónde pasa el tiempo cada servidor Rasa (más lento mientras tanto)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="certichat-bench-") as directory:
        work = Path(directory)
        print(f"{args.conversations} conversaciones de {len(CONVERSATION)} mensajes, {args.concurrency} a la vez",
              flush=True)
        ours = certichat(args, work)
        print(f"CertiChat medido: {ours.throughput:.1f} mensajes/s", flush=True)
        baseline = default_bot(args, work)
        report(ours, baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
