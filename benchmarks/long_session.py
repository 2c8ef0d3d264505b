"""How the cost of a message grows with the length of its conversation: one session of N messages,
one at a time and paced under the flood guard, latency reported by position in the session.

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

from benchmarks.load import ENV
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


def report(latencies: List[float]) -> None:
    print(f"\n{'mensajes de la sesión':>22s}  mediana ms   p95 ms")
    for start in range(0, len(latencies), BUCKET):
        chunk = sorted(latencies[start : start + BUCKET])
        p95 = chunk[min(len(chunk) - 1, int(0.95 * (len(chunk) - 1)))]
        print(f"{start:>14d}–{start + len(chunk) - 1:<7d}  {statistics.median(chunk) * 1000:10.0f}  {p95 * 1000:7.0f}")
    early = statistics.median(latencies[:20])
    late = statistics.median(latencies[-20:])
    print(f"\nmensaje ~{len(latencies)} / mensaje ~10 (medianas de 20): x{late / early:.2f}  (meta <= x1.5)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--pace", type=float, default=0.7, help="segundos entre mensajes (bajo el límite de ritmo)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="certichat-session-") as directory:
        bot = CertiChat(Path(directory), ENV).start()
        try:
            latencies = play(f"{bot.url}/webhooks/rest/webhook", args.messages, args.pace)
        finally:
            bot.stop()
    report(latencies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
