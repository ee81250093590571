"""Generate every snippet of one collection with postman-snippets and print timings as JSON.

Run by benchmarks/run.py: ``python benchmarks/ours.py COLLECTION [--cache DIR] [--workers N]``.
Snippets are generated in memory and not written to disk, as in convert.js.
"""

from __future__ import annotations

import argparse
import json
import resource
import time

started = time.perf_counter()

from generator import batch  # noqa: E402
from generator.api import load_collection, make_scope  # noqa: E402
from generator.cache import Cache  # noqa: E402
from generator.languages import python  # noqa: E402

formatting = 0.0
_format_snippet = python.format_snippet


def _timed_format_snippet(code: str, options) -> str:
    global formatting
    before = time.perf_counter()
    try:
        return _format_snippet(code, options)
    finally:
        formatting += time.perf_counter() - before


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("collection")
    parser.add_argument("--cache", help="cache folder; no cache when left out")
    parser.add_argument("--workers", type=int, help="worker processes; default: automatic")
    arguments = parser.parse_args()

    # render.py looks the function up through its Target, built on first use.
    from generator import render

    render.target("python")
    object.__setattr__(render.target("python"), "format", _timed_format_snippet)
    imported = time.perf_counter()
    collection = load_collection(arguments.collection)
    scope = make_scope(collection)
    loaded = time.perf_counter()
    cache = Cache(arguments.cache) if arguments.cache else None
    snippets = errors = characters = 0
    options = {"timeout": 30, "parse_response": True}
    for _item, _language, result in batch.generate_all(
        collection, collection.requests, ("python", "curl", "powershell"), scope, options,
        cache=cache, workers=arguments.workers,
    ):
        if isinstance(result, Exception):
            errors += 1
        else:
            snippets += 1
            characters += len(result.code)
    finished = time.perf_counter()
    peak_kib = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    print(json.dumps({
        "requests": len(collection.requests),
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
