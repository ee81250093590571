"""Hostile cases for the template bytecode cache and for missing local files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from generator import render
from generator.api import GenerateResult, generate, load_collection, make_scope
from generator.cache import Cache
from generator.conformance.powershell import extract_request
from generator.conformance.run import _powershell_request
from generator.hoist import name_variables
from generator.run_index import RunIndex


def _cache_and_template(tmp_path: Path, monkeypatch) -> tuple[jinja2.FileSystemBytecodeCache, jinja2.Environment, Path]:
    """Return the tool's bytecode cache in a private folder, a Jinja environment and the path of its entry for ``t.j2``."""
    monkeypatch.setenv("POSTMAN_SNIPPETS_CACHE_DIR", str(tmp_path / "cache"))
    render._bytecode_cache.cache_clear()
    cache = render._bytecode_cache()
    assert cache is not None
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.j2").write_text("hello", encoding="utf-8")
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), bytecode_cache=cache)
    source, filename, _ = environment.loader.get_source(environment, "t.j2")
    bucket = cache.get_bucket(environment, "t.j2", filename, source)
    entry = Path(cache.directory) / (cache.pattern % (bucket.key,))
    return cache, environment, entry


def _plant_entry(cache, environment: jinja2.Environment, marker: Path) -> None:
    """Store an entry for ``t.j2`` whose code creates ``marker`` when Jinja runs it."""
    source, filename, _ = environment.loader.get_source(environment, "t.j2")
    bucket = cache.get_bucket(environment, "t.j2", filename, source)
    bucket.code = compile(f"open({str(marker)!r}, 'w').close()", "planted", "exec")
    cache.dump_bytecode(bucket)


def _fresh_environment(cache, tmp_path: Path) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path / "templates")), bytecode_cache=cache)


@pytest.fixture
def clear_bytecode_cache():
    yield
    render._bytecode_cache.cache_clear()


@pytest.mark.parametrize("planting", ["other-owner", "writable-entry", "symlink", "folder-opened"])
def test_bytecode_planted_entry_not_run(tmp_path, monkeypatch, clear_bytecode_cache, planting):
    cache, environment, entry = _cache_and_template(tmp_path, monkeypatch)
    marker = tmp_path / "ran"
    if planting == "symlink":
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        other_cache = jinja2.FileSystemBytecodeCache(str(elsewhere))
        _plant_entry(other_cache, environment, marker)
        [planted] = elsewhere.iterdir()
        entry.symlink_to(planted)
    else:
        _plant_entry(cache, environment, marker)
    if planting == "other-owner":
        if os.getuid() != 0:
            pytest.skip("giving a file to another user needs root")
        os.chown(entry, 65534, 65534)
    elif planting == "writable-entry":
        entry.chmod(0o666)
    elif planting == "folder-opened":
        # The folder was private when the cache was set up, and others
        # could write to it (or replace it) later in the same process.
        entry.parent.chmod(0o777)

    template = _fresh_environment(cache, tmp_path).get_template("t.j2")

    assert not marker.exists()
    assert template.render() == "hello"


def test_bytecode_private_entry_used(tmp_path, monkeypatch, clear_bytecode_cache):
    cache, environment, entry = _cache_and_template(tmp_path, monkeypatch)
    marker = tmp_path / "ran"
    _plant_entry(cache, environment, marker)

    with pytest.raises(Exception):
        # The stored code creates the marker and defines no template.
        _fresh_environment(cache, tmp_path).get_template("t.j2")

    assert marker.exists()


def _hoisted_snippet(tmp_path: Path, names: list[str], body: dict, base_url: str, language: str) -> str:
    """Return the hoist-mode snippet of a request whose URL path is made of the variables ``names``, each ``/<name>``."""
    variables = [{"key": name, "value": "/" + name} for name in names] + [{"key": "baseUrl", "value": base_url}]
    url = "{{baseUrl}}/x" + "".join("{{" + name + "}}" for name in names)
    request = {"method": "POST", "url": url, "body": body}
    path = tmp_path / "hoist.postman_collection.json"
    path.write_text(json.dumps({"info": {"name": "hoist"}, "variable": variables, "item": [{"name": "send", "request": request}]}))
    collection = load_collection(path)
    scope = make_scope(collection)
    scope.set_variable_mode("hoist")
    return generate(collection, collection.requests[0], language, scope=scope).code


FORM_WITH_FILE = {"mode": "formdata", "formdata": [{"key": "upload", "type": "file", "src": "here.txt"}]}
FILE_BODY = {"mode": "file", "file": {"src": "here.txt"}}


@pytest.mark.parametrize("body", [FORM_WITH_FILE, FILE_BODY], ids=["form", "file-body"])
def test_curl_hoisted_form_body_names(tmp_path, capture_server, body):
    (tmp_path / "here.txt").write_text("present\n")
    code = _hoisted_snippet(tmp_path, ["form", "body"], body, capture_server.url, "curl")
    script = tmp_path / "snippet.sh"
    script.write_text(code, encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}

    result = subprocess.run(["bash", str(script)], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=30)

    assert result.returncode == 0, result.stderr
    [request] = capture_server.requests
    assert request.target == "/x/form/body"
    assert b"present\n" in request.body


