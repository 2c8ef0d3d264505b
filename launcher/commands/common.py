"""What several subcommands share: the database as `certichat run` would use it, Rasa loaded quietly, and
an error said in one line."""

import contextlib
import io
import os
import re
import warnings
from pathlib import Path

from stores.database import RUN_FOLDER, SQLITE_FILE


def setting_errors() -> tuple:
    from sqlalchemy.exc import SQLAlchemyError

    from launcher.backup import BackupError
    from launcher.endpoints import EndpointSettingsError

    return (SQLAlchemyError, EndpointSettingsError, BackupError, ValueError, OSError)


def quiet_imports() -> None:
    """The channels import Rasa, and Rasa TensorFlow: their start-up chatter is not for this terminal.
    Rasa resets the warning filters as it loads, so Rasa is loaded here, once, with stderr set aside."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    warnings.simplefilter("ignore")
    # Rasa's own modules only: CertiChat's may have something to say once loaded (a broken catalogue).
    with contextlib.redirect_stderr(io.StringIO()):
        from rasa.core import tracker_store  # noqa: F401  (Rasa and TensorFlow)
        from rasa.core.channels import channel, rest, socketio  # noqa: F401
    warnings.simplefilter("ignore")


def store_url(run_folder: Path = RUN_FOLDER) -> str:
    """The database the bot keeps conversations and cases in, as configured for `certichat run`."""
    from launcher.endpoints import build
    from stores.database import URL_VARIABLE, url_of

    if os.environ.get(URL_VARIABLE):
        return os.environ[URL_VARIABLE]
    stores, _ = build(os.environ, conversations_db=run_folder / SQLITE_FILE)
    return url_of(stores["tracker_store"])


def case_store():
    from stores.case_store import CaseStore

    return CaseStore(store_url())


def one_line(error: Exception) -> str:
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return re.sub(r"\(Background on this error.*", "", first)[:300]
