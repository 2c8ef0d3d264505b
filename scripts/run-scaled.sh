#!/usr/bin/env bash
# Runs CertiChat as several Rasa processes sharing PostgreSQL conversations and a Redis lock store:
# any process can take any message, and the messages of one conversation are handled in order.
#   CERTICHAT_PROCESSES      how many Rasa processes (default 2; ports 5005, 5006, …)
#   CERTICHAT_DATABASE_URL   default postgresql://postgres@127.0.0.1:5432/certichat
#   CERTICHAT_REDIS_URL      default redis://127.0.0.1:6379/1
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export RASA_TELEMETRY_ENABLED=false
export CERTICHAT_DATABASE_URL=${CERTICHAT_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/certichat}
export CERTICHAT_REDIS_URL=${CERTICHAT_REDIS_URL:-redis://127.0.0.1:6379/1}
processes=${CERTICHAT_PROCESSES:-2}

reachable() { .venv/bin/python -c "import socket, sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), 2)" "$1" "$2" 2>/dev/null; }
host_port() { .venv/bin/python -c "import sys; from urllib.parse import urlsplit; u = urlsplit(sys.argv[1]); print(u.hostname, u.port or int(sys.argv[2]))" "$1" "$2"; }
read -r pg_host pg_port < <(host_port "$CERTICHAT_DATABASE_URL" 5432)
read -r redis_host redis_port < <(host_port "$CERTICHAT_REDIS_URL" 6379)
if ! reachable "$pg_host" "$pg_port"; then
  echo "PostgreSQL no responde en $pg_host:$pg_port. En Debian, inícielo con:" >&2
  echo "  pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2
  exit 1
fi
if ! reachable "$redis_host" "$redis_port"; then
  echo "Redis no responde en $redis_host:$redis_port. Inícielo con:" >&2
  echo "  redis-server --daemonize yes --bind 127.0.0.1 --port 6379" >&2
  exit 1
fi

mkdir -p run
.venv/bin/python -m launcher.endpoints run/endpoints-scaled.yml
.venv/bin/python -m launcher.credentials run/credentials.yml > /dev/null
# Rasa's Socket.IO channel keeps each browser's socket inside one process, so the widget talks to the
# first process only; the other processes serve REST, Telegram and Slack.
grep -v -E "SocketIOInput|user_message_evt|bot_message_evt|session_persistence|Keeps one conversation" \
  run/credentials.yml > run/credentials-without-socketio.yml

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT
trap 'exit 130' INT TERM

.venv/bin/python -m rasa_sdk --actions actions --port 5055 > run/actions.log 2>&1 &
pids+=($!)
for index in $(seq 0 $((processes - 1))); do
  port=$((5005 + index))
  credentials=run/credentials-without-socketio.yml
  [ "$index" = 0 ] && credentials=run/credentials.yml
  .venv/bin/certichat-server run --port $port --cors "*" --model models/certichat.tar.gz --credentials $credentials \
    --endpoints run/endpoints-scaled.yml > run/rasa-$port.log 2>&1 &
  pids+=($!)
done
for index in $(seq 0 $((processes - 1))); do
  port=$((5005 + index))
  for _ in $(seq 1 300); do
    reachable 127.0.0.1 $port && .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/', timeout=2)" 2>/dev/null && break
    sleep 1
  done
done

echo
echo "CertiChat en $processes procesos (registros: run/rasa-PUERTO.log, run/actions.log):"
for index in $(seq 0 $((processes - 1))); do
  port=$((5005 + index))
  if [ "$index" = 0 ]; then echo "  http://localhost:$port  REST y Socket.IO (el widget web se conecta solo a este)"
  else echo "  http://localhost:$port  REST, Telegram y Slack"; fi
done
echo "Reparta /webhooks/ entre ellos con un balanceador (nginx, HAProxy); envíe /socket.io/ siempre al primero."
echo "Ctrl+C detiene todo."
while kill -0 "${pids[@]}" 2>/dev/null; do sleep 2; done
echo "Un proceso se detuvo; revise run/*.log." >&2
exit 1