# Variables that the templates set when a file may be missing, by name style.
TEMPLATE_VARIABLES = [
    ("bash", "form"),
    ("bash", "body"),
    ("cmd", "contenttype"),
    ("powershell", "contentType"),
    ("powershell", "fileBody"),
    ("powershell", "fileFound"),
    ("powershell", "formArguments"),
    ("powershell", "bodyArguments"),
    ("powershell", "emptyForm"),
    ("powershell", "message"),
]


@pytest.mark.parametrize("style, name", TEMPLATE_VARIABLES)
def test_hoisted_name_avoids_template_variable(style, name):
    [hoisted] = name_variables([(name, "/value")], style)

    assert hoisted.code_name.lower() != name.lower()


@pytest.mark.parametrize("body", [FORM_WITH_FILE, FILE_BODY], ids=["form", "file-body"])
def test_powershell_hoisted_template_names(tmp_path, body):
    names = ["contentType", "fileBody", "fileFound", "formArguments", "bodyArguments", "emptyForm"]
    code = _hoisted_snippet(tmp_path, names, body, "http://127.0.0.1:9", "powershell")

    request = extract_request(code, file_exists=lambda path: True)

    assert request.uri == "http://127.0.0.1:9/x" + "".join("/" + name for name in names)


def _run_python(tmp_path: Path, code: str) -> subprocess.CompletedProcess:
    script = tmp_path / "snippet.py"
    script.write_text(code, encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    return subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=30)


def _single_item(tmp_path: Path, body: dict, base_url: str, language: str) -> str:
    request = {"method": "POST", "url": base_url + "/upload", "body": body}
    path = tmp_path / "single.postman_collection.json"
    path.write_text(json.dumps({"info": {"name": "single"}, "item": [{"name": "send", "request": request}]}))
    collection = load_collection(path)
    return generate(collection, collection.requests[0], language).code


def test_requests_untyped_parts_beside_escaped_name(tmp_path, capture_server):
    # A line break in a file name makes the snippet build the form with urllib3.
    body = {
        "mode": "formdata",
        "formdata": [
            {"key": "note", "type": "text", "value": "hello"},
            {"key": "empty", "type": "file", "src": ""},
            {"key": "upload", "type": "file", "src": "gone\n.txt"},
        ],
    }
    result = _run_python(tmp_path, _single_item(tmp_path, body, capture_server.url, "python"))

    assert result.returncode == 0, result.stderr
    [request] = capture_server.requests
    assert b'name="note"\r\n\r\nhello\r\n' in request.body
    assert b'name="empty"; filename=""\r\n\r\n\r\n' in request.body
    assert b"application/octet-stream" not in request.body


