"""Postman's dynamic variables (``{{$guid}}``, ``{{$timestamp}}``, ...) computed at run time.

newman draws a fresh value for each of these on every request, so a snippet
must not carry one value drawn at generation time. Each snippet instead
defines one variable per dynamic variable it uses, computed with its own
language's standard library, and builds every string that uses it from
literal pieces and that variable. The literal pieces are quoted by
:mod:`generator.quoting` as usual.

NOTE: newman 6.2.2 draws a new value for each occurrence, so two
``{{$guid}}`` in one request get two values, where the snippet sends one
value twice.

Secrets that the snippet reads from the environment (``generate --secrets
env``) go through the same functions: :mod:`generator.variables` leaves a
marker for each, and these functions write the language's environment read
in its place. Variables hoisted to the top of the snippet (``generate
--variables hoist``, see :mod:`generator.hoist`) leave a marker too, which
becomes a reference to the named value listed by :func:`hoisted_variables`.

NOTE: an environment value is inserted as it is. A secret used in a URL
must be set already percent-encoded, because curl rejects a URL with a space.
"""

from __future__ import annotations

import contextlib
import re
from contextvars import ContextVar
from dataclasses import dataclass
from collections.abc import Iterable, Iterator, Mapping, Sequence

from .quoting import ps_str, py_str, sh_str
from .variables import _NAME_PART, env_name, parse_secret_marker

__all__ = [
    "DYNAMIC_VARIABLES",
    "DynamicVariable",
    "HoistedName",
    "dynamic_names",
    "expand_hoisted",
    "hoisted_variables",
    "naming_hoisted",
    "postman_text",
    "ps_expr",
    "py_expr",
    "py_operand",
    "secret_references",
    "sh_expr",
]

_TOKEN = re.compile(r"\{\{(\$[A-Za-z0-9_]+)\}\}")


@dataclass(frozen=True)
class DynamicVariable:
    """The code that computes one dynamic variable in each language.

    ``python_imports`` are modules the Python expression needs. Each
    expression yields a string, as Postman substitutes text.
    """

    python_name: str
    python: str
    python_imports: tuple[str, ...]
    bash_name: str
    bash: str
    powershell_name: str
    powershell: str


def _variable(name: str, python: str, imports: tuple[str, ...], bash: str, powershell: str) -> DynamicVariable:
    # "randomUUID" becomes "random_uuid": a run of capitals is one word.
    snake = "_".join(part.lower() for part in _NAME_PART.findall(name))
    return DynamicVariable(
        python_name=f"dynamic_{snake}",
        python=python,
        python_imports=imports,
        bash_name=f"dynamic_{snake}",
        bash=bash,
        powershell_name=f"dynamic{name[0].upper()}{name[1:]}",
        powershell=powershell,
    )


_UUID = _variable(
    "uuid",
    "str(uuid.uuid4())",
    ("uuid",),
    # Linux has the kernel's generator; macOS has uuidgen, in upper case.
    "$(cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen | tr '[:upper:]' '[:lower:]')",
    "[guid]::NewGuid().ToString()",
)

# The dynamic variables of Postman's list that a snippet computes; any other
# {{$name}} stays as written and the command warns about it. newman 6.2.2
# (postman-collection 4.4.0) has no {{$randomHexaDecimal}} and sends it as
# written, so it is not here.
DYNAMIC_VARIABLES: dict[str, DynamicVariable] = {
    "$guid": _variable("guid", _UUID.python, _UUID.python_imports, _UUID.bash, _UUID.powershell),
    "$randomUUID": _variable("randomUUID", _UUID.python, _UUID.python_imports, _UUID.bash, _UUID.powershell),
    # newman rounds the time to the nearest second (Math.round), and so do
    # the Python and PowerShell expressions.
    # NOTE: the bash expression rounds down, because macOS's date has no %N
    # for the milliseconds, so it can be one second earlier than newman's.
    "$timestamp": _variable(
        "timestamp",
        "str(round(time.time()))",
        ("time",),
        "$(date +%s)",
        "[string][Math]::Floor([DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() / 1000 + 0.5)",
    ),
    "$isoTimestamp": _variable(
        "isoTimestamp",
        'datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")',
        ("datetime",),
        "$(date -u +%Y-%m-%dT%H:%M:%S.000Z)",
        # Without the invariant culture, ":" becomes the culture's time
        # separator and the year its calendar's (2569 in the Thai calendar).
        "[DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [System.Globalization.CultureInfo]::InvariantCulture)",
    ),
    "$randomInt": _variable(
        "randomInt",
        "str(random.randint(0, 1000))",
        ("random",),
        "$((RANDOM % 1001))",
        "[string](Get-Random -Minimum 0 -Maximum 1001)",
    ),
    "$randomBoolean": _variable(
        "randomBoolean",
        'random.choice(["true", "false"])',
        ("random",),
        "$( ((RANDOM % 2)) && echo true || echo false )",
        "@('true', 'false')[(Get-Random -Maximum 2)]",
    ),
    "$randomAlphaNumeric": _variable(
        "randomAlphaNumeric",
        "random.choice(string.ascii_lowercase + string.digits)",
        ("random", "string"),
        "$(LC_ALL=C tr -dc 'a-z0-9' </dev/urandom | head -c 1)",
        "[string](Get-Random -InputObject ([char[]]'abcdefghijklmnopqrstuvwxyz0123456789'))",
    ),
}


