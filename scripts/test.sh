#!/usr/bin/env bash
# Runs every check: set-up (venv, install, train when needed), lint, format and type checks, then
# pytest: unit tests of each package (tests/unit/) and end-to-end tests against the real bot started
# by the launcher (tests/e2e/, marked e2e). Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

# The widget is tested in a real Chromium, Debian's package, driven by Playwright.
if ! command -v chromium > /dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "==> Instalando Chromium (apt-get install chromium)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
  else
    echo "Las pruebas del widget necesitan Chromium: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
export RASA_TELEMETRY_ENABLED=false
echo "==> Revisando estilo y formato (ruff) y tipos del núcleo bot/ (mypy)"
.venv/bin/ruff check --quiet . && .venv/bin/ruff format --check --quiet . && .venv/bin/mypy --no-error-summary
echo "==> Ejecutando las pruebas (solo las rápidas: scripts/test.sh -m 'not e2e')"
exec .venv/bin/python -m pytest "$@"
