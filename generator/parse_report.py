"""Report how the response-parsing code fares on the saved examples of collections.

For every item with saved examples, the Python parsing code is generated and
run on each successful JSON example body, and the items whose examples give
nothing to parse are listed with the reason the snippet states.

Run it with ``python -m generator.parse_report COLLECTION...``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .loader import load_collection
from .reads import parse_plan
from .render import environment
from .shape import success_samples

__all__ = ["CollectionReport", "main", "report_collection"]


@dataclass
class CollectionReport:
    name: str
    with_examples: int = 0
    parsed: int = 0
    no_json: list[tuple[str, str]] = field(default_factory=list)  # (address, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (address, error)


def _parser_code(plan) -> str:
    template = environment().from_string(
        '{% from "python/_parse.py.j2" import parse_response %}{{ parse_response(plan, "json.loads(body)") }}'
    )
    return "import json\n" + template.render(plan=plan)


def report_collection(path: Path) -> CollectionReport:
    """Generate and run the Python parsing code of every item of the collection at ``path``."""
    collection = load_collection(path)
    report = CollectionReport(collection.name)
    for item in collection.requests:
        if not item.examples:
            continue
        report.with_examples += 1
        plan = parse_plan(item.examples, "python")
        if plan is None:
            continue
        if plan.note:
            report.no_json.append((item.address, plan.note))
            continue
        code = compile(_parser_code(plan), f"<parser of {item.address}>", "exec")
        try:
            for sample in success_samples(item.examples):
                # Bytes, as the snippets read them: json.loads then skips a
                # byte order mark, as requests' response.json() does.
                body = (sample.example.body or "").encode("utf-8")
                exec(code, {"body": body, "print": lambda *values: None})
        except Exception as error:  # a failing parser is what this report is for
            report.failed.append((item.address, f"{type(error).__name__}: {error}"))
            continue
        report.parsed += 1
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("collections", nargs="+", type=Path, help="collection files")
    args = parser.parse_args(argv)
    status = 0
    print("| collection | items with examples | parsers ran | nothing to parse | parser failed |")
    print("|---|---|---|---|---|")
    reports = []
    for path in args.collections:
        try:
            report = report_collection(path)
        except InputError as error:
            print(f"error: {error}", file=sys.stderr)
            status = 2
            continue
        reports.append(report)
        print(
            f"| {report.name} | {report.with_examples} | {report.parsed}"
            f" | {len(report.no_json)} | {len(report.failed)} |"
        )
    for report in reports:
        for address, reason in report.no_json:
            print(f"- {report.name} / {address}: nothing to parse: {reason}")
        for address, error in report.failed:
            print(f"- {report.name} / {address}: parser failed: {error}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
