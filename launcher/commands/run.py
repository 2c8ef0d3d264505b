"""`certichat run`: every process of the bot, checked before it starts, and the retention run daily."""

import argparse
import os
import signal
import sys
import time
from typing import List, Optional
from urllib.parse import urlsplit

from launcher.commands.catalogue import check_catalogue
from launcher.commands.common import quiet_imports
from launcher.commands.conversations import forget_while_running
from stores.database import RUN_FOLDER

RASA_PORT, ACTION_PORT, WIDGET_PAGE_PORT = 5005, 5055, 8000  # Rasa's and the action server's defaults
RETENTION_CHECK_SECONDS = 24 * 3600
SCALED_STORES = {
    "CERTICHAT_DATABASE_URL": (
        "PostgreSQL",
        5432,
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    ),
    "CERTICHAT_REDIS_URL": ("Redis", 6379, "redis-server --daemonize yes --bind 127.0.0.1 --port 6379"),
}


def _problems_before_start(args: argparse.Namespace, ports: List[int]) -> List[str]:
    from launcher.processes import port_in_use

    problems = [
        f"El puerto {port} ya está en uso: detenga el proceso que lo usa (¿otro CertiChat?) y vuelva a intentarlo."
        for port in ports
        if port_in_use(port)
    ]
    for variable, (name, default_port, how_to_start) in SCALED_STORES.items():
        url = os.environ.get(variable)
        if not url:
            if args.processes > 1:
                problems.append(
                    f"Con varios procesos, {variable} debe nombrar {name} (las conversaciones y los "
                    f"bloqueos se comparten); vea 'Escalado' en el README."
                )
            continue
        parts = urlsplit(url)
        if parts.hostname and not port_in_use(parts.port or default_port, parts.hostname):
            problems.append(
                f"{name} no responde en {parts.hostname}:{parts.port or default_port}. Inícielo con:\n  {how_to_start}"
            )
    from stores.retention import case_retention_days, retention_days

    for read_days in (retention_days, case_retention_days):
        try:
            read_days(os.environ)
        except ValueError as error:
            problems.append(str(error))
    return problems


def _how_to_talk(bot, page_port: Optional[int]) -> str:
    lines = ["", "CertiChat está listo. Formas de hablarle:"]
    if page_port:
        lines.append(f"  Widget web http://localhost:{page_port}/   (página de demostración con el widget)")
    lines += [
        f"  REST       curl -s -X POST http://localhost:{bot.rasa_ports[0]}/webhooks/rest/webhook \\",
        "                  -H 'Content-Type: application/json' "
        """-d '{"sender": "yo", "message": "la huella no sirve"}'""",
    ]
    if bot.widget:
        lines.append(f"  Socket.IO  http://localhost:{bot.rasa_ports[0]}/socket.io")
    for port in bot.rasa_ports[1:]:
        lines.append(
            f"  Otro proceso http://localhost:{port}/  (REST, Socket.IO y los canales: repártalos con un balanceador,"
            " p. ej. deploy/nginx/certichat.conf)"
        )
    if "Telegram" in bot.summary[0]:
        lines.append(
            f"  Telegram   webhook {os.environ.get('TELEGRAM_WEBHOOK_URL')} "
            "(Rasa lo recibe en /webhooks/telegram/webhook)"
        )
    if "Slack" in bot.summary[0]:
        lines.append("  Slack      URL de eventos e interactividad: https://<su-dominio>/webhooks/slack/webhook")
    if "WhatsApp" in bot.summary[0]:
        lines.append("  WhatsApp   URL de devolución de llamada: https://<su-dominio>/webhooks/whatsapp/webhook")
    logs = "rasa-PUERTO.log" if bot.actions_in_process else "actions.log, rasa-PUERTO.log"
    lines.append(f"Registros en {bot.workdir}/ ({logs}). Ctrl+C detiene todo.")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if check_catalogue(None, quiet=True):
        return 1
    quiet_imports()
    from launcher.credentials import ChannelSettingsError
    from launcher.endpoints import EndpointSettingsError
    from launcher.processes import StartFailed
    from launcher.stack import MODEL, CertiChat

    if not MODEL.exists():
        print(f"Falta el modelo {MODEL}: ejecute scripts/setup.sh (o scripts/run.sh).", file=sys.stderr)
        return 1
    page_port = None if args.without_widget else args.widget_page_port
    bot = CertiChat(
        RUN_FOLDER,
        os.environ,
        processes=args.processes,
        widget=not args.without_widget,
        rasa_port=args.port,
        action_port=args.action_port,
        widget_page_port=page_port,
    )
    problems = _problems_before_start(args, bot.ports())
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    try:
        print("\n".join(f"==> {line}" for line in bot.configure()), flush=True)
    except (ChannelSettingsError, EndpointSettingsError) as error:
        print(f"ERROR {error}", file=sys.stderr)
        return 1
    print(f"==> Iniciando {args.processes} proceso(s) de Rasa; tarda unos segundos", flush=True)
    # Ctrl+C and `kill` stop every process, in order, from the `finally` below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        try:
            bot.start()
        except StartFailed as error:
            print(f"No arrancó CertiChat: {error}", file=sys.stderr)
            return 1
        print(_how_to_talk(bot, page_port), flush=True)
        retention = Daily()  # the retention periods, applied at start and once a day
        while not bot.processes.first_stopped():
            if retention.due(time.monotonic()):
                forget_while_running()
            time.sleep(1)
        stopped = bot.processes.first_stopped() or "?"
        print(f"{stopped} se detuvo; últimas líneas de su registro:\n{bot.processes.tail(stopped)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        bot.stop()


class Daily:
    """Due at once, then once a day: time.monotonic() counts from the machine's boot, so "a day since
    zero" would skip the first run on a machine up for less than a day."""

    def __init__(self) -> None:
        self.last: Optional[float] = None

    def due(self, now: float) -> bool:
        if self.last is not None and now - self.last < RETENTION_CHECK_SECONDS:
            return False
        self.last = now
        return True
