"""format_code lays out Python snippets without black where it can; its output must equal black's."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import black
import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, ROOT, shared_collections
from generator import render
from generator.api import load_collection, make_scope
from generator.cli import main
from generator.errors import ItemError
from generator.languages import python
from generator.wire import build_wire_request

SNAPSHOTS = sorted((ROOT / "tests" / "__snapshots__" / "test_snapshots").glob("*.py"))
EXAMPLE_COLLECTIONS = sorted(EXAMPLES.glob("*.postman_collection.json"))
# The conformance suite's collections cover every auth scheme and body mode.
CONFORMANCE_COLLECTIONS = sorted((ROOT / "tests" / "conformance" / "collections").glob("*.postman_collection.json"))
PYTHON_TARGETS = ("python", "python-httpx", "python-stdlib")
OPTION_SETS = ({"timeout": 30, "parse_response": True}, {"timeout": None, "parse_response": False})


def _black(code: str) -> str:
    return black.format_str(code, mode=black.Mode(line_length=python.LINE_LENGTH))


@pytest.fixture
def unformatted(monkeypatch):
    """Make render() return the Python template's output before formatting."""
    original = render.target

    def target(language: str):
        selected = original(language)
        return dataclasses.replace(selected, format=None) if language in PYTHON_TARGETS else selected

    monkeypatch.setattr(render, "target", target)


def _template_outputs(path: Path, language: str = "python"):
    """Yield (address, options, unformatted Python code) for every item of a collection."""
    collection = load_collection(path)
    scope = make_scope(collection)
    for item in collection.requests:
        try:
            wire = build_wire_request(item, scope)
        except ItemError:
            continue
        for options in OPTION_SETS:
            try:
                code = render.render(wire, item.examples, language, dict(options))
            except ItemError:
                continue
            yield item.address, options, code


def _check_collection(path: Path, language: str = "python") -> None:
    """Check that the layout step formats every snippet of ``path`` in ``language`` as black does.

    The snippets of the default Python target must not need black, which
    costs about 0.07 s to import: the benchmarks showed it when a template
    line grew past 88 columns. The other Python targets may fall back to it.
    """
    for address, options, code in _template_outputs(path, language):
        where = f"{path.name}: {address} in {language} with {options}"
        try:
            formatted = python._layout(code)
        except python._LayoutUnknown:
            if language == "python":
                pytest.fail(f"{where} needs black")
            formatted = python.format_code(code)
        assert formatted == _black(code), where
        assert _black(formatted) == formatted, where


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=lambda path: path.stem[:80])
def test_black_keeps_snapshot(snapshot):
    code = snapshot.read_text(encoding="utf-8")

    assert _black(code) == code
    assert python.format_code(code) == code


@pytest.mark.parametrize("language", PYTHON_TARGETS)
@pytest.mark.parametrize("path", EXAMPLE_COLLECTIONS, ids=lambda path: path.name)
def test_black_keeps_env_secret_snippets(path, language, tmp_path):
    # The check of the environment variables is added after formatting.
    out = tmp_path / "out"
    arguments = ["generate", str(path), "--lang", language, "--secrets", "env", "--out", str(out), "--no-cache"]
    CliRunner().invoke(main, arguments, catch_exceptions=False)
    snippets = [file.read_text(encoding="utf-8") for file in sorted(out.rglob("*.py"))]
    checked = [code for code in snippets if "for environment_variable in" in code]

    assert checked
    for code in checked:
        assert _black(code) == code


@pytest.mark.parametrize("path", EXAMPLE_COLLECTIONS, ids=lambda path: path.name)
def test_layout_equals_black_examples(path, unformatted):
    _check_collection(path)


@pytest.mark.parametrize("language", PYTHON_TARGETS)
@pytest.mark.parametrize("path", CONFORMANCE_COLLECTIONS, ids=lambda path: path.name)
def test_layout_equals_black_conformance(path, language, unformatted):
    _check_collection(path, language)


@pytest.mark.shared
@pytest.mark.parametrize("path", shared_collections(), ids=lambda path: path.name)
def test_layout_equals_black_real(path, unformatted):
    _check_collection(path)


