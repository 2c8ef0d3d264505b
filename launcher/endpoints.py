"""The Rasa endpoints file: endpoints.yml (actions inside Rasa, SQLite conversations), with PostgreSQL
conversations and a Redis lock store when the environment names them:

    CERTICHAT_DATABASE_URL=postgresql://user:password@host:5432/certichat
    CERTICHAT_REDIS_URL=redis://host:6379/1

Several Rasa processes need both: the same conversations, and a lock so that the messages of one
conversation are handled one at a time, in order, whichever process receives them.
"""

from pathlib import Path
from typing import Dict, List, Mapping, Optional, Tuple
from urllib.parse import unquote, urlsplit

import yaml

BASE = Path(__file__).resolve().parent.parent / "endpoints.yml"


class EndpointSettingsError(Exception):
    pass


def _tracker_store(url: str) -> Dict:
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres") or not parts.hostname or not parts.path.strip("/"):
        raise EndpointSettingsError("CERTICHAT_DATABASE_URL debe ser como postgresql://usuario:clave@host:5432/base")
    store = {
        "type": "stores.conversation_store.CachingSQLTrackerStore",
        "dialect": "postgresql",
        "url": parts.hostname,
        "port": parts.port or 5432,
        "db": parts.path.strip("/"),
        "username": unquote(parts.username or "postgres"),
        # Rasa creates the database through this one when it does not exist yet.
        "login_db": "postgres",
    }
    if parts.password:
        store["password"] = unquote(parts.password)
    return store


def _lock_store(url: str) -> Dict:
    parts = urlsplit(url)
    if parts.scheme != "redis" or not parts.hostname:
        raise EndpointSettingsError("CERTICHAT_REDIS_URL debe ser como redis://host:6379/1")
    # Rasa's RedisLockStore, with ticket issuing made atomic (see stores/lock_store.py).
    store = {
        "type": "stores.lock_store.AtomicRedisLockStore",
        "url": parts.hostname,
        "port": parts.port or 6379,
        "db": int(parts.path.strip("/") or 0),
        "key_prefix": "certichat",
    }
    if parts.password:
        store["password"] = unquote(parts.password)
    return store


def build(
    environment: Mapping[str, str], action_port: Optional[int] = None, conversations_db: Optional[Path] = None
) -> Tuple[Dict, List[str]]:
    """The endpoints and a description of where conversations and locks live; the action server on
    `action_port` and the SQLite conversations in `conversations_db` when given."""
    endpoints = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    if action_port:
        endpoints["action_endpoint"] = {"url": f"http://127.0.0.1:{action_port}/webhook"}
    if conversations_db:
        endpoints["tracker_store"]["db"] = str(conversations_db)
    where = [f"conversaciones en SQLite ({endpoints['tracker_store']['db']})"]
    if environment.get("CERTICHAT_DATABASE_URL"):
        endpoints["tracker_store"] = _tracker_store(environment["CERTICHAT_DATABASE_URL"])
        where = [
            f"conversaciones en PostgreSQL ({endpoints['tracker_store']['url']}/{endpoints['tracker_store']['db']})"
        ]
    if environment.get("CERTICHAT_REDIS_URL"):
        endpoints["lock_store"] = _lock_store(environment["CERTICHAT_REDIS_URL"])
        where.append(f"bloqueos en Redis ({endpoints['lock_store']['url']})")
    return endpoints, where
