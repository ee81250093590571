"""The snippet cache: keys, the cache folder, and entries that cannot be read."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES
from generator.api import GenerateResult, load_collection, make_scope
from generator.cache import Cache, default_cache_folder
from generator.wire import build_wire_request


@pytest.fixture(scope="module")
def wire_and_item():
    collection = load_collection(EXAMPLES / "pet-store.postman_collection.json")
    item = collection.requests[0]
    return build_wire_request(item, make_scope(collection)), item


def test_cache_round_trip(tmp_path, wire_and_item):
    wire, item = wire_and_item
    cache = Cache(tmp_path)
    key = cache.key(wire, item.examples, "python", {"timeout": 30})
    result = GenerateResult("print('é')\n", ("a note",), ("token",))

    cache.put(key, result)

    assert Cache(tmp_path).get(key) == result


def test_cache_key_changes_with_inputs(tmp_path, wire_and_item):
    wire, item = wire_and_item
    cache = Cache(tmp_path)
    base = cache.key(wire, item.examples, "python", {"timeout": 30})

    assert cache.key(wire, item.examples, "curl", {"timeout": 30}) != base
    assert cache.key(wire, item.examples, "python", {"timeout": 10}) != base
    assert cache.key(wire, item.examples, "python", {"timeout": 30}) == base


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"code": 1}', b"[]", b"\xff\xfe"])
def test_cache_ignores_corrupt_entry(tmp_path, wire_and_item, content):
    wire, item = wire_and_item
    cache = Cache(tmp_path)
    key = cache.key(wire, item.examples, "python", {})
    cache.put(key, GenerateResult("x = 1\n"))
    path = next(tmp_path.rglob(f"{key}.json"))
    path.write_bytes(content)

    assert cache.get(key) is None
    assert cache.misses == 1


def test_cache_ignores_unwritable_folder(tmp_path, wire_and_item):
    wire, item = wire_and_item
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = Cache(blocker / "cache")
    key = cache.key(wire, item.examples, "python", {})

    cache.put(key, GenerateResult("x = 1\n"))

    assert cache.get(key) is None


def test_cache_folder_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("POSTMAN_SNIPPETS_CACHE_DIR", str(tmp_path / "override"))
    assert default_cache_folder() == tmp_path / "override"

    monkeypatch.delenv("POSTMAN_SNIPPETS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_folder() == tmp_path / "xdg" / "postman-snippets"

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_folder() == tmp_path / "home" / ".cache" / "postman-snippets"
