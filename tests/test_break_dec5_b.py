"""Snippets and command-line messages that were wrong, checked against newman 6.2.2 where bytes matter.

- A JSON body whose strings contain a raw DEL character (U+007F) is sent with
  that byte as written. ``json.dumps`` with its default ``ensure_ascii=True``,
  which requests uses for ``json=``, writes DEL as ``\\u007f``.
- A form file part whose ``src`` is an empty list and whose ``value`` is a
  non-empty string is sent by newman as a text part with that value (no
  file name, not base64-decoded). The snippets sent an empty file part.

The command line also warned about auth that no snippet computes with the
note's text as it was. So a JWT algorithm from the collection went to
stderr with its line breaks and with the value of a secret variable in it.

A URL written without a host and without variables (``http:///users``)
got the warning that a variable in it is empty.

With ``--secrets env``, a JSON body that contains a secret read from the
environment went through requests' ``json=``, which escapes the
non-ASCII characters of the value where newman sends their UTF-8 bytes.
The text body is checked alongside it. With ``--variables hoist`` too,
requests got a Basic password read from the environment as a str, which
it encodes as Latin-1. A quote or backslash of a secret in a JSON body
was escaped by json.dumps, where newman puts it into the text as it is.

An item named ``a.python-httpx`` got the file ``a.python-httpx.py`` in
Python, the name of the python-httpx snippet of an item named ``a``, so
one snippet overwrote the other.

An ``--item`` address whose last segments match several skipped items in
different folders was reported as no item at all.
"""

from __future__ import annotations

import base64
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
from generator.conformance.capture import CapturedRequest, CaptureServer

