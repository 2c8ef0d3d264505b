"""How the cost of a message grows with the length of its conversation: one session of N messages,
one at a time, latency reported by position in the session. Part of `scripts/benchmark.sh`; alone:

    .venv/bin/python -m benchmarks.long_session [--messages 200] [--pace 0.7]
"""

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import List

import requests

from benchmarks.environment import ENV
from launcher.stack import CertiChat

# A day-long support chat: questions, incidents, escalations, thanks; no goodbye ends it.
TURNS = [
    "hola",
    "la huella no sirve",
    "no, gracias",
    "cual es el horario de certigestor",
    "y el correo?",
    "ya llamé y no me solucionaron",
    "no, gracias",
    "gracias",
    "se cayó certigestor",
    "no, puede esperar",
    "no, gracias",
    "el celular de prioridad 1?",
    "quiero poner una queja",
    "no, gracias",
    "ok gracias",
]
BUCKET = 30
# CertiChat lets one conversation send 15 messages per 10 s (channels/limits.py).
PACE_SECONDS = 0.7
GOAL = 1.5


def play(url: str, messages: int, pace: float) -> List[float]:
    sender, latencies = f"larga-{uuid.uuid4().hex}", []
    with requests.Session() as session:
        for position in range(messages):
            started = time.perf_counter()
            reply = session.post(url, json={"sender": sender, "message": TURNS[position % len(TURNS)]}, timeout=60)
            latencies.append(time.perf_counter() - started)
            if reply.status_code != 200:
                raise RuntimeError(f"message {position + 1}: {reply.status_code} {reply.text[:200]}")
            time.sleep(max(0.0, pace - latencies[-1]))
    return latencies


def growth(latencies: List[float]) -> float:
    """Median of the last 20 messages over the median of the first 20 (around message 10)."""
    return statistics.median(latencies[-20:]) / statistics.median(latencies[:20])


def table(columns: "dict[str, List[float]]") -> str:
    """Median latency by position in the session, one column per bot."""
    names = list(columns)
    lines = [f"{'mensajes de la sesión':>22s}" + "".join(f"  {name + ' (mediana ms)':>26s}" for name in names)]
    length = min(len(latencies) for latencies in columns.values())
    for start in range(0, length, BUCKET):
        cells = "".join(f"  {statistics.median(columns[name][start : start + BUCKET]) * 1000:>26.0f}" for name in names)
        lines.append(f"{start:>14d}–{min(start + BUCKET, length) - 1:<7d}{cells}")
    lines.append(
        f"{'mensaje ~200 / ~10':>22s}" + "".join(f"  {'x%.2f' % growth(columns[name]):>26s}" for name in names)
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--pace", type=float, default=PACE_SECONDS, help="segundos entre mensajes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="certichat-session-") as directory:
        bot = CertiChat(Path(directory), ENV).start()
        try:
            latencies = play(f"{bot.url}/webhooks/rest/webhook", args.messages, args.pace)
        finally:
            bot.stop()
    print(table({"CertiChat": latencies}))
    print(f"meta: <= x{GOAL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
