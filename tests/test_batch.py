"""generate_all: same snippets and unresolved names as one generate() call per item, in order."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES
from generator.api import generate, load_collection, make_scope
from generator.batch import generate_all
from generator.cache import Cache
from generator.errors import ItemError
from generator.wire import build_wire_request

LANGUAGES = ("python", "curl", "powershell")
OPTIONS = {"timeout": 30, "parse_response": True}


def _reference(collection, items, scope):
    """Run the per-item loop that generate_all replaces."""
    outputs = []
    for item in items:
        try:
            wire = build_wire_request(item, scope)
        except ItemError as error:
            outputs.extend((item.address, language, str(error)) for language in LANGUAGES)
            continue
        for language in LANGUAGES:
            try:
                code = generate(collection, item, language, scope=scope, options=OPTIONS, wire=wire).code
            except ItemError as error:
                code = str(error)
            outputs.append((item.address, language, code))
    return outputs


def _outputs(results):
    return [(item.address, language, getattr(result, "code", str(result))) for item, language, result in results]


@pytest.fixture(scope="module")
def collection():
    return load_collection(EXAMPLES / "pet-store.postman_collection.json")


@pytest.mark.parametrize("workers", [1, 2])
def test_generate_all_matches_generate(collection, workers):
    scope = make_scope(collection)
    expected_scope = make_scope(collection)
    items = list(collection.requests) * 3  # enough chunks for two workers

    outputs = _outputs(generate_all(collection, items, LANGUAGES, scope, OPTIONS, workers=workers))

    assert outputs == _reference(collection, items, expected_scope)
    assert list(scope.unresolved) == list(expected_scope.unresolved)
    assert scope.unresolved, "the pet store leaves {{clientSecret}} unresolved"


def test_generate_all_from_cache_keeps_unresolved(collection, tmp_path):
    cache = Cache(tmp_path)
    first_scope = make_scope(collection)
    first = _outputs(generate_all(collection, collection.requests, LANGUAGES, first_scope, OPTIONS, cache=cache))
    second_scope = make_scope(collection)
    warm = Cache(tmp_path)

    second = _outputs(generate_all(collection, collection.requests, LANGUAGES, second_scope, OPTIONS, cache=warm))

    assert second == first
    assert warm.misses == 0
    assert warm.hits == len(first)
    assert list(second_scope.unresolved) == list(first_scope.unresolved)


def test_generate_all_reports_progress(collection):
    calls = []

    list(generate_all(collection, collection.requests, ("curl",), make_scope(collection), OPTIONS, progress=calls.append))

    assert calls == list(range(1, len(collection.requests) + 1))


def test_generate_all_rejects_zero_workers(collection):
    with pytest.raises(ValueError, match="workers"):
        list(generate_all(collection, collection.requests, LANGUAGES, make_scope(collection), OPTIONS, workers=0))


def test_generate_all_marks_failures(collection, monkeypatch):
    from generator import batch

    def fail(*arguments, **keywords):
        raise ItemError("cannot be written", address="a")

    monkeypatch.setattr(batch, "generate", fail)
    item = collection.requests[0]

    results = [result for _, _, result in generate_all(collection, [item], LANGUAGES, make_scope(collection), OPTIONS)]

    assert [error.language for error in results] == list(LANGUAGES)


def test_template_edit_seen_by_next_batch(tmp_path):
    from generator import render

    overrides = tmp_path / "overrides"
    (overrides / "curl").mkdir(parents=True)
    template = overrides / "curl" / "request.sh.j2"
    template.write_text("# first {{ wire.method }}\n", encoding="utf-8")
    collection = load_collection(EXAMPLES / "pet-store.postman_collection.json")
    items = collection.requests[:2]
    options = {"templates": str(overrides)}

    def codes() -> list[str]:
        return [result.code for _, _, result in generate_all(collection, items, ["curl"], make_scope(collection), options, workers=1)]

    assert all(code.startswith("# first ") for code in codes())
    template.write_text("# second {{ wire.method }}\n", encoding="utf-8")
    assert all(code.startswith("# second ") for code in codes())

    with render.templates_checked_once():
        render.compile_template("curl", str(overrides))
        template.write_text("# third {{ wire.method }}\n", encoding="utf-8")
        # Checked at its first use in the block only.
        assert render.compile_template("curl", str(overrides)).render(wire=items[0]).startswith("# second")
    assert render.compile_template("curl", str(overrides)).render(wire=items[0]).startswith("# third")


def test_work_counts_large_example_responses(collection):
    from dataclasses import replace

    from generator.batch import EXAMPLE_CHARACTERS_PER_REQUEST, PARALLEL_THRESHOLD, _work
    from generator.model import Example

    example = Example(name="large", status=200, headers=(), body="x" * (EXAMPLE_CHARACTERS_PER_REQUEST * 3))
    items = [replace(collection.requests[0], examples=(example,))] * 60

    assert _work(items, OPTIONS) == 60 * 4 > PARALLEL_THRESHOLD
    assert _work(items, {**OPTIONS, "parse_response": False}) == 60


def test_cli_repeats_batch_thresholds():
    from generator import batch, cli

    assert cli.PARALLEL_ITEMS == batch.PARALLEL_THRESHOLD
    assert cli.EXAMPLE_CHARACTERS_PER_ITEM == batch.EXAMPLE_CHARACTERS_PER_REQUEST
