"""A file part or file body whose file does not exist: every snippet sends what newman 6.2.2 sends.

newman leaves out a file part whose file is missing, sends no body and no
Content-Type when that leaves no part, and sends an empty body for a missing
file body. The snippets decide when they run, write one warning per missing
file to stderr and then send the request. The Python and bash curl snippets
run here against the capture server, and the PowerShell snippets are read
back. The cmd.exe snippet stops for a missing form file, and its text is
checked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.api import generate, load_collection
from generator.conformance.curl_powershell import curl_arguments
from generator.conformance.powershell import extract_request
from generator.errors import ItemError

RUN_LANGUAGES = ["python", "python-httpx", "python-stdlib", "curl"]
PART_WARNING = "Warning: file not found or not readable: {}. Its part is left out, as Postman does. Replace the path with your file."
BODY_WARNING = "Warning: file not found or not readable: {}. The body is left out, as Postman does. Replace the path with your file."


def generate_snippet(tmp_path: Path, body: dict, language: str, base_url: str, headers=()) -> str:
    path = tmp_path / "files.postman_collection.json"
    request = {"method": "POST", "header": list(headers), "url": "{{baseUrl}}/upload", "body": body}
    path.write_text(json.dumps({"info": {"name": "files"}, "item": [{"name": "send", "request": request}]}))
    collection = load_collection(path)
    return generate(collection, collection.requests[0], language, variables={"baseUrl": base_url}).code


def run_snippet(tmp_path: Path, code: str, language: str) -> subprocess.CompletedProcess:
    """Run a snippet with ``tmp_path`` as its working folder and return the finished process."""
    script = tmp_path / ("snippet.sh" if language == "curl" else "snippet.py")
    script.write_text(code, encoding="utf-8")
    command = ["bash", str(script)] if language == "curl" else [sys.executable, str(script)]
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    return subprocess.run(command, cwd=tmp_path, timeout=30, env=environment, capture_output=True, text=True)


def form(*fields: dict) -> dict:
    return {"mode": "formdata", "formdata": list(fields)}


def file_field(key: str, src) -> dict:
    return {"key": key, "src": src, "type": "file"}


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Warning: file not found")]


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_missing_part_left_out(tmp_path, capture_server, language):
    (tmp_path / "here.txt").write_text("present\n")
    body = form({"key": "note", "value": "hello", "type": "text"}, file_field("gone", "gone.txt"), file_field("kept", "here.txt"))
    result = run_snippet(tmp_path, generate_snippet(tmp_path, body, language, capture_server.url), language)

    assert result.returncode == 0, result.stderr
    assert warnings(result.stderr) == [PART_WARNING.format("gone.txt")]
    [request] = capture_server.requests
    assert request.header_values("Content-Type")[0].startswith("multipart/form-data; boundary=")
    assert b'name="note"\r\n\r\nhello\r\n' in request.body
    assert b'name="kept"; filename="here.txt"\r\nContent-Type: text/plain\r\n\r\npresent\n\r\n' in request.body
    assert b'name="gone"' not in request.body


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_missing_file_in_src_list_left_out(tmp_path, capture_server, language):
    (tmp_path / "here.txt").write_text("present\n")
    body = form(file_field("files", ["gone.txt", "here.txt"]))
    result = run_snippet(tmp_path, generate_snippet(tmp_path, body, language, capture_server.url), language)

    assert result.returncode == 0, result.stderr
    assert warnings(result.stderr) == [PART_WARNING.format("gone.txt")]
    [request] = capture_server.requests
    assert request.body.count(b'name="files"') == 1
    assert b'filename="here.txt"' in request.body


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_only_missing_files_send_no_body(tmp_path, capture_server, language):
    body = form(file_field("first", "gone.txt"), file_field("second", "also gone.png"))
    result = run_snippet(tmp_path, generate_snippet(tmp_path, body, language, capture_server.url), language)

    assert result.returncode == 0, result.stderr
    assert warnings(result.stderr) == [PART_WARNING.format("gone.txt"), PART_WARNING.format("also gone.png")]
    [request] = capture_server.requests
    assert request.method == "POST"
    assert request.body == b""
    assert request.header_values("Content-Type") == []
    assert request.header_values("Content-Length") == ["0"]


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_only_missing_files_keep_explicit_type(tmp_path, capture_server, language):
    body = form(file_field("first", "gone.txt"))
    headers = [{"key": "Content-Type", "value": "multipart/form-data"}]
    code = generate_snippet(tmp_path, body, language, capture_server.url, headers)
    result = run_snippet(tmp_path, code, language)

    assert result.returncode == 0, result.stderr
    [request] = capture_server.requests
    assert request.body == b""
    assert request.header_values("Content-Type") == ["multipart/form-data"]


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_missing_file_body_sent_empty(tmp_path, capture_server, language):
    body = {"mode": "file", "file": {"src": "gone.txt"}}
    result = run_snippet(tmp_path, generate_snippet(tmp_path, body, language, capture_server.url), language)

    assert result.returncode == 0, result.stderr
    assert warnings(result.stderr) == [BODY_WARNING.format("gone.txt")]
    [request] = capture_server.requests
    assert request.body == b""
    # newman sends the type guessed from the file name (text/plain) only for a file it found.
    assert request.header_values("Content-Type") == []
    assert request.header_values("Content-Length") == ["0"]


@pytest.mark.parametrize("language", RUN_LANGUAGES)
def test_existing_file_body_keeps_guessed_type(tmp_path, capture_server, language):
    (tmp_path / "data.txt").write_bytes(b"line\r\n")
    body = {"mode": "file", "file": {"src": "data.txt"}}
    result = run_snippet(tmp_path, generate_snippet(tmp_path, body, language, capture_server.url), language)

    assert result.returncode == 0, result.stderr
    assert warnings(result.stderr) == []
    [request] = capture_server.requests
    assert request.body == b"line\r\n"
    assert request.header_values("Content-Type") == ["text/plain"]


@pytest.mark.parametrize("exists", [True, False])
def test_powershell_reader_follows_file_checks(tmp_path, exists):
    body = form({"key": "note", "value": "hello", "type": "text"}, file_field("upload", "gone.txt"))
    code = generate_snippet(tmp_path, body, "powershell", "http://127.0.0.1:9")
    request = extract_request(code, file_exists=lambda path: exists)

    names = [part.name for part in request.multipart]
    assert names == (["note", "upload"] if exists else ["note"])
    assert "Test-File 'gone.txt'" in code


@pytest.mark.parametrize("language", ["powershell", "powershell-5"])
def test_powershell_only_missing_files_send_no_body(tmp_path, language):
    code = generate_snippet(tmp_path, form(file_field("upload", "gone.txt")), language, "http://127.0.0.1:9")
    if language == "powershell":
        request = extract_request(code, file_exists=lambda path: False)
        assert request.multipart is None
        assert request.body is None
        assert request.content_type is None
    else:
        assert "if ($stream.Length -gt 0) {" in code
        assert "ContentType        = $contentType" in code


@pytest.mark.parametrize("exists", [True, False])
def test_powershell_file_body_follows_file_check(tmp_path, exists):
    body = {"mode": "file", "file": {"src": "gone.txt"}}
    code = generate_snippet(tmp_path, body, "powershell", "http://127.0.0.1:9")
    request = extract_request(code, file_exists=lambda path: exists)

    assert request.flags.get("in_file") == ("gone.txt" if exists else None)
    assert request.content_type == ("text/plain" if exists else None)


@pytest.mark.parametrize("exists", [True, False])
def test_curl_powershell_follows_file_checks(tmp_path, exists):
    body = form(file_field("upload", "gone.txt"))
    code = generate_snippet(tmp_path, body, "curl-powershell", "http://127.0.0.1:9")
    arguments = curl_arguments(code, file_exists=lambda path: exists)

    if exists:
        assert arguments[-2:] == ["--form", 'upload=@"gone.txt";type=text/plain;filename="gone.txt"']
    else:
        assert arguments[-4:] == ["--data-binary", "", "--header", "Content-Type:"]


def test_curl_cmd_stops_for_missing_form_file(tmp_path):
    code = generate_snippet(tmp_path, form(file_field("upload", "a&b (1).txt")), "curl-cmd", "http://127.0.0.1:9")

    assert 'if not exist "a&b (1).txt" (\n' in code
    assert "echo Error: file not found: a^&b ^(1^).txt. cmd.exe cannot leave out its part" in code
    assert "    exit /b 1\n)\n" in code


def test_curl_cmd_clears_guessed_type_for_missing_body(tmp_path):
    code = generate_snippet(tmp_path, {"mode": "file", "file": {"src": "gone.txt"}}, "curl-cmd", "http://127.0.0.1:9")

    assert 'set "contentType=Content-Type: text/plain"\nif not exist "gone.txt" (\n' in code
    assert '    set "contentType=Content-Type:"\n)\n' in code
    assert '--header "%contentType%"' in code
    assert '--data-binary "@gone.txt"' in code


def test_curl_cmd_rejects_quote_in_path(tmp_path):
    path = tmp_path / "files.postman_collection.json"
    request = {"method": "POST", "url": "http://127.0.0.1:9/upload", "body": form(file_field("upload", 'a" & calc.txt'))}
    path.write_text(json.dumps({"info": {"name": "files"}, "item": [{"name": "send", "request": request}]}))
    collection = load_collection(path)

    with pytest.raises(ItemError, match="contains a double quote, which a batch file cannot test"):
        generate(collection, collection.requests[0], "curl-cmd")


def test_curl_missing_body_with_basic_auth(tmp_path, capture_server):
    path = tmp_path / "files.postman_collection.json"
    auth = {"type": "basic", "basic": [{"key": "username", "value": "ann"}, {"key": "password", "value": "secret"}]}
    request = {"method": "POST", "url": "{{baseUrl}}/upload", "auth": auth, "body": {"mode": "file", "file": {"src": "gone.txt"}}}
    path.write_text(json.dumps({"info": {"name": "files"}, "item": [{"name": "send", "request": request}]}))
    collection = load_collection(path)
    code = generate(collection, collection.requests[0], "curl", variables={"baseUrl": capture_server.url}).code
    result = run_snippet(tmp_path, code, "curl")

    assert result.returncode == 0, result.stderr
    assert "--user" in code
    [request] = capture_server.requests
    assert request.header_values("Content-Type") == []
    assert request.header_values("Authorization") == ["Basic YW5uOnNlY3JldA=="]
