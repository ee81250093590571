"""Quote untrusted strings as literals of each target language.

Templates never paste a value from a collection. They pass it through one of
these functions, which Jinja sees as the ``py``, ``sh`` and ``ps`` filters, so
no header value, body or item name can end a literal and become code.

All three languages get the same treatment of "hidden" characters: control
characters other than newline, Unicode format characters (bidirectional
overrides, zero-width characters, the byte order mark), the line and paragraph
separators U+2028 and U+2029, and lone surrogates are written as escapes,
never raw. A raw carriage return or right-to-left override would let a value
look different on screen from what the snippet sends, and a raw tab pasted
into an interactive shell without bracketed paste starts completion and is
lost (bash 5.2 with readline does this when it reads a script from a pipe).
"""

from __future__ import annotations

import functools
import re
import textwrap
import unicodedata

__all__ = [
    "QuotingError",
    "comment_lines",
    "comment_text",
    "ps_here_string",
    "ps_str",
    "py_str",
    "sh_bytes",
    "sh_str",
]


class QuotingError(ValueError):
    """Raised when a string cannot be written as a literal of the target language."""


# --- characters that are never written raw ------------------------------------

# Unicode categories of invisible characters: controls, format characters,
# line and paragraph separators and surrogates. The Unicode version is the one
# of the running Python's unicodedata module.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
# Every character outside printable ASCII and newline. Only these need the
# slower category look-up.
_NOT_PLAIN_ASCII = re.compile("[^\n\x20-\x7e]")


def _is_hidden(char: str) -> bool:
    return char != "\n" and unicodedata.category(char) in _HIDDEN_CATEGORIES


def _hidden_spans(value: str) -> list[tuple[int, int]]:
    """Return the (start, end) index ranges of the runs of hidden characters."""
    spans: list[tuple[int, int]] = []
    for match in _NOT_PLAIN_ASCII.finditer(value):
        if not _is_hidden(match.group()):
            continue
        if spans and spans[-1][1] == match.start():
            spans[-1] = (spans[-1][0], match.end())
        else:
            spans.append((match.start(), match.end()))
    return spans


def _has_hidden(value: str) -> bool:
    return any(_is_hidden(match.group()) for match in _NOT_PLAIN_ASCII.finditer(value))


# --- Python -----------------------------------------------------------------

# An escape sequence or a double quote in the body of a single-quoted literal.
_PY_SINGLE_QUOTED_PART = re.compile(r'\\(.)|"')


def py_str(value: str) -> str:
    """Return a Python string literal that evaluates to ``value``.

    ``repr`` escapes every character that ``str.isprintable`` rejects (NUL,
    lone surrogates, U+2028, bidirectional controls), so the literal always
    stays on one line. The quotes follow black's rule, so black leaves the
    literal as it is: double quotes unless they would need more escapes than
    single quotes.
    """
    if value.isascii() and value.isprintable() and not ('"' in value or "'" in value or "\\" in value):
        return '"' + value + '"'  # what the code below returns, without repr and a substitution
    literal = repr(value)
    use_single = value.count('"') > value.count("'")
    if use_single or literal.startswith('"'):
        # repr writes double quotes only when the value has a single quote and
        # no double quote. Single quotes are wanted only when the value has a
        # double quote, so repr already chose single quotes.
        return literal
    # repr chose single quotes: unescape \' and escape " instead.
    body = _PY_SINGLE_QUOTED_PART.sub(_to_double_quoted, literal[1:-1])
    return '"' + body + '"'


def _to_double_quoted(match: re.Match[str]) -> str:
    escaped = match.group(1)
    if escaped is None:
        return '\\"'
    if escaped == "'":
        return "'"
    return match.group()


# --- bash -------------------------------------------------------------------

# Words made only of these characters need no quotes in bash. A leading "="
# is quoted too, because zsh expands "=name" to a command's path when a reader
# pastes the snippet there.
_SH_SAFE = re.compile(r"[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*")


