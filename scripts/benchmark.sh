#!/usr/bin/env bash
# Load benchmark (prints figures; not a test): CertiChat against a default `rasa init` bot.
# Options: --concurrency N (16), --conversations N (64). Takes about 5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/python -m benchmarks.load "$@"
