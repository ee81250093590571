"""Wire rules of newman 6.2.2 that a differential run against newman found.

- Node.js writes the header block as Latin-1, but joins it to a first body
  chunk that is a string and writes both as UTF-8. So newman sends a header
  value such as ``é`` as the byte E9 without a body and as C3 A9 with a
  raw, GraphQL, urlencoded or multipart body. The snippets sent Latin-1
  always. .NET 5 and later send only ASCII header values, so the
  PowerShell 7 snippet rejects a non-ASCII one instead of failing when run.
- newman gathers the values of each exact header name before Node.js sets
  them, so of ``X-Dup: a``, ``x-dup: b``, ``X-Dup: c`` it sends
  ``x-dup: b``. The snippets sent ``X-Dup: c``.
- A URL object with an empty ``path`` list gets a ``/`` after a host
  variable that contains a path (``{{baseUrl}}`` = ``https://host/v1`` gives
  ``/v1/``). The snippets sent ``/v1``.
- For a urlencoded body, newman tests the values of a repeated Content-Type
  header joined with "," against the form type, and replaces them all with
  one form type where they do not match. The snippets replaced each value.
- curl 7.88's ``-F name=value;type=...`` trims white space at both ends of
  the value, which newman sends as it is, and reads a leading "(" as the
  start of nested parts.
- OAuth 1.0 with its parameters in the query of a request with
  disableUrlEncoding got the note that parameters in the body are not
  computed.
- With disableUrlEncoding, newman sends a character from U+0080 to U+00FF
  in the URL as a raw byte and rejects a space or a character above U+00FF.
  The error named both as something newman cannot send.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.api import generate, load_collection, make_scope
from generator.conformance.capture import CannedResponse, CaptureServer
from generator.errors import ItemError
from generator.wire import build_wire_request

from snippet_checks import run_snippet

SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
RUN_LANGUAGES = ["python", "python-httpx", "python-stdlib", "curl"]


def _collection(tmp_path: Path, items: list[dict], variables: list[dict] | None = None):
    path = tmp_path / "rules.postman_collection.json"
    document = {"info": {"name": "rules", "schema": SCHEMA}, "item": items}
    if variables:
        document["variable"] = variables
    path.write_text(json.dumps(document), encoding="utf-8")
    return load_collection(path)


def _wire(tmp_path: Path, request: dict, settings: dict | None = None, variables: list[dict] | None = None):
    item = {"name": "item", "request": request}
    if settings:
        item["protocolProfileBehavior"] = settings
    collection = _collection(tmp_path, [item], variables)
    return build_wire_request(collection.requests[0], make_scope(collection))


def _run(tmp_path: Path, request: dict, language: str) -> subprocess.CompletedProcess:
    if language == "curl" and shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    collection = _collection(tmp_path, [{"name": "item", "request": request}])
    code = generate(collection, collection.requests[0], language, options={"timeout": 5}).code
    return run_snippet(tmp_path, code, language)


# --- Header values as Latin-1 or UTF-8 -----------------------------------------------------

HEADER_CHARSET_BODIES = {
    "no-body": (None, False),
    "empty-raw": ({"mode": "raw", "raw": ""}, False),
    "raw": ({"mode": "raw", "raw": "hi"}, True),
    "graphql": ({"mode": "graphql", "graphql": {"query": "{a}"}}, True),
    "urlencoded": ({"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "b"}]}, True),
    "empty-urlencoded": ({"mode": "urlencoded", "urlencoded": []}, False),
    "multipart": ({"mode": "formdata", "formdata": [{"key": "a", "value": "b", "type": "text"}]}, True),
    "empty-multipart": ({"mode": "formdata", "formdata": []}, False),
}


@pytest.mark.parametrize(("body", "utf8"), HEADER_CHARSET_BODIES.values(), ids=HEADER_CHARSET_BODIES.keys())
def test_header_charset_follows_body(body, utf8, tmp_path):
    request = {"method": "POST", "url": "http://127.0.0.1:9/x", "header": [{"key": "A", "value": "\u00e9"}]}
    if body is not None:
        request["body"] = body

    assert _wire(tmp_path, request).headers_utf8 is utf8


def test_pruned_get_body_keeps_latin1(tmp_path):
    request = {"method": "GET", "url": "http://127.0.0.1:9/x", "body": {"mode": "raw", "raw": "hi"}}

    assert _wire(tmp_path, request).headers_utf8 is False
    assert _wire(tmp_path, request, {"disableBodyPruning": True}).headers_utf8 is True


@pytest.mark.parametrize("with_body", [False, True], ids=["no-body", "raw-body"])
@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_non_ascii_header_sent_as_newman(language, with_body, tmp_path):
    with CaptureServer() as server:
        request = {
            "method": "POST",
            "url": server.url + "/h",
            "header": [{"key": "A", "value": "\u00e9"}],
            "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "t\u00fc"}]},
        }
        if with_body:
            request["body"] = {"mode": "raw", "raw": "hi"}
        result = _run(tmp_path, request, language)
        assert result.returncode == 0, result.stderr.decode(errors="replace")
        [sent] = server.requests
    # The capture server reads each byte as its Latin-1 character.
    expected_a, expected_token = ("\u00c3\u00a9", "t\u00c3\u00bc") if with_body else ("\u00e9", "t\u00fc")
    assert sent.header_values("A") == [expected_a]
    assert sent.header_values("Authorization") == ["Bearer " + expected_token]


# urllib.request sends one value per header name, so python-stdlib is left out.
@pytest.mark.parametrize("language", ["python", "python-httpx", "curl"])
def test_repeated_non_ascii_header_sent_as_utf8(language, tmp_path):
    with CaptureServer() as server:
        request = {
            "method": "POST",
            "url": server.url + "/h",
            "header": [{"key": "Accept", "value": "a"}, {"key": "Accept", "value": "\u00e9"}],
            "body": {"mode": "raw", "raw": "hi"},
        }
        result = _run(tmp_path, request, language)
        assert result.returncode == 0, result.stderr.decode(errors="replace")
        [sent] = server.requests
    assert sent.header_values("Accept") == ["a", "\u00c3\u00a9"]


@pytest.mark.parametrize("language", ["python", "python-httpx"])
def test_utf8_cookie_sent_again_after_redirect(language, tmp_path):
    with CaptureServer() as server:
        server.route("/r", CannedResponse(status=307, headers=(("Location", "/end"),), body=b""))
        request = {
            "method": "POST",
            "url": server.url + "/r",
            "header": [{"key": "Cookie", "value": "c=\u00e9"}],
            "body": {"mode": "raw", "raw": "hi"},
        }
        result = _run(tmp_path, request, language)
        assert result.returncode == 0, result.stderr.decode(errors="replace")
        first, second = server.requests
    assert first.header_values("Cookie") == ["c=\u00c3\u00a9"]
    assert second.header_values("Cookie") == ["c=\u00c3\u00a9"]


def test_powershell_rejects_non_ascii_header(tmp_path):
    request = {"method": "GET", "url": "http://127.0.0.1:9/x", "header": [{"key": "A", "value": "\u00e9"}]}
    collection = _collection(tmp_path, [{"name": "item", "request": request}])

    with pytest.raises(ItemError, match="non-ASCII value of header 'A'"):
        generate(collection, collection.requests[0], "powershell")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (None, "'A' = '\u00e9'"),
        ({"mode": "raw", "raw": "hi"}, "'A' = [Text.Encoding]::GetEncoding(28591).GetString([Text.Encoding]::UTF8.GetBytes('\u00e9'))"),
    ],
    ids=["no-body", "raw-body"],
)
def test_powershell5_header_bytes_follow_body(body, expected, tmp_path):
    # Windows PowerShell 5.1 sends each character of a header value as its Latin-1 byte.
    request = {"method": "POST", "url": "http://127.0.0.1:9/x", "header": [{"key": "A", "value": "\u00e9"}]}
    if body is not None:
        request["body"] = body
    collection = _collection(tmp_path, [{"name": "item", "request": request}])

    code = generate(collection, collection.requests[0], "powershell-5").code

    assert expected in code


# --- Header names that differ only in case ---------------------------------------------------

CASE_DUPLICATES = {
    "later-case-wins": ([("X-Dup", "a"), ("x-dup", "b"), ("X-Other", "o"), ("X-Dup", "c")], [("x-dup", "b"), ("X-Other", "o")]),
    "replaced-in-place": ([("a", "1"), ("B", "2"), ("A", "3")], [("A", "3"), ("B", "2")]),
    "exact-repeat-gathered": ([("A", "1"), ("B", "2"), ("A", "3")], [("A", "1"), ("A", "3"), ("B", "2")]),
    "first-spelling-returns": ([("a", "1"), ("A", "2"), ("a", "3")], [("A", "2")]),
}


@pytest.mark.parametrize(("headers", "expected"), CASE_DUPLICATES.values(), ids=CASE_DUPLICATES.keys())
def test_case_duplicates_follow_newman(headers, expected, tmp_path):
    request = {"method": "GET", "url": "http://127.0.0.1:9/x", "header": [{"key": key, "value": value} for key, value in headers]}

    assert list(_wire(tmp_path, request).headers) == expected


FORM_CONTENT_TYPES = {
    "replaced-by-one": (
        [("Content-Type", "x/y"), ("H", "1"), ("Content-Type", "application/json")],
        [("Content-Type", "application/x-www-form-urlencoded"), ("H", "1")],
    ),
    "first-matches": (
        [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Type", "text/plain")],
        [("Content-Type", "application/x-www-form-urlencoded"), ("Content-Type", "text/plain")],
    ),
    "second-matches": (
        [("Content-Type", "text/plain"), ("Content-Type", "application/x-www-form-urlencoded")],
        [("Content-Type", "application/x-www-form-urlencoded")],
    ),
}


@pytest.mark.parametrize(("headers", "expected"), FORM_CONTENT_TYPES.values(), ids=FORM_CONTENT_TYPES.keys())
def test_form_content_types_joined_before_test(headers, expected, tmp_path):
    request = {
        "method": "POST",
        "url": "http://127.0.0.1:9/x",
        "header": [{"key": key, "value": value} for key, value in headers],
        "body": {"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "b"}]},
    }

    assert list(_wire(tmp_path, request).headers) == expected


@pytest.mark.parametrize(
    "value", [" x ", "\ty", "z\n", "(|"], ids=["spaces", "leading-tab", "trailing-newline", "leading-parenthesis"]
)
def test_curl_typed_form_value_keeps_white_space(value, tmp_path):
    with CaptureServer() as server:
        part = {"key": "a", "value": value, "type": "text", "contentType": "application/json"}
        request = {"method": "POST", "url": server.url + "/f", "body": {"mode": "formdata", "formdata": [part]}}
        result = _run(tmp_path, request, "curl")
        assert result.returncode == 0, result.stderr.decode(errors="replace")
        [sent] = server.requests
    assert b"Content-Type: application/json\r\n\r\n" + value.encode() + b"\r\n--" in sent.body


def test_oauth1_query_note_names_disabled_encoding(tmp_path):
    auth = {"type": "oauth1", "oauth1": [
        {"key": "consumerKey", "value": "k"}, {"key": "consumerSecret", "value": "s"},
        {"key": "timestamp", "value": "1700000000"}, {"key": "nonce", "value": "n"},
        {"key": "addParamsToHeader", "value": False},
    ]}
    request = {"method": "GET", "url": "http://127.0.0.1:9/x", "auth": auth}

    notes = _wire(tmp_path, request, {"disableUrlEncoding": True}).notes

    assert "OAuth 1.0 parameters in the query of a request with disableUrlEncoding are not computed here;" in notes[0]


# --- URL paths ---------------------------------------------------------------------------

BASE_URL = [{"key": "baseUrl", "value": "https://api.example.com/v1"}]
URL_PATHS = {
    "empty-list": ({"host": ["{{baseUrl}}"], "path": [], "raw": "{{baseUrl}}/"}, "https://api.example.com/v1/"),
    "absent": ({"host": ["{{baseUrl}}"], "raw": "{{baseUrl}}"}, "https://api.example.com/v1"),
    "empty-string": ({"host": ["{{baseUrl}}"], "path": "", "raw": "{{baseUrl}}"}, "https://api.example.com/v1"),
    "empty-list-query": (
        {"host": ["{{baseUrl}}"], "path": [], "query": [{"key": "a", "value": "1"}], "raw": "{{baseUrl}}/?a=1"},
        "https://api.example.com/v1/?a=1",
    ),
}


@pytest.mark.parametrize(("url", "expected"), URL_PATHS.values(), ids=URL_PATHS.keys())
def test_url_path_list_adds_slash(url, expected, tmp_path):
    assert _wire(tmp_path, {"method": "GET", "url": url}, variables=BASE_URL).url == expected


@pytest.mark.parametrize(
    ("segment", "message"),
    [
        ("\u00e9", "character '\u00e9', which newman sends unencoded"),
        ("\u20ac", "character '\u20ac', which newman rejects without sending the request"),
        ("a b", "character ' ', which newman rejects without sending the request"),
        ("a\tb", "character '\\\\t', which newman rejects without sending the request"),
        ("a\x7fb", "character '\\\\x7f', which newman sends unencoded"),
    ],
    ids=["latin-1", "above-latin-1", "space", "tab", "delete"],
)
def test_unencoded_url_error_names_character(segment, message, tmp_path):
    url = {"protocol": "http", "host": ["127", "0", "0", "1"], "path": ["x", segment], "raw": "x"}

    with pytest.raises(ItemError, match=message) as raised:
        _wire(tmp_path, {"method": "GET", "url": url}, {"disableUrlEncoding": True})
    assert raised.value.pointer == "/item/0/request/url"
