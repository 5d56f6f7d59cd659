"""docs/cli.md cannot drift from the commands: every option Remiss adds is documented with the
help text the command itself prints."""

import argparse
import re
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

DOCS = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def remiss_commands() -> list[tuple[str, str]]:
    return sorted(
        (name, app)
        for name, app in get_commands().items()
        if app == "remiss" or app.startswith("remiss.")
    )


def own_options(name: str, app: str) -> list[argparse.Action]:
    command = load_command_class(app, name)
    parser = command.create_parser("remiss", name)
    base = load_command_class("django.core", "check").create_parser("remiss", "check")
    common = {option for action in base._actions for option in action.option_strings}
    common.add("--skip-checks")  # Django adds it to every command that runs system checks
    return [
        action
        for action in parser._actions
        if action.option_strings and not set(action.option_strings) & common
    ]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(("name", "app"), remiss_commands())
def test_every_remiss_command_and_option_is_documented(name, app):
    docs = normalise(DOCS.read_text(encoding="utf-8"))
    command = load_command_class(app, name)
    assert f"## `remiss {name}`" in docs
    assert normalise(command.help) in docs
    for action in own_options(name, app):
        assert f"`{action.option_strings[-1]}" in docs, action.option_strings
        help_text = action.help.replace("%(default)s", str(action.default))
        assert normalise(help_text) in docs, help_text
