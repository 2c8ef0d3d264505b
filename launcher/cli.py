"""`certichat`: run the bot, or check the channel catalogue.

certichat run [--processes N] [--without-widget]
certichat catalogue check [FILE]
certichat report [--since AAAA-MM-DD] [--until AAAA-MM-DD] [--out DIR] [--export-nlu FILE]
certichat conversations forget [--older-than-days N]
certichat cases list|resend
certichat data find|export|forget CONTACTO
certichat backup CARPETA | certichat restore CARPETA --yes
"""

import argparse
import contextlib
import io
import os
import re
import signal
import sys
import time
import warnings
from pathlib import Path
from typing import List, Optional
from urllib.parse import urlsplit

from bot.catalogue import CatalogueError, load_catalogue
from bot.catalogue_summary import summary
from stores.database import RUN_FOLDER, SQLITE_FILE

ROOT = Path(__file__).resolve().parent.parent
RASA_PORT, ACTION_PORT, WIDGET_PAGE_PORT = 5005, 5055, 8000  # Rasa's and the action server's defaults
RETENTION_CHECK_SECONDS = 24 * 3600
REPORT_DAYS = 7
SCALED_STORES = {
    "CERTICHAT_DATABASE_URL": (
        "PostgreSQL",
        5432,
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    ),
    "CERTICHAT_REDIS_URL": ("Redis", 6379, "redis-server --daemonize yes --bind 127.0.0.1 --port 6379"),
}


def _setting_errors() -> tuple:
    from sqlalchemy.exc import SQLAlchemyError

    from launcher.backup import BackupError
    from launcher.endpoints import EndpointSettingsError

    return (SQLAlchemyError, EndpointSettingsError, BackupError, ValueError, OSError)


def check_catalogue(path: Optional[str], quiet: bool = False) -> int:
    try:
        catalogue = load_catalogue(path)
        if not quiet:
            print(summary(catalogue))
    except CatalogueError as error:
        print(f"ERROR {error}", file=sys.stderr)
        return 1
    return 0


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
    logs = "rasa-PUERTO.log" if bot.actions_in_process else "actions.log, rasa-PUERTO.log"
    lines.append(f"Registros en {bot.workdir}/ ({logs}). Ctrl+C detiene todo.")
    return "\n".join(lines)


