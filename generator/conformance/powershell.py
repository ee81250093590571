"""Read PowerShell snippets back with tree-sitter-powershell, without running pwsh.

Tests use this module to check what a generated snippet would send: it parses
the script, evaluates the string expressions that :mod:`generator.quoting`
writes, and reads the ``Invoke-RestMethod`` call back into an
:class:`ExtractedRequest`. Anything outside that small subset of PowerShell
raises, so a template or quoting change that would let data run as code, such
as a double-quoted string around a value, fails the test instead of passing
unnoticed.

tree-sitter-powershell 0.26 differs from PowerShell in ways that matter here,
so the string decoders apply PowerShell's own rules to the text of each node:

- PowerShell ends a single-quoted string at any of ``'``, U+2018, U+2019,
  U+201A and U+201B, but the grammar only at ``'``. The decoder rejects a
  node that PowerShell would end early.
- The grammar continues a verbatim here-string past a line starting with a
  typographic quote and ``@``, and past an indented ``'@``. The decoder
  rejects such lines.
"""

from __future__ import annotations

import base64
import urllib.parse

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Union

import tree_sitter_powershell
from tree_sitter import Language, Node, Parser, Tree

__all__ = [
    "DecodeError",
    "ExtractedRequest",
    "ExtractionError",
    "MultipartPart",
    "PowerShellError",
    "RunTimeCall",
    "RunTimeValue",
    "decode_string_expression",
    "extract_request",
    "parse",
    "syntax_errors",
]

_PARSER = Parser(Language(tree_sitter_powershell.language()))

# The characters that PowerShell's tokenizer accepts as a single quote.
_QUOTES = "'\u2018\u2019\u201a\u201b"
# One token of a single-quoted string body: a run of other characters, an
# escaped quote (any two quote characters, which stand for the second one), or
# a lone quote, which ends the string.
_SINGLE_QUOTED_TOKEN = re.compile(f"[^{_QUOTES}]+|[{_QUOTES}]{{2}}|[{_QUOTES}]")
_HERE_STRING_HEADER = re.compile(f"@[{_QUOTES}][ \t]*(?:\r\n|\r|\n)")
# A line that ends a verbatim here-string. Indentation is captured so that the
# decoder can reject indented terminators rather than guess how a PowerShell
# version reads them.
_HERE_STRING_FOOTER = re.compile(f"(\r\n|\r|\n)([ \t]*)[{_QUOTES}]@")
_HEX_LITERAL = re.compile("0[xX]([0-9a-fA-F]{1,4})")
_DECIMAL_LITERAL = re.compile("[0-9]+")

# Grammar nodes that only wrap one child and add no meaning of their own when
# they have exactly one child.
_WRAPPERS = frozenset(
    {
        "additive_expression",
        "argument_expression",
        "array_literal_expression",
        "bitwise_expression",
        "comparison_expression",
        "expression_with_unary_operator",
        "format_expression",
        "integer_literal",
        "key_expression",
        "left_assignment_expression",
        "logical_expression",
        "multiplicative_expression",
        "pipeline",
        "pipeline_chain",
        "range_expression",
        "statement_list",
        "string_literal",
        "unary_expression",
    }
)
_STRING_NODES = frozenset(
    {
        "additive_expression",
        "expandable_here_string_literal",
        "expandable_string_literal",
        "parenthesized_expression",
        "verbatim_here_string_characters",
        "verbatim_string_characters",
    }
)
_CMDLETS = {"invoke-restmethod": "Invoke-RestMethod", "invoke-webrequest": "Invoke-WebRequest"}
# Values of the WebRequestMethod enumeration that -Method accepts, from its
# .NET API reference on learn.microsoft.com. Other verbs need -CustomMethod.
_STANDARD_METHODS = frozenset(
    {"default", "get", "head", "post", "put", "delete", "trace", "options", "merge", "patch"}
)
# Switch parameters of Invoke-RestMethod and Invoke-WebRequest, from the
# syntax section of the PowerShell 7.4 reference on learn.microsoft.com. On the
# command line a switch takes no argument, so the word after it is a
# positional argument.
_SWITCH_PARAMETERS = frozenset(
    {
        "allowinsecureredirect",
        "allowunencryptedauthentication",
        "disablekeepalive",
        "followrellink",
        "noproxy",
        "passthru",
        "preserveauthorizationonredirect",
        "preservehttpmethodonredirect",
        "proxyusedefaultcredentials",
        "resume",
        "skipcertificatecheck",
        "skipheadervalidation",
        "skiphttperrorcheck",
        "usebasicparsing",
        "usedefaultcredentials",
    }
)
# Splat keys that become fields of ExtractedRequest rather than flags.
_REQUEST_FIELDS = frozenset({"uri", "method", "custommethod", "headers", "contenttype", "body"})


class PowerShellError(ValueError):
    """Base class of the errors raised for a snippet this module cannot read."""


class DecodeError(PowerShellError):
    """Raised when an expression is not one of the string forms that quoting writes."""


class ExtractionError(PowerShellError):
    """Raised when a snippet does not have the shape of a request snippet."""


# --- parsing --------------------------------------------------------------------


def parse(code: str) -> Tree:
    """Parse PowerShell source with tree-sitter-powershell."""
    return _PARSER.parse(code.encode("utf-8"))


def syntax_errors(code: str | Tree) -> list[str]:
    """List the ERROR and MISSING nodes of ``code`` as "line:column: ..." messages.

    Lines and columns are 1-based, and columns count characters. An empty list
    means the grammar accepted the whole text.
    """
    tree = parse(code) if isinstance(code, str) else code
    root = tree.root_node
    messages: list[str] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if not node.has_error:
            continue
        if node.is_missing:
            messages.append(f"{_position(node)}: missing {node.type!r}")
            continue
        if node.is_error:
            text = node.text.decode("utf-8", "replace")
            messages.append(f"{_position(node)}: syntax error at {_excerpt(text)}")
        stack.extend(reversed(node.children))
    return messages


