"""Generate every item of every real collection and check the snippets' syntax.

The collections are public ones written by others, kept beside the project;
without them these tests skip.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import shared_collections
from generator.cli import main
from snippet_checks import bash_errors, powershell_errors, python_errors

COLLECTIONS = shared_collections()


@pytest.mark.shared
@pytest.mark.skipif(not COLLECTIONS, reason="real collections (../shared/collections) not present")
@pytest.mark.parametrize("path", COLLECTIONS, ids=lambda path: path.name.split(".")[0])
def test_collection_generates_valid_code(path, tmp_path):
    result = CliRunner().invoke(main, ["generate", str(path), "--out", str(tmp_path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        # Items that cannot be rendered are named, never silently dropped.
        assert "warning: skipped item" in result.output

    python_files = sorted(tmp_path.rglob("*.py"))
    curl_files = sorted(tmp_path.rglob("*.sh"))
    powershell_files = sorted(tmp_path.rglob("*.ps1"))
    assert python_files and len(python_files) == len(curl_files) == len(powershell_files)
    for file in python_files:
        assert python_errors(file.read_text(encoding="utf-8"), str(file)) is None
    assert bash_errors([str(file) for file in curl_files]) is None
    for file in powershell_files:
        assert powershell_errors(file.read_text(encoding="utf-8")) == [], file


@pytest.mark.shared
def test_salesforce_writes_every_request(shared_dir, tmp_path):
    path = shared_dir / "salesforce-platform-apis.postman_collection.json"
    result = CliRunner().invoke(main, ["generate", str(path), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for extension in ("py", "sh", "ps1"):
        assert len(list(tmp_path.rglob(f"*.{extension}"))) == 287
