"""Option defaults from a ``[tool.postman-snippets]`` table or a ``postman-snippets.toml`` file.

The search starts in the current folder and goes up to the file system
root. In each folder, ``postman-snippets.toml`` (options at its top level)
comes before a ``pyproject.toml`` with a ``[tool.postman-snippets]`` table.
The first file found is used, and options given on the command line win.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .option_values import CURL_LAYOUTS, CURL_OPTION_NAMES, MAX_INDENT, MAX_TIMEOUT, MIN_INDENT
from .errors import close_choice_hint

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["CONFIG_FILE", "Config", "ConfigError", "find_config", "load_config", "parse_options"]

CONFIG_FILE = "postman-snippets.toml"
TABLE = "postman-snippets"
SECRET_MODES = ("inline", "placeholder", "env")
VARIABLE_MODES = ("inline", "hoist")
MIN_LINE_LENGTH = 20


class ConfigError(ValueError):
    """An option file that cannot be read, or an option with an invalid name or value."""


@dataclass(frozen=True)
class Config:
    """Option defaults read from ``path``; None where the file does not set the option."""

    path: Path | None = None
    lang: tuple[str, ...] | None = None
    timeout: int | None = None
    no_parse: bool | None = None
    secrets: str | None = None
    variables: str | None = None
    line_length: int | None = None
    indent: int | None = None
    curl_option_names: str | None = None
    curl_layout: str | None = None
    curl_jq: bool | None = None
    follow_redirects: bool | None = None
    verify_tls: bool | None = None


# Command-line flags that the option file writes as another key, set to
# the opposite boolean.
_FLAG_SETTINGS = {
    "insecure": "verify-tls",
    "no-follow-redirects": "follow-redirects",
}


def _flag_hint(key: str, value: Any) -> str:
    """Return the option-file line that sets what ``key = value`` means, as the flag's key is not accepted."""
    # A value that is not a boolean gets the setting of the flag itself.
    opposite = "true" if value is False else "false"
    return f"{_FLAG_SETTINGS[key]} = {opposite}"


def find_config(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """Return the first option file from ``start`` (default: the current folder) upward, with its options."""
    try:
        folder = (start or Path.cwd()).resolve()
    except OSError as error:
        # os.getcwd fails when the current folder was removed.
        raise ConfigError(
            f"cannot search for option files from the current folder: {error.strerror}. Change to an existing folder"
        ) from None
    for directory in (folder, *folder.parents):
        dedicated = directory / CONFIG_FILE
        if dedicated.is_file():
            return dedicated, _read(dedicated)
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            table = _read(pyproject).get("tool", {}).get(TABLE)
            if table is not None:
                if not isinstance(table, dict):
                    raise ConfigError(f"{pyproject}: [tool.{TABLE}] must be a table")
                return pyproject, table
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"cannot read {path}: not UTF-8 text ({error.reason} at byte {error.start})") from None


def load_config(start: Path | None = None) -> Config:
    """Find and check the option file; return empty defaults when there is none."""
    found = find_config(start)
    if found is None:
        return Config()
    path, options = found
    return parse_options(path, options)


def parse_options(path: Path, options: dict[str, Any]) -> Config:
    """Check every option of ``options`` read from ``path``; raise ConfigError naming the first invalid one."""
    from .targets import available_targets

    accepted_keys = (
        "lang",
        "timeout",
        "no-parse",
        "secrets",
        "variables",
        "line-length",
        "indent",
        "curl-option-names",
        "curl-layout",
        "curl-jq",
        "follow-redirects",
        "verify-tls",
    )
    values: dict[str, Any] = {}
    for key, value in options.items():
        where = f"{path}: option {key!r}"
        if key == "tool" and path.name == CONFIG_FILE:
            raise ConfigError(
                f"{path}: unknown option 'tool'; write the options at the top level of {CONFIG_FILE},"
                f" without a [tool.{TABLE}] header, which belongs in pyproject.toml"
            )
        if key not in accepted_keys:
            hint = f"; write {_flag_hint(key, value)} instead" if key in _FLAG_SETTINGS else ""
            hint = hint or close_choice_hint(key, accepted_keys)
            raise ConfigError(f"{path}: unknown option {key!r}{hint}; accepted options: {', '.join(accepted_keys)}")
        if key == "lang":
            languages = [value] if isinstance(value, str) else value
            targets = available_targets()
            if not isinstance(languages, list) or not languages or not all(isinstance(name, str) for name in languages):
                raise ConfigError(f"{where} must be a language name or a list of them; accepted values: {', '.join(targets)}")
            for name in languages:
                if name not in targets:
                    hint = close_choice_hint(name, targets)
                    raise ConfigError(f"{where}: unknown language {name!r}{hint}; accepted values: {', '.join(targets)}")
            values["lang"] = tuple(languages)
        elif key == "timeout":
            if not _is_int(value) or not 0 <= value <= MAX_TIMEOUT:
                raise ConfigError(
                    f"{where} must be a whole number of seconds from 0 (none) to {MAX_TIMEOUT}; got {value!r}"
                )
            values["timeout"] = value
        elif key in ("no-parse", "curl-jq", "follow-redirects", "verify-tls"):
            if not isinstance(value, bool):
                raise ConfigError(f"{where} must be true or false; got {value!r}")
            values[key.replace("-", "_")] = value
        elif key == "indent":
            if not _is_int(value) or not MIN_INDENT <= value <= MAX_INDENT:
                raise ConfigError(f"{where} must be a whole number of spaces from {MIN_INDENT} to {MAX_INDENT}; got {value!r}")
            values["indent"] = value
        elif key == "curl-option-names":
            if value not in CURL_OPTION_NAMES:
                raise ConfigError(f"{where} must be one of {', '.join(CURL_OPTION_NAMES)}; got {value!r}")
            values["curl_option_names"] = value
        elif key == "curl-layout":
            if value not in CURL_LAYOUTS:
                raise ConfigError(f"{where} must be one of {', '.join(CURL_LAYOUTS)}; got {value!r}")
            values["curl_layout"] = value
        elif key == "secrets":
            if value not in SECRET_MODES:
                raise ConfigError(f"{where} must be one of {', '.join(SECRET_MODES)}; got {value!r}")
            values["secrets"] = value
        elif key == "variables":
            if value not in VARIABLE_MODES:
                raise ConfigError(f"{where} must be one of {', '.join(VARIABLE_MODES)}; got {value!r}")
            values["variables"] = value
        else:  # line-length
            if not _is_int(value) or value < MIN_LINE_LENGTH:
                raise ConfigError(f"{where} must be a whole number, {MIN_LINE_LENGTH} or more; got {value!r}")
            values["line_length"] = value
    return Config(path=path, **values)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
