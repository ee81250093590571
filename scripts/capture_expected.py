"""Record what newman sends for each item of the conformance collections.

Without arguments, runs every collection in tests/conformance/collections
and rewrites tests/conformance/expected/<collection>/. With a collection
path and --out, records that collection into the given folder instead.
Needs Node.js and npm; newman is installed into .cache/newman on first use.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path


from generator.conformance.newman import DEFAULT_PORT, NewmanError, capture
from generator.conformance.suite import COLLECTIONS_DIR, EXPECTED_DIR, FILES_DIR

COLLECTION_SUFFIX = ".postman_collection.json"


def collection_stem(path: Path) -> str:
    name = path.name
    return name[: -len(COLLECTION_SUFFIX)] if name.endswith(COLLECTION_SUFFIX) else path.stem


def parse_variable(text: str) -> tuple[str, str]:
    name, separator, value = text.partition("=")
    if not separator or not name:
        raise argparse.ArgumentTypeError(f"invalid variable {text!r}: expected NAME=VALUE")
    return name, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "collection",
        nargs="*",
        type=Path,
        help="collection files to record (default: every conformance collection)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="output folder, allowed with one collection only "
        "(default: tests/conformance/expected/<collection>)",
    )
    parser.add_argument(
        "--working-dir",
        type=Path,
        help="folder that file paths in the collection are relative to "
        "(default: tests/conformance/files for conformance collections, "
        "else the collection's folder)",
    )
    parser.add_argument(
        "--var",
        action="append",
        default=[],
        type=parse_variable,
        metavar="NAME=VALUE",
        help="a variable value to run with, as an environment would give it; repeatable",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"capture server port on 127.0.0.1, 0 for any free one (default: {DEFAULT_PORT})",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    collections = args.collection or sorted(COLLECTIONS_DIR.glob("*" + COLLECTION_SUFFIX))
    if args.out is not None and len(collections) != 1:
        parser.error("--out needs exactly one collection")
    variables = dict(args.var)

    for path in collections:
        in_suite = path.resolve().parent == COLLECTIONS_DIR
        out_dir = args.out or EXPECTED_DIR / collection_stem(path)
        working_dir = args.working_dir or (FILES_DIR if in_suite else path.resolve().parent)
        try:
            expectations = capture(path, out_dir, variables, working_dir=working_dir, port=args.port)
        except (NewmanError, OSError, ValueError) as error:
            print(f"error: recording {path} failed: {error}", file=sys.stderr)
            return 1
        not_sent = sum(1 for expectation in expectations.values() if not expectation["sent"])
        print(f"{path.name}: {len(expectations)} item(s), {not_sent} not sent -> {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
