"""With ``--variables hoist``, each conformance item's snippets still send what newman sent.

Hoisting must not change a byte of the request, so the hoisted snippets are
compared with the same recordings and must show exactly the difference kinds
that ``known_differences.json`` lists for inline mode. The PowerShell
snippets are read back with the tree-sitter reader unless pwsh is installed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.api import load_collection, make_scope
from generator.conformance.prepare import prepare_collection
from generator.conformance.run import LanguageResult, known_key, run_suite
from generator.conformance.suite import COLLECTIONS_DIR
from generator.errors import ItemError
from generator.wire import build_wire_request

from test_wire_conformance import KNOWN_FILE, _case_ids

# Share of the conformance items that must hoist at least one variable, so
# that the comparison below checks hoisted snippets and not inline ones.
MIN_HOISTED_SHARE = 0.5


@pytest.fixture(scope="module")
def hoist_results() -> dict[str, LanguageResult]:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    # Only the items that hoist a variable run.
    results = run_suite(workers=2, variables_mode="hoist")
    return {known_key(r.collection, r.address, r.language): r for r in results}


@pytest.fixture(scope="module")
def known() -> dict[str, list[str]]:
    return json.loads(KNOWN_FILE.read_text(encoding="utf-8"))


# This one test runs the whole suite. On a loaded machine that takes
# minutes, longer than the project's default per-test timeout.
@pytest.mark.timeout(900)
def test_hoisted_snippets_match_newman(hoist_results: dict[str, LanguageResult], known: dict[str, list[str]]) -> None:
    cases = set(_case_ids())
    assert hoist_results, "no item hoisted a variable"
    unknown = sorted(set(hoist_results) - cases)
    assert not unknown, f"results for cases that do not exist: {unknown}"
    mismatches = []
    for key, result in sorted(hoist_results.items()):
        seen = sorted(result.kinds)
        listed = sorted(known.get(key, []))
        if seen != listed:
            details = [f"{d.kind}: {d.detail}" for d in result.differences if d.is_failure]
            if result.failure:
                details.append(f"failure ({result.failure_kind}): {result.failure}")
            mismatches.append(f"{key}: hoist mode gives {seen}, inline mode is listed with {listed}: " + "; ".join(details))
    assert not mismatches, "\n".join(mismatches)


def test_conformance_items_hoist_variables(tmp_path: Path) -> None:
    total = 0
    hoisting = 0
    for path in sorted(COLLECTIONS_DIR.glob("*.postman_collection.json")):
        prepared = prepare_collection(json.loads(path.read_text(encoding="utf-8")), "http://127.0.0.1:9")
        prepared_file = tmp_path / path.name
        prepared_file.write_text(json.dumps(prepared.data), encoding="utf-8")
        collection = load_collection(prepared_file)
        for item in collection.requests:
            scope = make_scope(collection, variables=prepared.variables)
            scope.set_variable_mode("hoist")
            try:
                wire = build_wire_request(item, scope)
            except ItemError:
                continue
            total += 1
            hoisting += bool(wire.hoisted)
    assert total > 0
    assert hoisting / total >= MIN_HOISTED_SHARE, f"only {hoisting} of {total} items hoist a variable"
