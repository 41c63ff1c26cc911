"""Every CLI command is documented in the README, and every command's help ends with an example."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from marsad.cli.main import root

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "marsad") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        full = f"{prefix} {name}"
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, full))
        else:
            out.append((full, cmd))
    return out


COMMANDS = _commands(root)


@pytest.mark.parametrize("name,cmd", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_docs_command_in_readme(name: str, cmd: click.Command) -> None:
    assert f"`{name}" in README, f"{name} is not documented in README.md"


@pytest.mark.parametrize("name,cmd", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_docs_command_help_has_example(name: str, cmd: click.Command) -> None:
    assert "Example" in (cmd.help or ""), f"{name}: its docstring should end with an Example"