@dataclass(frozen=True)
class HoistedName:
    """A Postman variable written once at the top of a snippet, under ``code_name``.

    ``value`` is the resolved text of the variable. It may still contain
    dynamic variables, secret markers and unresolved ``{{name}}`` text.
    """

    name: str
    value: str
    code_name: str


# The hoisted variables of the snippet being rendered, by Postman name, and
# the names of those written as references so far.
_HOISTED: ContextVar[dict[str, HoistedName]] = ContextVar("hoisted", default={})
_REFERENCED: ContextVar[set[str]] = ContextVar("referenced")


@contextlib.contextmanager
def naming_hoisted(variables: Sequence[HoistedName]) -> Iterator[set[str]]:
    """Write hoist markers as references to ``variables`` inside the block.

    The block receives the set of Postman names written as a reference,
    filled as the quoting functions run.
    """
    referenced: set[str] = set()
    token = _HOISTED.set({variable.name: variable for variable in variables})
    referenced_token = _REFERENCED.set(referenced)
    try:
        yield referenced
    finally:
        _HOISTED.reset(token)
        _REFERENCED.reset(referenced_token)


def hoisted_variables() -> list[HoistedName]:
    """Return the hoisted variables of the snippet being rendered, in first-use order."""
    return list(_HOISTED.get().values())


def expand_hoisted(text: str, values: Mapping[str, str] | None = None) -> str:
    """Return ``text`` with each hoist marker replaced by the variable's value.

    ``values`` maps Postman names to values; by default they are those of
    the snippet being rendered. A language module decides with the expanded
    text wherever the value matters: whether a header is empty, a body is
    ASCII, a URL needs exact sending. Text without hoist markers is
    returned as it is.
    """
    if values is None:
        values = {name: variable.value for name, variable in _HOISTED.get().items()}
    if "{{$" not in text or not values:
        return text

    def value(match: re.Match[str]) -> str:
        reference = parse_secret_marker(match.group(1))
        if reference is None or reference[0] != "hoist":
            return match.group(0)
        return values[reference[1]]

    return _TOKEN.sub(value, text)


def postman_text(text: str) -> str:
    """Return ``text`` with each secret or hoist marker written back as the Postman reference ``{{name}}``.

    For text shown outside a snippet, such as the request line of a
    documentation page, where no language reads the environment variable
    or names the hoisted value.
    """
    if "{{$" not in text:
        return text

    def reference(match: re.Match[str]) -> str:
        marker = parse_secret_marker(match.group(1))
        return match.group(0) if marker is None else "{{" + marker[1] + "}}"

    return _TOKEN.sub(reference, text)


def dynamic_names(texts: Iterable[str]) -> list[str]:
    """Return the dynamic variables used in ``texts``, known ones only, in first-use order."""
    names: dict[str, None] = {}
    for text in texts:
        if "{{$" not in text:
            continue
        for match in _TOKEN.finditer(text):
            if match.group(1) in DYNAMIC_VARIABLES:
                names.setdefault(match.group(1), None)
    return list(names)


