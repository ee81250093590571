"""Multipart bodies whose Content-Type system header is turned off, run against a local capture server.

With ``protocolProfileBehavior.disabledSystemHeaders["content-type"]`` true,
newman 6.2.2 sends a multipart body with the item's own Content-Type headers
as written, or with none. Each expected value below is what newman 6.2.2
sent for the same item against a capture server on 127.0.0.1:

- the body has newman's usual form: a boundary of 26 dashes and 24 random
  digits, unless the item's one Content-Type header is
  ``multipart/form-data; ... boundary=X``, whose boundary it then uses;
- when every part is left out because its file is missing, no body and
  ``Content-Length: 0``;
- on a redirect that keeps the body (a 307 or 308, or any with
  followOriginalHttpMethod), ``multipart/form-data; boundary=...`` of the
  new body in place of the item's Content-Type, and still none without one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.api import generate, load_collection
from generator.conformance.capture import CannedResponse, CaptureServer
from generator.errors import ItemError

RUN_LANGUAGES = ["python", "python-httpx", "python-stdlib", "curl"]
REJECTING_LANGUAGES = ["curl-powershell", "curl-cmd", "powershell", "powershell-5"]
NEWMAN_BOUNDARY = re.compile(r"-{26}[0-9]{24}")
DISABLED = {"disabledSystemHeaders": {"content-type": True}}
FILE_BYTES = b"file\x00bytes\r\n\xff"


def _collection(tmp_path: Path, request: dict, settings: dict):
    item = {"name": "upload", "request": request, "protocolProfileBehavior": settings}
    path = tmp_path / "multipart.postman_collection.json"
    path.write_text(json.dumps({
        "info": {"name": "multipart", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [item],
    }), encoding="utf-8")
    return load_collection(path)


def _run(tmp_path: Path, request: dict, language: str, settings: dict = DISABLED) -> subprocess.CompletedProcess:
    if language == "curl" and shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    collection = _collection(tmp_path, request, settings)
    code = generate(collection, collection.requests[0], language, options={"timeout": 5}).code
    script = tmp_path / ("snippet.sh" if language == "curl" else "snippet.py")
    script.write_text(code, encoding="utf-8")
    command = ["bash", str(script)] if language == "curl" else [sys.executable, str(script)]
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    return subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, timeout=60)


def _form(*fields: dict) -> dict:
    return {"mode": "formdata", "formdata": list(fields)}


def _newman_body(boundary: str, parts: list[tuple[str, bytes]]) -> bytes:
    """Build the body newman writes: each part's header lines, a blank line and its content."""
    body = b""
    for head, content in parts:
        body += f"--{boundary}\r\n{head}\r\n".encode("utf-8") + content + b"\r\n"
    return body + f"--{boundary}--\r\n".encode("utf-8")


def _boundary(body: bytes) -> str:
    first_line = body.split(b"\r\n", 1)[0].decode("utf-8")
    assert first_line.startswith("--")
    return first_line[2:]