def _position(node: Node) -> str:
    """Return "line:column" of the start of ``node``, 1-based, columns in characters."""
    root = node
    while root.parent is not None:
        root = root.parent
    source = root.text or b""
    line_start = source.rfind(b"\n", 0, node.start_byte) + 1
    column = len(source[line_start : node.start_byte].decode("utf-8", "replace")) + 1
    return f"{node.start_point.row + 1}:{column}"


def _excerpt(text: str, limit: int = 40) -> str:
    if len(text) > limit:
        text = text[:limit] + "..."
    return repr(text)


def _children(node: Node) -> list[Node]:
    return [child for child in node.children if child.type != "comment"]


def _unwrap(node: Node) -> Node:
    """Descend through wrapper nodes that have a single child."""
    # Arguments of a method call nest through *_argument_expression nodes.
    while node.type in _WRAPPERS or node.type.endswith("_argument_expression"):
        children = _children(node)
        if len(children) != 1 or not children[0].is_named:
            break
        node = children[0]
    return node


def _text(node: Node) -> str:
    return node.text.decode("utf-8")


# --- string expressions ---------------------------------------------------------


def decode_string_expression(node_or_text: Node | str) -> str:
    """Evaluate a string expression of the forms that :mod:`generator.quoting` writes.

    Accepted forms are single-quoted strings (quotes of every kind doubled),
    verbatim here-strings (``@'`` ... ``'@``), and parentheses around a ``+``
    concatenation that starts with one of those strings and continues with
    strings and ``[char]0xNNNN`` casts. A text argument must contain exactly
    that one expression. Anything else raises :class:`DecodeError`, in
    particular double-quoted strings, which expand ``$`` and backticks.
    Surrogate pairs formed by casts come back as one code point (see
    :func:`_join_utf16`).
    """
    if isinstance(node_or_text, str):
        node = _single_expression(node_or_text)
    else:
        node = node_or_text
    return _decode(node)


def _single_expression(code: str) -> Node:
    tree = parse(code)
    errors = syntax_errors(tree)
    if errors:
        raise DecodeError(f"invalid PowerShell expression: {'; '.join(errors)}")
    statements = _children(tree.root_node)
    if len(statements) == 1 and statements[0].type == "statement_list":
        statements = _children(statements[0])
    if len(statements) != 1:
        raise DecodeError(
            f"expected one expression, found {len(statements)} statements in {_excerpt(code)}"
        )
    return statements[0]


def _decode(node: Node) -> str:
    node = _unwrap(node)
    if node.type == "verbatim_string_characters":
        return _decode_single_quoted(node)
    if node.type == "verbatim_here_string_characters":
        return _decode_here_string(node)
    if node.type in ("expandable_string_literal", "expandable_here_string_literal"):
        raise DecodeError(
            f"{_position(node)}: double-quoted string {_excerpt(_text(node))} expands"
            " $variables, $(...) and backtick escapes, so it must not hold data;"
            " quoting writes single-quoted strings"
        )
    if node.type == "parenthesized_expression":
        return _decode_parenthesized(node)
    if node.type == "additive_expression":
        return _decode_concatenation(node)
    raise DecodeError(
        f"{_position(node)}: {node.type} {_excerpt(_text(node))} is not a string expression"
        " that quoting writes"
    )


def _decode_single_quoted(node: Node) -> str:
    text = _text(node)
    if not text or text[0] not in _QUOTES:
        raise DecodeError(f"{_position(node)}: {_excerpt(text)} does not start with a quote")
    pieces: list[str] = []
    position = 1
    for match in _SINGLE_QUOTED_TOKEN.finditer(text, 1):
        token = match.group()
        position = match.end()
        if token[0] not in _QUOTES:
            pieces.append(token)
        elif len(token) == 2:
            # PowerShell keeps the second character of an escaped quote.
            pieces.append(token[1])
        elif position == len(text):
            return "".join(pieces)
        else:
            raise DecodeError(
                f"{_position(node)}: PowerShell ends the string {_excerpt(text)} at the"
                f" {token!r} at character {match.start() + 1}, where the grammar does not"
            )
    raise DecodeError(f"{_position(node)}: unterminated string {_excerpt(text)}")


def _decode_here_string(node: Node) -> str:
    text = _text(node)
    header = _HERE_STRING_HEADER.match(text)
    if header is None:
        raise DecodeError(
            f"{_position(node)}: a here-string header must be @' and a line break,"
            f" got {_excerpt(text)}"
        )
    rest = text[header.end() :]
    if rest in [quote + "@" for quote in _QUOTES]:
        return ""
    footer = _HERE_STRING_FOOTER.search(rest)
    if footer is None:
        raise DecodeError(f"{_position(node)}: unterminated here-string {_excerpt(text)}")
    if footer.group(2):
        raise DecodeError(
            f"{_position(node)}: indented here-string terminator at character"
            f" {header.end() + footer.start(2) + 1} of {_excerpt(text)}"
        )
    if footer.end() != len(rest):
        raise DecodeError(
            f"{_position(node)}: PowerShell ends the here-string {_excerpt(text)} at"
            f" character {header.end() + footer.start(2) + 1}, where the grammar does not"
        )
    return rest[: footer.start()]


def _decode_parenthesized(node: Node) -> str:
    children = _children(node)
    if len(children) != 3 or children[0].type != "(" or children[2].type != ")":
        raise DecodeError(f"{_position(node)}: unexpected parentheses {_excerpt(_text(node))}")
    return _decode(children[1])


def _decode_concatenation(node: Node) -> str:
    # The grammar nests "a + b + c" to the left: ((a + b) + c). Walk down the
    # left side without recursion, because a value with many hidden characters
    # gives a chain of thousands of casts.
    operands: list[Node] = []
    while node.type == "additive_expression":
        children = _children(node)
        if len(children) == 1:
            node = _unwrap(children[0])
            continue
        if len(children) != 3 or children[1].type != "+":
            raise DecodeError(
                f"{_position(node)}: only + joins string pieces, got {_excerpt(_text(node))}"
            )
        operands.append(children[2])
        node = _unwrap(children[0])
    operands.append(node)
    operands.reverse()

    # PowerShell converts the right operand of + to the type of the left one,
    # so the chain is a string concatenation only when it starts with a string.
    first = _unwrap(operands[0])
    if _is_char_cast(first):
        raise DecodeError(
            f"{_position(first)}: a concatenation must start with a string, not a [char] cast"
        )
    pieces = [_decode(first)]
    for operand in operands[1:]:
        operand = _unwrap(operand)
        if _is_char_cast(operand):
            pieces.append(_decode_char_cast(operand))
        else:
            pieces.append(_decode(operand))
    return _join_utf16("".join(pieces))


