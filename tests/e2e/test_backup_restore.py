"""Backing up and restoring as an operator would after losing the server's data: `certichat backup` while
the bot runs, the data lost, `certichat restore`, the bot started again — on SQLite and on PostgreSQL.
The conversation goes on where it was and its case is there."""

import os
import subprocess
import uuid

import pytest

from tests import services
from tests.e2e.test_case_hand_off import NIGHT, REFERENCE, file_case, say
from tests.servers import VENV_BIN, RunningBot


def certichat(*arguments, database_url=None):
    """The command line as the operator types it, with only the bot's own settings."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CERTICHAT_")}
    if database_url:
        environment["CERTICHAT_DATABASE_URL"] = database_url
    return subprocess.run(
        [str(VENV_BIN / "certichat"), *arguments], env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(params=["SQLite", "PostgreSQL"])
def store(request):
    """The settings of each kind of store, and how its data is lost."""
    if request.param == "SQLite":
        yield (
            {},
            lambda workdir: [
                (workdir / name).unlink(missing_ok=True)
                for name in ("conversations.db", "conversations.db-wal", "conversations.db-shm")
            ],
        )
        return
    services.require("PostgreSQL")
    database = f"certichat_copia_{uuid.uuid4().hex[:8]}"
    yield (
        {"CERTICHAT_DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{database}"},
        lambda workdir: services.drop_database(database),
    )
    services.drop_database(database)


def test_a_restored_backup_brings_back_the_conversation_and_its_case(store, tmp_path):
    settings, lose_data = store
    workdir, copy = tmp_path / "run", tmp_path / "copia"
    database_url = settings.get("CERTICHAT_DATABASE_URL")
    bot = RunningBot(workdir, settings).start()
    try:
        bot.set_clock(NIGHT)
        sender = f"copia-{uuid.uuid4().hex}"
        filed = file_case(bot, sender, ["se cayó certigestor", "si"], extra=["desde ayer"])
        reference = REFERENCE.search(filed).group(0)
        made = certichat("backup", str(copy), "--run-folder", str(workdir), database_url=database_url)
        assert made.returncode == 0, made.stderr
        assert oct((copy / "session-secret").stat().st_mode)[-3:] == "600"
    finally:
        bot.stop()
    secret = (workdir / "session-secret").read_text()

    lose_data(workdir)
    (workdir / "session-secret").unlink()
    assert reference not in certichat("cases", "list", database_url=database_url).stdout

    refused = certichat("restore", str(copy), "--run-folder", str(workdir), database_url=database_url)
    assert refused.returncode == 1 and "--yes" in refused.stdout  # nothing is replaced without saying so
    restored = certichat("restore", str(copy), "--run-folder", str(workdir), "--yes", database_url=database_url)
    assert restored.returncode == 0, restored.stderr
    assert (workdir / "session-secret").read_text() == secret  # open widget sessions stay valid

    bot = RunningBot(workdir, settings).start()
    try:
        bot.set_clock(NIGHT)
        assert reference in say(bot, sender, "cómo va mi caso?")  # the conversation knows its case
        # The product of the conversation is remembered: an escalation goes to CertiGestor's level 2.
        assert "Nivel 2 de escalamiento de CertiGestor" in say(bot, sender, "ya llamé y no me solucionaron")
    finally:
        bot.stop()


def test_a_restore_from_a_folder_that_is_not_a_backup_says_so_in_one_line(tmp_path):
    (tmp_path / "otra").mkdir()
    refused = certichat("restore", str(tmp_path / "otra"), "--run-folder", str(tmp_path / "run"), "--yes")
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "no es una copia de CertiChat" in refused.stderr


def test_a_backup_never_writes_over_another(tmp_path):
    (tmp_path / "copia").mkdir()
    (tmp_path / "copia" / "algo").write_text("de antes")
    refused = certichat("backup", str(tmp_path / "copia"), "--run-folder", str(tmp_path / "run"))
    assert refused.returncode == 1 and "elija una carpeta nueva" in refused.stderr