def secret_references(texts: Iterable[str]) -> list[tuple[str, str]]:
    """Return the (mode, name) of each secret marker in ``texts``, in first-use order.

    Markers come from :meth:`generator.variables.VariableScope.resolve` in
    the "env" and "placeholder" secret modes.
    """
    found: dict[tuple[str, str], None] = {}
    for text in texts:
        if "{{$" not in text:
            continue
        for match in _TOKEN.finditer(text):
            reference = parse_secret_marker(match.group(1))
            if reference is not None and reference[0] != "hoist":
                found.setdefault(reference, None)
    return list(found)


def _pieces(value: str) -> list[tuple[str, str]]:
    """Split ``value`` into (kind, text) pieces.

    Kinds: "text" for literal text, "dynamic" for a dynamic variable (the
    text is its name, such as ``$guid``), "env" for a secret read from
    the environment (the text is the environment variable's name) and
    "hoist" for a hoisted variable (the text is its name in the snippet's
    language). A placeholder secret becomes the literal text ``<name>``.
    Adjacent text pieces are merged, and there is always at least one piece.
    """
    pieces: list[tuple[str, str]] = []

    def add_text(text: str) -> None:
        if pieces and pieces[-1][0] == "text":
            pieces[-1] = ("text", pieces[-1][1] + text)
        elif text:
            pieces.append(("text", text))

    start = 0
    for match in _TOKEN.finditer(value):
        name = match.group(1)
        secret = parse_secret_marker(name) if name not in DYNAMIC_VARIABLES else None
        if name not in DYNAMIC_VARIABLES and secret is None:
            continue
        add_text(value[start : match.start()])
        if secret is None:
            pieces.append(("dynamic", name))
        elif secret[0] == "hoist":
            pieces.append(("hoist", _HOISTED.get()[secret[1]].code_name))
            _REFERENCED.get().add(secret[1])
        elif secret[0] == "env":
            pieces.append(("env", env_name(secret[1])))
        else:
            add_text(f"<{secret[1]}>")
        start = match.end()
    add_text(value[start:])
    if not pieces:
        pieces.append(("text", ""))
    return pieces


def py_expr(value: str) -> str:
    """Return a Python string expression for ``value``.

    Dynamic variables and secrets read from the environment are computed
    when the snippet runs, which needs ``import os`` for the latter.
    """
    if "{{$" not in value:
        return py_str(value)
    parts = []
    for kind, text in _pieces(value):
        if kind == "text":
            parts.append(py_str(text))
        elif kind == "dynamic":
            parts.append(DYNAMIC_VARIABLES[text].python_name)
        elif kind == "hoist":
            parts.append(text)
        else:
            parts.append(f'os.environ["{text}"]')
    return " + ".join(parts)


def py_operand(value: str) -> str:
    """Return :func:`py_expr` of ``value``, in parentheses when it joins several pieces.

    A method call after the expression, such as ``.encode("utf-8")``, then
    applies to the whole string.
    """
    code = py_expr(value)
    if "{{$" in value and len(_pieces(value)) > 1:
        return f"({code})"
    return code


def sh_expr(value: str) -> str:
    """Return one bash word for ``value``; dynamic variables, secrets and hoisted variables expand from shell variables."""
    if "{{$" not in value:
        return sh_str(value)
    parts = []
    for kind, text in _pieces(value):
        if kind == "text":
            if text:
                parts.append(sh_str(text))
        elif kind == "dynamic":
            parts.append(f'"${DYNAMIC_VARIABLES[text].bash_name}"')
        else:
            parts.append(f'"${text}"')
    return "".join(parts) or "''"


def ps_expr(value: str) -> str:
    """Return a PowerShell string expression for ``value``; dynamic variables and secrets are read at run time."""
    if "{{$" not in value:
        return ps_str(value)
    pieces = _pieces(value)
    parts = []
    for kind, text in pieces:
        if kind == "text":
            parts.append(ps_str(text))
        elif kind == "dynamic":
            parts.append(f"${DYNAMIC_VARIABLES[text].powershell_name}")
        elif kind == "hoist":
            parts.append(f"${text}")
        else:
            parts.append(f"$env:{text}")
    first_kind = pieces[0][0]
    if len(parts) == 1:
        return parts[0] if first_kind != "dynamic" else f"([string]{parts[0]})"
    # A leading '' makes + join strings even where the first value is not one.
    return "(" + " + ".join(["''"] + parts) + ")" if first_kind != "text" else "(" + " + ".join(parts) + ")"