def _join_utf16(text: str) -> str:
    """Combine surrogate pairs into code points, as .NET strings are UTF-16.

    "[char]0xD83D + [char]0xDE00" is the same .NET string as the emoji
    U+1F600, so the decoder returns it as that one code point. Lone
    surrogates stay as they are.
    """
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _is_char_cast(node: Node) -> bool:
    return node.type == "cast_expression"


def _decode_char_cast(node: Node) -> str:
    children = _children(node)
    if len(children) != 2 or children[0].type != "type_literal":
        raise DecodeError(f"{_position(node)}: unexpected cast {_excerpt(_text(node))}")
    type_name = _text(children[0])
    if type_name.lower() != "[char]":
        raise DecodeError(f"{_position(node)}: only [char] casts are allowed, got {type_name}")
    operand = _unwrap(children[1])
    match = _HEX_LITERAL.fullmatch(_text(operand))
    if operand.type != "hexadecimal_integer_literal" or match is None:
        raise DecodeError(
            f"{_position(node)}: a [char] cast must take a hexadecimal literal of at most"
            f" four digits, got {_excerpt(_text(operand))}"
        )
    return chr(int(match.group(1), 16))


# --- request extraction ---------------------------------------------------------


@dataclass(frozen=True)
class MultipartPart:
    """One part that a snippet adds to a ``MultipartFormDataContent`` body.

    ``filename`` is None for a part added without a file name. The content is
    ``text`` for a ``StringContent``, the file at ``path`` for a
    ``StreamContent`` over ``[System.IO.File]::OpenRead``, and empty when
    both are None (an empty ``ByteArrayContent``). ``content_type`` is the
    part's Content-Type, with .NET's default for a ``StringContent`` unless
    the snippet sets another one.
    """

    name: str
    filename: str | None
    content_type: str | None
    text: str | None = None
    path: str | None = None


@dataclass
class ExtractedRequest:
    """The request that a PowerShell snippet sends, as read from its source.

    ``headers`` lists (name, value) pairs in source order, and a header whose
    value is an array gives one pair per element. ``headers_ordered`` is True
    when PowerShell keeps that order, because the headers are an ``[ordered]``
    dictionary or there are fewer than two.

    ``multipart`` lists the parts of a ``MultipartFormDataContent`` body, in
    the order they are added, and is None for any other body.

    ``flags`` maps the other parameters to their values. Names are in snake
    case, so ``SkipCertificateCheck`` becomes ``skip_certificate_check``.
    Values are bool for ``$true``, ``$false`` and a switch given on the command
    line, int, str, None for ``$null``, list for an array and dict for a
    hashtable.
    """

    cmdlet: str
    method: str
    uri: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    headers_ordered: bool = True
    content_type: str | None = None
    body: str | None = None
    flags: dict[str, object] = field(default_factory=dict)
    multipart: list[MultipartPart] | None = None
    run_time_calls: list[RunTimeCall] = field(default_factory=list)

    @property
    def computed_at_run_time(self) -> bool:
        """Tell whether a value of the request is one that only a run computes, such as a signature."""
        return bool(self.run_time_calls)


@dataclass(frozen=True)
class RunTimeCall:
    """A value that the snippet computes when it runs and that this module does not compute.

    ``name`` is the function or the expression, and ``arguments`` maps the
    parameter names of a function call to their evaluated values.
    """

    name: str
    arguments: dict[str, object] = field(default_factory=dict)


class RunTimeValue(str):
    """A placeholder for a value that only a run of the snippet computes.

    It takes the value's place in the request so that a comparison by
    structure (header and parameter names) can go on. Its text contains no
    comma, quote or equals sign, so it cannot look like a parameter of an
    ``Authorization`` value.
    """


@dataclass
class _Hashtable:
    entries: list[tuple[str, object]]
    ordered: bool


@dataclass
class _Multipart:
    parts: list[MultipartPart]


_Value = Union[str, int, bool, None, list, _Hashtable, _Multipart]

# Functions that the snippets define to sign a request, whose result this
# module leaves to a run of the snippet (generator/languages/powershell_auth.py).
_RUN_TIME_FUNCTIONS = {"get-oauth1signature": "Get-OAuth1Signature"}
# Expressions whose value changes on every run, without white space and in lower case.
_RUN_TIME_EXPRESSIONS = {
    "[string][datetimeoffset]::utcnow.tounixtimeseconds()": "the time in seconds",
    "[convert]::tohexstring([system.security.cryptography.randomnumbergenerator]::getbytes(6)).tolowerinvariant()": "a random nonce",
}

_MULTIPART_CONTENT = "system.net.http.multipartformdatacontent"
# A Content-Disposition as newman writes it: name and file name between double
# quotes, without escaping.
_FORM_DISPOSITION = re.compile(r'form-data; name="(?P<name>.*?)"(?:; filename="(?P<filename>.*)")?', re.S)
# .NET's Content-Type of a StringContent made from a string alone.
_STRING_CONTENT_TYPE = "text/plain; charset=utf-8"


