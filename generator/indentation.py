"""Change the indentation width of a formatted snippet (the ``indent`` option).

The templates and black indent by four spaces per level. These functions
rewrite the leading spaces of each line, level by level, and leave the lines
whose leading spaces belong to a string literal as they are. In Python only
the lines that start a statement give indentation a meaning, and any width
that is the same throughout a block is valid, so the rewritten code means the
same. PowerShell ignores indentation outside here-strings.
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
# holds a line that starts with a quote and @, so the first closing line after
# an opening belongs to it.
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


def reindent_powershell(code: str, width: int) -> str:
    """Return PowerShell ``code`` indented by ``width`` spaces per level; here-string lines keep theirs."""
    if width == TEMPLATE_INDENT:
        return code
    protected: set[int] = set()
    for match in _PS_HERE_STRING.finditer(code):
        first = code.count("\n", 0, match.start()) + 1
        last = code.count("\n", 0, match.end())
        protected.update(range(first, last + 1))
    return reindent(code.split("\n"), protected, width)
