"""The docs and check commands take any registered target as --lang."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from generator.cli import main
from generator.docs.source import check_languages, tab_style

PET_STORE = EXAMPLES / "pet-store.postman_collection.json"


def test_docs_writes_variant_tabs(tmp_path):
    out = tmp_path / "pages"
    arguments = [str(PET_STORE), "--out", str(out), "--lang", "python-httpx", "--lang", "curl-powershell"]
    result = CliRunner().invoke(main, ["docs", *arguments])
    assert result.exit_code == 0, result.output
    page = (out / "pets" / "get-pet.md").read_text(encoding="utf-8")
    assert '=== "Python (httpx)"' in page
    assert '=== "curl (PowerShell)"' in page
    assert '=== "Python"\n' not in page
    assert page.index("Python (httpx)") < page.index("curl (PowerShell)")

    checked = CliRunner().invoke(main, ["check", *arguments])
    assert checked.exit_code == 0, checked.output


@pytest.mark.parametrize("command", ["docs", "check"])
def test_unknown_language_lists_accepted(command, tmp_path):
    result = CliRunner().invoke(main, [command, str(PET_STORE), "--out", str(tmp_path), "--lang", "cobol"])
    assert result.exit_code == 2
    assert "Invalid value for '--lang': unknown language 'cobol'; accepted values: python, python-httpx," in result.output
    assert "powershell-5" in result.output


def test_tab_style_of_every_builtin_target():
    assert tab_style("curl-cmd") == ("curl (cmd.exe)", "batch")
    assert tab_style("powershell-5") == ("Windows PowerShell 5.1", "powershell")
    assert tab_style("python") == ("Python", "python")


def test_check_languages_rejects_unknown():
    with pytest.raises(ValueError) as raised:
        check_languages(["curl", "perl"])
    assert str(raised.value).startswith("unknown language 'perl'; accepted values: python,")
