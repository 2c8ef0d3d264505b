#!/usr/bin/env bash
# Runs CertiChat: set-up (venv, install, train when needed), then `certichat run` (Rasa, with the
# actions inside, REST, Socket.IO, and Telegram and Slack when configured, and the widget's demo page).
# Arguments go to `certichat run` (--processes N, --without-widget). Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/certichat run "$@"
