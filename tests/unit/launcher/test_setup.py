"""scripts/setup.sh on a checkout whose model is up to date starts nothing long: no install, no training."""

import subprocess

from tests.servers import MODEL, ROOT


def test_an_unchanged_checkout_is_not_trained_again():
    before = MODEL.stat().st_mtime
    done = subprocess.run([str(ROOT / "scripts" / "setup.sh")], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "no hace falta entrenar" in done.stdout
    assert MODEL.stat().st_mtime == before
