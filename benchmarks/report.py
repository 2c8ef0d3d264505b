"""Report benchmark: `certichat report` on a generated year of traffic, on SQLite and on PostgreSQL.

Writes N conversations (default 100,000, about 1.5 million events) spread over the last 365 days, in
the conversation store's own rows (tests/stored_conversations.py), then times the report command as
the desk runs it, as a whole process: for the last 7 days (the default) and for the whole year.
Prints the seconds and the peak resident memory of each run against the goals (< 60 s, < 500 MB).

    scripts/benchmark.sh report [--conversations 100000] [--skip-postgresql]
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterator, List, Tuple

import sqlalchemy as sa

from bot.clock import BOGOTA
from launcher.stack import BIN
from tests.stored_conversations import events, store

GOAL_SECONDS, GOAL_MB = 60, 500
SEED = 14

ASK = [
    ("cual es el horario de certigestor", "ask_hours", "informacion", "certigestor", "linea"),
    ("me da el correo de soporte de la huella", "ask_contact", "informacion", "biometria", "correo"),
    ("el lector de huella no prende", "report_incident", "incidente", "biometria", "linea"),
    (
        "urgente certigestor caido toda la notaria parada",
        "report_incident",
        "incidente_critico",
        "certigestor",
        "celular_p1",
    ),
    ("quiero poner una queja", "pqrsa", "pqrsa_queja", None, "pqrsa"),
    ("necesito radicar un reclamo", "pqrsa", "pqrsa_reclamo", None, "pqrsa"),
    ("ya llame y no me solucionaron, paseme al supervisor", "escalate", "escalamiento_2", "biometria", "supervisor"),
    ("quiero hablar con el coordinador", "escalate", "escalamiento_3", "certigestor", "coordinador"),
]
# More people write in office hours and on weekdays; some at night, when only the fingerprint line is open.
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 3, 8, 10, 10, 10, 9, 7, 8, 10, 10, 9, 8, 6, 4, 3, 2, 2, 1]
NONSENSE = ["como descargo el certificado {n}", "el token {n} no firma", "asdf {n}", "necesito la factura {n}"]


def _conversation(rng: random.Random) -> List[Tuple]:
    """One conversation's steps: most ask something and get a contact; some are not understood; some
    answer the satisfaction question, a few file a case."""
    if rng.random() < 0.05:
        return [("say", "hola", "greet", 0.99)]  # and nothing more: no contact handed over
    steps: List[Tuple] = [("say", "buenos dias", "greet", 0.99)] if rng.random() < 0.3 else []
    if rng.random() < 0.12:
        text = rng.choice(NONSENSE).format(n=rng.randint(1, 400))
        steps += [("say", text, "report_incident", rng.uniform(0.1, 0.45))]
        steps += [("answer", "action_offer_options", "general", None, "linea")]
    text, intent, need, product, contact = rng.choice(ASK)
    steps += [("say", text, intent, rng.uniform(0.6, 1.0)), ("answer", "action_answer_x", need, product, contact)]
    if rng.random() < 0.1:
        steps += [("say", "si", "affirm", 1.0), ("say", "Ana Rojas", "greet", 0.2), ("form", "case_name")]
    if rng.random() < 0.6:
        steps += [("ask",)]
        if rng.random() < 0.7:
            useful = rng.random() < 0.8
            steps += [("say", "si gracias" if useful else "no me sirvio", "affirm" if useful else "deny", 0.9)]
            steps += [("rate", useful)]
            if not useful:
                steps += [("answer", "action_take_satisfaction", "general", None, "linea"), ("what_was_missing",)]
                steps += [("say", f"que contesten mas rapido, llevo {rng.randint(1, 9)} horas", "out_of_scope", 0.4)]
                steps += [("feedback",)]
    return steps


def conversations(count: int, now: datetime, days: int = 365) -> Iterator[Tuple[str, list]]:
    rng = random.Random(SEED)
    for _ in range(count):
        day = now - timedelta(days=rng.randint(0, days - 1))
        if day.weekday() >= 5 and rng.random() < 0.6:
            day -= timedelta(days=day.weekday() - rng.randint(0, 4))  # fewer on weekends
        hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
        start = day.replace(hour=hour, minute=rng.randint(0, 59))
        yield f"rest:{uuid.UUID(int=rng.getrandbits(128)).hex}", events(start, _conversation(rng))


def _high_water_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM): its own, since it started its program, where
    the kernel's rusage would count the memory of the process that started it."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0.0)


def _run_report(url_variable: str, url: str, since: str, out: Path) -> Tuple[float, float]:
    """Seconds and peak resident MB of one `certichat report`, as a whole process."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), url_variable: url}
    command = [str(BIN / "certichat"), "report", "--since", since, "--out", str(out)]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _high_water_mb(process.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"certichat report failed on {url_variable}")
    return seconds, peak


def _measure(name: str, url_variable: str, url: str, count: int, now: datetime, out: Path) -> None:
    engine = sa.create_engine(url)
    started = time.perf_counter()
    rows = store(engine, conversations(count, now))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(sa.text("ANALYZE events"))
    engine.dispose()
    print(f"\n{name}: {count} conversaciones, {rows} eventos escritos en {time.perf_counter() - started:.0f} s")
    for label, since in (("7 días", now - timedelta(days=6)), ("un año", now - timedelta(days=364))):
        seconds, peak = _run_report(url_variable, url, since.date().isoformat(), out)
        met = "sí" if seconds < GOAL_SECONDS and peak < GOAL_MB else "NO"
        print(f"  informe de {label:7}: {seconds:6.1f} s, {peak:5.0f} MB de memoria máxima  (meta cumplida: {met})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--skip-postgresql", action="store_true")
    args = parser.parse_args()
    now = datetime.now(BOGOTA)
    print(f"Meta: informe en menos de {GOAL_SECONDS} s y {GOAL_MB} MB, en SQLite y en PostgreSQL")
    with tempfile.TemporaryDirectory(prefix="certichat-informe-") as workdir:
        work = Path(workdir)
        _measure(
            "SQLite", "CERTICHAT_STORE_URL", f"sqlite:///{work / 'conversations.db'}", args.conversations, now, work
        )
        if not args.skip_postgresql:
            name = f"certichat_bench_{uuid.uuid4().hex[:8]}"
            admin = sa.create_engine("postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(sa.text(f"CREATE DATABASE {name}"))
            try:
                url = f"postgresql://postgres@127.0.0.1:5432/{name}"
                _measure("PostgreSQL", "CERTICHAT_DATABASE_URL", url, args.conversations, now, work)
            finally:
                with admin.connect() as connection:
                    connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
