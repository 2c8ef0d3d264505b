"""`certichat backup CARPETA` and `certichat restore CARPETA --yes` (the work is in launcher/backup.py)."""

import argparse
from pathlib import Path

from launcher.commands.common import store_url


def copy_data(args: argparse.Namespace) -> int:
    from launcher.backup import backup, restore

    run_folder, folder = Path(args.run_folder), Path(args.folder)
    if args.command == "backup":
        written = backup(store_url(run_folder), run_folder, folder)
        print(f"Copia en {folder}: {', '.join(written)}")
        return 0
    if not args.yes:
        print("Esto reemplaza las conversaciones y los casos actuales; detenga el bot y repita con --yes.")
        return 1
    restored = restore(store_url(run_folder), run_folder, folder)
    print(f"Restaurado desde {folder}: {', '.join(restored)}. Ya puede arrancar el bot.")
    return 0
