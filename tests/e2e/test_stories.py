"""`rasa test` end-to-end stories, with the real action server and the clock pinned per file."""

import subprocess

import pytest

from tests.servers import MODEL, ROOT, VENV_BIN

STORY_CLOCKS = {
    "office_hours.yml": "2026-11-23T10:00",  # Monday morning: every channel open
    "after_hours.yml": "2026-11-23T22:00",  # Monday night: CertiGestor closed, fingerprint open
}


@pytest.fixture(scope="module")
def action_server(bot):
    """`rasa test` calls the actions over HTTP, whatever the running bot does."""
    started = "actions" not in bot.processes.running
    if started:
        bot.start_actions()
        bot.wait_for_actions()
    yield bot
    if started:
        bot.stop_actions()


@pytest.mark.parametrize("stories, clock", sorted(STORY_CLOCKS.items()))
def test_story_file_passes(action_server, tmp_path, stories, clock):
    bot = action_server
    bot.set_clock(clock)
    result = subprocess.run(
        [
            str(VENV_BIN / "rasa"),
            "test",
            "core",
            "--stories",
            str(ROOT / "tests" / "stories" / stories),
            "--model",
            str(MODEL),
            "--endpoints",
            str(bot.endpoints_file),
            "--out",
            str(tmp_path),
            "--fail-on-prediction-errors",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"RASA_TELEMETRY_ENABLED": "false", "PATH": "/usr/bin:/bin"},
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else result.stdout[-3000:] + result.stderr[-3000:]
    assert result.returncode == 0, details
    assert "# None of the test stories failed - all good!" in failed.read_text()
