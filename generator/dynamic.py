"""Postman's dynamic variables (``{{$guid}}``, ``{{$timestamp}}``, ...) computed at run time.

newman draws a fresh value for each of these on every request, so a snippet
must not carry one value drawn at generation time. Each snippet instead
defines one variable per dynamic variable it uses, computed with its own
language's standard library, and builds every string that uses it from
literal pieces and that variable. The literal pieces are quoted by
:mod:`generator.quoting` as usual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Iterable

from .quoting import ps_str, py_str, sh_str

__all__ = ["DYNAMIC_VARIABLES", "DynamicVariable", "dynamic_names", "ps_expr", "py_expr", "sh_expr"]

_TOKEN = re.compile(r"\{\{(\$[A-Za-z0-9_]+)\}\}")


@dataclass(frozen=True)
class DynamicVariable:
    """How one dynamic variable is computed in each language.

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
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
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
# {{$name}} stays as written and the command warns about it.
DYNAMIC_VARIABLES: dict[str, DynamicVariable] = {
    "$guid": _variable("guid", _UUID.python, _UUID.python_imports, _UUID.bash, _UUID.powershell),
    "$randomUUID": _variable("randomUUID", _UUID.python, _UUID.python_imports, _UUID.bash, _UUID.powershell),
    "$timestamp": _variable(
        "timestamp",
        "str(int(time.time()))",
        ("time",),
        "$(date +%s)",
        "[string][DateTimeOffset]::UtcNow.ToUnixTimeSeconds()",
    ),
    "$isoTimestamp": _variable(
        "isoTimestamp",
        'datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")',
        ("datetime",),
        "$(date -u +%Y-%m-%dT%H:%M:%S.000Z)",
        "[DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ss.fffZ')",
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
    "$randomHexaDecimal": _variable(
        "randomHexaDecimal",
        'random.choice("0123456789abcdef")',
        ("random",),
        "$(printf '%x' $((RANDOM % 16)))",
        "'{0:x}' -f (Get-Random -Maximum 16)",
    ),
}


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


def _pieces(value: str) -> list[tuple[bool, str]]:
    """Split ``value`` into (is_dynamic, text) pieces; dynamic pieces hold the variable name."""
    pieces: list[tuple[bool, str]] = []
    start = 0
    for match in _TOKEN.finditer(value):
        if match.group(1) not in DYNAMIC_VARIABLES:
            continue
        if match.start() > start:
            pieces.append((False, value[start : match.start()]))
        pieces.append((True, match.group(1)))
        start = match.end()
    if start < len(value) or not pieces:
        pieces.append((False, value[start:]))
    return pieces


def py_expr(value: str) -> str:
    """Return a Python string expression for ``value`` with dynamic variables computed at run time."""
    if "{{$" not in value:
        return py_str(value)
    pieces = _pieces(value)
    parts = [DYNAMIC_VARIABLES[text].python_name if dynamic else py_str(text) for dynamic, text in pieces]
    return " + ".join(parts)


def sh_expr(value: str) -> str:
    """Return one bash word for ``value``; dynamic variables expand from shell variables."""
    if "{{$" not in value:
        return sh_str(value)
    pieces = _pieces(value)
    parts = [f'"${DYNAMIC_VARIABLES[text].bash_name}"' if dynamic else sh_str(text) for dynamic, text in pieces if dynamic or text]
    return "".join(parts)


def ps_expr(value: str) -> str:
    """Return a PowerShell string expression for ``value`` with dynamic variables computed at run time."""
    if "{{$" not in value:
        return ps_str(value)
    pieces = _pieces(value)
    parts = [f"${DYNAMIC_VARIABLES[text].powershell_name}" if dynamic else ps_str(text) for dynamic, text in pieces if dynamic or text]
    if len(parts) == 1:
        return parts[0] if not pieces[0][0] else f"([string]{parts[0]})"
    return "(" + " + ".join(["''"] + parts) + ")" if pieces[0][0] else "(" + " + ".join(parts) + ")"
