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


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_search_engine_does_not_depend_on_the_web_layer():
    """The engine reads a JobQuery and the limits module; the form that reads a query
    string (search/forms.py, search/reading.py) sits on top of it, never under it."""
    web = ("wtforms", "careercenter.search.forms", "careercenter.search.reading", "flask")
    seen: set[str] = set()
    todo = ["careercenter.search.engine"]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        path = PACKAGE.parent / (module.replace(".", "/") + ".py")
        if not path.exists():
            continue
        for imported in _imported_modules(path):
            assert not imported.startswith(web), f"{module} imports {imported}"
            if imported.startswith("careercenter.search."):
                todo.append(imported)
    assert "careercenter.search.limits" in seen and "careercenter.search.query" in seen