def sh_str(value: str) -> str:
    """Return a bash word that expands to exactly ``value``.

    Plain tokens stay bare; anything else is single-quoted with ``'\\''`` for
    an embedded quote. Only strings that contain hidden characters (see the
    module docstring) use ANSI-C quoting (``$'...'``), where each of them is
    written as ``\\x`` escapes of its UTF-8 bytes. A NUL character cannot be
    part of a command-line argument, and a lone surrogate has no UTF-8
    encoding, so both raise :class:`QuotingError`.
    """
    if "\x00" in value:
        raise QuotingError("a NUL character cannot be passed in a shell argument")
    _check_encodable(value)
    if _SH_SAFE.fullmatch(value):
        return value
    if _has_hidden(value):
        return _sh_ansi_c(value)
    return "'" + value.replace("'", "'\\''") + "'"


def sh_bytes(data: bytes) -> str:
    """Return a bash word that expands to exactly the bytes ``data`` (no NUL).

    Printable ASCII is written as itself and every other byte as ``\\xNN``
    inside ANSI-C quoting, for arguments that must not be UTF-8.
    """
    if b"\x00" in data:
        raise QuotingError("a NUL byte cannot be passed in a shell argument")
    parts = []
    for byte in data:
        char = chr(byte)
        if char in "\\'":
            parts.append("\\" + char)
        elif 0x20 <= byte < 0x7F:
            parts.append(char)
        else:
            parts.append(f"\\x{byte:02x}")
    return "$'" + "".join(parts) + "'"


def _sh_ansi_c(value: str) -> str:
    parts = []
    for char in value:
        if char == "\\":
            parts.append("\\\\")
        elif char == "'":
            # \x27 rather than \', so that a reader or tool that does not know
            # ANSI-C quoting finds no quote character inside the word.
            parts.append("\\x27")
        elif char == "\n":
            parts.append("\\n")
        elif char == "\t":
            parts.append("\\t")
        elif _is_hidden(char):
            # \x escapes write single bytes, so characters above U+007F are
            # written as their UTF-8 bytes. They do not depend on the locale,
            # unlike \u escapes.
            parts.extend(f"\\x{byte:02x}" for byte in char.encode("utf-8"))
        else:
            parts.append(char)
    return "$'" + "".join(parts) + "'"


