"""`certichat backup` and `certichat restore`: what cannot be rebuilt from the repository, copied to a
folder and put back from it.

That is the database (conversations, cases and their e-mails: one SQLite file, or one PostgreSQL
database) and the secret that signs the widget's sessions (without it every open widget starts a new
conversation). The model, the catalogue and the settings come from the checkout and the environment.
SQLite is copied with its online backup API and PostgreSQL with pg_dump, so a backup may be made
while the bot runs; a restore is made with the bot stopped.
"""

import json
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from typing import Dict, List

import sqlalchemy as sa
from sqlalchemy.engine import URL

from stores.database import SQLITE_FILE

MANIFEST = "copia.json"
POSTGRESQL_FILE = "certichat.dump"
SECRET_FILE = "session-secret"


class BackupError(Exception):
    """What stops a backup or a restore, said in one line."""


def backup(store_url: str, run_folder: Path, target: Path) -> List[str]:
    """Copies the database and the session secret into `target` (new or empty); returns what it wrote."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} ya tiene archivos: elija una carpeta nueva o vacía")
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    url = sa.engine.make_url(store_url)
    if url.drivername.startswith("sqlite"):
        _copy_sqlite(_sqlite_path(url), target / SQLITE_FILE)
        written = [SQLITE_FILE]
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target / POSTGRESQL_FILE), *_libpq(url)], url)
        written = [POSTGRESQL_FILE]
    secret = run_folder / SECRET_FILE
    if secret.exists():
        shutil.copyfile(secret, target / SECRET_FILE)
        written.append(SECRET_FILE)
    for name in written:
        os.chmod(target / name, 0o600)  # conversations and the secret: readable by this user only
    manifest = {"made_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "files": written}
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return [*written, MANIFEST]


def restore(store_url: str, run_folder: Path, source: Path) -> List[str]:
    """Puts a backup made by `backup` back in place of the current data; returns what it restored."""
    files = _manifest(source)["files"]
    url = sa.engine.make_url(store_url)
    sqlite = url.drivername.startswith("sqlite")
    wanted = SQLITE_FILE if sqlite else POSTGRESQL_FILE
    if wanted not in files:
        kind = "SQLite" if sqlite else "PostgreSQL"
        raise BackupError(f"{source} no es una copia de {kind}, que es lo que el bot tiene configurado")
    if sqlite:
        path = _sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        _copy_sqlite(source / SQLITE_FILE, path)
    else:
        _create_database_if_missing(url)
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", *_libpq(url), str(source / POSTGRESQL_FILE)], url)
    if SECRET_FILE in files:
        run_folder.mkdir(parents=True, exist_ok=True)
        (run_folder / SECRET_FILE).unlink(missing_ok=True)
        shutil.copyfile(source / SECRET_FILE, run_folder / SECRET_FILE)
        os.chmod(run_folder / SECRET_FILE, 0o600)
    return list(files)


def _manifest(source: Path) -> Dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError(f"{source} no es una copia de CertiChat: falta {MANIFEST} o no se puede leer") from None
    missing = [name for name in manifest.get("files", []) if not (source / name).exists()]
    if missing or not manifest.get("files"):
        raise BackupError(f"La copia en {source} está incompleta: falta {', '.join(missing) or 'todo'}")
    return manifest


def _sqlite_path(url: URL) -> Path:
    if not url.database:
        raise BackupError("La base SQLite no tiene archivo: nada que copiar")
    return Path(url.database)


def _copy_sqlite(source: Path, target: Path) -> None:
    """The online backup API: a consistent copy even while another process writes, WAL included."""
    if not source.exists():
        raise BackupError(f"No existe {source}")
    origin, destination = sqlite3.connect(source), sqlite3.connect(target)
    try:
        origin.backup(destination)
    finally:
        origin.close()
        destination.close()


def _libpq(url: URL) -> List[str]:
    """The connection as pg_dump and pg_restore take it; the password goes in the environment (_run),
    never on a command line another user could read."""
    return [
        "--host",
        url.host or "127.0.0.1",
        "--port",
        str(url.port or 5432),
        "--username",
        url.username or "postgres",
        "--dbname",
        url.database or "certichat",
    ]


def _run(command: List[str], url: URL) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} no está instalado (Debian: apt-get install postgresql-client)")
    environment = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    finished = subprocess.run(command, env=environment, capture_output=True, text=True)
    if finished.returncode != 0:
        last = (finished.stderr.strip().splitlines() or ["sin detalle"])[-1]
        raise BackupError(f"{command[0]} falló: {last}")


def _create_database_if_missing(url: URL) -> None:
    """A database lost with its server is created again, empty, before pg_restore fills it."""
    engine = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT", hide_parameters=True)
    with engine.connect() as connection:
        exists = connection.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database})
        if exists.first() is None:
            connection.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    engine.dispose()
