"""No hidden cycles (issue 14): the app's modules import each other at the top, where a
reader sees the dependency, never inside a function to dodge a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import careercenter

PACKAGE = Path(careercenter.__file__).parent

# Where an import inside a function stays, each with a comment in the code saying why:
# the factory builds the app from its parts, the job worker builds the app that imports
# the job queue, and the pay statistics build on the search engine that tells them a job
# changed.
ALLOWED = {
    ("__init__.py", "register_extensions"),
    ("__init__.py", "register_blueprints"),
    ("__init__.py", "register_errorhandlers"),
    ("__init__.py", "register_template_helpers"),
    ("__init__.py", "register_commands"),
    ("jobs.py", "run_job"),
    ("search/engine.py", "_pay_changed"),
}


def _imports_inside_functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("careercenter"):
                yield function.name, node.module
            elif isinstance(node, ast.ImportFrom) and node.level:
                yield function.name, "." * node.level + (node.module or "")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("careercenter"):
                        yield function.name, alias.name


def test_the_app_imports_its_own_modules_at_the_top():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        for function, module in _imports_inside_functions(path):
            if (name, function) not in ALLOWED:
                found.append(f"{name}: {function}() imports {module}")
    assert not found, "\n".join(found)