def extract_request(
    code: str, file_exists: Callable[[str], bool] | None = None, environment: Mapping[str, str] | None = None
) -> ExtractedRequest:
    """Read the single ``Invoke-RestMethod`` or ``Invoke-WebRequest`` call of a snippet.

    Parameters may come from splatted hashtables (``@request``), from the
    command line, or both. Variables are resolved to their last plain
    assignment before the point of use. A variable changed in any other way
    before that point raises. Statements that do not feed the call are
    ignored.

    Statements inside ``if (...) { } else { }`` count only in the branch that
    runs. The conditions read are ``Test-File 'path'``, the snippet's own
    function that tests whether a file exists, for which ``file_exists``
    returns whether the file exists in the snippet's working folder, and ``@($form).Count -eq N`` for
    the number of parts of a MultipartFormDataContent, or ``$array.Count
    -eq N`` for an array. Statements inside a
    function definition are ignored.

    ``$env:NAME`` reads ``environment``. The OAuth 1.0 signature that the
    snippet's ``Get-OAuth1Signature`` computes, the time and the nonce are
    not computed here: each becomes a :class:`RunTimeValue` placeholder, and
    the call is listed in ``run_time_calls`` with its evaluated arguments.

    Raises :class:`ExtractionError` when the snippet has syntax errors, no
    call or more than one, a condition other than those above, or values this
    module cannot evaluate, and :class:`DecodeError` for a string that is not
    a quoting form.
    """
    snippet = _Snippet(code, file_exists, environment)
    command = snippet.single_command()
    parameters = snippet.command_parameters(command)
    return _build_request(snippet, command, parameters)


