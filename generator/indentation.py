"""Change the indentation width of a formatted snippet (the ``indent`` option).

The templates and black indent by four spaces per level. These functions
rewrite the leading spaces of each line, level by level, and leave the lines
whose leading spaces belong to a string literal as they are. In Python only
the lines that start a statement give indentation a meaning, and any width
that is the same throughout a block is valid, so the rewritten code means the
same. PowerShell ignores indentation outside string literals.
"""

from __future__ import annotations

import io
import re
import tokenize

__all__ = ["TEMPLATE_INDENT", "reindent", "reindent_powershell", "reindent_python"]

# The spaces per level that the templates and black write.
TEMPLATE_INDENT = 4

# A verbatim here-string as generator.quoting.ps_here_string writes it: the
# opening line ends with @' and the closing '@ starts a line. The value never
# contains a line that starts with a quote and @, so the first closing line
# after an opening belongs to it.
_PS_HERE_STRING = re.compile(r"@'\n.*?\n'@", re.DOTALL)


def reindent(lines: list[str], protected: set[int], width: int) -> str:
    """Join ``lines`` with every level of four leading spaces made ``width`` spaces, except the ``protected`` line indexes."""
    output = []
    for index, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if index in protected or not stripped:
            output.append(line)
            continue
        spaces = len(line) - len(stripped)
        levels, rest = divmod(spaces, TEMPLATE_INDENT)
        output.append(" " * (levels * width + rest) + stripped)
    return "\n".join(output)


def reindent_python(code: str, width: int) -> str:
    """Return Python ``code`` indented by ``width`` spaces per level; lines inside a string literal keep theirs."""
    if width == TEMPLATE_INDENT:
        return code
    protected: set[int] = set()
    string_types = {tokenize.STRING}
    # Python 3.12 splits f-strings into several tokens; their text parts can span lines.
    if hasattr(tokenize, "FSTRING_MIDDLE"):
        string_types.add(tokenize.FSTRING_MIDDLE)
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if token.type in string_types and token.end[0] > token.start[0]:
            # tokenize counts lines from 1; the lines after the first start inside the literal.
            protected.update(range(token.start[0], token.end[0]))
    return reindent(code.split("\n"), protected, width)


# PowerShell accepts typographic quotes as quote characters (its lexer's
# IsSingleQuote and IsDoubleQuote).
_PS_SINGLE_QUOTES = frozenset("'\u2018\u2019\u201a\u201b")
_PS_DOUBLE_QUOTES = frozenset('"\u201c\u201d\u201e')


def reindent_powershell(code: str, width: int) -> str:
    """Return PowerShell ``code`` indented by ``width`` spaces per level; lines inside a string literal keep theirs."""
    if width == TEMPLATE_INDENT:
        return code
    protected: set[int] = set()
    for match in _PS_HERE_STRING.finditer(code):
        first = code.count("\n", 0, match.start()) + 1
        last = code.count("\n", 0, match.end())
        protected.update(range(first, last + 1))
    protected.update(_lines_inside_quotes(code, protected))
    return reindent(code.split("\n"), protected, width)


def _lines_inside_quotes(code: str, here_string_lines: set[int]) -> set[int]:
    """Return the indexes of the lines that start inside a quoted PowerShell string.

    The scan follows the quoting that generator.quoting writes: single-quoted
    strings with doubled quotes, double-quoted strings with backtick escapes,
    and comments, which hold no string. Here-string lines are skipped.
    """
    inside: set[int] = set()
    lines = code.split("\n")
    quote: str | None = None  # "single" or "double" while a string is open
    for index, line in enumerate(lines):
        if quote is not None:
            inside.add(index)
        if index in here_string_lines:
            continue
        position = 0
        while position < len(line):
            char = line[position]
            if quote == "single":
                if char in _PS_SINGLE_QUOTES:
                    if position + 1 < len(line) and line[position + 1] in _PS_SINGLE_QUOTES:
                        position += 1  # a doubled quote is one quote character
                    else:
                        quote = None
            elif quote == "double":
                if char == "`":
                    position += 1
                elif char in _PS_DOUBLE_QUOTES:
                    if position + 1 < len(line) and line[position + 1] in _PS_DOUBLE_QUOTES:
                        position += 1
                    else:
                        quote = None
            elif char == "#":
                break  # a comment runs to the end of the line
            elif char == "@" and line[position + 1 :] in ("'", '"'):
                break  # a here-string opens at the end of the line; its lines are skipped above
            elif char in _PS_SINGLE_QUOTES:
                quote = "single"
            elif char in _PS_DOUBLE_QUOTES:
                quote = "double"
            position += 1
    return inside
