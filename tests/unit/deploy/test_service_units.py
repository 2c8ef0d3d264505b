"""deploy/systemd/: the service, the nightly backup and its timer are units systemd accepts, and the
commands they run are commands certichat accepts."""

import configparser
import shlex
import shutil
import subprocess

import pytest

from launcher import cli
from launcher.commands import run as run_command
from tests.servers import ROOT

UNITS = ROOT / "deploy" / "systemd"
NAMES = ("certichat.service", "certichat-backup.service", "certichat-backup.timer")


@pytest.fixture
def installed(tmp_path):
    """The units as installed with the checkout in /opt/certichat, here pointing at this checkout."""
    for name in NAMES:
        text = (UNITS / name).read_text(encoding="utf-8").replace("/opt/certichat/", f"{ROOT}/")
        (tmp_path / name).write_text(text.replace("WorkingDirectory=/opt/certichat", f"WorkingDirectory={ROOT}"))
    return tmp_path


def test_systemd_accepts_the_units(installed):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze not found: install Debian's 'systemd' package")
    checked = subprocess.run(
        [analyze, "verify", "--man=no", *(str(installed / name) for name in NAMES)], capture_output=True, text=True
    )
    # Only what is about these files: the machine's own units are not ours to judge.
    ours = [line for line in checked.stderr.splitlines() if line.startswith(NAMES)]
    assert ours == [] and checked.returncode == 0, checked.stderr


def _command(unit: str, key: str) -> list:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read(UNITS / unit, encoding="utf-8")
    return shlex.split(parser["Service"][key])


def test_the_service_runs_a_command_certichat_accepts(monkeypatch):
    command = _command("certichat.service", "ExecStart")
    assert command[0] == "/opt/certichat/.venv/bin/certichat" and command[1] == "run"
    started = []
    monkeypatch.setattr(run_command, "run", lambda args: started.append(args) or 0)
    assert cli.main(command[1:]) == 0
    assert started[0].processes == 2


def test_the_backup_writes_a_new_dated_folder_with_certichat_backup():
    shell = _command("certichat-backup.service", "ExecStart")
    assert shell[:2] == ["/bin/sh", "-c"]
    inner = shlex.split(shell[2])
    assert inner[:3] == ["exec", "/opt/certichat/.venv/bin/certichat", "backup"]
    assert inner[3].startswith("/var/backups/certichat/$(date")