@pytest.mark.parametrize(
    "code",
    [
        'url = "' + "u" * 82 + '"\n',
        'url = "' + "u" * 90 + '"\n',
        'payload = {"a": "' + "x" * 70 + '", "b": {"c": [1, 2.5, None], "d": True}}\n',
        'payload = {"query": "' + "q" * 90 + '"}\n',
        'payload = [{"a": "' + "x" * 40 + '", "b": "' + "y" * 40 + '"}]\n',
        "files = [\n    (\"client_id\", \"" + "c" * 90 + "\"),\n]\n",
        'response = requests.post(url, headers=headers, json=payload, allow_redirects=False, timeout=30)\n',
        'request = session.prepare_request(requests.Request("POST", url, headers=headers, json=payload, files=files))\n',
        'for item in data:\n    long_variable_name_for_a_field = item["' + "k" * 50 + '"]  # str | None\n',
        '# ' + "c" * 100 + "\nx = 1   \n",
        'payload = {"ключ": "' + "значение" * 9 + '"}\n',
        # A string concatenation inside a literal, fitting and too long for its line.
        'payload = {"name": "template_" + stamp, "b": "' + "x" * 70 + '"}\n',
        'payload = {"name": "' + "n" * 60 + '" + stamp + "' + "m" * 30 + '", "b": 1}\n',
        'response = requests.post("' + "u" * 40 + '" + stamp, headers=headers, json=payload, timeout=30)\n',
        # An assignment whose line up to the bracket is too long, with and without a comment.
        "for a in b:\n    for c in d:\n        " + "n" * 50 + " = " + "v" * 45 + '["hidden"]  # bool\n',
        "for a in b:\n    " + "n" * 50 + " = " + "v" * 45 + '["hidden"]\n',
        "for a in b:\n    " + "n" * 50 + " = " + "v" * 70 + '["hidden_value_name"]  # bool\n',
        "for a in b:\n    " + "n" * 50 + " = " + "v" * 40 + '.get("' + "k" * 20 + '", None)  # str\n',
        # f-strings: an argument too long for any line, and an assignment.
        'def f(path):\n    print(\n        f"Warning: {path}. ' + "w" * 80 + '",\n        file=sys.stderr,\n    )\n',
        'def f(path):\n    print(f"Warning: {path}. ' + "w" * 80 + '", file=sys.stderr)\n',
        'message = f"{path} ' + "m" * 80 + '"\n',
        'message = f"{path} ' + "m" * 70 + '"\n',
        # Three blank lines, which black cuts to two.
        "import requests\n\n\n\ndef f():\n    return 1\n",
    ],
    ids=lambda code: code[:30],
)
def test_layout_equals_black_shapes(code):
    assert python.format_code(code) == _black(code)


def test_layout_skips_black_for_long_payload(monkeypatch):
    code = 'payload = {"a": "' + "x" * 70 + '", "b": [1, 2]}\n'
    monkeypatch.setattr(python, "_black", lambda code: pytest.fail("black was called"))

    assert python.format_code(code) == 'payload = {\n    "a": "' + "x" * 70 + '",\n    "b": [1, 2],\n}\n'


def test_layout_skips_black_for_wrapped_assignment(monkeypatch):
    code = "for a in b:\n    " + "n" * 50 + " = " + "v" * 45 + '["hidden"]  # bool\n'
    monkeypatch.setattr(python, "_black", lambda code: pytest.fail("black was called"))

    expected = "for a in b:\n    " + "n" * 50 + " = (\n        " + "v" * 45 + '["hidden"]\n    )  # bool\n'
    assert python.format_code(code) == expected




@pytest.mark.parametrize("language", PYTHON_TARGETS)
def test_template_comments_fit_line_length(language, tmp_path):
    # black leaves comments as they are, so only this test keeps the
    # templates' own comments within 88 columns. The first line names the item.
    out = tmp_path / "out"
    for path in EXAMPLE_COLLECTIONS:
        CliRunner().invoke(main, ["generate", str(path), "--lang", language, "--out", str(out / path.stem), "--no-cache"])
    snippets = sorted(out.rglob("*.py"))

    assert snippets
    for snippet in snippets:
        lines = snippet.read_text(encoding="utf-8").splitlines()[1:]
        long_comments = [line for line in lines if line.lstrip().startswith("#") and len(line) > 88]
        assert long_comments == [], snippet