class _Snippet:
    """A parsed snippet with its assignments indexed by variable name."""

    def __init__(
        self, code: str, file_exists: Callable[[str], bool] | None = None, environment: Mapping[str, str] | None = None
    ) -> None:
        self.file_exists = file_exists
        self.environment = environment
        # The result of each if-statement's condition, by its start byte.
        self.conditions: dict[int, bool] = {}
        self.tree = parse(code)
        errors = syntax_errors(self.tree)
        if errors:
            raise ExtractionError(f"the snippet has syntax errors: {'; '.join(errors)}")
        self.assignments: dict[str, list[Node]] = {}
        # Statements that change a variable other than by "$name = value":
        # compound assignments, element or member assignments, method calls.
        self.changes: dict[str, list[Node]] = {}
        self.commands: list[Node] = []
        self.run_time_calls: list[RunTimeCall] = []
        self._index()

    def _index(self) -> None:
        stack = [self.tree.root_node]
        while stack:
            node = stack.pop()
            if node.type == "assignment_expression":
                self._index_assignment(node)
            elif node.type == "invokation_expression":
                # A method call may change its object, also through a member
                # ($part.Headers.TryAddWithoutValidation(...)).
                target = _unwrap(node.children[0])
                while target.type == "member_access":
                    target = _unwrap(target.children[0])
                if target.type == "variable":
                    self.changes.setdefault(_variable_name(target), []).append(node)
            elif node.type == "command":
                name = _children(node)[0]
                if name.type == "command_name" and _text(name).lower() in _CMDLETS:
                    self.commands.append(node)
            stack.extend(reversed(node.children))

    def _index_assignment(self, node: Node) -> None:
        children = _children(node)
        target = _unwrap(children[0])
        operator = _text(children[1])
        if target.type == "variable" and operator == "=":
            self.assignments.setdefault(_variable_name(target), []).append(node)
            return
        while target.type in ("element_access", "member_access"):
            target = _unwrap(target.children[0])
        if target.type == "variable":
            self.changes.setdefault(_variable_name(target), []).append(node)

    def runs(self, node: Node) -> bool:
        """Tell whether ``node`` runs: it is in no function body and in the taken branch of each if-statement around it."""
        child = node
        parent = node.parent
        while parent is not None:
            if parent.type == "function_statement":
                return False
            if parent.type == "elseif_clause":
                raise ExtractionError(f"{_position(parent)}: this reader does not follow elseif")
            if parent.type == "if_statement" and child.type == "statement_block":
                if not self.condition(parent):
                    return False
            if parent.type == "else_clause" and parent.parent is not None and self.condition(parent.parent):
                return False
            child = parent
            parent = parent.parent
        return True

    def condition(self, statement: Node) -> bool:
        """Evaluate the condition of an if-statement, in the forms that extract_request lists."""
        if statement.start_byte in self.conditions:
            return self.conditions[statement.start_byte]
        children = _children(statement)
        pipeline = _unwrap(children[2]) if len(children) > 2 else None
        if pipeline is not None and pipeline.type == "command":
            result = self._file_test(pipeline)
        elif pipeline is not None and pipeline.type == "comparison_expression":
            result = self._part_count_test(pipeline)
        else:
            raise ExtractionError(f"{_position(statement)}: cannot evaluate the condition of {_excerpt(_text(statement))}")
        self.conditions[statement.start_byte] = result
        return result

    def _file_test(self, command: Node) -> bool:
        """Evaluate ``Test-File 'path'``."""
        name = _children(command)[0]
        elements = [
            child
            for elements in _children(command)[1:]
            if elements.type == "command_elements"
            for child in _children(elements)
            if child.type != "command_argument_sep"
        ]
        if _text(name).lower() != "test-file" or len(elements) != 1:
            raise ExtractionError(f"{_position(command)}: expected Test-File 'path', got {_excerpt(_text(command))}")
        if "function test-file" not in _text(self.tree.root_node).lower():
            raise ExtractionError(f"{_position(command)}: the snippet calls Test-File without defining it")
        path = self.evaluate(elements[0])
        if not isinstance(path, str):
            raise ExtractionError(f"{_position(command)}: Test-File needs a string path")
        if self.file_exists is None:
            raise ExtractionError(f"{_position(command)}: the snippet tests whether {path!r} exists; pass file_exists")
        return self.file_exists(path)

    def _part_count_test(self, comparison: Node) -> bool:
        """Evaluate ``$array.Count -eq N``, or ``@($form).Count -eq N`` for a MultipartFormDataContent ``$form``."""
        left, operator, right = (_unwrap(child) for child in _children(comparison))
        left_children = _children(left)
        if (
            left.type != "member_access"
            or _text(left_children[-1]).lower() != "count"
            or _text(operator).lower() != "-eq"
            or right.type != "decimal_integer_literal"
        ):
            raise ExtractionError(
                f"{_position(comparison)}: expected $array.Count -eq N or @($form).Count -eq N,"
                f" got {_excerpt(_text(comparison))}"
            )
        counted = self.evaluate(left_children[0])
        if isinstance(counted, list) and len(counted) == 1 and isinstance(counted[0], _Multipart):
            count = len(counted[0].parts)
        elif isinstance(counted, list) and not any(isinstance(item, _Multipart) for item in counted):
            count = len(counted)
        else:
            raise ExtractionError(
                f"{_position(comparison)}: only an array or the parts of a MultipartFormDataContent are counted"
            )
        return count == int(_text(right))

    def single_command(self) -> Node:
        if len(self.commands) != 1:
            raise ExtractionError(
                "expected exactly one Invoke-RestMethod or Invoke-WebRequest call,"
                f" found {len(self.commands)}"
            )
        return self.commands[0]

    def command_parameters(self, command: Node) -> dict[str, tuple[str, Node, _Value]]:
        """Collect the call's parameters as lower-case name -> (name, node, value)."""
        parameters: dict[str, tuple[str, Node, _Value]] = {}

        def add(name: str, node: Node, value: _Value) -> None:
            key = name.lower()
            if key in parameters:
                raise ExtractionError(f"{_position(node)}: parameter {name} is given twice")
            parameters[key] = (name, node, value)

        elements: list[Node] = []
        for child in _children(command):
            if child.type == "command_elements":
                elements.extend(_children(child))
        index = 0
        while index < len(elements):
            element = elements[index]
            index += 1
            if element.type == "command_argument_sep":
                continue
            if element.type == "command_parameter":
                name = _text(element)[1:].rstrip(":")
                value_node, index = self._parameter_argument(elements, index, name)
                if value_node is None:
                    add(name, element, True)
                else:
                    add(name, element, self.evaluate(value_node))
                continue
            element = _unwrap(element)
            if element.type == "variable" and _text(element).startswith("@"):
                splatted = self.evaluate_variable(element)
                if not isinstance(splatted, _Hashtable):
                    raise ExtractionError(
                        f"{_position(element)}: {_text(element)} must be a hashtable to splat"
                    )
                for name, value in splatted.entries:
                    add(name, element, value)
                continue
            # Uri is the only positional parameter of both cmdlets, at position 0.
            add("Uri", element, self.evaluate(element))
        return parameters

    def _parameter_argument(
        self, elements: list[Node], index: int, name: str
    ) -> tuple[Node | None, int]:
        """Return the argument node of parameter ``name`` and the index after it."""
        bound_with_colon = False
        while index < len(elements) and elements[index].type == "command_argument_sep":
            bound_with_colon = bound_with_colon or _text(elements[index]).strip() == ":"
            index += 1
        if index == len(elements) or elements[index].type == "command_parameter":
            return None, index
        if name.lower() in _SWITCH_PARAMETERS and not bound_with_colon:
            return None, index
        return elements[index], index + 1

    def evaluate(self, node: Node) -> _Value:
        node = _unwrap(node)
        if node.type in ("cast_expression", "invokation_expression"):
            description = _RUN_TIME_EXPRESSIONS.get(re.sub(r"\s+", "", _text(node)).lower())
            if description is not None:
                self._add_run_time_call(RunTimeCall(description))
                return RunTimeValue(f"({description})")
        if node.type == "command":
            return self._run_time_function(node)
        if node.type == "parenthesized_expression":
            try:
                return _decode(node)
            except DecodeError:
                # Not quoted strings alone: it may join strings with variables.
                children = _children(node)
                if len(children) != 3 or children[0].type != "(" or children[2].type != ")":
                    raise
                return self.evaluate(children[1])
        if node.type in _STRING_NODES and node.type != "additive_expression":
            return _decode(node)
        if node.type == "additive_expression":
            try:
                return _decode(node)
            except DecodeError:
                # Not a concatenation of quoted strings alone: it may join
                # strings with the results of the calls _static_call reads.
                return self._concatenation(node)
        if node.type == "variable":
            return self.evaluate_variable(node)
        if node.type == "decimal_integer_literal" and _DECIMAL_LITERAL.fullmatch(_text(node)):
            return int(_text(node))
        if node.type == "hash_literal_expression":
            return self._hashtable(node, ordered=False)
        if node.type == "cast_expression":
            return self._ordered_hashtable(node)
        if node.type == "array_expression":
            return self._array_expression(node)
        if node.type == "array_literal_expression":
            return [
                self.evaluate(child) for child in _children(node) if child.type != ","
            ]
        if node.type == "comparison_expression":
            return self._join(node)
        if node.type == "invokation_expression":
            return self._static_call(node)
        raise ExtractionError(
            f"{_position(node)}: cannot evaluate {node.type} {_excerpt(_text(node))}"
        )

    def _add_run_time_call(self, call: RunTimeCall) -> None:
        # A variable is evaluated again at each use, which finds the same call.
        if call not in self.run_time_calls:
            self.run_time_calls.append(call)

    def _run_time_function(self, command: Node) -> RunTimeValue:
        """Evaluate the arguments of a call of a signing function that the snippet defines, and return a placeholder for its result."""
        name = _text(_children(command)[0])
        known = _RUN_TIME_FUNCTIONS.get(name.lower())
        if known is None:
            raise ExtractionError(f"{_position(command)}: cannot evaluate the command {_excerpt(_text(command))}")
        defined = [
            node
            for node in _descendants(self.tree.root_node, "function_statement")
            if any(_text(child).lower() == name.lower() for child in _children(node) if child.type == "function_name")
        ]
        if len(defined) != 1:
            raise ExtractionError(f"{_position(command)}: the snippet calls {name} without defining it once")
        arguments: dict[str, object] = {}
        elements = [child for part in _children(command)[1:] if part.type == "command_elements" for child in _children(part)]
        index = 0
        while index < len(elements):
            element = elements[index]
            index += 1
            if element.type == "command_argument_sep":
                continue
            if element.type != "command_parameter":
                raise ExtractionError(f"{_position(element)}: {name} takes named arguments here")
            parameter = _text(element)[1:].rstrip(":")
            value_node, index = self._parameter_argument(elements, index, parameter)
            if value_node is None:
                raise ExtractionError(f"{_position(element)}: -{parameter} has no value")
            arguments[parameter] = _plain(self.evaluate(value_node))
        self._add_run_time_call(RunTimeCall(known, arguments))
        return RunTimeValue(f"(computed by {known})")

    def evaluate_variable(self, node: Node) -> _Value:
        text = _text(node)
        constants = {"$true": True, "$false": False, "$null": None}
        if text.lower().startswith("$env:"):
            # An environment variable that is not set reads as $null in PowerShell.
            if self.environment is None:
                raise ExtractionError(f"{_position(node)}: the snippet reads {text}; pass environment")
            return self.environment.get(text[len("$env:"):])
        if text.lower() in constants:
            return constants[text.lower()]
        name = _variable_name(node)
        earlier = [
            assignment
            for assignment in self.assignments.get(name, [])
            if assignment.end_byte <= node.start_byte and self.runs(assignment)
        ]
        if not earlier:
            raise ExtractionError(f"{_position(node)}: {text} is used before any assignment")
        assignment = earlier[-1]
        value_node = _unwrap(_children(assignment)[2])
        if _constructed_type(value_node) == _MULTIPART_CONTENT:
            return self._multipart(name, assignment, node)
        value = self.evaluate(_children(assignment)[2])
        for change in self.changes.get(name, []):
            if assignment.end_byte <= change.start_byte and change.end_byte <= node.start_byte and self.runs(change):
                value = self._appended(value, change, assignment, text)
        return value

    def _appended(self, value: _Value, change: Node, assignment: Node, text: str) -> list:
        """Return the array ``value`` after the change ``$name += items``; raise for any other change."""
        children = _children(change) if change.type == "assignment_expression" else []
        if not (children and _text(children[1]) == "+=" and isinstance(value, list)):
            raise ExtractionError(
                f"{_position(change)}: {text} is changed after its assignment at"
                f" {_position(assignment)}, which this reader does not follow"
            )
        items = self.evaluate(children[2])
        return value + (items if isinstance(items, list) else [items])

    def _multipart(self, name: str, assignment: Node, use: Node) -> _Multipart:
        """Rebuild the parts added to a MultipartFormDataContent between its assignment and ``use``."""
        parts: list[MultipartPart] = []
        for change in self.changes.get(name, []):
            if not (assignment.end_byte <= change.start_byte and change.end_byte <= use.start_byte):
                continue
            if not self.runs(change):
                continue
            if change.type != "invokation_expression":
                raise ExtractionError(
                    f"{_position(change)}: ${name} is changed other than by .Add(...),"
                    " which this reader does not follow"
                )
            target, separator, member, arguments = _call_parts(change)
            if _unwrap(target).type != "variable":
                raise ExtractionError(
                    f"{_position(change)}: ${name} is changed other than by .Add(...),"
                    " which this reader does not follow"
                )
            if separator != "." or member.lower() != "add" or len(arguments) not in (1, 2, 3):
                raise ExtractionError(
                    f"{_position(change)}: expected ${name}.Add(content), ${name}.Add(content, name)"
                    f" or ${name}.Add(content, name, fileName), got {_excerpt(_text(change))}"
                )
            content_type, text, path, disposition = self._part_content(arguments[0], change)
            if len(arguments) == 1:
                # Add(content) keeps a Content-Disposition that the part already has.
                match = _FORM_DISPOSITION.fullmatch(disposition or "")
                if match is None:
                    raise ExtractionError(
                        f"{_position(change)}: a part added without a name needs a form-data"
                        f" Content-Disposition, got {disposition!r}"
                    )
                parts.append(
                    MultipartPart(match["name"], match["filename"], content_type, text=text, path=path)
                )
                continue
            part_name = self.evaluate(arguments[1])
            filename = self.evaluate(arguments[2]) if len(arguments) == 3 else None
            if not isinstance(part_name, str) or not (filename is None or isinstance(filename, str)):
                raise ExtractionError(f"{_position(change)}: the part's name and file name must be strings")
            if disposition is not None:
                raise ExtractionError(
                    f"{_position(change)}: the part has its own Content-Disposition, which"
                    " Add(content, name) keeps, so the name given here would not be sent"
                )
            if not part_name.strip() or (filename is not None and not filename.strip()):
                # .NET's MultipartFormDataContent.Add throws ArgumentException for
                # an empty or white-space name or file name. The exception ends
                # only that statement, so PowerShell sends the body without the part.
                continue
            parts.append(MultipartPart(part_name, filename, content_type, text=text, path=path))
        return _Multipart(parts)

    def _part_content(self, node: Node, use: Node) -> tuple[str | None, str | None, str | None, str | None]:
        """Return (content type, text, path, Content-Disposition) of the HttpContent variable ``node`` at ``use``."""
        variable = _unwrap(node)
        if variable.type != "variable":
            raise ExtractionError(f"{_position(node)}: a part must be added from a variable")
        name = _variable_name(variable)
        earlier = [
            assignment
            for assignment in self.assignments.get(name, [])
            if assignment.end_byte <= use.start_byte and self.runs(assignment)
        ]
        if not earlier:
            raise ExtractionError(f"{_position(node)}: {_text(variable)} is used before any assignment")
        assignment = earlier[-1]
        constructor = _unwrap(_children(assignment)[2])
        type_name = _constructed_type(constructor)
        arguments = _call_parts(constructor)[3] if type_name else []
        text = path = content_type = None
        if type_name == "system.net.http.stringcontent" and len(arguments) == 1:
            text = self.evaluate(arguments[0])
            if not isinstance(text, str):
                raise ExtractionError(f"{_position(constructor)}: StringContent needs a string")
            content_type = _STRING_CONTENT_TYPE
        elif type_name == "system.net.http.bytearraycontent" and len(arguments) == 1:
            if _text(_unwrap(arguments[0])).replace(" ", "").lower() != "[byte[]]@()":
                raise ExtractionError(
                    f"{_position(constructor)}: only an empty ByteArrayContent ([byte[]]@()) is read"
                )
        elif type_name == "system.net.http.streamcontent" and len(arguments) == 1:
            path = self._opened_file(arguments[0])
        else:
            raise ExtractionError(
                f"{_position(assignment)}: a part must be a StringContent, an empty ByteArrayContent"
                f" or a StreamContent over [System.IO.File]::OpenRead, got {_excerpt(_text(constructor))}"
            )

        disposition = None
        for change in self.changes.get(name, []):
            if not (assignment.end_byte <= change.start_byte and change.end_byte <= use.start_byte):
                continue
            if not self.runs(change):
                continue
            if change.type == "invokation_expression":
                disposition = self._added_disposition(change, name)
                continue
            target = _unwrap(_children(change)[0]) if change.type == "assignment_expression" else None
            if target is None or _text(target).lower() != f"${name}.headers.contenttype":
                raise ExtractionError(
                    f"{_position(change)}: {_text(variable)} is changed other than by setting"
                    " .Headers.ContentType or adding a Content-Disposition, which this reader does not follow"
                )
            value = self.evaluate(_children(change)[2])
            if not (value is None or isinstance(value, str)):
                raise ExtractionError(f"{_position(change)}: ContentType must be a string or $null")
            content_type = value
        return content_type, text, path, disposition

    def _added_disposition(self, call: Node, name: str) -> str:
        """Return the value of ``$part.Headers.TryAddWithoutValidation('Content-Disposition', value)``."""
        target, separator, member, arguments = _call_parts(call)
        header = self.evaluate(arguments[0]) if len(arguments) == 2 else None
        if (
            _text(target).lower() != f"${name}.headers"
            or member.lower() != "tryaddwithoutvalidation"
            or not isinstance(header, str)
            or header.lower() != "content-disposition"
        ):
            raise ExtractionError(
                f"{_position(call)}: expected ${name}.Headers.TryAddWithoutValidation("
                f"'Content-Disposition', value), got {_excerpt(_text(call))}"
            )
        value = self.evaluate(arguments[1])
        if not isinstance(value, str):
            raise ExtractionError(f"{_position(call)}: the Content-Disposition must be a string")
        return value

    def _opened_file(self, node: Node) -> str:
        call = _unwrap(node)
        if call.type == "invokation_expression":
            target, separator, member, arguments = _call_parts(call)
            if _text(target).lower() == "[system.io.file]" and separator == "::" and member.lower() == "openread":
                if len(arguments) == 1:
                    path = self.evaluate(arguments[0])
                    if isinstance(path, str):
                        return path
        raise ExtractionError(
            f"{_position(node)}: a StreamContent must read [System.IO.File]::OpenRead('path'),"
            f" got {_excerpt(_text(node))}"
        )

    def _concatenation(self, node: Node) -> str:
        # The chain nests to the left, ((a + b) + c), and is walked without
        # recursion, as in _decode_concatenation.
        operands: list[Node] = []
        while node.type == "additive_expression":
            parts = _children(node)
            if len(parts) == 1:
                node = _unwrap(parts[0])
                continue
            if len(parts) != 3 or parts[1].type != "+":
                raise ExtractionError(f"{_position(node)}: cannot evaluate {_excerpt(_text(node))}")
            operands.append(parts[2])
            node = _unwrap(parts[0])
        operands.append(node)
        operands.reverse()
        if _is_char_cast(_unwrap(operands[0])):
            raise ExtractionError(f"{_position(node)}: a concatenation must start with a string, not a [char] cast")
        pieces = []
        for operand in operands:
            operand = _unwrap(operand)
            value = _decode_char_cast(operand) if _is_char_cast(operand) else self.evaluate(operand)
            if not isinstance(value, str):
                raise ExtractionError(f"{_position(operand)}: '+' joins something other than strings")
            pieces.append(value)
        return _join_utf16("".join(pieces))

    def _join(self, node: Node) -> str:
        parts = _children(node)
        if len(parts) != 3 or _text(parts[1]).lower() != "-join":
            raise ExtractionError(f"{_position(node)}: cannot evaluate {_excerpt(_text(node))}")
        items, separator = self.evaluate(parts[0]), self.evaluate(parts[2])
        if not isinstance(items, list) or not isinstance(separator, str):
            raise ExtractionError(f"{_position(node)}: -join needs an array and a string")
        if not all(isinstance(item, str) for item in items):
            raise ExtractionError(f"{_position(node)}: -join over values that are not strings")
        return separator.join(items)

    def _static_call(self, node: Node) -> str:
        """Evaluate the few .NET calls the snippets make on strings, with .NET's results."""
        children = _children(node)
        callee = "".join(_text(child) for child in children if child.type != "argument_list")
        arguments = [child for child in children if child.type == "argument_list"]
        if len(arguments) != 1:
            raise ExtractionError(f"{_position(node)}: cannot evaluate {_excerpt(_text(node))}")
        inner = [child for child in _children(arguments[0]) if child.type not in ("(", ")", ",")]
        if len(inner) == 1 and inner[0].type == "argument_expression_list":
            inner = [child for child in _children(inner[0]) if child.type != ","]
        if len(inner) != 1:
            raise ExtractionError(f"{_position(node)}: {callee} takes one argument here")
        argument = self.evaluate(inner[0])
        if not isinstance(argument, str):
            raise ExtractionError(f"{_position(node)}: {callee} is given something other than a string")
        name = callee.lower()
        if name == "[system.text.encoding]::utf8.getbytes":
            # Kept as text: the reader compares bodies as UTF-8 bytes anyway.
            return argument
        if name == "[convert]::tobase64string":
            return base64.b64encode(argument.encode("utf-8")).decode("ascii")
        if name == "[uri]::escapedatastring":
            # .NET (Core) escapes everything but the RFC 3986 unreserved characters.
            return urllib.parse.quote(argument, safe="-._~")
        raise ExtractionError(f"{_position(node)}: cannot evaluate the call {callee}")

    def _hashtable(self, node: Node, ordered: bool) -> _Hashtable:
        entries: list[tuple[str, object]] = []
        seen: dict[str, Node] = {}
        for body in _children(node):
            if body.type != "hash_literal_body":
                continue
            for entry in _children(body):
                if entry.type != "hash_entry":
                    continue
                parts = [child for child in _children(entry) if child.type not in ("=", ";")]
                key_node = _unwrap(parts[0])
                if key_node.type == "simple_name":
                    key = _text(key_node)
                else:
                    key = _decode(key_node)
                # PowerShell compares hashtable keys without regard to case and
                # rejects a literal with the same key twice.
                if key.lower() in seen:
                    raise ExtractionError(
                        f"{_position(entry)}: duplicate key {key!r} in a hash literal"
                        f" (first at {_position(seen[key.lower()])})"
                    )
                seen[key.lower()] = entry
                if key.lower() == "credential":
                    # A credential is sent only in response to a 401 challenge,
                    # after the first request, which is the one compared. Its
                    # text is kept.
                    entries.append((key, _text(parts[1])))
                    continue
                entries.append((key, self.evaluate(parts[1])))
        return _Hashtable(entries, ordered)

    def _ordered_hashtable(self, node: Node) -> _Hashtable:
        children = _children(node)
        operand = _unwrap(children[-1])
        if _text(children[0]).lower() != "[ordered]" or operand.type != "hash_literal_expression":
            raise ExtractionError(
                f"{_position(node)}: cannot evaluate the cast {_excerpt(_text(node))}"
            )
        return self._hashtable(operand, ordered=True)

    def _array_expression(self, node: Node) -> list:
        items: list = []
        for child in _children(node):
            if child.type != "statement_list":
                continue
            for statement in _children(child):
                value = self.evaluate(statement)
                # Each statement in @( ) adds its output, and an array adds its
                # elements one by one.
                if isinstance(value, list):
                    items.extend(value)
                else:
                    items.append(value)
        return items


