"""Command-line entry: python -m scripts <command>. Run with --help for the list."""
from __future__ import annotations

import argparse
import sys

from . import cli
from .content import data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (func, configure, help_text) in cli.COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        configure(p)
        p.set_defaults(func=func)
    args = parser.parse_args(argv)
    try:
        return args.func(args) or 0
    except data.DataFileError as exc:
        print(exc.problem, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
