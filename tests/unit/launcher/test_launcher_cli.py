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
