#!/usr/bin/env bash
# Runs CertiChat as several Rasa processes sharing PostgreSQL conversations and a Redis lock store:
# any process can take any message, and the messages of one conversation are handled in order.
#   CERTICHAT_PROCESSES      how many Rasa processes (default 2; ports 5005, 5006, …)
#   CERTICHAT_DATABASE_URL   default postgresql://postgres@127.0.0.1:5432/certichat
#   CERTICHAT_REDIS_URL      default redis://127.0.0.1:6379/1
set -euo pipefail
export CERTICHAT_DATABASE_URL=${CERTICHAT_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/certichat}
export CERTICHAT_REDIS_URL=${CERTICHAT_REDIS_URL:-redis://127.0.0.1:6379/1}
exec "$(dirname "$0")/run.sh" --processes "${CERTICHAT_PROCESSES:-2}" "$@"
