#!/usr/bin/env bash
# What each part of the understanding is worth (tests/nlu_ablation.py): the NLU trained with and without
# the sentence encoder, the reading by parts and the new-voices examples, measured on the held-out NLU
# sets and on the conversation folders given (by default the suite). Prints figures; not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh > /dev/null
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 PYTHONWARNINGS=ignore
[ $# -gt 0 ] || set -- tests/conversations
exec .venv/bin/python -m tests.nlu_ablation "$@"
