"""Cases where a snippet sent something other than what newman sends, run against a local server.

Each expected request below is what newman 6.2.2 sent for the same item
against a capture server on 127.0.0.1:

- API key auth in the query whose ``value`` parameter is missing, has no
  ``value`` member or is null adds the key alone (``?k``), without ``=``;
- API key auth in a header whose ``value`` parameter is null sends the
  header value ``null``, while a missing one sends an empty value.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.api import generate, load_collection
from generator.conformance.capture import CapturedRequest, CaptureServer

PYTHON_LANGUAGES = ["python", "python-httpx", "python-stdlib"]
RUN_LANGUAGES = [*PYTHON_LANGUAGES, "curl"]
SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def _write_collection(tmp_path: Path, request: dict, variables: list | None = None) -> Path:
    collection_file = tmp_path / "dec5.postman_collection.json"
    collection_file.write_text(json.dumps({
        "info": {"name": "dec5", "schema": SCHEMA},
        "item": [{"name": "item", "request": request}],
        "variable": variables or [],
    }), encoding="utf-8")
    return collection_file


def _send(tmp_path: Path, request: dict, language: str, server: CaptureServer, **options) -> CapturedRequest:
    """Generate the item's snippet in ``language``, run it and return the request that arrived."""
    if language == "curl" and shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    collection = load_collection(_write_collection(tmp_path, request))
    code = generate(collection, collection.requests[0], language, options={"timeout": 5, **options}).code
    script = tmp_path / ("snippet.sh" if language == "curl" else "snippet.py")
    script.write_text(code, encoding="utf-8")
    command = ["bash", str(script)] if language == "curl" else [sys.executable, str(script)]
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    result = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    requests = server.requests
    assert len(requests) == 1, requests
    return requests[0]


def _apikey(entries: list[dict]) -> dict:
    return {"type": "apikey", "apikey": entries}


# --- API key auth without a value -------------------------------------------------------

APIKEY_QUERY_WITHOUT_VALUE = {
    "no value entry": [{"key": "key", "value": "k"}, {"key": "in", "value": "query"}],
    "entry without value": [{"key": "key", "value": "k"}, {"key": "value"}, {"key": "in", "value": "query"}],
    "null value": [{"key": "key", "value": "k"}, {"key": "value", "value": None}, {"key": "in", "value": "query"}],
}


@pytest.mark.parametrize("entries", APIKEY_QUERY_WITHOUT_VALUE.values(), ids=APIKEY_QUERY_WITHOUT_VALUE.keys())
@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_apikey_query_without_value(language, entries, tmp_path):
    with CaptureServer() as server:
        request = {"method": "GET", "url": server.url + "/a?z=1", "auth": _apikey(entries)}
        sent = _send(tmp_path, request, language, server)
    assert sent.target == "/a?z=1&k"


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_apikey_query_empty_value_keeps_equals(language, tmp_path):
    entries = [{"key": "key", "value": "k"}, {"key": "value", "value": ""}, {"key": "in", "value": "query"}]
    with CaptureServer() as server:
        request = {"method": "GET", "url": server.url + "/a", "auth": _apikey(entries)}
        sent = _send(tmp_path, request, language, server)
    assert sent.target == "/a?k="


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_apikey_header_null_value(language, tmp_path):
    entries = [{"key": "key", "value": "X-K"}, {"key": "value", "value": None}]
    with CaptureServer() as server:
        request = {"method": "GET", "url": server.url + "/a", "auth": _apikey(entries)}
        sent = _send(tmp_path, request, language, server)
    assert sent.header_values("X-K") == ["null"]


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_apikey_header_missing_value(language, tmp_path):
    entries = [{"key": "key", "value": "X-K"}]
    with CaptureServer() as server:
        request = {"method": "GET", "url": server.url + "/a", "auth": _apikey(entries)}
        sent = _send(tmp_path, request, language, server)
    assert sent.header_values("X-K") == [""]
