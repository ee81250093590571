"""Generate the snippets of many items: each wire request built once, an
optional persistent cache, and worker processes for large collections."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from .api import GenerateResult, generate
from .cache import Cache
from .errors import ItemError
from .model import Collection, RequestItem
from .variables import VariableScope
from .wire import build_wire_request

__all__ = ["PARALLEL_THRESHOLD", "generate_all"]

# With workers=None, runs with more work than this use one worker process
# per CPU. Below it, starting the processes costs more than they save. Work
# is counted in requests, and every EXAMPLE_CHARACTERS_PER_REQUEST
# characters of saved example responses count as one more request, because inferring the
# shapes of large responses costs as much as rendering. On PayPal's
# collection (98 requests, 1 MB of example bodies) two workers took 0.32 s
# against 0.39 s for one. On Twitter's (56 requests, 0.5 MB) and Microsoft
# Graph's (169 requests, no examples) they saved nothing.
PARALLEL_THRESHOLD = 200
EXAMPLE_CHARACTERS_PER_REQUEST = 5_000

# Items per task sent to a worker. With 50, sending the results back costs
# little next to rendering them (an estimate from the Stripe collection).
# Fewer items go in a task when that leaves each worker under
# TASKS_PER_WORKER tasks, as for a short collection with large examples.
CHUNK_SIZE = 50
TASKS_PER_WORKER = 4


@dataclass(frozen=True)
class _ItemOutput:
    """The results of one item, in the order of the requested languages."""

    results: tuple[GenerateResult | ItemError, ...]
    unresolved: tuple[str, ...]  # variable names left as {{name}}, first seen first


def generate_all(
    collection: Collection,
    items: Sequence[RequestItem],
    languages: Sequence[str],
    scope: VariableScope,
    options: Mapping[str, object],
    *,
    cache: Cache | None = None,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[RequestItem, str, GenerateResult | ItemError]]:
    """Yield ``(item, language, result or ItemError)`` for every item and language, in order.

    Each item's wire request is built once and rendered in every language.
    An item whose wire request cannot be built yields the same ItemError
    object for each language. An ItemError raised while rendering one
    language has that language in its ``language`` attribute. Variable names left unresolved are added to
    ``scope.unresolved`` in collection order, also when the work ran in
    worker processes or came from the cache, so the caller can warn once per
    name. ``progress`` is called with the number of items finished so far.
    ``workers=None`` uses one process per CPU when the work (see
    PARALLEL_THRESHOLD) is large enough, and ``workers=1`` keeps all work in
    this process.
    """
    languages = tuple(languages)
    options = dict(options)
    if workers is None:
        workers = (os.cpu_count() or 1) if _work(items, options) > PARALLEL_THRESHOLD else 1
    if workers < 1:
        raise ValueError(f"workers must be 1 or more, got {workers}")
    # Imported here: a run whose snippets all come from the cache needs no Jinja.
    from .render import templates_checked_once

    # Forked workers inherit the block, so they do not check the files again.
    with templates_checked_once():
        yield from _generate_all(collection, items, languages, scope, options, cache, workers, progress)


def _work(items: Sequence[RequestItem], options: Mapping[str, object]) -> int:
    """Estimate the work of rendering ``items``, in requests (see PARALLEL_THRESHOLD)."""
    if len(items) > PARALLEL_THRESHOLD or not options.get("parse_response", True):
        return len(items)
    characters = sum(len(example.body or "") for item in items for example in item.examples)
    return len(items) + characters // EXAMPLE_CHARACTERS_PER_REQUEST


def _generate_all(collection, items, languages, scope, options, cache, workers, progress) -> Iterator:
    if workers == 1 or len(items) <= 1:
        outputs = (_generate_item(collection, item, languages, scope, options, cache) for item in items)
        yield from _merge(items, languages, outputs, scope, progress)
        return
    # Imported here: concurrent.futures and multiprocessing take about 14 ms
    # to import, a tenth of a cold run on a small collection.
    from concurrent.futures import ProcessPoolExecutor

    _warm_up(languages, options)
    # Each task names a slice of ``items`` by its bounds. The workers get the
    # items once, when they start (without pickling under the fork start
    # method), so no task pickles RequestItems.
    size = max(1, min(CHUNK_SIZE, len(items) // (workers * TASKS_PER_WORKER)))
    chunks = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    # A forked worker shares the loaded collection with this process until
    # it writes to a page. The garbage collector writes to every object it
    # scans, so the objects that exist now are moved out of its reach while
    # the workers run. This cut the workers' CPU time by about 4% on the
    # benchmark's synthetic collection of 10,000 requests (two runs each,
    # on a loaded machine).
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=min(workers, len(chunks)),
            initializer=_start_worker,
            initargs=(collection, items, scope, languages, options, cache),
        ) as executor:
            outputs = (output for chunk in executor.map(_generate_chunk, chunks) for output in chunk)
            yield from _merge(items, languages, outputs, scope, progress)
    finally:
        gc.unfreeze()


def _merge(items, languages, outputs, scope: VariableScope, progress) -> Iterator:
    for done, (item, output) in enumerate(zip(items, outputs), start=1):
        for name in output.unresolved:
            scope.unresolved.setdefault(name, None)
        for language, result in zip(languages, output.results):
            yield item, language, result
        if progress is not None:
            progress(done)


def _generate_item(collection, item, languages, scope: VariableScope, options, cache: Cache | None) -> _ItemOutput:
    # The scope records unresolved names as a side effect. This item's names
    # are collected on their own, because they are cached and sent back from
    # worker processes, and then added to the scope's record.
    recorded = scope.unresolved
    scope.unresolved = {}
    try:
        results = _render_item(collection, item, languages, scope, options, cache)
        unresolved = dict(scope.unresolved)
    finally:
        scope.unresolved = recorded
    for result in results:
        if isinstance(result, GenerateResult):
            unresolved.update(dict.fromkeys(result.unresolved))
    for name in unresolved:
        recorded.setdefault(name, None)
    return _ItemOutput(results, tuple(unresolved))


def _render_item(collection, item, languages, scope, options, cache: Cache | None) -> tuple:
    try:
        wire = build_wire_request(item, scope)
    except ItemError as error:
        return (error,) * len(languages)
    wire_unresolved = tuple(scope.unresolved)
    results: list[GenerateResult | ItemError] = []
    for language in languages:
        key = cache.key(wire, item.examples, language, options) if cache is not None else None
        result = cache.get(key) if cache is not None else None
        if result is None:
            try:
                result = generate(collection, item, language, scope=scope, options=options, wire=wire)
            except ItemError as error:
                error.language = language  # marks a rendering failure, unlike a wire request failure
                results.append(error)
                continue
            # A cached entry must carry every name the item leaves
            # unresolved, not only those new to this scope.
            result = GenerateResult(result.code, result.warnings, tuple(dict.fromkeys(wire_unresolved + result.unresolved)))
            if cache is not None:
                cache.put(key, result)
        results.append(result)
    return tuple(results)


def _warm_up(languages, options) -> None:
    """Import the renderers and compile the templates once, before the workers fork."""
    from .render import compile_template

    for language in languages:
        compile_template(language, options.get("templates"))


_worker_state: tuple = ()


def _start_worker(collection, items, scope, languages, options, cache) -> None:
    global _worker_state
    _worker_state = (collection, items, scope, languages, options, cache)


def _generate_chunk(bounds: tuple[int, int]) -> list[_ItemOutput]:
    collection, items, scope, languages, options, cache = _worker_state
    start, stop = bounds
    return [_generate_item(collection, item, languages, scope, options, cache) for item in items[start:stop]]
