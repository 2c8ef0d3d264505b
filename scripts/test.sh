#!/usr/bin/env bash
# Runs every test: set-up (venv, install, train when needed), then pytest, which covers the catalogue,
# schedules, routing, custom actions, `rasa data validate`, whole conversations over REST against a
# real Rasa server and action server, and the `rasa test` end-to-end stories.
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
echo "==> Ejecutando las pruebas"
exec .venv/bin/python -m pytest "$@"
