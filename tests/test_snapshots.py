"""Snapshot tests: every item of every example collection in every language.

The snapshots are real .py, .sh and .ps1 files under
tests/__snapshots__/test_snapshots/, so review shows them as code. Update them
with `pytest --snapshot-update` after an intended change, and read the diff.
"""

from __future__ import annotations

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from conftest import EXAMPLES
from generator.api import generate, load_collection
from generator.errors import ItemError
from generator.output import safe_name
from snippet_checks import bash_errors, powershell_errors, python_errors


class _TextSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT


class PythonSnapshot(_TextSnapshot):
    file_extension = "py"


class CurlSnapshot(_TextSnapshot):
    file_extension = "sh"


class PowerShellSnapshot(_TextSnapshot):
    file_extension = "ps1"


class CmdSnapshot(_TextSnapshot):
    file_extension = "cmd"


class ErrorSnapshot(_TextSnapshot):
    """The message of a variant that rejects an item."""

    file_extension = "txt"


EXTENSIONS = {"python": PythonSnapshot, "curl": CurlSnapshot, "powershell": PowerShellSnapshot}
# The variants get snapshots of every example item too; the file type
# decides the syntax check.
VARIANT_EXTENSIONS = {
    "python-httpx": PythonSnapshot,
    "python-stdlib": PythonSnapshot,
    "curl-powershell": PowerShellSnapshot,
    "curl-cmd": CmdSnapshot,
    "powershell-5": PowerShellSnapshot,
}


def _cases():
    cases = []
    for path in sorted(EXAMPLES.glob("*.postman_collection.json")):
        collection = load_collection(path)
        stem = safe_name(collection.name)
        for item in collection.requests:
            for language in {**EXTENSIONS, **VARIANT_EXTENSIONS}:
                case_id = f"{stem}--{safe_name(item.address)}--{language}"
                cases.append(pytest.param(path, item.address, language, id=case_id))
    return cases


@pytest.mark.parametrize(("path", "address", "language"), _cases())
def test_snippet_matches_snapshot(path, address, language, snapshot, tmp_path):
    collection = load_collection(path)
    item = next(item for item in collection.requests if item.address == address)
    try:
        code = generate(collection, item, language).code
    except ItemError as error:
        # A variant may reject an item (curl-cmd: a line break in a value);
        # the snapshot then records the message.
        assert language in VARIANT_EXTENSIONS, error
        code = f"error: {error}\n"
        assert code == snapshot(extension_class=ErrorSnapshot)
        return

    extension_class = EXTENSIONS.get(language) or VARIANT_EXTENSIONS[language]
    if extension_class is PythonSnapshot:
        assert python_errors(code) is None
    elif extension_class is PowerShellSnapshot:
        assert powershell_errors(code) == []
    elif extension_class is CurlSnapshot:
        script = tmp_path / "snippet.sh"
        script.write_text(code, encoding="utf-8")
        assert bash_errors([str(script)]) is None
    assert code == snapshot(extension_class=extension_class)


def test_examples_exist():
    assert _cases(), f"no example collections found in {EXAMPLES}"
