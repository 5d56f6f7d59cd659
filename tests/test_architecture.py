"""Guard rails: textkit stays free of Django, migrations match the models, the CLI documents
itself."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

SRC = Path(__file__).resolve().parents[1] / "src" / "remiss"


def test_textkit_imports_no_django_and_no_app():
    offenders = []
    for path in (SRC / "textkit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] == "django" or (
                    name.startswith("remiss.") and not name.startswith("remiss.textkit")
                ):
                    offenders.append(f"{path.relative_to(SRC)}: {name}")
    assert offenders == []


def test_textkit_runs_without_django_installed_in_the_process():
    code = (
        "import sys; sys.modules['django'] = None\n"
        "import remiss.textkit.identifiers, remiss.textkit.extract\n"
        "print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_cli_lists_the_demo_command():
    result = subprocess.run(
        [sys.executable, "-m", "remiss.cli", "help", "demo"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "--no-serve" in result.stdout


# Lower layers first; an app may import only from apps at its own level or below.
LAYERS = {
    "accounts": 0,
    "audit": 0,
    "consultations": 1,
    "responses": 2,
    "analysis": 3,
    "portal": 3,
    "compilation": 4,
    "search": 4,
    "followup": 5,
    "api": 6,
    "demo": 9,
}


def test_apps_import_one_way_only():
    offenders = []
    for app, level in LAYERS.items():
        for path in (SRC / app).rglob("*.py"):
            if "tests" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    parts = node.module.split(".")
                    if parts[0] == "remiss" and len(parts) > 1 and parts[1] in LAYERS:
                        if LAYERS[parts[1]] > level:
                            offenders.append(f"{path.relative_to(SRC)} imports {node.module}")
    assert offenders == []
