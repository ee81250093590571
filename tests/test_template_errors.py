"""A broken --templates override stops the run with the file and line, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

PET_STORE = str(Path(__file__).parent.parent / "examples" / "pet-store.postman_collection.json")


def run_with_template(tmp_path, text: str, *options: str):
    override = tmp_path / "overrides" / "curl"
    override.mkdir(parents=True)
    (override / "request.sh.j2").write_text(text, encoding="utf-8")
    arguments = ["generate", PET_STORE, "--lang", "curl", "--no-cache", "--templates", str(tmp_path / "overrides"), *options]
    return CliRunner().invoke(main, arguments)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_syntax_error_names_file_and_line(tmp_path, workers):
    result = run_with_template(tmp_path, "# ok\n{% if %}\n", "--out", str(tmp_path / "out"), "--workers", workers)

    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "request.sh.j2, line 2:" in result.stderr


def test_undefined_name_names_template(tmp_path):
    result = run_with_template(tmp_path, "{{ wire.urll }}\n", "--item", "Pets/List pets")

    assert result.exit_code == 2
    assert "template curl/request.sh.j2 for --lang curl:" in result.stderr
    assert "urll" in result.stderr


def test_misnamed_override_warns(tmp_path):
    overrides = tmp_path / "overrides"
    (overrides / "curl").mkdir(parents=True)
    (overrides / "python").mkdir()
    (overrides / "curl" / "requst.sh.j2").write_text("# typo\n", encoding="utf-8")
    (overrides / "python" / "request.py.j2").write_text('{% include "python/_mine.py.j2" %}\n', encoding="utf-8")
    (overrides / "python" / "_mine.py.j2").write_text("x = 1\n", encoding="utf-8")
    arguments = ["generate", PET_STORE, "--item", "Pets/List pets", "--lang", "python", "--no-cache", "--templates", str(overrides)]

    result = CliRunner().invoke(main, arguments)

    assert result.exit_code == 0, result.output
    assert result.stdout == "x = 1\n"
    assert "--templates curl/requst.sh.j2 replaces no template" in result.stderr
    assert "_mine.py.j2" not in result.stderr
    assert "request.py.j2" not in result.stderr
