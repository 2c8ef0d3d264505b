"""The SQLAlchemy address of the database Rasa keeps conversations in, from its endpoints entry;
cases and their outbox live in the same database."""

from pathlib import Path
from typing import Any, Dict

import sqlalchemy as sa

URL_VARIABLE = "CERTICHAT_STORE_URL"  # set by the launcher for every process
# The bot's working folder (logs, the widget's session secret) and the SQLite file in it, unless
# CERTICHAT_DATABASE_URL names PostgreSQL. endpoints.yml says the same to a plain `rasa run`.
RUN_FOLDER = Path(__file__).resolve().parent.parent / "run"
SQLITE_FILE = "conversations.db"


def default_url() -> str:
    """The SQLite database of a bot started from this checkout without settings."""
    return f"sqlite:///{RUN_FOLDER / SQLITE_FILE}"


def url_of(tracker_store: Dict[str, Any]) -> str:
    # Imported here: the action server reads cases without loading Rasa (and TensorFlow) at all.
    from rasa.core.tracker_store import SQLTrackerStore

    url = SQLTrackerStore.get_db_url(
        tracker_store.get("dialect", "sqlite"),
        tracker_store.get("url"),
        tracker_store.get("port"),
        tracker_store["db"],
        tracker_store.get("username"),
        tracker_store.get("password"),
    )
    return url if isinstance(url, str) else url.render_as_string(hide_password=False)


def engine(url: str) -> sa.engine.Engine:
    # Parameters hidden in errors: they hold what people wrote.
    if url.startswith("sqlite"):
        return sa.create_engine(url, hide_parameters=True, connect_args={"check_same_thread": False})
    return sa.create_engine(url, hide_parameters=True, pool_pre_ping=True)
