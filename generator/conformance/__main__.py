"""Report how closely the generated snippets follow newman for any collections.

Usage: ``python -m generator.conformance COLLECTION...``. Each collection is
run with newman on the loopback address (see :mod:`generator.conformance.newman`),
then its Python, curl and PowerShell snippets are compared with what newman
sent (see :mod:`generator.conformance.run`). Needs Node.js with npm.
Exits 2 when npm is missing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

from generator.conformance.newman import NEWMAN_VERSION, NewmanError, capture
from generator.conformance.run import LANGUAGES, collection_stem, run_collection


def _report(path: Path, working_dir: Path | None, workers: int, languages: tuple[str, ...]) -> None:
    with tempfile.TemporaryDirectory(prefix="conformance-report-") as temp:
        expectations = capture(path, Path(temp), working_dir=working_dir, port=0)
    unsent = {address: e.get("reason", "") for address, e in expectations.items() if e.get("sent") is False}
    sent = {address: e for address, e in expectations.items() if address not in unsent}
    results = run_collection(
        path, sent, working_dir=working_dir or path.resolve().parent, workers=workers, languages=languages
    )
    results = [result for result in results if result.address in sent]

    print(f"## {collection_stem(path)} ({len(expectations)} items, {len(unsent)} not sent by newman)")
    print("| language | items | matches | differences | failures |")
    print("|---|---|---|---|---|")
    for language in languages:
        counts = Counter(result.status for result in results if result.language == language)
        total = sum(counts.values())
        print(f"| {language} | {total} | {counts['match']} | {counts['differences']} | {counts['failure']} |")
    examples: dict[str, tuple[int, str]] = {}
    for result in results:
        for kind in result.kinds:
            count, example = examples.get(kind, (0, ""))
            if not example:
                detail = result.failure or next(
                    (d.detail for d in result.differences if d.kind == kind and d.is_failure), ""
                )
                example = f"{result.address} [{result.language}]: {detail[:200]}"
            examples[kind] = (count + 1, example)
    for kind, (count, example) in sorted(examples.items(), key=lambda entry: -entry[1][0]):
        print(f"- {kind} ({count}): {example}")
    for address, reason in unsent.items():
        print(f"- not sent by newman: {address}: {reason}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("collections", nargs="+", type=Path, help="collection files to report on")
    parser.add_argument("--working-dir", type=Path, help="folder file paths are relative to "
                        "(default: each collection's folder)")
    parser.add_argument("--workers", type=int, default=2, help="snippets run in parallel (default: 2)")
    parser.add_argument("--languages", default=",".join(LANGUAGES),
                        help=f"comma-separated languages to run (default: {','.join(LANGUAGES)})")
    args = parser.parse_args(argv)
    languages = tuple(name.strip() for name in args.languages.split(",") if name.strip())
    unknown = [name for name in languages if name not in LANGUAGES]
    if unknown or not languages:
        parser.error(f"--languages: expected some of {', '.join(LANGUAGES)}, got {args.languages!r}")
    if shutil.which("npm") is None:
        print("error: npm not found on PATH; install Node.js 18 or newer with npm to run newman", file=sys.stderr)
        return 2
    print(f"newman {NEWMAN_VERSION}")
    status = 0
    for done, path in enumerate(args.collections):
        try:
            _report(path, args.working_dir, args.workers, languages)
        except (NewmanError, OSError, ValueError) as error:
            print(f"error: {path}: {error}", file=sys.stderr)
            status = 1
        except KeyboardInterrupt:
            # .ci/run stops a report that runs past its deadline with SIGINT.
            print(f"interrupted: reported {done} of {len(args.collections)} collections", file=sys.stderr)
            return 130
    return status


if __name__ == "__main__":
    sys.exit(main())
