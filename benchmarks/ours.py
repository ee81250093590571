"""Generate every snippet of one collection with postman-snippets and print timings as JSON.

Run by benchmarks/run.py: ``python benchmarks/ours.py COLLECTION [--cache DIR] [--workers N]``.
Snippets are generated in memory and not written to disk, as in convert.js.
With --cache, a run stored in the run index (generator.run_index) is read
back instead, and an earlier run that missed the index stores one.
"""

from __future__ import annotations

import argparse
import json
import resource
import time

started = time.perf_counter()

from generator import run_index  # noqa: E402

LANGUAGES = ("python", "curl", "powershell")
OPTIONS = {"timeout": 30, "parse_response": True}
formatting = 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("collection")
    parser.add_argument("--cache", help="cache folder; no cache when left out")
    parser.add_argument("--workers", type=int, help="worker processes; default: automatic")
    arguments = parser.parse_args()

    # With a cache, a stored run is replayed before the generator is
    # imported, as the command line does.
    index = key = None
    if arguments.cache:
        index = run_index.RunIndex(arguments.cache)
        key = run_index.run_key(arguments.collection, languages=LANGUAGES, options=OPTIONS)
        imported = time.perf_counter()
        record = index.get(key) if key is not None else None
        if record is not None:
            loaded = time.perf_counter()
            snippets = [event for event in record.events if not isinstance(event, str)]
            report(
                requests=None,  # an index entry does not store the number of requests
                snippets=len(snippets),
                errors=len(record.events) - len(snippets),
                characters=sum(len(snippet.code) for snippet in snippets),
                times=(imported, loaded, time.perf_counter()),
            )
            return

    from generator import batch
    from generator.api import load_collection, make_scope
    from generator.cache import Cache
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
    cache = Cache(arguments.cache) if arguments.cache else None
    recorder = index.recorder(key) if index is not None and key is not None else None
    snippets = errors = characters = 0
    for item, language, result in batch.generate_all(
        collection, collection.requests, LANGUAGES, scope, OPTIONS, cache=cache, workers=arguments.workers,
    ):
        if isinstance(result, Exception):
            errors += 1
            if recorder is not None:
                recorder.skip(str(result))
        else:
            snippets += 1
            characters += len(result.code)
            if recorder is not None:
                recorder.snippet(item.address, language, item.address, result.code)
    if recorder is not None:
        recorder.commit([])
    report(
        requests=len(collection.requests),
        snippets=snippets,
        errors=errors,
        characters=characters,
        times=(imported, loaded, time.perf_counter()),
    )


def report(*, requests: int | None, snippets: int, errors: int, characters: int, times: tuple[float, float, float]) -> None:
    imported, loaded, finished = times
    peak_kib = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
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
