"""Hostile saved examples for the response-parsing code of the Python and curl --curl-jq snippets.

Each test generates a snippet for a request to a capture server on
127.0.0.1, serves a body from it and runs the snippet.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.api import generate, load_collection
from generator.conformance.capture import CannedResponse

needs_jq = pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")

JSON_TYPE = (("Content-Type", "application/json"),)


def _example(body: str, status: int = 200, content_type: str = "application/json") -> dict:
    return {
        "name": f"status {status}",
        "code": status,
        "header": [{"key": "Content-Type", "value": content_type}],
        "body": body,
    }


def _write_collection(tmp_path: Path, url: str, responses: list, behavior: dict | None = None) -> Path:
    item = {"name": "Item", "request": {"method": "GET", "url": f"{url}/x"}, "response": responses}
    if behavior is not None:
        item["protocolProfileBehavior"] = behavior
    collection = {
        "info": {
            "name": "Parsing",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "item": [item],
    }
    path = tmp_path / "collection.json"
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def _snippet(path: Path, language: str, options: dict | None = None) -> str:
    collection = load_collection(path)
    return generate(collection, collection.requests[0], language, options=options or {}).code


def _run(code: str, tmp_path: Path, language: str) -> subprocess.CompletedProcess:
    if language == "curl":
        script = tmp_path / "snippet.sh"
        command = ["bash", str(script)]
    else:
        script = tmp_path / "snippet.py"
        command = [sys.executable, str(script)]
    script.write_text(code, encoding="utf-8")
    return subprocess.run(
        command, capture_output=True, text=True, errors="backslashreplace", timeout=60, check=False
    )


@pytest.mark.parametrize(
    "served",
    [b'{"error": "Not found"}', b'{"error": {"details": ["a", 2]}}', b'{"error": {"details": "none"}}'],
    ids=["string", "other-elements", "string-list"],
)
def test_error_branch_other_nested_type(capture_server, tmp_path, served):
    # The error plan reads every key as optional because one error example
    # says little about the errors a server sends, and it tests the type of
    # each nested value before it reads inside it.
    error = '{"error": {"message": "gone", "code": 7, "details": [{"field": "a"}]}}'
    responses = [_example('{"id": 1}'), _example(error, 404)]
    capture_server.set_default(CannedResponse(404, JSON_TYPE, served))
    path = _write_collection(tmp_path, capture_server.url, responses)

    completed = _run(_snippet(path, "python"), tmp_path, "python")

    assert "Traceback" not in completed.stderr
    assert completed.returncode == 1
    assert "Request failed with status 404" in completed.stdout


@needs_jq
def test_curl_jq_long_program_left_out(capture_server, tmp_path):
    # 200 keys of 700 characters make a jq program of about 158 KB. Passed
    # as one argument, it would make exec fail with E2BIG.
    document = {f"k{index:03d}" + "x" * 700: index for index in range(200)}
    body = json.dumps(document)
    capture_server.set_default(CannedResponse(200, JSON_TYPE, body.encode("utf-8")))
    path = _write_collection(tmp_path, capture_server.url, [_example(body)])

    code = _snippet(path, "curl", {"curl_jq": True})
    completed = _run(code, tmp_path, "curl")

    assert "| jq" not in code
    assert "# Note: --curl-jq: the jq program for the saved example's keys would take" in code
    assert "Argument list too long" not in completed.stderr
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == document


@needs_jq
def test_curl_jq_big_integer_needs_jq_17(capture_server, tmp_path):
    # jq 1.6 stores numbers as doubles, so it prints 1234567890123456800 for
    # this 64-bit id. The snippet requires jq 1.7, which prints it as written.
    body = '{"id": 1234567890123456789}'
    capture_server.set_default(CannedResponse(200, JSON_TYPE, body.encode("ascii")))
    path = _write_collection(tmp_path, capture_server.url, [_example(body)])

    code = _snippet(path, "curl", {"curl_jq": True})
    small = _snippet(_write_collection(tmp_path, capture_server.url, [_example('{"id": 9007199254740992}')]), "curl", {"curl_jq": True})

    assert "# Needs jq 1.7 or later, because jq 1.6 rounds integers beyond 2^53" in code
    assert "# Needs jq 1.6 or later." in small
    version = subprocess.run(["jq", "--version"], capture_output=True, text=True, check=True).stdout
    if not version.startswith("jq-1.6"):
        completed = _run(code, tmp_path, "curl")
        assert completed.stdout == "id_: 1234567890123456789\n"


@needs_jq
def test_curl_jq_redirect_not_followed(capture_server, tmp_path):
    # --fail keeps a 4xx or 5xx page away from jq. For an item that does not
    # follow redirects, --location --max-redirs 0 keeps a 3xx page away too.
    headers = (("Content-Type", "text/html"), ("Location", "/elsewhere"))
    capture_server.set_default(CannedResponse(302, headers, b"<html>Moved</html>"))
    path = _write_collection(tmp_path, capture_server.url, [_example('{"id": 1}')], {"followRedirects": False})

    code = _snippet(path, "curl", {"curl_jq": True})
    completed = _run(code, tmp_path, "curl")

    assert "parse error" not in completed.stderr
    assert completed.returncode == 47
    assert completed.stdout == ""
    assert len(capture_server.requests) == 1


@pytest.mark.parametrize(
    ("body", "content_type", "printed"),
    [
        ('\ufeff{"tags": ["a", "b"]}', "application/json", "a\nb\n"),
        ('{"tags": ["Zoë", "名前"]}', "text/plain", "Zoë\n名前\n"),
    ],
    ids=["byte-order-mark", "json-served-as-text"],
)
def test_requests_reads_example_body(capture_server, tmp_path, body, content_type, printed):
    # The tool reads both bodies as JSON, and so do the python-stdlib and
    # python-httpx snippets. requests' .json() would keep the byte order mark
    # of an application/json body, which json.loads rejects, and decode
    # text/* without a charset as ISO-8859-1, so the snippet parses the bytes.
    capture_server.set_default(CannedResponse(200, (("Content-Type", content_type),), body.encode("utf-8")))
    path = _write_collection(tmp_path, capture_server.url, [_example(body, content_type=content_type)])

    completed = _run(_snippet(path, "python"), tmp_path, "python")

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == printed