def _descendants(node: Node, node_type: str) -> list[Node]:
    """Return the nodes of ``node_type`` under ``node``, in source order."""
    found = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == node_type:
            found.append(current)
        stack.extend(reversed(current.children))
    return found


def _call_parts(node: Node) -> tuple[Node, str, str, list[Node]]:
    """Split a call such as ``$a.Add(x, y)`` or ``[T]::new(x)`` into target, ``.`` or ``::``, member and arguments."""
    children = _children(node)
    if len(children) != 4 or children[2].type != "member_name" or children[3].type != "argument_list":
        raise ExtractionError(f"{_position(node)}: cannot read the call {_excerpt(_text(node))}")
    inner = [child for child in _children(children[3]) if child.type not in ("(", ")", ",")]
    if len(inner) == 1 and inner[0].type == "argument_expression_list":
        inner = [child for child in _children(inner[0]) if child.type != ","]
    return children[0], _text(children[1]), _text(children[2]), inner


def _constructed_type(node: Node) -> str | None:
    """Return the lower-case type name of a ``[Type]::new(...)`` call, or None for anything else."""
    if node.type != "invokation_expression":
        return None
    children = _children(node)
    if len(children) != 4 or children[0].type != "type_literal" or _text(children[1]) != "::":
        return None
    if _text(children[2]).lower() != "new":
        return None
    return _text(children[0])[1:-1].strip().lower()


