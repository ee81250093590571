"""Run the "Bulk Close Job" Python snippet against a local server and check the wire request."""

from __future__ import annotations

import json
import runpy

import pytest

from conftest import EXAMPLES
from generator.api import generate, load_collection
from generator.conformance.capture import CannedResponse

COLLECTION = EXAMPLES / "bulk-jobs.postman_collection.json"
ADDRESS = "Bulk v1/Bulk Close Job"


@pytest.fixture
def close_job():
    collection = load_collection(COLLECTION)
    item = next(item for item in collection.requests if item.address == ADDRESS)
    return collection, item


def run_snippet(code: str, tmp_path) -> dict:
    script = tmp_path / "snippet.py"
    script.write_text(code, encoding="utf-8")
    return runpy.run_path(str(script), run_name="__main__")


def test_close_job_sends_collection_request(close_job, capture_server, tmp_path, monkeypatch):
    collection, item = close_job
    example = item.examples[0]
    capture_server.set_default(
        CannedResponse(200, [("Content-Type", "application/json")], example.body.encode("utf-8"))
    )
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    variables = {"_endpoint": capture_server.url, "_jobId": "750Dn00000XyZ12IAF", "_accessToken": "session-token"}

    code = generate(collection, item, "python", variables=variables).code
    namespace = run_snippet(code, tmp_path)

    [request] = capture_server.requests
    assert request.method == "POST"
    assert request.target == "/services/async/59.0/job/750Dn00000XyZ12IAF"
    assert request.header_values("X-SFDC-Session") == ["session-token"]
    assert request.header_values("Content-Type") == ["application/json"]
    assert request.header_values("charset") == ["UTF-8"]
    assert request.header("Content-Encoding") is None
    # The disabled "Accept-Encoding: gzip" must not be sent; requests' own default is.
    assert request.header("Accept-Encoding") != "gzip"
    assert json.loads(request.body) == {"state": "Closed"}

    expected = json.loads(example.body)
    read_values = list(namespace.values())
    for key, value in expected.items():
        assert any(type(found) is type(value) and found == value for found in read_values), key


def test_close_job_snippet_reads_every_field(close_job):
    collection, item = close_job
    code = generate(collection, item, "python").code
    for key in json.loads(item.examples[0].body):
        assert f'data["{key}"]' in code or f'data.get("{key}")' in code, key


@pytest.mark.shared
def test_salesforce_excerpt_close_job(shared_dir, capture_server, tmp_path, monkeypatch):
    """The real Bulk API "Close Job" item sends its body and headers and reads its example."""
    collection = load_collection(shared_dir / "salesforce-platform-apis-bulk-v1-excerpt.postman_collection.json")
    item = next(item for item in collection.requests if item.address == ADDRESS)
    example = next(example for example in item.examples if example.status == 200)
    capture_server.set_default(
        CannedResponse(200, [("Content-Type", "application/json")], example.body.encode("utf-8"))
    )
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    variables = {"_endpoint": capture_server.url, "_jobId": "750R0000001ABCD", "_accessToken": "session-token"}

    code = generate(collection, item, "python", variables=variables).code
    namespace = run_snippet(code, tmp_path)

    [request] = capture_server.requests
    assert request.method == "POST"
    assert request.target == "/services/async/66.0/job/750R0000001ABCD"
    assert request.header_values("X-SFDC-Session") == ["session-token"]
    assert request.header_values("Content-Type") == ["application/json"]
    assert request.header_values("charset") == ["UTF-8"]
    assert request.header("Content-Encoding") is None
    assert json.loads(request.body) == {"state": "Closed"}
    for key in json.loads(example.body):
        assert f'"{key}"' in code, key
    assert namespace["data"] == json.loads(example.body)
