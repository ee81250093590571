"""Each conformance item's snippets send what newman sent, up to the recorded known differences.

``known_differences.json`` maps ``collection/item address/language`` to the
difference kinds seen when it was last written. A test fails when a kind
appears that is not listed, and also when a listed kind no longer appears, so
the file can only shrink. Rewrite it after a fix with::

    .venv/bin/python -m generator.conformance.run --write-known tests/conformance/known_differences.json

Items signed with the time or a nonce (oauth1, digest, awsv4, hawk, edgegrid,
ntlm, jwt in ``auth-volatile``) are compared by structure only: see
``generator.conformance.run.compare_volatile``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.conformance.run import LANGUAGES, LanguageResult, known_key, load_expectations, run_suite
from generator.conformance.suite import COLLECTIONS_DIR, EXPECTED_DIR

KNOWN_FILE = Path(__file__).with_name("known_differences.json")
WRITE_COMMAND = "python -m generator.conformance.run --write-known tests/conformance/known_differences.json"


def _case_ids() -> list[str]:
    keys = []
    for path in sorted(COLLECTIONS_DIR.glob("*.postman_collection.json")):
        stem = path.name.removesuffix(".postman_collection.json")
        _, expectations = load_expectations(EXPECTED_DIR / stem)
        for address in expectations:
            keys.extend(known_key(stem, address, language) for language in LANGUAGES)
    return keys


@pytest.fixture(scope="module")
def results() -> dict[str, LanguageResult]:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    # The suite runs every snippet once, two at a time, in about 20 s on 2 cores.
    return {known_key(r.collection, r.address, r.language): r for r in run_suite(workers=2)}


@pytest.fixture(scope="module")
def known() -> dict[str, list[str]]:
    return json.loads(KNOWN_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("key", _case_ids())
def test_snippet_matches_newman(key: str, results: dict[str, LanguageResult], known: dict[str, list[str]]) -> None:
    assert key in results, f"{key}: no result (the generator loaded no item with this address)"
    result = results[key]
    seen = set(result.kinds)
    listed = set(known.get(key, []))
    details = [f"{d.kind}: {d.detail}" for d in result.differences if d.is_failure]
    if result.failure:
        details.append(f"failure ({result.failure_kind}): {result.failure}")

    new_kinds = sorted(seen - listed)
    assert not new_kinds, f"{key}: new difference kinds {new_kinds}:\n" + "\n".join(details)

    gone_kinds = sorted(listed - seen)
    assert not gone_kinds, (
        f"{key}: listed kinds {gone_kinds} no longer occur; remove them from "
        f"{KNOWN_FILE.name} or run `{WRITE_COMMAND}`"
    )


def test_known_file_names_only_existing_cases(known: dict[str, list[str]]) -> None:
    stale = sorted(set(known) - set(_case_ids()))
    assert not stale, f"{KNOWN_FILE.name} lists cases that do not exist: {stale}"