def _run_snippet(tmp_path: Path, code: str, language: str) -> subprocess.CompletedProcess:
    if language != "curl":
        return _run_python(tmp_path, code)
    script = tmp_path / "snippet.sh"
    script.write_text(code, encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    return subprocess.run(["bash", str(script)], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=30)


RUN_LANGUAGES = ["python", "python-httpx", "python-stdlib", "curl"]


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_src_list_empty_paths_left_out(tmp_path, capture_server, language):
    # Recorded with newman 6.2.2: an empty path in a src array is a file it cannot read.
    (tmp_path / "here.txt").write_text("present\n")
    body = {"mode": "formdata", "formdata": [{"key": "files", "type": "file", "src": ["", "here.txt", ""]}]}
    result = _run_snippet(tmp_path, _single_item(tmp_path, body, capture_server.url, language), language)

    assert result.returncode == 0, result.stderr
    [request] = capture_server.requests
    assert request.body.count(b'name="files"') == 1
    assert b'name="files"; filename="here.txt"' in request.body


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_src_list_only_empty_sends_no_body(tmp_path, capture_server, language):
    body = {"mode": "formdata", "formdata": [{"key": "files", "type": "file", "src": ["", ""]}]}
    result = _run_snippet(tmp_path, _single_item(tmp_path, body, capture_server.url, language), language)

    assert result.returncode == 0, result.stderr
    [request] = capture_server.requests
    assert request.method == "POST"
    assert request.body == b""
    assert request.header_values("Content-Type") == []


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_src_empty_list_sends_empty_part(tmp_path, capture_server, language):
    # newman sends a part without a file for an empty src array, as for an empty src string.
    body = {"mode": "formdata", "formdata": [{"key": "files", "type": "file", "src": []}]}
    result = _run_snippet(tmp_path, _single_item(tmp_path, body, capture_server.url, language), language)

    assert result.returncode == 0, result.stderr
    [request] = capture_server.requests
    assert b'name="files"; filename=""\r\n\r\n\r\n' in request.body


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_empty_file_body_sent_with_length(tmp_path, capture_server, language):
    (tmp_path / "empty.txt").write_bytes(b"")
    body = {"mode": "file", "file": {"src": "empty.txt"}}
    result = _run_snippet(tmp_path, _single_item(tmp_path, body, capture_server.url, language), language)

    assert result.returncode == 0, result.stderr
    [request] = capture_server.requests
    assert request.body == b""
    assert request.header_values("Transfer-Encoding") == []
    assert request.header_values("Content-Length") == ["0"]
    assert request.header_values("Content-Type") == ["text/plain"]


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_file_body_resent_after_307(tmp_path, capture_server, language):
    (tmp_path / "data.txt").write_bytes(b"line\n")
    capture_server.redirect("/upload", "/final", status=307)
    body = {"mode": "file", "file": {"src": "data.txt"}}
    result = _run_snippet(tmp_path, _single_item(tmp_path, body, capture_server.url, language), language)

    assert result.returncode == 0, result.stderr
    first, second = capture_server.requests
    assert first.body == b"line\n"
    assert second.target == "/final"
    assert second.method == "POST"
    assert second.body == b"line\n"


def test_powershell_reader_long_missing_path(tmp_path):
    # A name longer than the system's limit (255 bytes on Linux) is a missing file, not an error.
    path = "x" * 5000 + ".txt"
    body = {"mode": "formdata", "formdata": [{"key": "note", "type": "text", "value": "v"}, {"key": "f", "type": "file", "src": path}]}
    code = _single_item(tmp_path, body, "http://127.0.0.1:9", "powershell")

    record = _powershell_request(code, tmp_path)

    assert [part.name for part in record["multipart"]] == ["note"]


def _planted_entries(tmp_path: Path, planting: str) -> tuple[Cache, RunIndex, str]:
    """Store a snippet cache entry and a run index entry under one key, then plant them as ``planting`` describes."""
    key = "ab" + "0" * 62
    cache = Cache(tmp_path / "cache")
    cache.put(key, GenerateResult(code="print('planted')\n", warnings=(), unresolved=()))
    index = RunIndex(tmp_path / "cache")
    recorder = index.recorder(key)
    recorder.snippet("planted.py", "python", "send", "print('planted')\n")
    recorder.commit([])
    for entry in (cache._path(key), index._path(key)):
        if planting == "other-owner":
            if os.getuid() != 0:
                pytest.skip("giving a file to another user needs root")
            os.chown(entry, 65534, 65534)
        elif planting == "writable-entry":
            entry.chmod(0o666)
        else:
            moved = entry.with_suffix(".elsewhere")
            entry.rename(moved)
            entry.symlink_to(moved)
    return cache, index, key


@pytest.mark.parametrize("planting", ["other-owner", "writable-entry", "symlink"])
def test_cache_entries_of_others_ignored(tmp_path, planting):
    cache, index, key = _planted_entries(tmp_path, planting)

    assert cache.get(key) is None
    assert index.get(key) is None


def test_cache_entries_of_own_used(tmp_path):
    key = "cd" + "0" * 62
    cache = Cache(tmp_path / "cache")
    cache.put(key, GenerateResult(code="print('mine')\n", warnings=(), unresolved=()))
    index = RunIndex(tmp_path / "cache")
    recorder = index.recorder(key)
    recorder.snippet("mine.py", "python", "send", "print('mine')\n")
    recorder.commit([])

    assert cache.get(key).code == "print('mine')\n"
    assert index.get(key) is not None


# newman 6.2.2 (postman-runtime's createReadStream) sends a file only when it is a
# regular file whose owner has the read bit, even when root runs it.
@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_unreadable_file_part_left_out(tmp_path, capture_server, language):
    secret = tmp_path / "secret.txt"
    secret.write_text("hidden\n")
    secret.chmod(0o200)
    body = {"mode": "formdata", "formdata": [{"key": "note", "type": "text", "value": "v"}, {"key": "f", "type": "file", "src": "secret.txt"}]}
    result = _run_snippet(tmp_path, _single_item(tmp_path, body, capture_server.url, language), language)

    assert result.returncode == 0, result.stderr
    assert "Warning: file not found or not readable: secret.txt. Its part is left out" in result.stderr
    [request] = capture_server.requests
    assert b'name="note"' in request.body
    assert b'name="f"' not in request.body


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_unreadable_file_body_sent_empty(tmp_path, capture_server, language):
    secret = tmp_path / "secret.bin"
    secret.write_bytes(b"hidden")
    secret.chmod(0o244)
    result = _run_snippet(tmp_path, _single_item(tmp_path, {"mode": "file", "file": {"src": "secret.bin"}}, capture_server.url, language), language)

    assert result.returncode == 0, result.stderr
    assert "The body is left out" in result.stderr
    [request] = capture_server.requests
    assert request.body == b""


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_folder_as_file_part_left_out(tmp_path, capture_server, language):
    (tmp_path / "folder").mkdir()
    (tmp_path / "-dash.txt").write_text("dash\n")
    body = {"mode": "formdata", "formdata": [{"key": "dir", "type": "file", "src": "folder"}, {"key": "dash", "type": "file", "src": "-dash.txt"}]}
    result = _run_snippet(tmp_path, _single_item(tmp_path, body, capture_server.url, language), language)

    assert result.returncode == 0, result.stderr
    [request] = capture_server.requests
    assert b'name="dir"' not in request.body
    assert b'name="dash"; filename="-dash.txt"' in request.body
