"""Review cases: skipped items and saved examples, cmd note wrapping, option-file hints."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
JSON_HEADER = [{"key": "Content-Type", "value": "application/json"}]


def write_collection(folder: Path, items: list) -> Path:
    path = folder / "collection.json"
    document = {"info": {"name": "c", "schema": SCHEMA}, "variable": [{"key": "token", "value": "s3cr3t-value"}], "item": items}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def item_with_malformed_example() -> dict:
    """Return an item whose first saved example is a number, which the loader skips."""
    good = {"name": "ok", "code": 200, "header": JSON_HEADER, "body": '{"id": 1}'}
    return {"name": "A", "request": {"method": "GET", "url": "http://127.0.0.1:9/a"}, "response": [7, good]}


def run(*arguments: object):
    return CliRunner().invoke(main, [str(argument) for argument in arguments])


def test_option_hint_keeps_false_value(tmp_path, monkeypatch):
    # insecure = false turns TLS checks on, which the file writes as verify-tls = true.
    collection = write_collection(tmp_path, [item_with_malformed_example()])
    monkeypatch.chdir(tmp_path)
    cases = [
        ("insecure = false\n", "verify-tls = true"),
        ("no-follow-redirects = false\n", "follow-redirects = true"),
    ]
    for text, expected in cases:
        (tmp_path / "postman-snippets.toml").write_text(text, encoding="utf-8")
        result = run("generate", collection, "--item", "A", "--lang", "curl", "--no-cache")
        assert result.exit_code == 2
        assert f"write {expected} instead" in result.output, result.output


def test_item_in_skipped_folder_says_skipped(tmp_path):
    # The loader skips every item of a folder whose auth is invalid.
    folder = {"name": "F", "auth": 5, "item": [{"name": "X", "request": {"method": "GET", "url": "http://127.0.0.1:9/x"}}]}
    collection = write_collection(tmp_path, [folder])
    result = run("generate", collection, "--item", "F/X", "--lang", "curl", "--no-cache")
    assert result.exit_code == 2
    assert "no item" not in result.output, result.output
    assert "'F/X' was skipped" in result.output, result.output


def test_cmd_note_lines_fit_88_columns(tmp_path):
    # Every template wraps "Note: " with the note, so that no comment line,
    # "REM " included, is wider than black's 88 columns.
    item = {"name": "A", "request": {"method": "GET", "url": "http://127.0.0.1:9/a?k={{token}}"}}
    collection = write_collection(tmp_path, [item])
    result = run("generate", collection, "--item", "A", "--lang", "curl-cmd", "--secrets", "env", "--no-cache")
    assert result.exit_code == 0, result.output
    note_lines = [line for line in result.stdout.splitlines() if line.startswith("REM ")]
    assert any(line.startswith("REM Note: ") for line in note_lines), result.stdout
    too_long = [line for line in note_lines if len(line) > 88]
    assert too_long == []


def test_sphinx_warns_skipped_example(tmp_path):
    collection = write_collection(tmp_path, [item_with_malformed_example()])
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        f'project = "x"\nextensions = ["sphinx_design", "generator.docs.sphinx_ext"]\n'
        f"postman_snippets_collection = {str(collection)!r}\n",
        encoding="utf-8",
    )
    (source / "index.rst").write_text("Title\n=====\n\n.. postman-snippets:: A\n", encoding="utf-8")
    built = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-b", "html", "-q", str(source), str(tmp_path / "html")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # generate, list, docs and the MkDocs plugin all warn about the skipped example.
    assert "saved example of item 'A'" in built.stderr
    assert built.returncode != 0


def test_repeated_item_warns_once(tmp_path):
    collection = write_collection(tmp_path, [item_with_malformed_example()])
    out = tmp_path / "out"
    result = run("generate", collection, "--item", "A", "--item", "A", "--lang", "curl", "--out", out, "--no-cache")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: skipped saved example")]
    assert len(warnings) == 1, result.stderr
    # The item gets one file, named as when it is selected once.
    assert sorted(path.name for path in out.iterdir()) == ["a.sh"]


def test_docs_help_names_skipped_examples(tmp_path):
    # docs exits with status 1 for a skipped saved example, as generate and list do.
    collection = write_collection(tmp_path, [item_with_malformed_example()])
    result = run("docs", collection, "--out", tmp_path / "pages")
    assert result.exit_code == 1, result.output
    assert "warning: skipped saved example of item 'A'" in result.stderr
    help_text = " ".join(run("docs", "--help").output.split())
    assert "saved examples were skipped" in help_text


def test_item_twin_skipped_is_reported(tmp_path):
    # Two items share the address A, and the loader skips the second one.
    items = [{"name": "A", "request": {"method": "GET", "url": "http://127.0.0.1:9/a"}}, {"name": "A", "request": 5}]
    collection = write_collection(tmp_path, items)
    result = run("generate", collection, "--item", "A", "--lang", "curl", "--out", tmp_path / "out", "--no-cache")
    assert "warning: skipped item 'A' (at /item/1/request)" in result.stderr
    assert result.exit_code == 1, result.output


def test_error_branch_reads_bom_body(tmp_path):
    # requests decodes an application/json body as UTF-8 and keeps the byte
    # order mark, so response.json() raises, though newman parses the body.
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    body = '\ufeff{"error": {"code": 5}}'.encode("utf-8")

    class NotFound(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *arguments):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/e"
    examples = [
        {"name": "ok", "code": 200, "header": JSON_HEADER, "body": '{"id": 1}'},
        {"name": "missing", "code": 404, "header": JSON_HEADER, "body": '\ufeff{"error": {"code": 5}}'},
    ]
    collection = write_collection(tmp_path, [{"name": "E", "request": {"method": "GET", "url": url}, "response": examples}])
    result = run("generate", collection, "--item", "E", "--lang", "python", "--no-cache")
    assert result.exit_code == 0, result.output
    # exec keeps the snippet's variables in ``names`` after its SystemExit.
    names = {"__name__": "__main__"}
    try:
        exec(compile(result.stdout, "e.py", "exec"), names)
    except SystemExit:
        pass
    finally:
        server.shutdown()
        server.server_close()
    assert names.get("error_data") is not None
    assert names.get("code") == 5


def test_docs_find_names_skipped_item(tmp_path):
    # The Sphinx directive and the MkDocs marker look items up with find.
    from generator.docs.source import DocsSource, ItemNotFound

    collection = write_collection(tmp_path, [{"name": "Y", "request": 5}])
    source = DocsSource(collection)
    try:
        source.find("Y")
    except ItemNotFound as error:
        message = str(error)
    else:
        message = ""
    assert "'Y' was skipped" in message


def test_docs_find_names_each_skipped_item(tmp_path):
    from generator.docs.source import DocsSource, ItemNotFound

    collection = write_collection(tmp_path, [{"name": "Y", "request": 5}, {"name": "Y", "request": {"url": 7}}])
    source = DocsSource(collection)
    with pytest.raises(ItemNotFound) as raised:
        source.find("Y")

    message = str(raised.value)
    assert message.startswith("the 2 items at 'Y' were skipped: item 'Y' (at /item/0/request): ")
    assert "; item 'Y' (at /item/1/request/url): " in message
