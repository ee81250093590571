"""The conformance collections and their recorded expectations stay in step."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from generator.conformance.newman import item_slug
from generator.conformance.prepare import iter_items, prepare_collection
from generator.conformance.suite import COLLECTIONS_DIR, EXPECTED_DIR, FILES_DIR

SUFFIX = ".postman_collection.json"
COLLECTIONS = sorted(COLLECTIONS_DIR.glob("*" + SUFFIX))
SCHEMAS = (
    "https://schema.getpostman.com/json/collection/v2.0.0/collection.json",
    "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
)
# File sources that are missing on purpose, to record what newman does then.
MISSING_ON_PURPOSE = {"does-not-exist.txt", "does-not-exist.png", "also-missing.png"}


def load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def expectation_files(collection: Path) -> dict[str, dict]:
    folder = EXPECTED_DIR / collection.name[: -len(SUFFIX)]
    return {path.stem: load(path) for path in folder.glob("*.json") if not path.name.startswith("_")}


def test_suite_has_collections():
    assert len(COLLECTIONS) >= 9


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda path: path.name)
def test_collection_uses_a_known_schema(collection):
    assert load(collection)["info"]["schema"] in SCHEMAS


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda path: path.name)
def test_every_item_has_one_expectation(collection):
    prepared = prepare_collection(load(collection), "http://127.0.0.1:1")
    addresses = [item.address for item in prepared.items]
    recorded = expectation_files(collection)

    assert len(set(addresses)) == len(addresses), "item addresses must be unique"
    assert sorted(item_slug(address) for address in addresses) == sorted(recorded)
    for slug, expectation in recorded.items():
        assert item_slug(expectation["address"]) == slug
        assert expectation["collection"] == collection.name


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda path: path.name)
def test_expectations_are_well_formed(collection):
    for slug, expectation in expectation_files(collection).items():
        if not expectation["sent"]:
            assert expectation["reason"], slug
            continue
        records = [expectation, *expectation.get("redirects", [])]
        for record in records:
            assert record["method"].isupper(), slug
            assert record["target"].startswith("/"), slug
            assert all(len(pair) == 2 for pair in record["headers"]), slug
            body = base64.b64decode(record["body"]["base64"])
            if record["body"]["text"] is not None:
                assert record["body"]["text"].encode("utf-8") == body, slug


def test_signed_auth_items_are_volatile():
    collection = COLLECTIONS_DIR / ("auth-volatile" + SUFFIX)

    for slug, expectation in expectation_files(collection).items():
        assert expectation["volatile"], slug


def test_other_items_are_not_volatile():
    for collection in COLLECTIONS:
        if collection.name.startswith("auth-volatile"):
            continue
        for slug, expectation in expectation_files(collection).items():
            assert expectation["volatile"] is None, slug


def file_sources(body) -> list[str]:
    if not isinstance(body, dict):
        return []
    sources = []
    if body.get("mode") == "file":
        sources.append((body.get("file") or {}).get("src"))
    for field in body.get("formdata") or []:
        if field.get("type") == "file":
            src = field.get("src")
            sources.extend(src if isinstance(src, list) else [src])
    return [source for source in sources if isinstance(source, str) and source and "{{" not in source]


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda path: path.name)
def test_referenced_files_exist(collection):
    for _, item in iter_items(load(collection)):
        request = item.get("request")
        if not isinstance(request, dict):
            continue
        for source in file_sources(request.get("body")):
            if source not in MISSING_ON_PURPOSE:
                assert (FILES_DIR / source).is_file(), f"{item['name']}: {source}"
