"""Root command group. Each command module under ``marsad.cli`` has ``register(root)``.

Modules are listed explicitly below; each adds its commands (``eval`` subcommands are
added to the shared ``eval`` group defined here).
"""

from __future__ import annotations

import importlib
import sys

import click

from ..errors import MarsadError

# command modules, in the order their commands appear in --help
COMMAND_MODULES = [
    "marsad.cli.analyze",
    "marsad.cli.demo",
    "marsad.cli.corpus_cmds",
    "marsad.cli.events_cmds",
    "marsad.cli.kb_cmds",
    "marsad.cli.ner_cmds",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="marsad")
def root() -> None:
    """marsad (مرصد): Arabic news to evidence-linked event data."""


@root.group(name="eval")
def eval_group() -> None:
    """Evaluate a stage against labelled data."""


def _load() -> None:
    for mod in COMMAND_MODULES:
        importlib.import_module(mod).register(root)


_load()


def main(argv: list[str] | None = None) -> int:
    try:
        rv = root.main(args=argv, prog_name="marsad", standalone_mode=False)
    except MarsadError as exc:
        click.echo(f"Error: {exc}", err=True)
        return 1
    except click.exceptions.Exit as exc:
        return int(exc.exit_code or 0)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except BrokenPipeError:
        return 0
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":
    sys.exit(main())
