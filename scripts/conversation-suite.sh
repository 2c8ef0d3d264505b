#!/usr/bin/env bash
# Plays the realistic conversation suite (tests/conversations/) against a live Rasa server (actions inside),
# with each conversation's Bogotá time pinned, and prints the pass rate, the failures by class and
# the transcript of each failure. Exits non-zero below 98 %.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh > /dev/null
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 PYTHONWARNINGS=ignore
exec .venv/bin/python -m tests.conversation_suite "$@"
