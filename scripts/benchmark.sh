#!/usr/bin/env bash
# Load benchmark (prints figures; not a test): CertiChat against a default `rasa init` bot.
# Options: --concurrency N (16), --conversations N (64), --profile (where each Rasa server's time
# goes, sampled with py-spy). Takes about 4 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/python -m benchmarks.load "$@"