def _quiet_imports() -> None:
    """The channels import Rasa, and Rasa TensorFlow: their start-up chatter is not for this terminal.
    Rasa resets the warning filters as it loads, so Rasa is loaded here, once, with stderr set aside."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    warnings.simplefilter("ignore")
    # Rasa's own modules only: CertiChat's may have something to say once loaded (a broken catalogue).
    with contextlib.redirect_stderr(io.StringIO()):
        from rasa.core import tracker_store  # noqa: F401  (Rasa and TensorFlow)
        from rasa.core.channels import channel, rest, socketio  # noqa: F401
    warnings.simplefilter("ignore")


def run(args: argparse.Namespace) -> int:
    if check_catalogue(None, quiet=True):
        return 1
    _quiet_imports()
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
                _forget_while_running()
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


def _forget_while_running() -> None:
    """The daily retention run: a database that does not answer today is said, and the bot goes on."""
    try:
        forget_conversations(None, quiet=True)
    except _setting_errors() as error:
        print(f"La retención no pudo correr hoy: {_one_line(error)}", file=sys.stderr, flush=True)


def forget_conversations(days: Optional[float], quiet: bool = False) -> int:
    """Conversations past their retention period (or `days`), and cases past theirs, with their e-mails."""
    _quiet_imports()
    from launcher.endpoints import build
    from stores.retention import case_retention_days, forget_cases_older_than, forget_older_than, retention_days

    days = retention_days(os.environ) if days is None else days
    case_days = case_retention_days(os.environ)
    stores, _ = build(os.environ, conversations_db=RUN_FOLDER / SQLITE_FILE)
    forgotten = forget_older_than(stores["tracker_store"], days)
    filed = forget_cases_older_than(_store_url(), case_days)
    if not quiet or forgotten:
        print(f"Conversaciones borradas por tener más de {days:g} días sin mensajes: {forgotten}")
    if not quiet or filed:
        print(f"Casos borrados (con sus correos) por tener más de {case_days} días: {filed}")
    return 0


def _store_url(run_folder: Path = RUN_FOLDER) -> str:
    """The database the bot keeps conversations and cases in, as configured for `certichat run`."""
    from launcher.endpoints import build
    from stores.database import URL_VARIABLE, url_of

    if os.environ.get(URL_VARIABLE):
        return os.environ[URL_VARIABLE]
    stores, _ = build(os.environ, conversations_db=run_folder / SQLITE_FILE)
    return url_of(stores["tracker_store"])


def _case_store():
    from stores.case_store import CaseStore

    return CaseStore(_store_url())


def write_report(args: argparse.Namespace) -> int:
    from datetime import date, datetime, timedelta

    from bot.catalogue import load_catalogue
    from bot.clock import BOGOTA
    from report.figures import Dates
    from report.files import write_report as write
    from stores.retention import retention_days

    try:
        until = date.fromisoformat(args.until) if args.until else datetime.now(BOGOTA).date()
        since = date.fromisoformat(args.since) if args.since else until - timedelta(days=REPORT_DAYS - 1)
    except ValueError as error:
        print(f"Fechas como AAAA-MM-DD, por favor ({error}).", file=sys.stderr)
        return 2
    if since > until:
        print("--since debe ser anterior o igual a --until.", file=sys.stderr)
        return 2
    export = Path(args.export_nlu) if args.export_nlu else None
    warnings.simplefilter("ignore")  # SQLAlchemy's deprecation notices about Rasa's table, not for the desk
    days = retention_days(os.environ)
    written = write(_store_url(), Dates(since, until), load_catalogue(), days, Path(args.out), export)
    print("\n".join(f"Escrito: {path}" for path in written))
    return 0


def list_cases(state: Optional[str], since: Optional[str]) -> int:
    _quiet_imports()
    from datetime import datetime

    store = _case_store()
    shown = {"pendiente": "pending", "enviado": "sent"}
    found = store.listed(shown.get(state or "", state), datetime.fromisoformat(since) if since else None)
    for case in found:
        state_name = {"sent": "enviado", None: "sin correo"}.get(case["mail_state"], "pendiente")
        print(
            f"{case['reference']}  {case['filed_at'][:16]}  {case['route']:<12} {state_name:<10} {case['desk_email']}"
        )
    print(f"{len(found)} caso(s)")
    return 0


def resend_cases() -> int:
    _quiet_imports()
    from stores.outbox import SmtpSettings, deliver_due

    smtp = SmtpSettings.from_environment(os.environ)
    if smtp is None:
        print("Defina CERTICHAT_SMTP_HOST (y CERTICHAT_SMTP_PORT, CERTICHAT_SMTP_FROM) para enviar.", file=sys.stderr)
        return 1
    print(f"Correos enviados: {deliver_due(_case_store(), smtp, everything_pending=True)}")
    return 0


def copy_data(args: argparse.Namespace) -> int:
    from launcher.backup import backup, restore

    run_folder, folder = Path(args.run_folder), Path(args.folder)
    if args.command == "backup":
        written = backup(_store_url(run_folder), run_folder, folder)
        print(f"Copia en {folder}: {', '.join(written)}")
        return 0
    if not args.yes:
        print("Esto reemplaza las conversaciones y los casos actuales; detenga el bot y repita con --yes.")
        return 1
    restored = restore(_store_url(run_folder), run_folder, folder)
    print(f"Restaurado desde {folder}: {', '.join(restored)}. Ya puede arrancar el bot.")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="certichat", description="CertiChat: el asistente de soporte de Certicámara.")
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("run", help="arranca Rasa (con las acciones) y la página del widget")
    start.add_argument(
        "--processes",
        type=int,
        default=1,
        help="procesos de Rasa (más de uno exige CERTICHAT_DATABASE_URL y CERTICHAT_REDIS_URL)",
    )
    start.add_argument("--without-widget", action="store_true", help="sin Socket.IO ni la página del widget")
    start.add_argument(
        "--port", type=int, default=RASA_PORT, help="puerto del primer proceso de Rasa (los demás, los siguientes)"
    )
    start.add_argument("--action-port", type=int, default=ACTION_PORT)
    start.add_argument("--widget-page-port", type=int, default=WIDGET_PAGE_PORT)
    catalogue = commands.add_parser("catalogue", help="el catálogo de canales")
    catalogue_commands = catalogue.add_subparsers(dest="action", required=True)
    check = catalogue_commands.add_parser("check", help="valida el catálogo e imprime un resumen")
    check.add_argument("file", nargs="?", help="ruta del catálogo (por defecto catalogue/channels.yml)")
    conversations = commands.add_parser("conversations", help="las conversaciones guardadas")
    conversations_commands = conversations.add_subparsers(dest="action", required=True)
    forget = conversations_commands.add_parser(
        "forget", help="borra las conversaciones sin mensajes desde hace más de N días (CERTICHAT_RETENTION_DAYS, 90)"
    )
    forget.add_argument("--older-than-days", type=float, help="por defecto CERTICHAT_RETENTION_DAYS o 90")
    cases = commands.add_parser("cases", help="los casos que el bot envió a las mesas")
    cases_commands = cases.add_subparsers(dest="action", required=True)
    listing = cases_commands.add_parser("list", help="lista los casos, los más nuevos primero")
    listing.add_argument("--state", choices=["pendiente", "enviado"], help="según el correo a la mesa")
    listing.add_argument("--since", help="desde esta fecha (AAAA-MM-DD)")
    cases_commands.add_parser("resend", help="envía ya los correos pendientes, sin esperar el próximo reintento")
    report = commands.add_parser(
        "report", help="informe para la mesa: HTML con gráficas, y CSV y JSON con las mismas cifras"
    )
    report.add_argument("--since", help="desde esta fecha de Bogotá, incluida (AAAA-MM-DD; por defecto, 7 días)")
    report.add_argument("--until", help="hasta esta fecha de Bogotá, incluida (AAAA-MM-DD; por defecto, hoy)")
    report.add_argument("--out", default=str(RUN_FOLDER / "informes"), help="carpeta de los archivos")
    report.add_argument(
        "--export-nlu", metavar="ARCHIVO", help="además, los mensajes para revisar como ejemplos de NLU (YAML)"
    )
    data = commands.add_parser("data", help="los datos de una persona (Ley 1581): consultarlos, exportarlos, borrarlos")
    data_commands = data.add_subparsers(dest="action", required=True)
    for name, what in (
        ("find", "los casos y las conversaciones que tienen un correo o un teléfono"),
        ("export", "todo lo que se guarda de un correo o un teléfono, en JSON"),
        ("forget", "borra esos casos, sus correos y esas conversaciones (solo con --yes)"),
    ):
        request = data_commands.add_parser(name, help=what)
        request.add_argument("contact", metavar="CONTACTO", help="un correo o un teléfono, como se haya escrito")
    data_commands.choices["export"].add_argument("--out", metavar="ARCHIVO", help="el JSON a un archivo (0600)")
    data_commands.choices["forget"].add_argument("--yes", action="store_true", help="borrar de verdad")
    for name, what in (
        ("backup", "copia la base (conversaciones, casos y sus correos) y el secreto de las sesiones a una carpeta"),
        ("restore", "pone de vuelta una copia de backup, con el bot detenido (solo con --yes)"),
    ):
        copying = commands.add_parser(name, help=what)
        copying.add_argument("folder", metavar="CARPETA")
        copying.add_argument("--run-folder", default=str(RUN_FOLDER), help="carpeta de trabajo del bot (run/)")
    commands.choices["restore"].add_argument("--yes", action="store_true", help="reemplazar de verdad")
    args = parser.parse_args(argv)
    if args.command == "run":
        if args.processes < 1:
            parser.error("--processes debe ser 1 o más")
        return run(args)
    if args.command == "catalogue":
        return check_catalogue(args.file)
    errors = _setting_errors()
    try:
        return _store_command(args)
    except errors as error:  # a bad setting or an unreachable database: one line, not a traceback
        print(f"ERROR {_one_line(error)}", file=sys.stderr)
        return 1


def _store_command(args: argparse.Namespace) -> int:
    _quiet_imports()
    if args.command in ("backup", "restore"):
        return copy_data(args)
    if args.command == "report":
        return write_report(args)
    if args.command == "cases":
        return list_cases(args.state, args.since) if args.action == "list" else resend_cases()
    if args.command == "conversations":
        return forget_conversations(args.older_than_days)
    from launcher.data_requests import serve

    log = RUN_FOLDER / "solicitudes-de-datos.log"
    return serve(args.action, args.contact, _store_url(), log, getattr(args, "out", None), getattr(args, "yes", False))


def _one_line(error: Exception) -> str:
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return re.sub(r"\(Background on this error.*", "", first)[:300]


if __name__ == "__main__":
    sys.exit(main())
