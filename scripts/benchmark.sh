#!/usr/bin/env bash
# Load benchmark (prints figures; not a test): CertiChat against a default `rasa init` bot, in one
# run: a mixed load at 1, 4, 16 and 64 conversations at a time, and a 200-message session.
# Options: --levels 1,4,16,64, --long-messages 200 (0: none), --profile (where each Rasa server's
# time goes at 16 at a time, sampled with py-spy), --loads mixta,segunda, --clients asincrono,hilos,
# --processes N (benchmarks/README.md). Takes about 8 minutes.
# `scripts/benchmark.sh report [--conversations 100000] [--skip-postgresql]`: the desk report on a
# generated year of traffic, on SQLite and PostgreSQL, instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ "${1:-}" = report ]; then
  shift
  exec .venv/bin/python -m benchmarks.report "$@"
fi
exec .venv/bin/python -m benchmarks.load "$@"
