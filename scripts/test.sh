#!/usr/bin/env bash
# Runs every test: set-up (venv, install, train when needed), then pytest, which covers the catalogue,
# schedules, routing, custom actions, `rasa data validate`, whole conversations over REST against a
# real Rasa server and action server, and the `rasa test` end-to-end stories.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export RASA_TELEMETRY_ENABLED=false
echo "==> Ejecutando las pruebas"
exec .venv/bin/python -m pytest "$@"