PYTHON_LANGUAGES = ["python", "python-httpx", "python-stdlib"]
SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def _send(
    tmp_path: Path, request: dict, language: str, server: CaptureServer, variables: list | None = None
) -> CapturedRequest:
    """Generate the item's snippet in ``language``, run it and return the request that arrived."""
    if language == "curl" and shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    collection_file = tmp_path / "dec5b.postman_collection.json"
    collection_file.write_text(json.dumps({
        "info": {"name": "dec5b", "schema": SCHEMA},
        "item": [{"name": "item", "request": request}],
        "variable": variables or [],
    }), encoding="utf-8")
    collection = load_collection(collection_file)
    code = generate(collection, collection.requests[0], language, options={"timeout": 5}).code
    script = tmp_path / ("snippet.sh" if language == "curl" else "snippet.py")
    script.write_text(code, encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    command = ["bash", str(script)] if language == "curl" else [sys.executable, str(script)]
    result = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert len(server.requests) == 1, server.requests
    return server.requests[0]


DELETE_CHARACTER_BODIES = {
    "ASCII text": '{"a": "\x7f"}',
    "ASCII text with an escape": '{"a": "\x7f\\n"}',
    "non-ASCII text": '{"a": "\x7f\u00e9"}',
}


@pytest.mark.parametrize("text", DELETE_CHARACTER_BODIES.values(), ids=DELETE_CHARACTER_BODIES.keys())
@pytest.mark.parametrize("language", PYTHON_LANGUAGES)
def test_json_delete_character_sent_as_written(language, text, tmp_path):
    body = {"mode": "raw", "raw": text, "options": {"raw": {"language": "json"}}}
    with CaptureServer() as server:
        sent = _send(tmp_path, {"method": "POST", "url": server.url + "/j", "body": body}, language, server)
    assert sent.body.replace(b" ", b"") == text.replace(" ", "").encode("utf-8")


# --- Form file part with an empty src list ---------------------------------------------------


@pytest.mark.parametrize("language", [*PYTHON_LANGUAGES, "curl"])
def test_form_file_empty_src_list_sends_value(language, tmp_path):
    fields = [{"key": "f", "type": "file", "src": [], "value": "hello world"}, {"key": "t", "value": "1"}]
    body = {"mode": "formdata", "formdata": fields}
    with CaptureServer() as server:
        sent = _send(tmp_path, {"method": "POST", "url": server.url + "/f", "body": body}, language, server)
    assert b'Content-Disposition: form-data; name="f"\r\n\r\nhello world\r\n' in sent.body
    assert b"filename" not in sent.body


@pytest.mark.parametrize("language", [*PYTHON_LANGUAGES, "curl"])
def test_form_file_empty_src_list_empty_value(language, tmp_path):
    # newman decides on the resolved value: one that is empty sends an empty file part.
    fields = [{"key": "f", "type": "file", "src": [], "value": "{{empty}}"}]
    body = {"mode": "formdata", "formdata": fields}
    with CaptureServer() as server:
        request = {"method": "POST", "url": server.url + "/f", "body": body}
        sent = _send(tmp_path, request, language, server, variables=[{"key": "empty", "value": ""}])
    assert b'Content-Disposition: form-data; name="f"; filename=""\r\n\r\n\r\n' in sent.body


# --- Auth gap warnings with collection text ------------------------------------------------


def _generate_jwt(tmp_path: Path, algorithm: str, variables: list[dict]):
    collection_file = tmp_path / "jwt.postman_collection.json"
    auth = {"type": "jwt", "jwt": [{"key": "algorithm", "value": algorithm}, {"key": "payload", "value": "{}"}]}
    collection_file.write_text(json.dumps({
        "info": {"name": "jwt", "schema": SCHEMA},
        "item": [{"name": "item", "request": {"method": "GET", "url": "http://127.0.0.1:9/a", "auth": auth}}],
        "variable": variables,
    }), encoding="utf-8")
    arguments = ["generate", str(collection_file), "--lang", "python", "--out", str(tmp_path / "out"), "--no-cache"]
    return CliRunner().invoke(main, arguments)


def test_auth_gap_warning_line_break(tmp_path):
    result = _generate_jwt(tmp_path, "RS256\nwrote 9 snippets", [])
    assert result.exit_code == 0, result.output
    assert "wrote 9 snippets" not in result.stderr.splitlines()
    assert "JWT with RS256\\nwrote 9 snippets is signed" in result.stderr


def test_auth_gap_warning_secret_redacted(tmp_path):
    variables = [{"key": "algorithm", "value": "RS-hunter2-value", "type": "secret"}]
    result = _generate_jwt(tmp_path, "{{algorithm}}", variables)
    assert result.exit_code == 0, result.output
    assert "JWT with <secret> is signed" in result.stderr
    assert "hunter2" not in result.stderr


# --- Skipped items in several folders --------------------------------------------------------


def test_item_suffix_of_skipped_items_names_each(tmp_path):
    folders = [
        {"name": folder, "item": [{"name": "dup", "request": {"method": "GET", "url": {"raw": "x"}}}]}
        for folder in ("G", "H")
    ]
    collection_file = tmp_path / "skipped.postman_collection.json"
    collection_file.write_text(json.dumps({"info": {"name": "skipped", "schema": SCHEMA}, "item": folders}), encoding="utf-8")

    result = CliRunner().invoke(main, ["generate", str(collection_file), "--item", "dup", "--lang", "curl", "--no-cache"])

    assert result.exit_code == 2
    assert "no item" not in result.stderr
    assert "the 2 items at 'dup' were skipped:" in result.stderr
    assert "  item 'G/dup' (at /item/0/item/0/request/url)" in result.stderr
    assert "  item 'H/dup' (at /item/1/item/0/request/url)" in result.stderr


# --- URL without a host ------------------------------------------------------------------------


def test_literal_url_without_host_blames_no_variable(tmp_path):
    items = [
        {"name": "literal", "request": {"method": "GET", "url": "http:///users"}},
        {"name": "variable", "request": {"method": "GET", "url": "http://{{base}}/users"}},
    ]
    collection_file = tmp_path / "hosts.postman_collection.json"
    collection_file.write_text(json.dumps({
        "info": {"name": "hosts", "schema": SCHEMA},
        "item": items,
        "variable": [{"key": "base", "value": ""}],
    }), encoding="utf-8")
    out = tmp_path / "out"

    result = CliRunner().invoke(main, ["generate", str(collection_file), "--lang", "curl", "--out", str(out), "--no-cache"])

    assert result.exit_code == 0, result.output
    assert "warning: the URL of 'variable' has no host because a variable in it is empty;" in result.stderr
    assert "'literal'" not in result.stderr
    assert "no host" not in (out / "literal.sh").read_text(encoding="utf-8")


# --- Body with a non-ASCII secret read from the environment ---------------------------------


def _send_with_environment_secret(tmp_path, server, request: dict, variable: str, options: list[str], value="p\u00e4\u20ac"):
    """Generate ``request`` with the secret ``variable`` read from the environment, run it with ``value`` there, and return what arrived."""
    collection_file = tmp_path / "secret.postman_collection.json"
    collection_file.write_text(json.dumps({
        "info": {"name": "secret", "schema": SCHEMA},
        "item": [{"name": "item", "request": request}],
        "variable": [{"key": variable, "value": "generated", "type": "secret"}],
    }), encoding="utf-8")
    generated = CliRunner().invoke(main, ["generate", str(collection_file), *options, "--secrets", "env", "--no-cache"])
    assert generated.exit_code == 0, generated.output
    script = tmp_path / "snippet.py"
    script.write_text(generated.stdout, encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    environment[variable.upper()] = value
    result = subprocess.run([sys.executable, str(script)], env=environment, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    [sent] = server.requests
    return sent


ENVIRONMENT_SECRET_BODIES = {
    "text": ("pw={{password}}", None, "pw=p\u00e4\u20ac"),
    "JSON": ('{"pw":"{{password}}"}', "json", '{"pw":"p\u00e4\u20ac"}'),
}


@pytest.mark.parametrize(("raw", "raw_language", "expected"), ENVIRONMENT_SECRET_BODIES.values(), ids=ENVIRONMENT_SECRET_BODIES.keys())
@pytest.mark.parametrize("language", PYTHON_LANGUAGES)
def test_environment_secret_body_sent_as_utf8(language, raw, raw_language, expected, tmp_path):
    body = {"mode": "raw", "raw": raw}
    if raw_language is not None:
        body["options"] = {"raw": {"language": raw_language}}
    with CaptureServer() as server:
        request = {"method": "POST", "url": server.url + "/s", "body": body}
        sent = _send_with_environment_secret(tmp_path, server, request, "password", ["--lang", language])
    assert sent.body.replace(b" ", b"") == expected.encode("utf-8")


@pytest.mark.parametrize("variables", ["inline", "hoist"])
@pytest.mark.parametrize("language", PYTHON_LANGUAGES)
def test_environment_secret_json_body_unescaped(language, variables, tmp_path):
    # newman puts the value into the JSON text as it is, even where that breaks the JSON.
    body = {"mode": "raw", "raw": '{"pw": "{{password}}", "n": 1}', "options": {"raw": {"language": "json"}}}
    with CaptureServer() as server:
        request = {"method": "POST", "url": server.url + "/s", "body": body}
        options = ["--lang", language, "--variables", variables]
        sent = _send_with_environment_secret(tmp_path, server, request, "password", options, value='a"b\\c\t\u00e9')
    assert sent.body == '{"pw": "a"b\\c\t\u00e9", "n": 1}'.encode("utf-8")


@pytest.mark.parametrize("variables", ["inline", "hoist"])
def test_environment_basic_password_sent_as_utf8(variables, tmp_path):
    auth = {"type": "basic", "basic": [{"key": "username", "value": "u"}, {"key": "password", "value": "{{pw}}"}]}
    with CaptureServer() as server:
        request = {"method": "GET", "url": server.url + "/b", "auth": auth}
        sent = _send_with_environment_secret(tmp_path, server, request, "pw", ["--lang", "python", "--variables", variables])
    expected = "Basic " + base64.b64encode("u:p\u00e4\u20ac".encode("utf-8")).decode("ascii")
    assert sent.header_values("Authorization") == [expected]


# --- File names that end like a variant suffix ---------------------------------------------


def test_item_named_like_variant_file_kept(tmp_path):
    items = [
        {"name": "a", "request": {"method": "GET", "url": "http://127.0.0.1:9/first"}},
        {"name": "a.python-httpx", "request": {"method": "GET", "url": "http://127.0.0.1:9/second"}},
    ]
    collection_file = tmp_path / "variants.postman_collection.json"
    collection_file.write_text(json.dumps({"info": {"name": "variants", "schema": SCHEMA}, "item": items}), encoding="utf-8")
    out = tmp_path / "out"
    arguments = ["generate", str(collection_file), "--lang", "python", "--lang", "python-httpx", "--out", str(out), "--no-cache"]

    result = CliRunner().invoke(main, arguments)

    assert result.exit_code == 0, result.output
    files = sorted(path.name for path in out.iterdir())
    assert len(files) == 4, files
    first = [name for name in files if "/first" in (out / name).read_text(encoding="utf-8")]
    assert sorted(first) == ["a.py", "a.python-httpx.py"]
