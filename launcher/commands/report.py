"""`certichat report`: the desk's report for a span of Bogotá dates."""

import argparse
import os
import sys
import warnings
from pathlib import Path

from launcher.commands.common import store_url

REPORT_DAYS = 7


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
    written = write(store_url(), Dates(since, until), load_catalogue(), days, Path(args.out), export)
    print("\n".join(f"Escrito: {path}" for path in written))
    return 0
