"""Which folder may import which (the table in docs/architecture.md), read from the code's own import
statements: a forbidden import, or a circle of modules importing each other, fails here with the line
that made it."""

import ast
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

import pytest

from tests.servers import ROOT

# Each folder of the bot, with the project folders it may import. Everything else is forbidden.
MAY_IMPORT: Dict[str, Set[str]] = {
    "bot": set(),
    "rasa_runtime": set(),
    "stores": {"bot", "rasa_runtime"},
    "nlu_components": {"bot", "rasa_runtime"},
    "policies": {"bot", "rasa_runtime"},
    "report": {"bot", "stores"},
    "actions": {"bot", "stores"},
    "channels": {"bot", "stores"},
    "launcher": {"bot", "stores", "report", "channels"},
    # A tool beside the bot, as the tests are: it starts the bot through the launcher.
    "benchmarks": {"bot", "launcher"},
}
# The heart knows nothing of Rasa or of the servers it runs in.
NOT_IN_BOT = {"rasa", "rasa_sdk", "sanic", "socketio", "engineio", "sqlalchemy", "redis", "aiohttp", "requests"}


def imports(path: Path) -> Iterator[Tuple[int, str]]:
    """(line, module) of every import in a file, relative ones made absolute."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]) if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            yield node.lineno, module
            # `from package import module` names a module too.
            yield from ((node.lineno, f"{module}.{alias.name}") for alias in node.names)


def sources(folder: str) -> List[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def forbidden(folder: str, allowed: Set[str]) -> List[str]:
    found = []
    for path in sources(folder):
        for line, module in imports(path):
            top = module.split(".")[0]
            if top in MAY_IMPORT and top != folder and top not in allowed:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
            if folder == "bot" and top in NOT_IN_BOT:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return sorted(set(found))


@pytest.mark.parametrize("folder", MAY_IMPORT)
def test_each_folder_imports_only_the_floors_below_it(folder):
    assert forbidden(folder, MAY_IMPORT[folder]) == []


def test_no_module_of_the_project_imports_launcher():
    users = [f for f in MAY_IMPORT if "launcher" in MAY_IMPORT[f]]
    assert users == ["benchmarks"]


def module_graph() -> Dict[str, Set[str]]:
    modules = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
        for folder in MAY_IMPORT
        for path in sources(folder)
    }
    return {
        name: {module for _, module in imports(path) if module in modules and module != name}
        for name, path in modules.items()
    }


def circles(graph: Dict[str, Set[str]]) -> List[List[str]]:
    """Every circle found by a depth-first walk (each reported once, from its first module)."""
    found, done, path = [], set(), []

    def visit(node: str) -> None:
        if node in path:
            found.append(path[path.index(node) :] + [node])
            return
        if node in done:
            return
        path.append(node)
        for nxt in sorted(graph[node]):
            visit(nxt)
        path.pop()
        done.add(node)

    for start in sorted(graph):
        visit(start)
    return found


def test_no_modules_import_each_other_in_a_circle():
    # A package importing its own modules (`from bot import words` in bot/__init__) is not a circle
    # between modules; the package's __init__ is left out of the walk for that reason.
    graph = {name: {m for m in deps if "." in m or m not in MAY_IMPORT} for name, deps in module_graph().items()}
    assert circles(graph) == []


def test_the_checks_catch_what_they_forbid(tmp_path, monkeypatch):
    """A forbidden import and a circle, written into a tree of their own, are both found."""
    for name, text in {
        "stores/retention.py": "from channels import limits\n",
        "benchmarks/a.py": "from benchmarks import b\n",
        "benchmarks/b.py": "from . import a\n",
    }.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert forbidden("stores", MAY_IMPORT["stores"]) == [
        "stores/retention.py:1 imports channels",
        "stores/retention.py:1 imports channels.limits",
    ]
    assert circles(module_graph()) == [["benchmarks.a", "benchmarks.b", "benchmarks.a"]]
