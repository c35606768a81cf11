"""`python -m course_utils …`: tools for instructors and students.

check [PATHS]                      validate banks, cases, reflections, findings, notebooks
schema [--out DIR]                 write JSON Schemas for the YAML files
export [--format csv|json] [--out FILE] [--with-reflection-text]
report FILES|FOLDERS… [--csv FILE] [--html FILE]  item analysis of many students' exports
classify TEXT… | --file FILE       which kind of reply each text is (one JSON object per line)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

SCHEMA_FILES = {
    "question-bank.schema.json": "QuestionBank",
    "case.schema.json": "CaseDialogue",
    "reflections.schema.json": "ReflectionFile",
    "evidence.schema.json": "EvidenceFile",
    "results.schema.json": "results.Results",  # the hand-in that export writes and report reads
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    return arguments.run(arguments)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m course_utils",
        description="Tools for the Interpersonal Process in Therapy course.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check_parser = commands.add_parser(
        "check",
        help="validate every question bank, case, reflection file, finding and notebook",
        description="Validate every question bank, case dialogue, reflection commentary file, "
        "finding and notebook reference (or only the PATHS given). Prints one line per problem "
        "(file, item, field, fix) and exits 1 if there are any.",
    )
    check_parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATHS", help="files or folders (default: all)"
    )
    check_parser.set_defaults(run=check)

    schema_parser = commands.add_parser(
        "schema",
        help="write JSON Schemas for banks, cases, reflections and findings",
        description="Write JSON Schemas for question banks, case dialogues, reflection files, "
        "findings and the results file students hand in, so an editor can autocomplete and "
        "validate the YAML. In VS Code (YAML extension), put "
        "'# yaml-language-server: $schema=<path to the schema>' on a file's first line.",
    )
    schema_parser.add_argument(
        "--out", type=Path, default=Path("schemas"), help="folder to write to (default: schemas)"
    )
    schema_parser.set_defaults(run=schema)

    export_parser = commands.add_parser(
        "export",
        help="write your own results (answers, case choices, reflections) to hand in",
        description="Write your own results to a file to hand in: every answer attempt, every "
        "case dialogue choice, which reflections you wrote and what kind each practice reply "
        "read as (their length; add --with-reflection-text for the text). The learner is "
        "$JUPYTERHUB_USER, else your user name.",
    )
    export_parser.add_argument("--format", choices=("csv", "json"), default="json")
    export_parser.add_argument(
        "--out",
        help="file to write (default: course-results-<learner>.<format>; '-' for the screen)",
    )
    export_parser.add_argument(
        "--with-reflection-text",
        action="store_true",
        help="include the text of your reflections and practice replies (it may be personal)",
    )
    export_parser.set_defaults(run=export)

    report_parser = commands.add_parser(
        "report",
        help="item analysis of many students' exports (instructors)",
        description="Read many students' exports (JSON or CSV files, or folders of them; a file "
        "that does not fit the results format is named on one line and not counted) and print, "
        "per question, the "
        "share right at the first attempt, the most chosen wrong answer and why it is wrong, "
        "and per module the completion rate. If a student handed in several exports, the latest "
        "counts.",
    )
    report_parser.add_argument(
        "files", nargs="+", type=Path, metavar="FILES", help="hand-in files, or folders of them"
    )
    report_parser.add_argument("--csv", type=Path, help="also write the report to this CSV file")
    report_parser.add_argument(
        "--html",
        type=Path,
        help="also write the class report (charts with text descriptions) to this HTML file",
    )
    report_parser.set_defaults(run=report)

    classify_parser = commands.add_parser(
        "classify",
        help="say which kind of reply a text is (open question, reflection, advice…)",
        description="Read each reply and print one JSON object per reply: text, skill, family, "
        'confidence and unsure (true where it says "I can\'t tell"). It names the form of a '
        "reply, not its quality. Give replies as arguments or in a UTF-8 text file, one per line.",
    )
    classify_parser.add_argument("texts", nargs="*", metavar="TEXT", help="replies to read")
    classify_parser.add_argument(
        "--file", type=Path, help="a UTF-8 text file with one reply per line (blank lines skipped)"
    )
    classify_parser.set_defaults(run=classify)

    from .hublink import add_hub_link_parser

    add_hub_link_parser(commands)
    return parser


def check(arguments: argparse.Namespace) -> int:
    from .content_check import check_all, check_paths, cue_report

    problems = check_paths(arguments.paths) if arguments.paths else check_all()
    if not arguments.paths:
        print("Item-writing cues per bank:", *cue_report(), sep="\n  ")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(
        "All question banks, cases, reflection files, findings and notebook references are valid."
    )
    return 0


def schema(arguments: argparse.Namespace) -> int:
    from importlib import import_module

    arguments.out.mkdir(parents=True, exist_ok=True)
    for name, qualified in SCHEMA_FILES.items():
        module_name, _, model_name = qualified.rpartition(".")
        model = getattr(import_module(f".{module_name or 'schema'}", __package__), model_name)
        document = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **model.model_json_schema(),
        }
        path = arguments.out / name
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(path)
    return 0


def export(arguments: argparse.Namespace) -> int:
    from . import progress, results

    store = progress.store()
    if store.notice:
        print(store.notice, file=sys.stderr)
    data = results.collect(store, include_text=arguments.with_reflection_text)
    text = results.to_csv(data) if arguments.format == "csv" else results.to_json(data)
    if arguments.out == "-":
        sys.stdout.write(text)
        return 0
    out = Path(arguments.out or f"course-results-{store.learner}.{arguments.format}")
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        print(
            f"{out}: cannot be written ({error.strerror}) — choose another --out", file=sys.stderr
        )
        return 1
    print(
        f"Wrote {len(data['attempts'])} answer(s), {len(data['cases'])} case choice(s) and "
        f"{len(data['reflections'])} reflection(s) for {store.learner} to {out}"
    )
    return 0


def report(arguments: argparse.Namespace) -> int:
    from . import report as item_analysis
    from . import results
    from .catalogue import BANK_DIR, catalogue
    from .schema import ContentError, QuestionBank, load

    good, broken = results.read_all(arguments.files)
    for line in broken:
        print(line, file=sys.stderr)
    exports = [hand_in.as_dict() for hand_in in good]
    banks = {}
    for path in sorted(BANK_DIR.glob("*.yaml")):
        try:
            banks[path.stem] = load(path, QuestionBank, noun="question")
        except ContentError:
            print(f"skipped {path}: it has errors — run check", file=sys.stderr)
    built = item_analysis.build(exports, banks, catalogue())
    sys.stdout.write(item_analysis.as_text(built))
    if arguments.csv:
        arguments.csv.write_text(item_analysis.as_csv(built), encoding="utf-8")
        print(f"Wrote {arguments.csv}")
    if arguments.html:
        from .class_report import write_html

        write_html(good, banks, catalogue(), arguments.html, skipped=broken)
        print(f"Wrote {arguments.html}")
    return 1 if broken and not exports else 0


def classify(arguments: argparse.Namespace) -> int:
    from .practice.classifier import EmptyReply, ExamplesError, classify

    texts = list(arguments.texts)
    if arguments.file:
        try:
            content = arguments.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            why = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
            print(
                f"{arguments.file}: cannot be read ({why}) — give a UTF-8 text file with one "
                "reply per line",
                file=sys.stderr,
            )
            return 1
        texts += [line for line in content.splitlines() if line.strip()]
    if not texts:
        print("Nothing to read — give replies as arguments or --file FILE", file=sys.stderr)
        return 1
    status = 0
    for number, text in enumerate(texts, start=1):
        try:
            reading = classify(text)
        except ExamplesError as error:
            print(error, file=sys.stderr)
            return 1
        except EmptyReply as error:
            print(f"reply {number}: {error}", file=sys.stderr)
            status = 1
            continue
        record = {
            "text": text,
            "skill": reading.skill,
            "family": reading.family,
            "confidence": reading.confidence,
            "unsure": reading.unsure,
        }
        print(json.dumps(record, ensure_ascii=False))
    return status