def _variable_name(node: Node) -> str:
    """Return the name of a variable node without sigil or braces, in lower case."""
    name = _text(node)[1:]
    if name.startswith("{") and name.endswith("}"):
        name = name[1:-1]
    return name.lower()


def _build_request(
    snippet: _Snippet, command: Node, parameters: dict[str, tuple[str, Node, _Value]]
) -> ExtractedRequest:
    cmdlet = _CMDLETS[_text(_children(command)[0]).lower()]

    uri = _string_parameter(parameters, "uri")
    if uri is None:
        raise ExtractionError(f"{_position(command)}: the {cmdlet} call has no Uri")

    method = _string_parameter(parameters, "method")
    custom_method = _string_parameter(parameters, "custommethod")
    if method is not None and custom_method is not None:
        raise ExtractionError(
            f"{_position(command)}: Method and CustomMethod cannot be used together"
        )
    if method is not None and method.lower() not in _STANDARD_METHODS:
        raise ExtractionError(
            f"{_position(command)}: Method {method!r} is not a WebRequestMethod value."
            " Use CustomMethod for other verbs"
        )
    if custom_method is not None:
        final_method = custom_method
    elif method is not None:
        final_method = method.upper()
    else:
        final_method = "GET"

    multipart = None
    if "body" in parameters and isinstance(parameters["body"][2], _Multipart):
        multipart = parameters.pop("body")[2].parts
    headers, headers_ordered = _headers(parameters)
    flags = {
        _snake_case(name): _plain(value)
        for key, (name, _node, value) in parameters.items()
        if key not in _REQUEST_FIELDS
    }
    return ExtractedRequest(
        cmdlet=cmdlet,
        method=final_method,
        uri=uri,
        headers=headers,
        headers_ordered=headers_ordered,
        content_type=_string_parameter(parameters, "contenttype"),
        body=_string_parameter(parameters, "body"),
        flags=flags,
        multipart=multipart,
        run_time_calls=list(snippet.run_time_calls),
    )


