"""Cases where a snippet sent something other than what newman sends, run against a local server.

Each expected request below is what newman 6.2.2 sent for the same item
against a capture server on 127.0.0.1:

- API key auth in the query whose ``value`` parameter is missing, has no
  ``value`` member or is null adds the key alone (``?k``), without ``=``;
- API key auth in a header whose ``value`` parameter is null sends the
  header value ``null``, while a missing one sends an empty value;
- a file body with a ``content`` string and no ``src``, and a form file
  part with a ``value`` string and no ``src``, send the base64-decoded
  bytes of that string (postman-runtime 7.39 reads it as inline file
  content). The snippets cannot write those bytes, so generating such an
  item fails with an error that names the field;
- ``{{$randomHexaDecimal}}`` is not a dynamic variable of postman-collection
  4.4.0 (newman 6.2.2), so newman sends it as written, like any name it
  does not know;
- a URL object whose ``path`` is a string has one leading ``/`` removed
  (unless the text after it has a line break) and is then split at each
  ``/`` into segments, in which ``:name`` path variables are filled;
- two enabled ``Host`` headers of the same spelling make newman fail
  without sending anything ("The "options.headers.host" property must be
  of type string"), so generating such an item fails with an error;
- a JSON body whose text escapes a lone surrogate (``"\\ud800"``) is sent as
  written;
- auth that newman signs and no snippet computes (AWS Signature Version 4
  in the query, OAuth 1.0 with RSA-SHA256 or in a urlencoded body, JWT
  with RS256) gets a CLI warning, as auth that one language leaves out does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from click.testing import CliRunner

from generator.api import generate, load_collection
from generator.cli import main
from generator.dynamic import DYNAMIC_VARIABLES
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


# --- Inline base64 file content ---------------------------------------------------------

INLINE_CONTENT_BODIES = {
    "file body": ({"mode": "file", "file": {"content": "aGVsbG8="}}, "/item/0/request/body/file/content"),
    "form file part": (
        {"mode": "formdata", "formdata": [{"key": "f", "value": "aGVsbG8=", "type": "file"}]},
        "/item/0/request/body/formdata/0/value",
    ),
}


@pytest.mark.parametrize(("body", "pointer"), INLINE_CONTENT_BODIES.values(), ids=INLINE_CONTENT_BODIES.keys())
def test_inline_file_content_rejected(body, pointer, tmp_path):
    request = {"method": "POST", "url": "http://127.0.0.1:9/b", "body": body}
    collection_file = _write_collection(tmp_path, request)
    out = tmp_path / "out"
    arguments = ["generate", str(collection_file), "--lang", "python", "--out", str(out), "--no-cache"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "'item'" in result.stderr
    assert pointer in result.stderr
    assert "base64" in result.stderr


@pytest.mark.parametrize("src", [[], "a.txt"], ids=["empty src list", "src"])
def test_form_file_value_with_src_accepted(src, tmp_path):
    # postman-runtime decodes the value only when src is missing, null or "".
    # An empty list counts as a source in JavaScript.
    field = {"key": "f", "value": "aGVsbG8=", "type": "file", "src": src}
    request = {"method": "POST", "url": "http://127.0.0.1:9/b", "body": {"mode": "formdata", "formdata": [field]}}
    collection = load_collection(_write_collection(tmp_path, request))
    assert collection.problems == ()
    assert len(collection.requests) == 1


# --- Dynamic variables newman does not know ---------------------------------------------


def test_random_hexadecimal_not_dynamic():
    assert "$randomHexaDecimal" not in DYNAMIC_VARIABLES


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_random_hexadecimal_sent_as_written(language, tmp_path):
    with CaptureServer() as server:
        request = {
            "method": "GET",
            "url": server.url + "/h",
            "header": [{"key": "X-H", "value": "{{$randomHexaDecimal}}"}],
        }
        sent = _send(tmp_path, request, language, server)
    assert sent.header_values("X-H") == ["{{$randomHexaDecimal}}"]


# --- URL path written as a string -------------------------------------------------------

STRING_PATHS = {
    "leading slash": ("/a/b", "/a/b"),
    "only a slash": ("/", "/"),
    "empty": ("", "/"),
    "path variable": ("a/:id", "/a/7"),
    "path variable after a slash": ("/:id/x", "/7/x"),
    "two leading slashes": ("//a", "//a"),
    "trailing slash": ("/a/", "/a/"),
    "line break keeps the slash": ("/a\nb", "//a%0Ab"),
    "leading line break": ("\n/a", "/%0A/a"),
}


@pytest.mark.parametrize(("path", "target"), STRING_PATHS.values(), ids=STRING_PATHS.keys())
@pytest.mark.parametrize("language", ["python", "curl"])
def test_string_path_split_into_segments(language, path, target, tmp_path):
    with CaptureServer() as server:
        url = {
            "raw": "ignored",
            "protocol": "http",
            "host": ["127", "0", "0", "1"],
            "port": str(server.port),
            "path": path,
            "variable": [{"key": "id", "value": "7"}],
        }
        sent = _send(tmp_path, {"method": "GET", "url": url}, language, server)
    assert sent.target == target


# --- Two Host headers ---------------------------------------------------------------------


def test_two_host_headers_rejected(tmp_path):
    headers = [
        {"key": "Host", "value": "a.example"},
        {"key": "X-Other", "value": "1"},
        {"key": "Host", "value": "b.example"},
    ]
    request = {"method": "GET", "url": "http://127.0.0.1:9/h", "header": headers}
    collection_file = _write_collection(tmp_path, request)
    out = tmp_path / "out"
    arguments = ["generate", str(collection_file), "--lang", "curl", "--out", str(out), "--no-cache"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "/item/0/request/header/2" in result.stderr
    assert "Host" in result.stderr


@pytest.mark.parametrize("names", [["Host", "host"], ["Host"]], ids=["case differs", "one"])
def test_one_host_header_accepted(names, tmp_path):
    # Of names that differ only in case newman keeps the last, so one Host header remains.
    headers = [{"key": name, "value": f"h{index}.example"} for index, name in enumerate(names)]
    request = {"method": "GET", "url": "http://127.0.0.1:9/h", "header": headers}
    collection = load_collection(_write_collection(tmp_path, request))
    code = generate(collection, collection.requests[0], "curl").code
    assert f"{names[-1]}: h{len(names) - 1}.example" in code


# --- JSON body with an escaped lone surrogate -------------------------------------------

LONE_SURROGATE_BODIES = {
    "ASCII text": '{"a": "\\ud800"}',
    "non-ASCII text": '{"a": "\u00e9\\udc00"}',
}


@pytest.mark.parametrize("text", LONE_SURROGATE_BODIES.values(), ids=LONE_SURROGATE_BODIES.keys())
@pytest.mark.parametrize("language", PYTHON_LANGUAGES)
def test_json_lone_surrogate_sent_as_written(language, text, tmp_path):
    body = {"mode": "raw", "raw": text, "options": {"raw": {"language": "json"}}}
    with CaptureServer() as server:
        sent = _send(tmp_path, {"method": "POST", "url": server.url + "/j", "body": body}, language, server)
    assert sent.body == text.encode("utf-8")


# --- Warnings for auth that no snippet computes ------------------------------------------


def _params(values: dict) -> list[dict]:
    return [{"key": key, "value": value} for key, value in values.items()]


UNSIGNED_AUTH = {
    "aws in the query": (
        {"type": "awsv4", "awsv4": _params({
            "accessKey": "a", "secretKey": "s", "region": "us-east-1", "service": "s3", "addAuthDataToQuery": True,
        })},
        None,
        "AWS Signature Version 4 in the query",
    ),
    "oauth1 RSA": (
        {"type": "oauth1", "oauth1": _params({"consumerKey": "a", "privateKey": "k", "signatureMethod": "RSA-SHA256"})},
        None,
        "OAuth 1.0",
    ),
    "oauth1 in the body": (
        {"type": "oauth1", "oauth1": _params({"consumerKey": "a", "consumerSecret": "s", "signatureMethod": "HMAC-SHA1"})},
        {"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "1"}]},
        "OAuth 1.0 parameters in the body",
    ),
    "jwt RS256": (
        {"type": "jwt", "jwt": _params({"algorithm": "RS256", "privateKey": "k", "payload": "{}"})},
        None,
        "JWT with RS256",
    ),
}


@pytest.mark.parametrize(("auth", "body", "subject"), UNSIGNED_AUTH.values(), ids=UNSIGNED_AUTH.keys())
def test_unsigned_auth_warns(auth, body, subject, tmp_path):
    request = {"method": "POST", "url": "http://127.0.0.1:9/a", "auth": auth}
    if body is not None:
        request["body"] = body
    collection_file = _write_collection(tmp_path, request)
    out = tmp_path / "out"
    arguments = ["generate", str(collection_file), "--lang", "python", "--lang", "curl", "--out", str(out), "--no-cache"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ") and subject in line]
    assert [line.split(":", 2)[1].strip() for line in warnings] == ["python", "curl"]
    assert all(line.endswith("(1 snippet: 'item')") for line in warnings)


def test_auth_newman_leaves_out_no_warning(tmp_path):
    # newman sends no Authorization header for an empty bearer token either.
    request = {"method": "GET", "url": "http://127.0.0.1:9/a", "auth": {"type": "bearer", "bearer": _params({"token": ""})}}
    collection_file = _write_collection(tmp_path, request)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", str(collection_file), "--lang", "python", "--out", str(out), "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "Bearer" not in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        '{"a": "\\/path"}',
        '{"a": "caf\\u00e9"}',
        '{"a": "\\u00E9"}',
        '{"a": "\\u0041"}',
        '{"a": "\\ud800"}',
    ],
)
def test_json_escape_dumps_rewrites_sent_as_text(text):
    from generator.languages.python import json_literal

    assert json_literal(text) is None


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ('{"a": "line\\nbreak", "b": "quote \\" and \\\\"}', "{\"a\": \"line\\nbreak\", \"b\": 'quote \" and \\\\'}"),
        ('{"a": "tab\\t", "c": "\\u001f"}', '{"a": "tab\\t", "c": "\\x1f"}'),
        ('{"a": "caf\u00e9"}', '{"a": "caf\u00e9"}'),
    ],
)
def test_json_escape_dumps_keeps_stays_dict(text, literal):
    from generator.languages.python import json_literal

    assert json_literal(text) == literal
