"""The command-line half shared by the generators of Rasa's credentials and endpoints files."""
import os
import sys
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Tuple, Type

import yaml

Build = Callable[[Mapping[str, str]], Tuple[Dict, List[str]]]


def write_from_environment(argv: List[str], module: str, build: Build, error: Type[Exception], summary: str) -> int:
    """Builds the file from the environment, writes it to the one path in `argv` and prints what it holds."""
    if len(argv) != 1:
        print(f"uso: python -m {module} ARCHIVO_DE_SALIDA", file=sys.stderr)
        return 2
    try:
        content, items = build(os.environ)
    except error as problem:
        print(f"ERROR {problem}", file=sys.stderr)
        return 1
    Path(argv[0]).write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"{summary}: {', '.join(items)}")
    return 0
