"""`python -m course_utils …`: tools for instructors and students."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course_utils",
        description="Tools for the Interpersonal Process in Therapy course.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "check",
        help="validate every question bank, finding and notebook reference",
        description="Validate every question bank, finding and notebook reference. "
        "Prints one line per problem (file, item, field, fix) and exits 1 if there are any.",
    )
    arguments = parser.parse_args(argv)
    if arguments.command == "check":
        return check()
    return 2  # pragma: no cover - argparse rejects unknown commands


def check() -> int:
    from .content_check import check_all

    problems = check_all()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print("All question banks, findings and notebook references are valid.")
    return 0
