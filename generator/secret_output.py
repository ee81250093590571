"""Keep secrets out of snippets and messages (``generate --secrets``).

Secrets are the variables that :meth:`VariableScope.is_sensitive` names and
the credentials of an auth block. In "env" and "placeholder" mode the scope
writes a marker for each secret variable, and :func:`protect_credentials`
puts a marker in place of each literal credential, so the value never
reaches the wire request. The quoting helpers of :mod:`generator.dynamic`
turn markers into code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from .dynamic import secret_references
from .model import Auth, Collection, RequestItem
from .quoting import comment_lines
from .variables import VARIABLE_PATTERN, VariableScope, env_name, secret_marker
from .wire import WireRequest, wire_texts

__all__ = [
    "CREDENTIAL_FIELDS",
    "Redactor",
    "add_secret_notice",
    "credential_variables",
    "literal_credentials",
    "protect_credentials",
]

# The auth parameters that hold a credential the snippet sends, per auth
# type, with the name given to a credential written literally in that field.
CREDENTIAL_FIELDS: dict[str, dict[str, str]] = {
    "basic": {"password": "BASIC_PASSWORD"},
    "bearer": {"token": "BEARER_TOKEN"},
    "apikey": {"value": "API_KEY"},
    "oauth2": {"accessToken": "ACCESS_TOKEN"},
    "digest": {"password": "DIGEST_PASSWORD"},
    "ntlm": {"password": "NTLM_PASSWORD"},
    "oauth1": {"consumerSecret": "OAUTH_CONSUMER_SECRET", "tokenSecret": "OAUTH_TOKEN_SECRET"},
    "awsv4": {"secretKey": "AWS_SECRET_ACCESS_KEY", "sessionToken": "AWS_SESSION_TOKEN"},
    "hawk": {"authKey": "HAWK_AUTH_KEY"},
    "edgegrid": {"clientSecret": "EDGEGRID_CLIENT_SECRET"},
    "jwt": {"secret": "JWT_SECRET"},
}

# Values shorter than this are not replaced in messages, because replacing
# every "ab" would garble them. A secret that short is no real protection.
MIN_REDACTED_LENGTH = 4


def _credentials(auth: Auth | None) -> Iterable[tuple[str, str, str]]:
    """Yield (parameter, value, literal name) for each credential of ``auth``."""
    if auth is None:
        return
    fields = CREDENTIAL_FIELDS.get(auth.type, {})
    for key, value in auth.params:
        if key in fields:
            yield key, value, fields[key]


def _variable_names(text: str) -> list[str]:
    return [match.group(1) for match in VARIABLE_PATTERN.finditer(text) if not match.group(1).startswith("$")]


def credential_variables(collection: Collection) -> set[str]:
    """Return the names of the variables used in any auth credential of ``collection``."""
    names: set[str] = set()
    for item in collection.requests:
        for _key, value, _literal_name in _credentials(item.auth):
            names.update(_variable_names(value))
    return names


def literal_credentials(collection: Collection) -> list[str]:
    """Return the credentials written literally (without variables) in ``collection``."""
    return [
        value
        for item in collection.requests
        for _key, value, _literal_name in _credentials(item.auth)
        if value and not _variable_names(value)
    ]


def protect_credentials(item: RequestItem, mode: str) -> RequestItem:
    """Return ``item`` with each literal credential replaced by a secret marker.

    A credential that uses variables keeps its text, because the scope
    already writes those variables as secrets. ``mode`` "inline" returns
    ``item`` unchanged.
    """
    if mode == "inline" or item.auth is None:
        return item
    fields = CREDENTIAL_FIELDS.get(item.auth.type, {})
    params = []
    changed = False
    for key, value in item.auth.params:
        if key in fields and value and not _variable_names(value):
            value = secret_marker(fields[key], mode)
            changed = True
        params.append((key, value))
    if not changed:
        return item
    return replace(item, auth=replace(item.auth, params=tuple(params)))


class Redactor:
    """Replace secret values in messages with ``<secret>``.

    A value is also replaced as ``repr`` writes it inside quotes, because
    error messages quote values with ``!r``.
    """

    def __init__(self, values: Iterable[str]) -> None:
        forms: set[str] = set()
        for value in values:
            if len(value) < MIN_REDACTED_LENGTH:
                continue
            forms.add(value)
            forms.add(repr(value)[1:-1])
        # Longer forms first, so a value that contains another is replaced whole.
        self._forms = sorted(forms, key=len, reverse=True)

    @classmethod
    def for_run(cls, collection: Collection, scope: VariableScope) -> Redactor:
        return cls([*scope.sensitive_values(), *literal_credentials(collection)])

    def __call__(self, message: str) -> str:
        for form in self._forms:
            message = message.replace(form, "<secret>")
        return message


def add_secret_notice(
    code: str, language: str, wire: WireRequest, *, batch_file: bool = False, options: Mapping[str, object] | None = None
) -> str:
    """Add a comment naming the secrets to fill in, and a check that stops the snippet when one is not set.

    The comment goes after the first line (the item's address) of ``code``,
    and so does the check, except in Python, where it follows the imports
    (and ``import os`` is added). ``language`` is the target's family:
    "python", "curl" (bash, or cmd.exe when ``batch_file`` is true) or
    "powershell". ``options`` are the generation options, whose
    ``line_length`` and ``indent`` the Python check is laid out with.
    Code without secret markers in ``wire`` is returned unchanged.
    """
    references = secret_references(wire_texts(wire))
    if not references:
        return code
    from_env = sorted({env_name(name) for mode, name in references if mode == "env"})
    placeholders = [f"<{name}>" for mode, name in references if mode == "placeholder"]
    notice = []
    if from_env:
        notice.append("# Set these environment variables before running: " + ", ".join(from_env))
    if placeholders:
        text = "Replace these placeholders with the secret values: " + ", ".join(placeholders)
        notice.extend("# " + line for line in comment_lines(text))
    first, _, rest = code.partition("\n")
    lines = rest.split("\n")
    if language == "python" and from_env:
        lines = _add_python_import(lines, "import os")
        end = _python_imports_end(lines)
        lines = lines[:end] + ["", *_python_check(from_env, options or {})] + lines[end:]
    elif from_env:
        notice.extend(_shell_check(language, batch_file, from_env))
    return "\n".join([first, *notice, *lines])


# The message of each check, after the variable's name.
_CHECK_MESSAGE = "before running this snippet."


def _shell_check(language: str, batch_file: bool, names: list[str]) -> list[str]:
    """Return the lines that stop a bash, cmd.exe or PowerShell snippet when one of the environment variables ``names`` is not set.

    bash and PowerShell read an unset variable as empty, and a batch file as
    nothing, so without a check the request would go out with an empty
    secret. A name is upper snake case (see env_name), so it needs no quoting.
    """
    if batch_file:
        # cmd.exe has no empty variables: "set NAME=" removes NAME.
        return [f"if not defined {name} (echo Set the environment variable {name} {_CHECK_MESSAGE}>&2& exit /b 1)" for name in names]
    if language == "powershell":
        return [f"if ($null -eq $env:{name}) {{ throw 'Set the environment variable {name} {_CHECK_MESSAGE}' }}" for name in names]
    # bash stops a script at "${NAME?message}" when NAME is unset. A variable
    # set to the empty string passes, as in the Python check.
    return [f': "${{{name}?Set the environment variable {name} {_CHECK_MESSAGE}}}"' for name in names]


def _python_check(names: list[str], options: Mapping[str, object]) -> list[str]:
    """Return the Python lines that raise SystemExit, in place of a KeyError, when one of the environment variables ``names`` is not set."""
    from .languages.python import format_snippet

    listed = ", ".join(f'"{name}"' for name in names)
    code = (
        f"for environment_variable in [{listed}]:\n"
        "    if environment_variable not in os.environ:\n"
        f'        raise SystemExit(f"Set the environment variable {{environment_variable}} {_CHECK_MESSAGE}")\n'
    )
    return format_snippet(code, options).rstrip("\n").split("\n")


def _python_imports_end(lines: list[str]) -> int:
    """Return the index after the last line of the imports that open the Python snippet ``lines``."""
    end = 0
    inside_parentheses = False
    for index, line in enumerate(lines):
        if inside_parentheses:
            inside_parentheses = line != ")"
            end = index + 1
        elif line.startswith(("import ", "from ")):
            inside_parentheses = line.endswith("(")
            end = index + 1
        elif line and not line.startswith("#"):
            break
    return end


def _add_python_import(lines: list[str], statement: str) -> list[str]:
    """Insert ``statement`` into the standard-library imports that open a snippet."""
    if statement in lines:
        return lines
    start = next(index for index, line in enumerate(lines) if line.startswith("import ") or line.startswith("from "))
    if lines[start] == "import requests":
        # No standard-library block yet: start one, separated as isort does.
        return lines[:start] + [statement, ""] + lines[start:]
    end = start
    while end < len(lines) and lines[end].startswith("import "):
        end += 1
    block = sorted(lines[start:end] + [statement])
    return lines[:start] + block + lines[end:]
