"""The shape of the code, checked by a machine (issue #12, STYLE.md).

The layers themselves are checked by import-linter (`lint-imports`, contracts
in pyproject.toml); these tests check what it cannot see: imports hidden in
functions, oversized modules and functions, queries in views, hard-coded URLs,
and user-facing messages not marked for translation.
"""

import ast
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


def _sources() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts and path.name != "conftest.py"
    )


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT.parent))


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def test_no_project_import_hides_inside_a_function():
    """AppConfig.ready() is the one exception: Django's own place to connect
    signals and panels, since apps.py is read before the models are ready."""
    found = []
    for path in _sources():
        for function in _functions(_tree(path)):
            if path.name == "apps.py" and function.name == "ready":
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kinerja"):
                    found.append(f"{_name(path)}:{node.lineno} from {node.module}")
                elif isinstance(node, ast.Import) and any(a.name.startswith("kinerja") for a in node.names):
                    found.append(f"{_name(path)}:{node.lineno}")
    assert found == []


def test_no_module_is_over_500_lines():
    over = [f"{_name(p)}: {n}" for p in _sources() if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES]
    assert over == []


def test_no_function_is_over_60_lines():
    over = []
    for path in _sources():
        for function in _functions(_tree(path)):
            length = function.end_lineno - function.lineno + 1
            if length > MAX_FUNCTION_LINES:
                over.append(f"{_name(path)}:{function.lineno} {function.name}: {length}")
    assert over == []


def test_views_do_not_query_the_database_themselves():
    """Views parse, call and render: reads go through selectors and access helpers."""
    found = []
    for path in ROOT.rglob("views.py"):
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Attribute) and node.attr == "objects":
                found.append(f"{_name(path)}:{node.lineno}")
    assert found == []


def test_every_app_that_serves_objects_by_id_has_access_helpers():
    missing = []
    for urls in ROOT.glob("*/urls.py"):
        if "<int:" in urls.read_text() and not (urls.parent / "access.py").exists():
            missing.append(urls.parent.name)
    assert missing == []


def _is_literal_text(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant | ast.JoinedStr) and (
        not isinstance(node, ast.Constant) or isinstance(node.value, str)
    )


MESSAGE_FUNCTIONS = {"debug", "info", "success", "warning", "error"}


def _untranslated_messages(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            if node.exc.args and _is_literal_text(node.exc.args[0]):
                yield node.lineno
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            owner = (
                node.func.value.id
                if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
                else ""
            )
            if (
                name == "ValidationError"
                and node.args
                and _is_literal_text(node.args[0])
                or (
                    owner == "messages"
                    and name in MESSAGE_FUNCTIONS
                    and len(node.args) > 1
                    and _is_literal_text(node.args[1])
                )
            ):
                yield node.lineno


def test_user_facing_messages_are_marked_for_translation():
    """No `raise X("literal")`, `ValidationError("literal")` or `messages.*(request, "literal")`."""
    # settings.py and wsgi.py speak to whoever deploys, before Django (and its
    # translations) is loaded: their messages stay in English.
    sources = [path for path in _sources() if path.name not in ("settings.py", "wsgi.py")]
    found = [f"{_name(path)}:{line}" for path in sources for line in _untranslated_messages(_tree(path))]
    assert found == []


@pytest.mark.parametrize("folder", ["views.py", "services.py", "templates"])
def test_no_url_is_hard_coded(folder):
    """Every URL comes from reverse() or {% url %}, so a moved page moves everywhere."""
    found = []
    for path in ROOT.rglob("*"):
        # The server-error page is plain HTML, rendered without URL resolving (which may be what failed).
        if "tests" in path.parts or not path.is_file() or path.name == "500.html":
            continue
        if (folder == "templates" and path.suffix == ".html") or path.name == folder:
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                for prefix in ('"/pk/', "'/pk/", '"/pemantauan/', '"/capaian/', '"/perencanaan/', 'href="/'):
                    if prefix in line and 'href="/"' not in line:
                        found.append(f"{_name(path)}:{number}")
    assert found == []


def test_the_english_catalogue_has_no_untranslated_or_fuzzy_entry():
    """`msgfmt --statistics` (GNU gettext, installed by .ci/run) counts the catalogue's entries."""
    catalogue = ROOT.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "translated messages" in result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_templates_do_not_spell_statuses_or_unit_kinds():
    """A template asks the model (`agreement.is_final`, `unit.is_regency`), never compares with a literal."""
    literal = re.compile(r"""\b(status|kind|state|verdict)\s*(==|!=|\bin\b)\s*["']""")
    found = [
        f"{_name(path)}:{number}"
        for path in ROOT.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if literal.search(line)
    ]
    assert found == []
