"""Quote arguments of a native program called from a Windows cmd.exe batch file.

An argument passes two parsers. cmd.exe reads the batch line first, and then
the program splits its command line with the rules of the Microsoft C
runtime (curl.exe does). The rules applied here:

1. The C runtime: the argument is wrapped in double quotes. A double quote
   inside it is written ``\\"``, and each backslash directly before a double
   quote (an inner one or the closing one) is doubled, because ``2n``
   backslashes before a quote stand for ``n`` backslashes.
2. cmd.exe in a batch file: ``%`` starts a variable reference, so a literal
   ``%`` is written ``%%``. Inside double quotes cmd.exe passes ``& | < > ^ (
   )`` unchanged, so an argument without inner double quotes needs nothing
   else.
3. cmd.exe does not know the ``\\"`` escape of rule 1: every ``"`` switches
   its quoting on or off. An argument with an inner double quote is
   therefore written with no cmd.exe quoting at all: each of ``" & | < > ^ (
   )`` gets a ``^`` before it, which cmd.exe removes. cmd.exe then never
   enters its quoted state, and a ``^`` continuation after the argument still works.
4. cmd.exe cannot pass a line break (CR or LF) or a NUL character inside an
   argument, so such values raise :class:`QuotingError`.
5. A secret read from the environment and a Postman dynamic variable are
   written as ``%NAME%`` references. The snippet sets each dynamic
   variable's NAME before the curl.exe line (see the curl-cmd template).

NOTE: ``!`` is literal only while delayed expansion is off, which is the
default for batch files. A value read from an environment variable
(``%NAME%``) is expanded before cmd.exe parses the line, so such a value must
not contain a double quote, or, in the caret form of rule 3, any of ``& | < >
^ ( )``.
"""

from __future__ import annotations

import re

from ..dynamic import DYNAMIC_VARIABLES, HoistedName, _pieces
from ..quoting import QuotingError

__all__ = ["CMD_METACHARACTERS", "MAX_COMMAND_LINE", "cmd_arg", "cmd_expr", "cmd_set_value"]

# Characters that cmd.exe reads as syntax outside double quotes.
CMD_METACHARACTERS = '&|<>^()"'
# The maximum length of a cmd.exe command line after expansion (Windows XP and later).
MAX_COMMAND_LINE = 8191


def _crt_quote(text: str) -> str:
    """Quote ``text`` for the Microsoft C runtime's command-line parser (rule 1)."""
    quoted = ['"']
    backslashes = 0
    for char in text:
        if char == "\\":
            backslashes += 1
            continue
        if char == '"':
            quoted.append("\\" * (2 * backslashes + 1) + '"')
        else:
            quoted.append("\\" * backslashes + char)
        backslashes = 0
    quoted.append("\\" * (2 * backslashes) + '"')
    return "".join(quoted)


def _check(text: str) -> None:
    # cmd.exe reads Ctrl-Z (0x1A) in a batch line as a line feed, so it
    # would end the command as a newline does.
    for char in ("\r", "\n", "\x00", "\x1a"):
        if char in text:
            raise QuotingError(f"cmd.exe cannot pass {char!r} inside an argument: {text[:60]!r}")


def cmd_arg(text: str) -> str:
    """Return ``text`` as one argument of a native program in a batch file line."""
    return cmd_expr(text, allow_references=False)


def cmd_expr(value: str, *, allow_references: bool = True) -> str:
    """Return ``value`` as one batch-file argument; secrets and hoisted variables become ``%NAME%``.

    Secrets read from the environment become ``%NAME%``, and Postman's
    dynamic variables become ``%dynamicGuid%`` and the like, their
    PowerShell names (generator.dynamic).
    """
    pieces = _pieces(value) if allow_references and "{{$" in value else [("text", value)]
    # References (environment reads, dynamic variables) are written as
    # sentinels first, so the quoting rules treat them as plain text. A NUL
    # never survives _check.
    sentinel = "\x00"
    text_parts = []
    names = []
    for kind, text in pieces:
        if kind == "text":
            _check(text)
            text_parts.append(text)
        elif kind in ("env", "hoist"):
            text_parts.append(sentinel)
            names.append(text)
        else:
            # The values of dynamic variables (GUIDs, numbers, timestamps,
            # letters and digits) contain none of the characters that rule 3
            # forbids in an expanded reference.
            text_parts.append(sentinel)
            names.append(DYNAMIC_VARIABLES[text].powershell_name)
    joined = "".join(text_parts)
    quoted = _crt_quote(joined)
    if '"' in joined:
        escaped = "".join("^" + char if char in CMD_METACHARACTERS else char for char in quoted)
    else:
        escaped = quoted
    escaped = escaped.replace("%", "%%")
    for name in names:
        escaped = escaped.replace(sentinel, f"%{name}%", 1)
    return escaped


# Characters a hoisted value may contain in a batch file. The value is set
# with set "name=value" and expanded as %name% inside arguments before
# cmd.exe parses the line. So it must not contain a double quote, "%", "!"
# or a metacharacter, which rule 3 leaves unquoted. A backslash is excluded
# because rule 1 doubles a backslash before a quote, and the expanded value
# could end with one. Non-ASCII characters depend on the code page.
_CMD_SAFE_VALUE = re.compile(r"[A-Za-z0-9 #$'*+,\-./:;=?@\[\]_`{}~]*")


def cmd_set_value(variable: HoistedName) -> str:
    """Return the text after ``=`` of ``set "name=..."`` that defines a hoisted variable.

    Secrets read from the environment become ``%NAME%``. Raise
    QuotingError when the value has a character that could not be expanded
    safely into an argument (see _CMD_SAFE_VALUE).
    """
    name = variable.name
    text_parts = []
    for kind, text in _pieces(variable.value):
        if kind == "env":
            text_parts.append(f"%{text}%")
            continue
        if kind != "text":
            raise QuotingError(f"variable {{{{{name}}}}} uses a dynamic variable, which has no cmd.exe form")
        if not _CMD_SAFE_VALUE.fullmatch(text):
            # The character is not named, because the value may be a secret.
            raise QuotingError(
                f"variable {{{{{name}}}}} cannot be hoisted in a cmd.exe batch file: an expanded %variable%"
                " may hold only ASCII letters, digits, spaces and #$'*+,-./:;=?@[]_`{}~, and its value"
                " has another character; use --variables inline"
            )
        text_parts.append(text)
    return "".join(text_parts)
