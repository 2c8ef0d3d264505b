#!/usr/bin/env bash
# Runs CertiChat: set-up (venv, install, train when needed), then the action server and the Rasa
# server with the REST and Socket.IO channels. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export RASA_TELEMETRY_ENABLED=false

RASA_PORT=5005      # Rasa's default; the widget and the REST channel use it
ACTION_PORT=5055    # the action server's default, named in endpoints.yml
WIDGET_PORT=8000    # the demo page with the website widget
for port in $RASA_PORT $ACTION_PORT $WIDGET_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "El puerto $port ya está en uso: detenga el proceso que lo usa (¿otro CertiChat?) y vuelva a intentarlo." >&2
    exit 1
  fi
done

mkdir -p run
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT
trap 'exit 130' INT TERM

# Telegram and Slack are added when their environment variables are set (see README).
channels=$(.venv/bin/python -m launcher.credentials run/credentials.yml)
echo "==> $channels"
# SQLite in run/ unless CERTICHAT_DATABASE_URL / CERTICHAT_REDIS_URL name PostgreSQL and Redis.
storage=$(.venv/bin/python -m launcher.endpoints run/endpoints.yml)
echo "==> $storage"

echo "==> Iniciando el servidor de acciones (puerto $ACTION_PORT; registro: run/actions.log)"
.venv/bin/python -m rasa_sdk --actions actions --port $ACTION_PORT > run/actions.log 2>&1 &
pids+=($!)
echo "==> Iniciando Rasa (puerto $RASA_PORT; registro: run/rasa.log); tarda unos 10 segundos"
.venv/bin/certichat-server run --port $RASA_PORT --cors "*" --model models/certichat.tar.gz \
  --credentials run/credentials.yml --endpoints run/endpoints.yml > run/rasa.log 2>&1 &
pids+=($!)

echo "==> Sirviendo la página de demostración del widget (puerto $WIDGET_PORT)"
.venv/bin/python -m http.server $WIDGET_PORT --bind 127.0.0.1 --directory widget > run/widget.log 2>&1 &
pids+=($!)

wait_for() {  # url, log, name
  for _ in $(seq 1 300); do
    if ! kill -0 "${pids[@]}" 2>/dev/null; then break; fi
    if .venv/bin/python -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1" 2>/dev/null; then
      return 0
    fi
    sleep 1
  done
  echo "No arrancó $3; últimas líneas de $2:" >&2
  tail -n 20 "$2" >&2
  exit 1
}
wait_for "http://127.0.0.1:$ACTION_PORT/health" run/actions.log "el servidor de acciones"
wait_for "http://127.0.0.1:$RASA_PORT/" run/rasa.log "Rasa"

cat <<INFO

CertiChat está listo. Formas de hablarle:
  Widget web http://localhost:$WIDGET_PORT/   (página de demostración con el widget)
  REST       curl -s -X POST http://localhost:$RASA_PORT/webhooks/rest/webhook \\
                  -H 'Content-Type: application/json' -d '{"sender": "yo", "message": "la huella no sirve"}'
  Socket.IO  http://localhost:$RASA_PORT/socket.io  (eventos user_uttered / bot_uttered, para un widget web)
  Consola    en otra terminal: .venv/bin/certichat-server shell --port 5006   (usa este mismo servidor de acciones)
Registros: run/rasa.log y run/actions.log. Ctrl+C detiene todo.
$channels
INFO
case "$channels" in *Telegram*)
  echo "  Telegram   webhook registrado en $TELEGRAM_WEBHOOK_URL (Rasa lo recibe en /webhooks/telegram/webhook)";; esac
case "$channels" in *Slack*)
  echo "  Slack      URL de eventos e interactividad: https://<su-dominio>/webhooks/slack/webhook";; esac

# Stop everything as soon as either server stops.
while kill -0 "${pids[@]}" 2>/dev/null; do sleep 2; done
echo "Un servidor se detuvo; revise run/rasa.log y run/actions.log." >&2
exit 1
