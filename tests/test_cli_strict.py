"""generate --strict: the run stops at the first item that cannot be loaded or written."""

from __future__ import annotations

import json

from click.testing import CliRunner

from generator.cli import main


def write_collection(tmp_path, items: list[dict]) -> str:
    document = {
        "info": {"name": "strict", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": items,
    }
    path = tmp_path / "strict.postman_collection.json"
    path.write_text(json.dumps(document))
    return str(path)


def good(name: str) -> dict:
    return {"name": name, "request": {"method": "GET", "url": "http://127.0.0.1:9/" + name}}


BAD_HEADER = {"name": "bad", "request": {"method": "GET", "url": "http://127.0.0.1:9/", "header": [{"key": "Bad Name", "value": "1"}]}}
UNLOADABLE = {"name": "broken", "request": {"method": "GET", "url": 5}}


def test_strict_stops_at_unwritable_item(tmp_path):
    path = write_collection(tmp_path, [good("first"), BAD_HEADER, good("last")])
    out = tmp_path / "out"

    result = CliRunner().invoke(main, ["generate", path, "--out", str(out), "--lang", "curl", "--strict"])

    assert result.exit_code == 1
    assert "error: item 'bad'" in result.stderr
    assert (out / "first.sh").exists()
    assert not (out / "last.sh").exists()


def test_strict_stops_before_writing_when_item_unloadable(tmp_path):
    path = write_collection(tmp_path, [good("first"), UNLOADABLE])
    out = tmp_path / "out"

    result = CliRunner().invoke(main, ["generate", path, "--out", str(out), "--strict"])

    assert result.exit_code == 1
    assert "broken" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_without_strict_run_goes_on(tmp_path):
    path = write_collection(tmp_path, [good("first"), BAD_HEADER, good("last")])
    out = tmp_path / "out"

    result = CliRunner().invoke(main, ["generate", path, "--out", str(out), "--lang", "curl"])

    assert result.exit_code == 1
    assert "warning: skipped item 'bad'" in result.stderr
    assert (out / "last.sh").exists()
