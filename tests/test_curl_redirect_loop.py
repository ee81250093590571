"""The bash curl snippet's redirect loop, run against a local capture server.

Where curl's --location would keep a method or a Content-Type that newman
drops (DELETE, PUT, a POST without a body, a POST with a Content-Type
header), the snippet follows each redirect with a curl call of its own.
These tests check that loop against newman's rules. Only a 307 or 308 keeps
the method and body, and each hop names the previous URL in a Referer.
Authorization is dropped on a change of host name, and maxRedirects limits
the hops.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.api import generate, load_collection
from generator.conformance.capture import CannedResponse, CaptureServer
from snippet_checks import localhost_is_loopback

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")

HOSTILE = "a'b\"c $(touch pwned) `touch pwned` ${HOME} \\ ; | & done"


def _snippet(tmp_path: Path, item: dict, options: dict | None = None, language: str = "curl") -> str:
    collection_file = tmp_path / "loop.postman_collection.json"
    collection_file.write_text(json.dumps({
        "info": {"name": "loop", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [item],
    }), encoding="utf-8")
    collection = load_collection(collection_file)
    return generate(collection, collection.requests[0], language, options=options).code


def _run(tmp_path: Path, code: str) -> subprocess.CompletedProcess:
    snippet = tmp_path / "snippet.sh"
    snippet.write_text(code, encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    return subprocess.run(
        ["bash", str(snippet)], cwd=tmp_path, env=environment, capture_output=True, timeout=60, check=False
    )


def _item(request: dict, settings: dict | None = None, **fields) -> dict:
    item = {"name": "redirected", "request": request, **fields}
    if settings:
        item["protocolProfileBehavior"] = settings
    return item


@pytest.mark.parametrize("status", [301, 302, 303])
def test_delete_becomes_get(status, tmp_path):
    with CaptureServer() as server:
        server.route("/moved", CannedResponse.redirect("/target?step=2", status))
        server.route("/target", CannedResponse(200, body=b"final body\n"))
        request = {
            "method": "DELETE",
            "header": [{"key": "X-Request-Id", "value": "42"}],
            "url": server.url + "/moved?id=1",
        }
        completed = _run(tmp_path, _snippet(tmp_path, _item(request)))
        sent = server.wait_for(2, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == b"final body\n"
    assert [hop.method for hop in sent] == ["DELETE", "GET"]
    assert sent[1].target == "/target?step=2"
    assert sent[1].header("X-Request-Id") == "42"
    assert sent[1].header("Referer") == server.url + "/moved?id=1"


@pytest.mark.parametrize("status", [302, 303])
def test_put_drops_body_and_content_type(status, tmp_path):
    with CaptureServer() as server:
        server.route("/moved", CannedResponse.redirect("/target", status))
        request = {
            "method": "PUT",
            "header": [{"key": "Content-Type", "value": "text/plain"}],
            "body": {"mode": "raw", "raw": "payload"},
            "url": server.url + "/moved",
        }
        completed = _run(tmp_path, _snippet(tmp_path, _item(request)))
        sent = server.wait_for(2, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert (sent[0].method, sent[0].body, sent[0].header("Content-Type")) == ("PUT", b"payload", "text/plain")
    assert sent[1].method == "GET"
    assert sent[1].body == b""
    assert sent[1].header("Content-Type") is None
    assert sent[1].header("Content-Length") is None


def test_307_then_303_keeps_body_once(tmp_path):
    with CaptureServer() as server:
        server.route("/first", CannedResponse.redirect("/second", 307))
        server.route("/second", CannedResponse.redirect("/third", 303))
        request = {
            "method": "PATCH",
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": {"mode": "raw", "raw": '{"a": 1}'},
            "url": server.url + "/first",
        }
        completed = _run(tmp_path, _snippet(tmp_path, _item(request)))
        sent = server.wait_for(3, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert [hop.method for hop in sent] == ["PATCH", "PATCH", "GET"]
    assert [hop.body for hop in sent] == [b'{"a": 1}', b'{"a": 1}', b""]
    assert [hop.header("Content-Type") for hop in sent] == ["application/json", "application/json", None]
    assert [hop.header("Referer") for hop in sent] == [None, server.url + "/first", server.url + "/second"]


def test_post_without_body_becomes_get(tmp_path):
    # Measured with curl 7.88: --location keeps --request POST after a 302.
    with CaptureServer() as server:
        server.route("/moved", CannedResponse.redirect("/target", 302))
        request = {"method": "POST", "header": [], "url": server.url + "/moved"}
        completed = _run(tmp_path, _snippet(tmp_path, _item(request)))
        sent = server.wait_for(2, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert [hop.method for hop in sent] == ["POST", "GET"]


def test_form_with_file_resent_on_307(tmp_path):
    (tmp_path / "note.txt").write_bytes(b"file content")
    with CaptureServer() as server:
        server.route("/first", CannedResponse.redirect("/second", 307))
        server.route("/second", CannedResponse.redirect("/third", 302))
        request = {
            "method": "PUT",
            "header": [],
            "body": {"mode": "formdata", "formdata": [
                {"key": "title", "value": "t", "type": "text"},
                {"key": "file", "src": "note.txt", "type": "file"},
            ]},
            "url": server.url + "/first",
        }
        completed = _run(tmp_path, _snippet(tmp_path, _item(request)))
        sent = server.wait_for(3, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert [hop.method for hop in sent] == ["PUT", "PUT", "GET"]
    assert b"file content" in sent[0].body
    assert sent[1].body == sent[0].body.replace(*_boundaries(sent[0], sent[1]))
    assert sent[2].body == b""
    assert sent[2].header("Content-Type") is None


def _boundaries(first, second) -> tuple[bytes, bytes]:
    """Return the multipart boundaries of two requests, to compare their bodies without them."""
    def boundary(request) -> bytes:
        return request.header("Content-Type").split("boundary=")[1].encode("ascii")

    return boundary(first), boundary(second)


def test_hostile_values_stay_literal(tmp_path):
    with CaptureServer() as server:
        # The Location comes from the server, so it is untrusted too.
        server.route("/moved", CannedResponse.redirect("/target?q=$(touch%20pwned)&b=`id`", 302))
        request = {
            "method": "DELETE",
            "header": [
                {"key": "X-Hostile", "value": HOSTILE},
                {"key": "Authorization", "value": "Bearer " + HOSTILE},
            ],
            "url": server.url + "/moved?x=$(touch%20pwned)&y=`id`",
        }
        completed = _run(tmp_path, _snippet(tmp_path, _item(request)))
        sent = server.wait_for(2, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert not (tmp_path / "pwned").exists()
    assert sent[0].target == "/moved?x=$(touch%20pwned)&y=`id`"
    assert [hop.header("X-Hostile") for hop in sent] == [HOSTILE, HOSTILE]
    assert [hop.header("Authorization") for hop in sent] == ["Bearer " + HOSTILE] * 2
    assert sent[1].target == "/target?q=$(touch%20pwned)&b=`id`"
    assert sent[1].header("Referer") == server.url + "/moved?x=$(touch%20pwned)&y=`id`"


def test_max_redirects_exceeded(tmp_path):
    with CaptureServer() as server:
        server.route("/one", CannedResponse.redirect("/two", 302))
        server.route("/two", CannedResponse.redirect("/three", 307))
        request = {"method": "DELETE", "header": [], "url": server.url + "/one"}
        completed = _run(tmp_path, _snippet(tmp_path, _item(request, {"maxRedirects": 1})))
        sent = server.wait_for(2, timeout=5)

    assert completed.returncode == 47
    assert completed.stdout == b""
    assert b"maximum (1) redirects followed" in completed.stderr
    assert [hop.target for hop in sent] == ["/one", "/two"]


def test_max_redirects_zero_sends_one_request(tmp_path):
    with CaptureServer() as server:
        server.route("/one", CannedResponse.redirect("/two", 302))
        request = {"method": "DELETE", "header": [], "url": server.url + "/one"}
        completed = _run(tmp_path, _snippet(tmp_path, _item(request, {"maxRedirects": 0})))
        sent = server.wait_for(1, timeout=5)

    assert completed.returncode == 47
    assert [hop.target for hop in sent] == ["/one"]


def test_referer_removed_when_set(tmp_path):
    with CaptureServer() as server:
        server.route("/moved", CannedResponse.redirect("/target", 302))
        request = {"method": "DELETE", "header": [], "url": server.url + "/moved"}
        settings = {"removeRefererHeaderOnRedirect": True}
        completed = _run(tmp_path, _snippet(tmp_path, _item(request, settings)))
        sent = server.wait_for(2, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert sent[1].header("Referer") is None


@pytest.mark.skipif(not localhost_is_loopback(), reason="localhost does not resolve to 127.0.0.1")
@pytest.mark.parametrize(("settings", "kept"), [(None, False), ({"followAuthorizationHeader": True}, True)])
def test_authorization_on_other_host(settings, kept, tmp_path):
    with CaptureServer() as server:
        server.route("/away", CannedResponse.redirect(f"http://LOCALHOST:{server.port}/target", 302))
        server.route("/target", CannedResponse.redirect(f"http://localhost:{server.port}/end", 307))
        request = {
            "method": "DELETE",
            "header": [{"key": "X-Kept", "value": "1"}],
            "auth": {"type": "basic", "basic": [
                {"key": "username", "value": "user"}, {"key": "password", "value": "secret"},
            ]},
            "url": server.url + "/away",
        }
        completed = _run(tmp_path, _snippet(tmp_path, _item(request, settings)))
        sent = server.wait_for(3, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert sent[0].header("Authorization") == "Basic dXNlcjpzZWNyZXQ="
    assert sent[1].header("Host").lower() == f"localhost:{server.port}"
    assert sent[1].header("X-Kept") == "1"
    # The host name changed from 127.0.0.1 to localhost, then only its case changed.
    expected = "Basic dXNlcjpzZWNyZXQ=" if kept else None
    assert [hop.header("Authorization") for hop in sent[1:]] == [expected, expected]


def test_authorization_kept_on_other_port(tmp_path):
    # newman compares host names only, where curl's --location also drops
    # Authorization on a change of port.
    with CaptureServer() as other, CaptureServer() as server:
        server.route("/moved", CannedResponse.redirect(other.url + "/target", 302))
        request = {
            "method": "DELETE",
            "header": [{"key": "Authorization", "value": "Bearer token"}],
            "url": server.url + "/moved",
        }
        completed = _run(tmp_path, _snippet(tmp_path, _item(request)))
        server.wait_for(1, timeout=5)
        sent = other.wait_for(1, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert sent[0].header("Authorization") == "Bearer token"


def test_error_status_exits_with_fail(tmp_path):
    if shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    with CaptureServer() as server:
        server.route("/moved", CannedResponse.redirect("/target", 302))
        json_type = (("Content-Type", "application/json"),)
        server.route("/target", CannedResponse(200, json_type, b'{"id": 7}'))
        server.route("/missing", CannedResponse(404, json_type, b'{"error": "not found"}'))
        example = {"name": "ok", "code": 200, "header": [], "body": '{"id": 1}'}
        request = {"method": "DELETE", "header": [], "url": server.url + "/moved"}
        code = _snippet(tmp_path, _item(request, response=[example]), {"curl_jq": True})
        completed = _run(tmp_path, code)
        failed = _run(tmp_path, code.replace(server.url + "/moved", server.url + "/missing"))

    assert "send_request | jq -r" in code
    assert completed.returncode == 0, completed.stderr
    assert b"7" in completed.stdout
    assert b"error" not in completed.stdout
    assert failed.returncode == 22
    assert failed.stdout == b""


@pytest.mark.parametrize("language", ["curl", "curl-powershell", "curl-cmd"])
def test_follow_redirects_false_has_no_loop(language, tmp_path):
    request = {"method": "DELETE", "header": [], "url": "http://127.0.0.1:9/moved"}
    code = _snippet(tmp_path, _item(request, {"followRedirects": False}), language=language)

    assert "send_request" not in code
    assert "--location" not in code


@pytest.mark.parametrize("language", ["curl-powershell", "curl-cmd"])
def test_other_shells_keep_location_and_note(language, tmp_path):
    request = {"method": "DELETE", "header": [], "url": "http://127.0.0.1:9/moved"}
    code = _snippet(tmp_path, _item(request), language=language)

    assert "send_request" not in code
    assert "--location" in code
    assert "curl sends DELETE again" in code


@pytest.mark.parametrize(
    "request_fields",
    [
        {"method": "GET"},
        {"method": "HEAD"},
    ],
)
def test_location_kept_where_curl_matches_newman(request_fields, tmp_path):
    request = {"header": [], "url": "http://127.0.0.1:9/moved", **request_fields}
    code = _snippet(tmp_path, _item(request))

    assert "send_request" not in code
    assert "--location" in code


def test_post_form_follows_in_loop(tmp_path):
    # A multipart body has no Content-Type header of its own, so curl drops it
    # with the form after a 301, 302 or 303. After a 300, 304, 305 or 306 curl
    # sends the POST and the form again, where newman sends a GET.
    form = {"mode": "formdata", "formdata": [{"key": "a", "value": "b", "type": "text"}]}
    request = {"method": "POST", "header": [], "body": form, "url": "http://127.0.0.1:9/moved"}
    code = _snippet(tmp_path, _item(request))

    assert "send_request" in code
    assert not any(line.strip().startswith("--location") for line in code.splitlines())
    assert "after a 300, 304, 305 or 306 curl sends the POST again" in code


def test_follow_original_method_keeps_location(tmp_path):
    request = {"method": "DELETE", "header": [], "url": "http://127.0.0.1:9/moved"}
    code = _snippet(tmp_path, _item(request, {"followOriginalHttpMethod": True}))

    assert "send_request" not in code
    assert "--location" in code
