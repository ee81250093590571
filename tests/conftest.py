"""Shared fixtures: the capture server and the paths of example and real collections."""

from __future__ import annotations

from pathlib import Path

import os
import shutil
import tempfile

import pytest

# Keep the snippet cache of test runs out of the user's cache folder; set
# here, at import, so subprocesses started by tests inherit it too. A cache
# folder made here is removed when the run ends (pytest_unconfigure).
_OWN_CACHE_DIR = None
if "POSTMAN_SNIPPETS_CACHE_DIR" not in os.environ:
    _OWN_CACHE_DIR = tempfile.mkdtemp(prefix="postman-snippets-test-cache-")
    os.environ["POSTMAN_SNIPPETS_CACHE_DIR"] = _OWN_CACHE_DIR

pytest_plugins = ["generator.conformance.fixtures"]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# Real collections written by others live beside the project, not in it, so
# a fresh clone has none and the tests that read them skip.
SHARED_COLLECTIONS = ROOT.parent / "shared" / "collections"


def shared_collections() -> list[Path]:
    if not SHARED_COLLECTIONS.is_dir():
        return []
    return sorted(SHARED_COLLECTIONS.glob("*.postman_collection.json"))


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED_COLLECTIONS.is_dir():
        pytest.skip(f"real collections not found at {SHARED_COLLECTIONS}")
    return SHARED_COLLECTIONS


def pytest_unconfigure(config):
    if _OWN_CACHE_DIR is not None:
        shutil.rmtree(_OWN_CACHE_DIR, ignore_errors=True)
