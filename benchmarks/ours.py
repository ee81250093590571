"""Generate every snippet of one collection with postman-snippets and print timings as JSON.

Run by benchmarks/run.py: ``python benchmarks/ours.py COLLECTION [--workers N]``.
Snippets are generated in memory and not written to disk, as in convert.js.
Nothing is read from or written to the snippet cache or the run index.
run.py times re-runs with a cache through the command line instead.
"""

from __future__ import annotations

import argparse
import json
import resource
import time

started = time.perf_counter()

LANGUAGES = ("python", "curl", "powershell")
OPTIONS = {"timeout": 30, "parse_response": True}
formatting = 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("collection")
    parser.add_argument("--workers", type=int, help="worker processes; default: automatic")
    arguments = parser.parse_args()

    from generator import batch
    from generator.api import load_collection, make_scope
    from generator.languages import python
    # render.py looks the function up through its Target, built on first use.
    from generator import render

    format_snippet = python.format_snippet

    def timed_format_snippet(code: str, options) -> str:
        global formatting
        before = time.perf_counter()
        try:
            return format_snippet(code, options)
        finally:
            formatting += time.perf_counter() - before

    object.__setattr__(render.target("python"), "format", timed_format_snippet)
    imported = time.perf_counter()
    collection = load_collection(arguments.collection)
    scope = make_scope(collection)
    loaded = time.perf_counter()
    snippets = errors = characters = 0
    for item, language, result in batch.generate_all(
        collection, collection.requests, LANGUAGES, scope, OPTIONS, cache=None, workers=arguments.workers,
    ):
        if isinstance(result, Exception):
            errors += 1
        else:
            snippets += 1
            characters += len(result.code)
    report(
        requests=len(collection.requests),
        snippets=snippets,
        errors=errors,
        characters=characters,
        times=(imported, loaded, time.perf_counter()),
    )


def _own_peak_kib() -> int:
    """Return this process's peak resident size in KiB.

    Linux keeps ru_maxrss across execve, so RUSAGE_SELF would report the
    benchmark runner's own size when that is larger. VmHWM in
    /proc/self/status belongs to this program's memory only.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def report(*, requests: int, snippets: int, errors: int, characters: int, times: tuple[float, float, float]) -> None:
    imported, loaded, finished = times
    peak_kib = max(_own_peak_kib(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(json.dumps({
        "requests": requests,
        "snippets": snippets,
        "errors": errors,
        "characters": characters,
        "import": imported - started,
        "load": loaded - imported,
        "generate": finished - loaded,
        # Formatting time is measured in this process only (serial runs).
        "format": formatting,
        "peak_mib": peak_kib / 1024,
    }))


if __name__ == "__main__":
    main()
