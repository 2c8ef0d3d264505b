"""`certichat run` refuses to start, saying why, before it starts anything."""

import socket

from launcher.cli import main


def test_a_port_in_use_is_named(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["run", "--port", str(port), "--without-widget"]) == 1
    assert f"El puerto {port} ya está en uso" in capsys.readouterr().err


def test_several_processes_need_shared_stores(capsys, monkeypatch):
    monkeypatch.delenv("CERTICHAT_DATABASE_URL", raising=False)
    monkeypatch.delenv("CERTICHAT_REDIS_URL", raising=False)
    assert main(["run", "--processes", "2", "--port", "0", "--action-port", "0", "--without-widget"]) == 1
    err = capsys.readouterr().err
    assert "CERTICHAT_DATABASE_URL" in err and "CERTICHAT_REDIS_URL" in err


def test_a_shared_store_that_does_not_answer_is_named_with_how_to_start_it(capsys, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    monkeypatch.setenv("CERTICHAT_DATABASE_URL", f"postgresql://postgres@127.0.0.1:{closed}/x")
    monkeypatch.delenv("CERTICHAT_REDIS_URL", raising=False)
    assert main(["run", "--port", "0", "--action-port", "0", "--without-widget"]) == 1
    err = capsys.readouterr().err
    assert f"PostgreSQL no responde en 127.0.0.1:{closed}" in err and "pg_ctlcluster" in err


def test_the_retention_runs_at_start_even_on_a_machine_up_for_minutes():
    from launcher.commands.run import RETENTION_CHECK_SECONDS, Daily

    daily = Daily()
    assert daily.due(60.0)  # time.monotonic() a minute after boot: due at once
    assert not daily.due(60.0 + RETENTION_CHECK_SECONDS / 2)
    assert daily.due(60.0 + RETENTION_CHECK_SECONDS)


def test_a_bad_database_address_or_setting_is_one_line_for_every_store_command(capsys, monkeypatch, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    monkeypatch.setenv("CERTICHAT_DATABASE_URL", f"postgresql://postgres@127.0.0.1:{closed}/x")
    for command in (
        ["report", "--out", str(tmp_path)],
        ["cases", "list"],
        ["conversations", "forget"],
        ["data", "find", "300 123 4567"],
    ):
        assert main(command) == 1
        err = capsys.readouterr().err
        assert err.startswith("ERROR ") and err.count("\n") == 1 and "Traceback" not in err, (command, err)
    monkeypatch.setenv("CERTICHAT_DATABASE_URL", "mysql://otra-cosa")
    assert main(["cases", "list"]) == 1
    assert "CERTICHAT_DATABASE_URL debe ser como postgresql://" in capsys.readouterr().err
    monkeypatch.delenv("CERTICHAT_DATABASE_URL")
    monkeypatch.setenv("CERTICHAT_CASE_RETENTION_DAYS", "un año")
    assert main(["conversations", "forget"]) == 1
    assert "CERTICHAT_CASE_RETENTION_DAYS debe ser un número entero de días" in capsys.readouterr().err


def test_a_retention_that_is_not_a_number_of_days_stops_the_start_in_one_line(capsys, monkeypatch):
    monkeypatch.setenv("CERTICHAT_RETENTION_DAYS", "noventa")
    assert main(["run", "--port", "0", "--action-port", "0", "--without-widget"]) == 1
    assert "CERTICHAT_RETENTION_DAYS debe ser un número entero de días" in capsys.readouterr().err
