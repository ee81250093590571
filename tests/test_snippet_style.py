"""Snippet style options: curl option names and layout, indentation, redirects and TLS checks."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from generator.api import generate, load_collection
from generator.cli import main
from generator.indentation import reindent_powershell, reindent_python
from generator.languages.curl import SHORT_OPTIONS
from generator.output import safe_name
from snippet_checks import bash_errors, powershell_errors, python_errors
from test_snapshots import CmdSnapshot, CurlSnapshot, PowerShellSnapshot, PythonSnapshot

PET_STORE = EXAMPLES / "pet-store.postman_collection.json"
SNAPSHOT_TYPES = {
    "curl": CurlSnapshot,
    "curl-powershell": PowerShellSnapshot,
    "curl-cmd": CmdSnapshot,
    "python": PythonSnapshot,
    "python-stdlib": PythonSnapshot,
    "powershell": PowerShellSnapshot,
    "powershell-5": PowerShellSnapshot,
}
STYLE_CASES = [
    ("Pets/Get pet", "curl", {"curl_option_names": "short", "curl_layout": "single-line"}),
    ("Pets/Get pet", "curl-powershell", {"curl_option_names": "short", "curl_layout": "single-line"}),
    ("Pets/Get pet", "curl-cmd", {"curl_option_names": "short", "curl_layout": "single-line"}),
    ("Pets/Upload photo", "curl", {"curl_option_names": "short", "indent": 4}),
    ("Pets/Upload photo", "curl-powershell", {"indent": 6}),
    ("Pets/Delete pet", "curl-cmd", {"curl_option_names": "short", "indent": 3}),
    ("Pets/Create pet", "python", {"indent": 2}),
    ("Pets/Create pet", "python-stdlib", {"indent": 8}),
    ("Pets/Create pet", "powershell", {"indent": 2}),
    ("Pets/List pets", "powershell-5", {"indent": 3}),
    ("Pets/Get pet", "python", {"follow_redirects": False, "strict_ssl": False}),
    ("Pets/Get pet", "curl", {"follow_redirects": False, "strict_ssl": False}),
    ("Pets/Get pet", "powershell", {"follow_redirects": False, "strict_ssl": False}),
    ("Pets/Get pet", "powershell-5", {"follow_redirects": False, "strict_ssl": False}),
]


def _generate(address: str, language: str, options: dict) -> str:
    collection = load_collection(PET_STORE)
    item = next(item for item in collection.requests if item.address == address)
    return generate(collection, item, language, options=options).code


def _case_id(address: str, language: str, options: dict) -> str:
    style = "-".join(f"{name}={value}" for name, value in options.items())
    return f"{safe_name(address)}--{language}--{safe_name(style)}"


@pytest.mark.parametrize(("address", "language", "options"), [pytest.param(*case, id=_case_id(*case)) for case in STYLE_CASES])
def test_style_matches_snapshot(address, language, options, snapshot, tmp_path):
    code = _generate(address, language, options)
    extension_class = SNAPSHOT_TYPES[language]
    if extension_class is PythonSnapshot:
        assert python_errors(code) is None
    elif extension_class is PowerShellSnapshot:
        assert powershell_errors(code) == []
    elif extension_class is CurlSnapshot:
        script = tmp_path / "snippet.sh"
        script.write_text(code, encoding="utf-8")
        assert bash_errors([str(script)]) is None
    assert code == snapshot(extension_class=extension_class)


@pytest.mark.parametrize("language", ["curl", "curl-powershell", "curl-cmd"])
def test_short_names_replace_every_long_one(language):
    code = _generate("Pets/Get pet", language, {"curl_option_names": "short"})
    for long_name, short_name in SHORT_OPTIONS.items():
        assert f" {long_name} " not in code + " "
    assert " -H " in code
    assert " -L" in code


@pytest.mark.parametrize("language", ["curl", "curl-powershell", "curl-cmd"])
def test_single_line_has_no_continuation(language):
    code = _generate("Pets/Get pet", language, {"curl_layout": "single-line"})
    commands = [line for line in code.splitlines() if line.startswith(("curl ", "curl.exe "))]
    assert len(commands) == 1
    assert "--header" in commands[0]
    assert not commands[0].endswith(("\\", "`", "^"))


def test_default_style_is_long_multi_line():
    assert _generate("Pets/Get pet", "curl", {}) == _generate(
        "Pets/Get pet", "curl", {"curl_option_names": "long", "curl_layout": "multi-line"}
    )


def test_python_indent_keeps_multi_line_strings():
    code = 'def f():\n    text = """a\n    b\n        c"""\n    if text:\n        return text\n'
    reindented = reindent_python(code, 2)
    assert reindented == 'def f():\n  text = """a\n    b\n        c"""\n  if text:\n    return text\n'
    namespace: dict = {}
    exec(compile(reindented, "<reindented>", "exec"), namespace)
    assert namespace["f"]() == "a\n    b\n        c"


def test_powershell_indent_keeps_here_strings():
    code = "if ($x) {\n    $body = @'\n    kept\n'@\n    Write-Host $body\n}\n"
    assert reindent_powershell(code, 2) == "if ($x) {\n  $body = @'\n    kept\n'@\n  Write-Host $body\n}\n"


def test_powershell_indent_keeps_quoted_lines():
    code = "if ($x) {\n    $body = '{\n    \"k\": 1\n}'\n    $n = \"a\n    b\"  # it's\n    Write-Host $body\n}\n"
    assert reindent_powershell(code, 2) == (
        "if ($x) {\n  $body = '{\n    \"k\": 1\n}'\n  $n = \"a\n    b\"  # it's\n  Write-Host $body\n}\n"
    )


def test_python_indent_runs(tmp_path):
    code = _generate("Pets/Create pet", "python", {"indent": 3})
    assert "\n   raise SystemExit(1)\n" in code
    assert python_errors(code) is None


def test_item_settings_kept_without_options():
    code = _generate("Pets/Get pet", "python", {"follow_redirects": None, "strict_ssl": None})
    assert "verify=False" not in code
    assert "allow_redirects" not in code


# --- command line -------------------------------------------------------------------------------


def _cli(*arguments: str):
    return CliRunner().invoke(main, ["generate", str(PET_STORE), "--item", "Pets/Get pet", "--no-cache", *arguments])


def test_cli_short_single_line():
    result = _cli("--lang", "curl", "--curl-option-names", "short", "--curl-layout", "single-line")
    assert result.exit_code == 0, result.output
    assert "curl https://pets.example.com/v1/pets/42 --no-progress-meter -L --max-redirs 10 -e ';auto' -m 30 -H " in result.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--curl-option-names", "tiny"), "Invalid value for '--curl-option-names': 'tiny' is not one of 'long', 'short'"),
        (("--curl-layout", "wide"), "Invalid value for '--curl-layout': 'wide' is not one of 'multi-line', 'single-line'"),
        (("--indent", "0"), "Invalid value for '--indent': 0 is not in the range 1<=x<=8"),
        (("--indent", "two"), "Invalid value for '--indent': 'two' is not a valid whole number"),
    ],
)
def test_cli_rejects_invalid_style(arguments, message):
    result = _cli("--lang", "curl", *arguments)
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize(
    ("language", "insecure_text", "no_redirect_text"),
    [
        ("python", "verify=False", "allow_redirects=False"),
        # httpx follows no redirects by default, so the snippet follows them in a loop.
        ("python-httpx", "verify=False", None),
        ("python-stdlib", "ssl._create_unverified_context()", "NoRedirect()"),
        ("curl", "--insecure", None),
        ("curl-powershell", "--insecure", None),
        ("powershell", "SkipCertificateCheck = $true", "MaximumRedirection = 0"),
        ("powershell-5", "ServerCertificateValidationCallback = { $true }", "MaximumRedirection = 0"),
    ],
)
def test_cli_insecure_and_no_redirects(language, insecure_text, no_redirect_text):
    default = _cli("--lang", language)
    changed = _cli("--lang", language, "--insecure", "--no-follow-redirects")
    assert default.exit_code == 0, default.output
    assert changed.exit_code == 0, changed.output
    assert insecure_text not in default.stdout
    assert insecure_text in changed.stdout
    if no_redirect_text is not None:
        assert no_redirect_text not in default.stdout
        assert no_redirect_text in changed.stdout
    if language == "python-httpx":
        assert "response.next_request" in default.stdout
        assert "response.next_request" not in changed.stdout
    if language.startswith("curl"):
        assert "--location" in default.stdout
        assert "--location" not in changed.stdout


def test_cli_verify_tls_overrides_item(tmp_path):
    import json

    document = json.loads(PET_STORE.read_text(encoding="utf-8"))
    document["protocolProfileBehavior"] = {"strictSSL": False, "followRedirects": False}
    path = tmp_path / "insecure.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    arguments = ["generate", str(path), "--item", "Pets/Get pet", "--no-cache", "--lang", "curl"]
    item_settings = CliRunner().invoke(main, arguments)
    overridden = CliRunner().invoke(main, [*arguments, "--verify-tls", "--follow-redirects"])
    assert item_settings.exit_code == 0, item_settings.output
    assert "--insecure" in item_settings.stdout
    assert "--location" not in item_settings.stdout
    assert "--insecure" not in overridden.stdout
    assert "--location" in overridden.stdout


def test_config_sets_style(tmp_path, monkeypatch):
    (tmp_path / "postman-snippets.toml").write_text(
        'lang = "curl"\ncurl-option-names = "short"\ncurl-layout = "single-line"\nverify-tls = false\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = _cli()
    assert result.exit_code == 0, result.output
    assert "curl https://pets.example.com/v1/pets/42 --no-progress-meter -L --max-redirs 10 -e ';auto' -k -m 30 -H " in result.stdout


def test_cli_style_overrides_config(tmp_path, monkeypatch):
    (tmp_path / "postman-snippets.toml").write_text('curl-layout = "single-line"\nindent = 3\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _cli("--lang", "curl", "--curl-layout", "multi-line", "--indent", "5")
    assert result.exit_code == 0, result.output
    assert " \\\n     --location \\\n" in result.stdout