def _check_encodable(value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise QuotingError(
            f"the text contains an unpaired surrogate (U+{ord(value[error.start]):04X}),"
            " which has no UTF-8 encoding"
        ) from None


# --- PowerShell ---------------------------------------------------------------

# PowerShell treats the typographic single quotes as quote characters too, so
# each of them must be doubled inside a single-quoted string, like ``'``.
_PS_QUOTES = "'\u2018\u2019\u201a\u201b"
_PS_QUOTE_RE = re.compile(f"([{_PS_QUOTES}])")
# A line that could end a verbatim here-string: a single quote of any kind and
# "@". Indented ones are matched too, so the result does not depend on whether
# a PowerShell version allows whitespace before the terminator.
_PS_HERE_STRING_END = re.compile(f"^[ \t]*[{_PS_QUOTES}]@", re.MULTILINE)


def ps_str(value: str) -> str:
    """Return a PowerShell expression that evaluates to the string ``value``.

    The result is a single-quoted string, in which only quote characters are
    special (they are doubled). Hidden characters (see the module docstring)
    are joined in as ``[char]0xNNNN`` casts inside parentheses, after a
    leading ``''`` that makes ``+`` concatenate strings. A ``[char]`` is one
    UTF-16 code unit, so a hidden character above U+FFFF (such as the tag
    characters U+E0001 to U+E007F) is written as two casts, its surrogate pair.
    """
    spans = _hidden_spans(value)
    if not spans:
        return _ps_single(value)
    pieces = ["''"]
    start = 0
    for span_start, span_end in spans:
        if span_start > start:
            pieces.append(_ps_single(value[start:span_start]))
        for char in value[span_start:span_end]:
            pieces.extend(f"[char]0x{unit:04X}" for unit in _utf16_units(char))
        start = span_end
    if start < len(value):
        pieces.append(_ps_single(value[start:]))
    return "(" + " + ".join(pieces) + ")"


def _utf16_units(char: str) -> list[int]:
    code_point = ord(char)
    if code_point <= 0xFFFF:
        return [code_point]
    offset = code_point - 0x10000
    return [0xD800 + (offset >> 10), 0xDC00 + (offset & 0x3FF)]


def _ps_single(value: str) -> str:
    return "'" + _PS_QUOTE_RE.sub(r"\1\1", value) + "'"


def ps_here_string(value: str) -> str | None:
    """Return a verbatim here-string for ``value``, or None where one cannot hold it.

    A single-quoted here-string ends at a line starting with a single quote of
    any kind and ``@``. A value containing such a line, or a hidden character
    (including a carriage return, which PowerShell would read as part of the
    line break), needs :func:`ps_str`. So do an empty value and one that ends
    with a newline: tree-sitter-powershell 0.26 rejects the empty here-string,
    and the meaning of a trailing empty line would depend on how PowerShell
    removes the final line break.
    """
    if value == "" or value.endswith("\n"):
        return None
    if _has_hidden(value):
        return None
    if _PS_HERE_STRING_END.search(value):
        return None
    if value.rsplit("\n", 1)[-1].strip(_PS_QUOTES) == "":
        # tree-sitter-powershell 0.26 misreads a last line of quotes only.
        return None
    return "@'\n" + value + "\n'@"


# --- comments -------------------------------------------------------------------

_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Python reads a comment matching "coding[:=]" in the first two lines as the
# source encoding. With "# coding: utf-7" there, a later "+AAo-" in the file
# decodes to a newline and starts code (checked with CPython 3.11).
_PY_CODING = re.compile("(coding)([:=])", re.IGNORECASE)


def comment_text(value: str, limit: int = 120) -> str:
    """Return ``value`` made safe for a one-line comment in any target language.

    Line breaks and tabs become spaces, because a newline would end the
    comment and start code. Other hidden characters (see the module
    docstring) are dropped. The text is shortened to ``limit`` characters,
    ending with "..." when ``limit`` is 3 or more. Notes, which must be
    written in full, go through :func:`comment_lines` instead.
    """
    if limit < 0:
        raise ValueError(f"limit must be 0 or more, got {limit}")
    return _cached_comment_text(value, limit)


# The width that notes are wrapped at: with "# " before it, a comment line
# stays within black's 88 columns.
NOTE_WIDTH = 86


def comment_lines(value: str, width: int = NOTE_WIDTH) -> list[str]:
    """Return ``value`` made safe as by :func:`comment_text`, wrapped at spaces into lines of at most ``width`` characters.

    Nothing is cut: a word longer than ``width`` gets a line of its own, and
    only the spaces where a line is broken are dropped. An empty ``value``
    gives one empty line.
    """
    if width < 1:
        raise ValueError(f"width must be 1 or more, got {width}")
    return list(_cached_comment_lines(value, width))


# Templates wrap the same notes (such as why a snippet follows redirects
# itself) for every item, and textwrap is slow, so the results are kept.
@functools.lru_cache(maxsize=1024)
def _cached_comment_lines(value: str, width: int) -> tuple[str, ...]:
    text = _safe_comment(value)
    if len(text) <= width and text and text == text.strip():
        return (text,)  # what textwrap returns for it
    return tuple(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or ("",)


# The same comments ("str", "int | None") come back in every read of a
# snippet, so the results are kept.
@functools.lru_cache(maxsize=4096)
def _cached_comment_text(value: str, limit: int) -> str:
    text = _safe_comment(value)
    if len(text) > limit:
        if limit >= 3:
            text = text[: limit - 3] + "..."
        else:
            text = text[:limit]
    return text


def _safe_comment(value: str) -> str:
    text = _LINE_BREAKS.sub(" ", value).replace("\t", " ")
    if _has_hidden(text):
        text = "".join(char for char in text if not _is_hidden(char))
    # PowerShell block comments end at "#>", so break that sequence too.
    text = text.replace("#>", "# >")
    return _PY_CODING.sub(r"\1 \2", text)
