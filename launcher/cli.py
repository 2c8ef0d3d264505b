"""`certichat`: the arguments of every subcommand; each one's work is in launcher/commands/.

certichat run [--processes N] [--without-widget]
certichat catalogue check [FILE]
certichat report [--since AAAA-MM-DD] [--until AAAA-MM-DD] [--out DIR] [--export-nlu FILE]
certichat conversations forget [--older-than-days N]
certichat cases list|resend
certichat data find|export|forget CONTACTO
certichat backup CARPETA | certichat restore CARPETA --yes
"""

import argparse
import sys
from typing import List, Optional

from launcher.commands import backup as backup_command
from launcher.commands import cases as cases_command
from launcher.commands import catalogue as catalogue_command
from launcher.commands import conversations as conversations_command
from launcher.commands import report as report_command
from launcher.commands import run as run_command
from launcher.commands.common import one_line, quiet_imports, setting_errors, store_url
from launcher.commands.run import ACTION_PORT, RASA_PORT, WIDGET_PAGE_PORT
from stores.database import RUN_FOLDER


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
        return run_command.run(args)
    if args.command == "catalogue":
        return catalogue_command.check_catalogue(args.file)
    errors = setting_errors()
    try:
        return _store_command(args)
    except errors as error:  # a bad setting or an unreachable database: one line, not a traceback
        print(f"ERROR {one_line(error)}", file=sys.stderr)
        return 1


def _store_command(args: argparse.Namespace) -> int:
    quiet_imports()
    if args.command in ("backup", "restore"):
        return backup_command.copy_data(args)
    if args.command == "report":
        return report_command.write_report(args)
    if args.command == "cases":
        return (
            cases_command.list_cases(args.state, args.since) if args.action == "list" else cases_command.resend_cases()
        )
    if args.command == "conversations":
        return conversations_command.forget_conversations(args.older_than_days)
    from launcher.data_requests import serve

    log = RUN_FOLDER / "solicitudes-de-datos.log"
    return serve(args.action, args.contact, store_url(), log, getattr(args, "out", None), getattr(args, "yes", False))


if __name__ == "__main__":
    sys.exit(main())
