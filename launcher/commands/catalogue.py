"""`certichat catalogue check [FILE]`: the channel catalogue validated, and a summary of it."""

import sys
from typing import Optional

from bot.catalogue import CatalogueError, load_catalogue
from bot.catalogue_summary import summary


def check_catalogue(path: Optional[str], quiet: bool = False) -> int:
    try:
        catalogue = load_catalogue(path)
        if not quiet:
            print(summary(catalogue))
    except CatalogueError as error:
        print(f"ERROR {error}", file=sys.stderr)
        return 1
    return 0