def _string_parameter(
    parameters: dict[str, tuple[str, Node, _Value]], key: str
) -> str | None:
    if key not in parameters:
        return None
    name, node, value = parameters[key]
    if value is None:
        return None
    if not isinstance(value, str):
        raise ExtractionError(
            f"{_position(node)}: {name} must be a string, got {type(value).__name__}"
        )
    return value


def _headers(
    parameters: dict[str, tuple[str, Node, _Value]],
) -> tuple[list[tuple[str, str]], bool]:
    if "headers" not in parameters:
        return [], True
    _name, node, value = parameters["headers"]
    if not isinstance(value, _Hashtable):
        raise ExtractionError(f"{_position(node)}: Headers must be a hashtable")
    pairs: list[tuple[str, str]] = []
    for header, header_value in value.entries:
        values = header_value if isinstance(header_value, list) else [header_value]
        for item in values:
            if not isinstance(item, str):
                raise ExtractionError(
                    f"{_position(node)}: the value of header {header!r} must be a string,"
                    f" got {type(item).__name__}"
                )
            pairs.append((header, item))
    return pairs, value.ordered or len(value.entries) < 2


def _plain(value: object) -> object:
    """Turn evaluated values into plain Python values for ExtractedRequest.flags."""
    if isinstance(value, _Hashtable):
        return {key: _plain(item) for key, item in value.entries}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _snake_case(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()