MIXED_FORM = _form(
    {"key": "text", "value": "plain value", "type": "text"},
    {"key": "typed", "value": "{\"a\": 1}", "type": "text", "contentType": "application/json"},
    {"key": "upload", "type": "file", "src": "data.bin"},
    {"key": "empty", "type": "file", "src": ""},
    {"key": "off", "value": "left out", "type": "text", "disabled": True},
)
MIXED_PARTS = [
    ('Content-Disposition: form-data; name="text"\r\n', b"plain value"),
    ('Content-Disposition: form-data; name="typed"\r\nContent-Type: application/json\r\n', b'{"a": 1}'),
    ('Content-Disposition: form-data; name="upload"; filename="data.bin"\r\nContent-Type: application/octet-stream\r\n', FILE_BYTES),
    ('Content-Disposition: form-data; name="empty"; filename=""\r\n', b""),
]


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_no_item_type_sends_none(language, tmp_path):
    (tmp_path / "data.bin").write_bytes(FILE_BYTES)
    with CaptureServer() as server:
        completed = _run(tmp_path, {"method": "POST", "url": server.url + "/form", "body": MIXED_FORM}, language)
        [sent] = server.wait_for(1, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert sent.header_values("Content-Type") == []
    boundary = _boundary(sent.body)
    assert NEWMAN_BOUNDARY.fullmatch(boundary)
    assert sent.body == _newman_body(boundary, MIXED_PARTS)
    assert sent.header("Content-Length") == str(len(sent.body))


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_item_type_sent_as_written(language, tmp_path):
    (tmp_path / "data.bin").write_bytes(FILE_BYTES)
    with CaptureServer() as server:
        request = {
            "method": "PUT",
            "url": server.url + "/form",
            "header": [{"key": "content-type", "value": "text/plain; charset=latin1"}],
            "body": MIXED_FORM,
        }
        completed = _run(tmp_path, request, language)
        [sent] = server.wait_for(1, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert sent.method == "PUT"
    assert sent.header_values("Content-Type") == ["text/plain; charset=latin1"]
    boundary = _boundary(sent.body)
    assert NEWMAN_BOUNDARY.fullmatch(boundary)
    assert sent.body == _newman_body(boundary, MIXED_PARTS)


@pytest.mark.parametrize(
    ("content_type", "boundary"),
    [
        ("multipart/form-data; boundary=abc", "abc"),
        ('multipart/form-data; boundary="q x"', "q x"),
        ("multipart/form-data; boundary=abc; charset=x", "abc"),
    ],
)
@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_item_boundary_used(language, content_type, boundary, tmp_path):
    (tmp_path / "f.txt").write_bytes(b"filedata")
    form = _form({"key": "a", "value": "1", "type": "text"}, {"key": "up", "type": "file", "src": "f.txt"})
    with CaptureServer() as server:
        request = {"method": "POST", "url": server.url + "/form", "header": [{"key": "Content-Type", "value": content_type}], "body": form}
        completed = _run(tmp_path, request, language)
        [sent] = server.wait_for(1, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert sent.header_values("Content-Type") == [content_type]
    expected = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="up"; filename="f.txt"\r\nContent-Type: text/plain\r\n\r\n'
        f"filedata\r\n--{boundary}--\r\n"
    ).encode("utf-8")
    assert sent.body == expected


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_case_changed_type_draws_boundary(language, tmp_path):
    # newman takes the boundary only from "multipart/form-data", case-sensitively.
    form = _form({"key": "a", "value": "1", "type": "text"})
    with CaptureServer() as server:
        content_type = "Multipart/form-data; boundary=abc"
        request = {"method": "POST", "url": server.url + "/form", "header": [{"key": "Content-Type", "value": content_type}], "body": form}
        completed = _run(tmp_path, request, language)
        [sent] = server.wait_for(1, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert sent.header_values("Content-Type") == [content_type]
    assert NEWMAN_BOUNDARY.fullmatch(_boundary(sent.body))


@pytest.mark.parametrize(("headers", "sent_types"), [([], []), ([{"key": "Content-Type", "value": "text/plain"}], ["text/plain"])])
@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_every_file_missing_sends_no_body(language, headers, sent_types, tmp_path):
    form = _form({"key": "up", "type": "file", "src": "missing.bin"})
    with CaptureServer() as server:
        completed = _run(tmp_path, {"method": "POST", "url": server.url + "/form", "header": headers, "body": form}, language)
        [sent] = server.wait_for(1, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert b"missing.bin" in completed.stderr
    assert sent.body == b""
    assert sent.header("Content-Length") == "0"
    assert sent.header_values("Content-Type") == sent_types


def _redirect_run(tmp_path: Path, language: str, status: int, headers: list[dict], settings: dict):
    form = _form({"key": "a", "value": "1", "type": "text"})
    with CaptureServer() as server:
        server.route("/moved", CannedResponse(status=status, headers=(("Location", "/target"),), body=b""))
        request = {"method": "POST", "url": server.url + "/moved", "header": headers, "body": form}
        completed = _run(tmp_path, request, language, settings)
        sent = server.wait_for(2, timeout=5)
    assert completed.returncode == 0, completed.stderr
    return sent


@pytest.mark.parametrize("status", [307, 308])
@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_kept_body_gets_multipart_type(language, status, tmp_path):
    sent = _redirect_run(tmp_path, language, status, [{"key": "Content-Type", "value": "text/plain"}], DISABLED)

    assert [hop.method for hop in sent] == ["POST", "POST"]
    assert sent[0].header_values("Content-Type") == ["text/plain"]
    boundary = _boundary(sent[1].body)
    assert sent[1].header_values("Content-Type") == [f"multipart/form-data; boundary={boundary}"]
    assert sent[1].body == _newman_body(boundary, [('Content-Disposition: form-data; name="a"\r\n', b"1")])


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_original_method_gets_multipart_type(language, tmp_path):
    settings = {**DISABLED, "followOriginalHttpMethod": True}
    sent = _redirect_run(tmp_path, language, 302, [{"key": "Content-Type", "value": "text/plain"}], settings)

    assert [hop.method for hop in sent] == ["POST", "POST"]
    boundary = _boundary(sent[1].body)
    assert sent[1].header_values("Content-Type") == [f"multipart/form-data; boundary={boundary}"]


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_kept_body_without_item_type(language, tmp_path):
    sent = _redirect_run(tmp_path, language, 307, [], DISABLED)

    assert [hop.method for hop in sent] == ["POST", "POST"]
    assert sent[1].header_values("Content-Type") == []
    assert sent[1].body == sent[0].body


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_get_after_302_drops_type(language, tmp_path):
    sent = _redirect_run(tmp_path, language, 302, [{"key": "Content-Type", "value": "text/plain"}], DISABLED)

    assert [hop.method for hop in sent] == ["POST", "GET"]
    assert sent[1].header_values("Content-Type") == []
    assert sent[1].body == b""


HOSTILE_NAME = "n\"a'm$(touch CANARY)`touch CANARY`\\%s\r\ne"
HOSTILE_VALUE = "v'al\"ue $(touch CANARY) `touch CANARY` %s %% \\n \\\r\n\u00e9\u2603"
HOSTILE_FILE_NAME = "f'i\"l$(touch CANARY)e %s.txt"
HOSTILE_BOUNDARY = "$(touch CANARY)'`x`%s\\"


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_hostile_values_stay_data(language, tmp_path):
    (tmp_path / HOSTILE_FILE_NAME).write_bytes(FILE_BYTES)
    form = _form(
        {"key": HOSTILE_NAME, "value": HOSTILE_VALUE, "type": "text", "contentType": "text/x; q=\"$(touch CANARY)\""},
        {"key": HOSTILE_NAME, "type": "file", "src": HOSTILE_FILE_NAME},
    )
    content_type = f"multipart/form-data; boundary={HOSTILE_BOUNDARY}"
    with CaptureServer() as server:
        request = {"method": "POST", "url": server.url + "/form", "header": [{"key": "Content-Type", "value": content_type}], "body": form}
        completed = _run(tmp_path, request, language)
        [sent] = server.wait_for(1, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert not (tmp_path / "CANARY").exists()
    assert sent.header_values("Content-Type") == [content_type]
    expected = _newman_body(HOSTILE_BOUNDARY, [
        (f'Content-Disposition: form-data; name="{HOSTILE_NAME}"\r\nContent-Type: text/x; q="$(touch CANARY)"\r\n', HOSTILE_VALUE.encode("utf-8")),
        (
            f'Content-Disposition: form-data; name="{HOSTILE_NAME}"; filename="{HOSTILE_FILE_NAME}"\r\nContent-Type: text/plain\r\n',
            FILE_BYTES,
        ),
    ])
    assert sent.body == expected


@pytest.mark.parametrize("language", REJECTING_LANGUAGES)
def test_other_languages_reject_item(language, tmp_path):
    collection = _collection(tmp_path, {"method": "POST", "url": "http://127.0.0.1:9/form", "body": MIXED_FORM}, DISABLED)

    with pytest.raises(ItemError) as raised:
        generate(collection, collection.requests[0], language)

    assert raised.value.address == "upload"
    assert "disabledSystemHeaders" in raised.value.message
