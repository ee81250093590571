"""Redirect handling of the Python and curl snippets, run against a local capture server.

The conformance suite covers the cases newman was recorded on. These cases
need a second host name (``localhost`` beside ``127.0.0.1``) or a method
that no recorded item uses, so their expected requests follow newman's
rules as written here. A 301, 302 or 303 turns every method but HEAD into a
GET without a body. Each redirected request gets a ``Referer`` naming the
previous URL. A redirect to another host name drops ``Authorization``
unless ``followAuthorizationHeader`` is set.
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
from generator.conformance.capture import CannedResponse, CaptureServer
from snippet_checks import localhost_is_loopback

PYTHON_LANGUAGES = ("python", "python-httpx", "python-stdlib")


def _run_snippet(tmp_path: Path, request: dict, language: str, settings: dict | None = None) -> None:
    item = {"name": "redirected", "request": request}
    if settings:
        item["protocolProfileBehavior"] = settings
    collection_file = tmp_path / "redirects.postman_collection.json"
    collection_file.write_text(json.dumps({
        "info": {"name": "redirects", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [item],
    }), encoding="utf-8")
    collection = load_collection(collection_file)
    code = generate(collection, collection.requests[0], language).code
    suffix = ".sh" if language == "curl" else ".py"
    snippet = tmp_path / f"snippet{suffix}"
    snippet.write_text(code, encoding="utf-8")
    command = ["bash", str(snippet)] if language == "curl" else [sys.executable, str(snippet)]
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    subprocess.run(command, env=environment, capture_output=True, timeout=30, check=False)


@pytest.mark.parametrize("language", [*PYTHON_LANGUAGES, "curl"])
def test_put_after_301_becomes_get(language, tmp_path):
    if language == "curl" and shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    with CaptureServer() as server:
        server.route("/moved", CannedResponse.redirect("/target", 301))
        request = {
            "method": "PUT",
            "header": [{"key": "Content-Type", "value": "text/plain"}],
            "body": {"mode": "raw", "raw": "payload"},
            "url": server.url + "/moved",
        }
        _run_snippet(tmp_path, request, language)
        sent = server.wait_for(2, timeout=5)

    assert [hop.method for hop in sent] == ["PUT", "GET"]
    assert sent[1].target == "/target"
    assert sent[1].body == b""
    assert sent[1].header("Content-Type") is None
    assert sent[1].header("Referer") == server.url + "/moved"


@pytest.mark.skipif(not localhost_is_loopback(), reason="localhost does not resolve to 127.0.0.1")
@pytest.mark.parametrize("language", PYTHON_LANGUAGES)
def test_authorization_dropped_for_other_host(language, tmp_path):
    with CaptureServer() as server:
        server.route("/away", CannedResponse.redirect(f"http://localhost:{server.port}/target", 302))
        request = {
            "method": "GET",
            "header": [{"key": "Authorization", "value": "Bearer secret-token"}],
            "url": server.url + "/away",
        }
        _run_snippet(tmp_path, request, language)
        sent = server.wait_for(2, timeout=5)

    assert sent[0].header("Authorization") == "Bearer secret-token"
    assert sent[1].header("Authorization") is None


@pytest.mark.skipif(not localhost_is_loopback(), reason="localhost does not resolve to 127.0.0.1")
@pytest.mark.parametrize("language", [*PYTHON_LANGUAGES, "curl"])
def test_follow_authorization_header_keeps_it(language, tmp_path):
    if language == "curl" and shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    with CaptureServer() as server:
        server.route("/away", CannedResponse.redirect(f"http://localhost:{server.port}/target", 302))
        request = {
            "method": "GET",
            "header": [{"key": "Authorization", "value": "Bearer secret-token"}],
            "url": server.url + "/away",
        }
        _run_snippet(tmp_path, request, language, {"followAuthorizationHeader": True})
        sent = server.wait_for(2, timeout=5)

    assert sent[1].header("Host") == f"localhost:{server.port}"
    assert sent[1].header("Authorization") == "Bearer secret-token"


@pytest.mark.parametrize("language", PYTHON_LANGUAGES)
def test_unfollowed_redirect_stops_before_parsing(language, tmp_path):
    # With followRedirects off the 3xx response is final, and its empty body
    # must not reach the JSON parsing of the saved example.
    with CaptureServer() as server:
        server.route("/moved", CannedResponse.redirect("/target", 302))
        item = {
            "name": "redirected",
            "request": {"method": "GET", "url": server.url + "/moved"},
            "protocolProfileBehavior": {"followRedirects": False},
            "response": [{"name": "ok", "code": 200, "header": [], "body": '{"id": 1}'}],
        }
        collection_file = tmp_path / "redirects.postman_collection.json"
        collection_file.write_text(json.dumps({
            "info": {"name": "redirects", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [item],
        }), encoding="utf-8")
        collection = load_collection(collection_file)
        code = generate(collection, collection.requests[0], language).code
        assert 'data["id"]' in code
        snippet = tmp_path / "snippet.py"
        snippet.write_text(code, encoding="utf-8")
        environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
        result = subprocess.run([sys.executable, str(snippet)], env=environment, capture_output=True, text=True, timeout=30)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "Redirected with status 302 to /target\n"


# --- 3xx statuses other than 301, 302, 303, 307 and 308 --------------------------------------
#
# Measured with newman 6.2.2: newman follows a 300, 304, 305 or 306 with a
# Location as it follows a 303. It sends a GET without the body, Content-Type
# or Content-Length, keeps HEAD, and keeps the method and body with
# followOriginalHttpMethod.

OTHER_3XX = (300, 304, 305, 306)


def _other_3xx(status: int, location: str) -> CannedResponse:
    return CannedResponse(status=status, headers=(("Location", location),), body=b"")


@pytest.mark.parametrize("status", OTHER_3XX)
@pytest.mark.parametrize("language", [*PYTHON_LANGUAGES, "curl"])
def test_other_3xx_turns_put_into_get(language, status, tmp_path):
    if language == "curl" and shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    with CaptureServer() as server:
        server.route("/moved", _other_3xx(status, "/target"))
        request = {
            "method": "PUT",
            "header": [{"key": "Content-Type", "value": "text/plain"}],
            "body": {"mode": "raw", "raw": "payload"},
            "url": server.url + "/moved",
        }
        _run_snippet(tmp_path, request, language)
        sent = server.wait_for(2, timeout=5)

    assert [hop.method for hop in sent] == ["PUT", "GET"]
    assert sent[1].target == "/target"
    assert sent[1].body == b""
    assert sent[1].header("Content-Type") is None
    assert sent[1].header("Content-Length") is None
    assert sent[1].header("Referer") == server.url + "/moved"


@pytest.mark.parametrize("status", [300, 306])
@pytest.mark.parametrize("language", [*PYTHON_LANGUAGES, "curl"])
def test_other_3xx_turns_post_form_into_get(language, status, tmp_path):
    # A POST whose body curl types itself, which --location would send again after these statuses.
    if language == "curl" and shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    with CaptureServer() as server:
        server.route("/moved", _other_3xx(status, "/target"))
        form = {"mode": "formdata", "formdata": [{"key": "a", "value": "1", "type": "text"}]}
        _run_snippet(tmp_path, {"method": "POST", "body": form, "url": server.url + "/moved"}, language)
        sent = server.wait_for(2, timeout=5)

    assert [hop.method for hop in sent] == ["POST", "GET"]
    assert b'name="a"' in sent[0].body
    assert sent[1].body == b""
    assert sent[1].header("Content-Type") is None


@pytest.mark.parametrize("language", [*PYTHON_LANGUAGES, "curl"])
def test_other_3xx_keeps_head(language, tmp_path):
    if language == "curl" and shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    with CaptureServer() as server:
        server.route("/moved", _other_3xx(300, "/target"))
        _run_snippet(tmp_path, {"method": "HEAD", "url": server.url + "/moved"}, language)
        sent = server.wait_for(2, timeout=5)

    assert [hop.method for hop in sent] == ["HEAD", "HEAD"]
    assert sent[1].target == "/target"


@pytest.mark.parametrize("language", [*PYTHON_LANGUAGES, "curl"])
def test_other_3xx_follow_original_method(language, tmp_path):
    if language == "curl" and shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    with CaptureServer() as server:
        server.route("/moved", _other_3xx(305, "/target"))
        request = {
            "method": "PUT",
            "header": [{"key": "Content-Type", "value": "text/plain"}],
            "body": {"mode": "raw", "raw": "payload"},
            "url": server.url + "/moved",
        }
        _run_snippet(tmp_path, request, language, {"followOriginalHttpMethod": True})
        sent = server.wait_for(2, timeout=5)

    assert [hop.method for hop in sent] == ["PUT", "PUT"]
    assert sent[1].body == b"payload"
    assert sent[1].header("Content-Type") == "text/plain"


# --- the item's Host header on a redirect -------------------------------------------------------
#
# Measured with newman 6.2.2: on every redirect, to the same host or another,
# newman sends the host of the new URL in place of the item's Host header.


@pytest.mark.parametrize("status", [302, 307])
@pytest.mark.parametrize("language", [*PYTHON_LANGUAGES, "curl"])
def test_item_host_replaced_on_same_host(language, status, tmp_path):
    if language == "curl" and shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    with CaptureServer() as server:
        server.route("/moved", CannedResponse.redirect("/target", status))
        request = {"method": "GET", "header": [{"key": "Host", "value": "api.example:8443"}], "url": server.url + "/moved"}
        _run_snippet(tmp_path, request, language)
        sent = server.wait_for(2, timeout=5)

    assert sent[0].header("Host") == "api.example:8443"
    assert sent[1].header_values("Host") == [f"127.0.0.1:{server.port}"]


@pytest.mark.skipif(not localhost_is_loopback(), reason="localhost does not resolve to 127.0.0.1")
@pytest.mark.parametrize("language", [*PYTHON_LANGUAGES, "curl"])
def test_item_host_replaced_on_other_host(language, tmp_path):
    if language == "curl" and shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    with CaptureServer() as server:
        server.route("/away", _other_3xx(300, f"http://localhost:{server.port}/target"))
        request = {
            "method": "POST",
            "header": [{"key": "Host", "value": f"127.0.0.1:{server.port}"}],
            "body": {"mode": "raw", "raw": "payload"},
            "url": server.url + "/away",
        }
        _run_snippet(tmp_path, request, language)
        sent = server.wait_for(2, timeout=5)

    assert [hop.method for hop in sent] == ["POST", "GET"]
    assert sent[1].header_values("Host") == [f"localhost:{server.port}"]


@pytest.mark.parametrize("language", [*PYTHON_LANGUAGES, "curl"])
def test_item_host_with_original_method(language, tmp_path):
    # The Host header alone makes the bash snippet follow redirects itself,
    # which must still keep the method and body for followOriginalHttpMethod.
    if language == "curl" and shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    with CaptureServer() as server:
        server.route("/moved", CannedResponse.redirect("/target", 302))
        request = {
            "method": "PUT",
            "header": [{"key": "Host", "value": "api.example"}, {"key": "Content-Type", "value": "text/plain"}],
            "body": {"mode": "raw", "raw": "payload"},
            "url": server.url + "/moved",
        }
        _run_snippet(tmp_path, request, language, {"followOriginalHttpMethod": True})
        sent = server.wait_for(2, timeout=5)

    assert [hop.method for hop in sent] == ["PUT", "PUT"]
    assert sent[1].body == b"payload"
    assert sent[1].header("Content-Type") == "text/plain"
    assert sent[1].header_values("Host") == [f"127.0.0.1:{server.port}"]
