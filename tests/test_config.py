"""Option defaults from [tool.postman-snippets] in pyproject.toml or from postman-snippets.toml."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from generator.cli import main
from generator.config import Config, ConfigError, load_config

PET_STORE = EXAMPLES / "pet-store.postman_collection.json"


def _generate(*arguments: str):
    return CliRunner().invoke(main, ["generate", str(PET_STORE), "--item", "Pets/List pets", "--no-cache", *arguments])


def test_pyproject_table_is_found_from_subfolder(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.postman-snippets]\nlang = "curl"\ntimeout = 5\nno-parse = true\nsecrets = "placeholder"\nvariables = "hoist"\nline-length = 100\n',
        encoding="utf-8",
    )
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    config = load_config(tmp_path / "sub" / "deeper")
    assert config.path == tmp_path / "pyproject.toml"
    assert config.lang == ("curl",)
    assert config.timeout == 5
    assert config.no_parse is True
    assert config.secrets == "placeholder"
    assert config.variables == "hoist"
    assert config.line_length == 100


def test_pyproject_without_table_is_skipped(tmp_path):
    (tmp_path / "postman-snippets.toml").write_text('timeout = 7\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert load_config(tmp_path / "sub").timeout == 7


def test_dedicated_file_wins_in_same_folder(tmp_path):
    (tmp_path / "postman-snippets.toml").write_text('timeout = 7\n', encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.postman-snippets]\ntimeout = 9\n', encoding="utf-8")
    assert load_config(tmp_path).timeout == 7


def test_no_file_gives_empty_defaults(tmp_path):
    # No folder above the pytest temporary folder contains an option file.
    assert load_config(tmp_path) == Config()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "colour = 1\n",
            "unknown option 'colour'; accepted options: lang, timeout, no-parse, secrets, variables, line-length, indent,"
            " curl-option-names, curl-layout, curl-jq, follow-redirects, verify-tls",
        ),
        ("insecure = true\n", "unknown option 'insecure'; write verify-tls = false instead; accepted options: lang,"),
        ("no-follow-redirects = true\n", "unknown option 'no-follow-redirects'; write follow-redirects = false instead;"),
        ('lang = "cobol"\n', "unknown language 'cobol'; accepted values: python, "),
        ('lang = "Python"\n', "unknown language 'Python' (did you mean 'python'?); accepted values: python, "),
        ("timout = 5\n", "unknown option 'timout' (did you mean 'timeout'?); accepted options: lang,"),
        ("lang = 3\n", "option 'lang' must be a language name or a list of them"),
        ('timeout = "30"\n', "option 'timeout' must be a whole number of seconds"),
        ("timeout = -1\n", "option 'timeout' must be a whole number of seconds"),
        ("timeout = true\n", "option 'timeout' must be a whole number of seconds"),
        ("timeout = 99999999999999999999\n", "option 'timeout' must be a whole number of seconds from 0 (none) to 2147483"),
        ('no-parse = "yes"\n', "option 'no-parse' must be true or false"),
        ('secrets = "hide"\n', "option 'secrets' must be one of inline, placeholder, env"),
        ('variables = "hoisted"\n', "option 'variables' must be one of inline, hoist; got 'hoisted'"),
        ("line-length = 5\n", "option 'line-length' must be a whole number, 20 or more"),
        ("timeout = \n", "cannot read"),
        ("indent = 0\n", "option 'indent' must be a whole number of spaces from 1 to 8; got 0"),
        ('indent = "2"\n', "option 'indent' must be a whole number of spaces from 1 to 8; got '2'"),
        ('curl-option-names = "tiny"\n', "option 'curl-option-names' must be one of long, short; got 'tiny'"),
        ('curl-layout = "wide"\n', "option 'curl-layout' must be one of multi-line, single-line; got 'wide'"),
        ('curl-jq = "yes"\n', "option 'curl-jq' must be true or false"),
        ("follow-redirects = 1\n", "option 'follow-redirects' must be true or false"),
        ('verify-tls = "no"\n', "option 'verify-tls' must be true or false"),
        (
            '[tool.postman-snippets]\nlang = "curl"\n',
            "write the options at the top level of postman-snippets.toml, without a [tool.postman-snippets] header",
        ),
    ],
)
def test_invalid_option_is_named(tmp_path, text, message):
    (tmp_path / "postman-snippets.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert message in str(raised.value)


def test_config_not_utf8_is_named(tmp_path):
    (tmp_path / "postman-snippets.toml").write_bytes(b"\xfflang = 'curl'\n")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert "not UTF-8 text" in str(raised.value)


def test_cli_uses_config_defaults(tmp_path, monkeypatch):
    (tmp_path / "postman-snippets.toml").write_text('lang = "curl"\ntimeout = 5\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _generate()
    assert result.exit_code == 0, result.output
    assert "--max-time 5 " in result.stdout


def test_cli_options_override_config(tmp_path, monkeypatch):
    (tmp_path / "postman-snippets.toml").write_text('lang = "curl"\ntimeout = 5\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _generate("--lang", "python", "--timeout", "9")
    assert result.exit_code == 0, result.output
    assert "timeout=9" in result.stdout


def test_cli_reports_invalid_config(tmp_path, monkeypatch):
    (tmp_path / "postman-snippets.toml").write_text('secrets = "hide"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _generate("--lang", "curl")
    assert result.exit_code == 2
    assert "option 'secrets' must be one of inline, placeholder, env; got 'hide'" in result.output


def test_cli_uses_config_variables_mode(tmp_path, monkeypatch):
    (tmp_path / "postman-snippets.toml").write_text('lang = "python"\nvariables = "hoist"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _generate()
    assert result.exit_code == 0, result.output
    assert "BASE_URL = " in result.stdout


def test_cli_variables_option_overrides_config(tmp_path, monkeypatch):
    (tmp_path / "postman-snippets.toml").write_text('lang = "python"\nvariables = "hoist"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _generate("--variables", "inline")
    assert result.exit_code == 0, result.output
    assert "BASE_URL" not in result.stdout
