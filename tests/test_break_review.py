"""Hostile cases for the warm-cache replay, the bash curl redirect loop and curl's form files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import run_index
from generator.api import GenerateResult, generate, load_collection
from generator.cache import Cache
from generator.conformance.capture import CannedResponse, CaptureServer
from generator.errors import ItemError
from snippet_checks import localhost_is_loopback

ROOT = Path(__file__).resolve().parent.parent

# Runs the console entry point as the installed postman-snippets script does.
ENTRY_POINT = "import sys; sys.argv[0] = 'postman-snippets'; from generator.launch import main; main()"

needs_curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


def _write_collection(path: Path, items: list[dict]) -> Path:
    document = {
        "info": {"name": "review", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": items,
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _get_item(name: str) -> dict:
    return {"name": name, "request": {"method": "GET", "url": f"http://127.0.0.1:9/{name}"}}


def _command_line(tmp_path: Path, arguments: list[str], **options) -> subprocess.CompletedProcess:
    """Run postman-snippets with ``arguments`` in ``tmp_path`` and the cache folder ``tmp_path``/cache."""
    environment = {key: value for key, value in options.pop("env", os.environ).items() if not key.endswith("_COMPLETE")}
    environment["POSTMAN_SNIPPETS_CACHE_DIR"] = str(tmp_path / "cache")
    environment["PYTHONPATH"] = str(ROOT)
    options.setdefault("cwd", tmp_path)
    options.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-c", ENTRY_POINT, *arguments], env=environment, stderr=subprocess.PIPE, timeout=120, **options
    )


# --- the run index and the snippet cache ------------------------------------------------------


def test_pipe_collection_with_cache(tmp_path):
    collection = _write_collection(tmp_path / "source.json", [_get_item("one")])
    arguments = ["generate", "/dev/stdin", "--lang", "curl"]

    # Standard input is a pipe here, which can be read only once.
    runs = [_command_line(tmp_path, arguments + extra, input=collection.read_bytes()) for extra in ([], [], ["--no-cache"])]

    for completed in runs:
        assert completed.returncode == 0, completed.stderr
        assert completed.stdout == runs[-1].stdout
        assert b"http://127.0.0.1:9/one" in completed.stdout


def test_pipe_not_hashed_for_run_key(tmp_path):
    read_end, write_end = os.pipe()
    os.write(write_end, b"{}")
    os.close(write_end)
    try:
        key = run_index.run_key(f"/dev/fd/{read_end}", languages=["curl"], options={})
        left = os.read(read_end, 10)
    finally:
        os.close(read_end)

    assert key is None
    assert left == b"{}"


def _swap(first: Path, second: Path) -> None:
    """Swap two files by renames, as another user who can write to both folders could."""
    parked = first.with_name(first.name + ".parked")
    first.rename(parked)
    second.rename(first)
    parked.rename(second)


def test_cli_replay_skips_shared_runs_folder(tmp_path):
    collection = _write_collection(tmp_path / "api.json", [_get_item("one"), _get_item("two")])
    fresh = {}
    for name in ("one", "two"):
        completed = _command_line(tmp_path, ["generate", collection.name, "--item", name, "--lang", "curl"])
        assert completed.returncode == 0, completed.stderr
        fresh[name] = completed.stdout
    entries = sorted((tmp_path / "cache" / "runs").glob("*/*.run"))
    assert len(entries) == 2
    for folder in {entry.parent for entry in entries} | {tmp_path / "cache" / "runs"}:
        folder.chmod(0o777)
    _swap(*entries)

    for name in ("one", "two"):
        completed = _command_line(tmp_path, ["generate", collection.name, "--item", name, "--lang", "curl"])

        assert completed.returncode == 0, completed.stderr
        assert completed.stdout == fresh[name]


@pytest.mark.parametrize("shared", ["cache", "runs", "entry-folder"])
def test_read_run_skips_shared_folder(tmp_path, shared):
    key = "ab" + "0" * 62
    recorder = run_index.RunIndex(tmp_path / "cache").recorder(key)
    recorder.snippet("one.sh", "curl", "one", "echo one\n")
    recorder.commit([])
    assert run_index.read_run(tmp_path / "cache", key) is not None
    folders = {"cache": tmp_path / "cache", "runs": tmp_path / "cache" / "runs", "entry-folder": tmp_path / "cache" / "runs" / "ab"}

    folders[shared].chmod(0o775)

    assert run_index.read_run(tmp_path / "cache", key) is None


def test_snippet_cache_skips_shared_folder(tmp_path):
    cache = Cache(tmp_path / "cache")
    key = "cd" + "0" * 62
    cache.put(key, GenerateResult(code="echo one\n", warnings=(), unresolved=()))
    assert cache.get(key) is not None
    assert (tmp_path / "cache" / "cd").stat().st_mode & 0o077 == 0

    (tmp_path / "cache" / "cd").chmod(0o775)

    assert cache.get(key) is None


def test_removed_current_folder_no_traceback(tmp_path):
    collection = _write_collection(tmp_path / "api.json", [_get_item("one")])
    removed_folder = tmp_path / "removed"
    removed_folder.mkdir()
    completed = subprocess.run(
        ["bash", "-c", 'cd "$1" && rmdir "$1" && shift && exec "$@"', "bash", str(removed_folder), sys.executable, "-c", ENTRY_POINT,
         "generate", str(collection), "--lang", "curl"],
        env={**os.environ, "POSTMAN_SNIPPETS_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=120,
    )

    assert completed.returncode == 2
    assert b"Traceback" not in completed.stderr
    assert b"current folder" in completed.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_stdout_no_traceback(tmp_path):
    collection = _write_collection(tmp_path / "api.json", [_get_item("one")])
    with open("/dev/full", "wb") as full:
        completed = _command_line(tmp_path, ["generate", collection.name, "--lang", "curl", "--no-cache"], stdout=full)

    assert completed.returncode == 1
    assert b"Traceback" not in completed.stderr


def test_unencodable_stdout_no_traceback(tmp_path):
    item = {"name": "\u540d\u524d", "request": {"method": "GET", "url": "http://127.0.0.1:9/one"}}
    collection = _write_collection(tmp_path / "api.json", [item])
    environment = {**os.environ, "PYTHONIOENCODING": "latin-1"}

    completed = _command_line(tmp_path, ["generate", collection.name, "--lang", "curl", "--no-cache"], env=environment)

    assert completed.returncode in (1, 2)
    assert b"Traceback" not in completed.stderr


# --- the bash curl redirect loop --------------------------------------------------------------


def _snippet(tmp_path: Path, item: dict, language: str = "curl", options: dict | None = None) -> str:
    collection = load_collection(_write_collection(tmp_path / "loop.postman_collection.json", [item]))
    return generate(collection, collection.requests[0], language, options=options).code


def _run(tmp_path: Path, code: str, language: str = "curl", stdin: bytes = b"") -> subprocess.CompletedProcess:
    script = tmp_path / ("snippet.sh" if language == "curl" else "snippet.py")
    script.write_text(code, encoding="utf-8")
    command = ["bash", str(script)] if language == "curl" else [sys.executable, str(script)]
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    return subprocess.run(command, cwd=tmp_path, env=environment, input=stdin, capture_output=True, timeout=60)


@needs_curl
@pytest.mark.parametrize("language", ["curl", "python"])
def test_redirect_drops_item_content_length(tmp_path, language):
    # newman removes Content-Length with the body when a 302 turns the request into a GET.
    with CaptureServer() as server:
        server.redirect("/moved", "/target", 302)
        request = {
            "method": "PUT",
            "header": [{"key": "Content-Length", "value": "5"}],
            "body": {"mode": "raw", "raw": "hello"},
            "url": server.url + "/moved",
        }
        completed = _run(tmp_path, _snippet(tmp_path, {"name": "put", "request": request}, language, {"timeout": 5}), language)
        sent = server.wait_for(2, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert [hop.method for hop in sent] == ["PUT", "GET"]
    assert sent[1].header("Content-Length") is None


@needs_curl
@pytest.mark.skipif(not localhost_is_loopback(), reason="localhost does not resolve to 127.0.0.1")
@pytest.mark.parametrize("language", ["curl", "python"])
def test_redirect_to_other_host_drops_host_header(tmp_path, language):
    with CaptureServer() as server:
        server.redirect("/moved", f"http://localhost:{server.port}/target", 302)
        request = {
            "method": "DELETE",
            "header": [{"key": "Host", "value": f"127.0.0.1:{server.port}"}],
            "url": server.url + "/moved",
        }
        completed = _run(tmp_path, _snippet(tmp_path, {"name": "delete", "request": request}, language, {"timeout": 5}), language)
        sent = server.wait_for(2, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert sent[1].header("Host") == f"localhost:{server.port}"


@pytest.mark.parametrize("status", [300, 304, 305, 306])
def test_python_follows_other_3xx(tmp_path, status):
    with CaptureServer() as server:
        server.route("/moved", CannedResponse(status=status, headers=(("Location", "/target"),), body=b""))
        request = {"method": "DELETE", "url": server.url + "/moved"}
        completed = _run(tmp_path, _snippet(tmp_path, {"name": "delete", "request": request}, "python", {"timeout": 5}), "python")
        sent = server.requests

    assert completed.returncode == 0, completed.stderr
    assert [hop.method for hop in sent] == ["DELETE", "GET"]


# --- curl form files ----------------------------------------------------------------------------

FORM_WITH_DASH = {"mode": "formdata", "formdata": [{"key": "upload", "type": "file", "src": "-"}]}
DASH_BODY = {"mode": "file", "file": {"src": "-"}}


@needs_curl
@pytest.mark.parametrize("body", [FORM_WITH_DASH, DASH_BODY], ids=["form", "file-body"])
def test_curl_file_named_dash(tmp_path, body):
    (tmp_path / "-").write_bytes(b"file bytes")
    with CaptureServer() as server:
        request = {"method": "POST", "url": server.url + "/upload", "body": body}
        code = _snippet(tmp_path, {"name": "send", "request": request})
        completed = _run(tmp_path, code, stdin=b"standard input")
        [sent] = server.wait_for(1, timeout=5)

    assert completed.returncode == 0, completed.stderr
    assert b"file bytes" in sent.body
    assert b"standard input" not in sent.body


@pytest.mark.parametrize("language", ["curl", "curl-cmd", "curl-powershell"])
@pytest.mark.parametrize("file_name", ["new\nline.txt", "cr\rreturn.txt"])
def test_curl_rejects_line_break_in_file_name(tmp_path, language, file_name):
    body = {"mode": "formdata", "formdata": [{"key": "upload", "type": "file", "src": file_name}]}
    request = {"method": "POST", "url": "http://127.0.0.1:9/upload", "body": body}

    with pytest.raises(ItemError, match="line break"):
        _snippet(tmp_path, {"name": "send", "request": request}, language)
