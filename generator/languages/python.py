"""Python (requests): template values and formatting."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from ..model import Example
from ..dynamic import expand_hoisted, hoisted_variables, py_expr, py_operand, secret_references
from ..wire import BinaryFileBody, MultipartBody, TextBody, UrlEncodedForm, WireRequest
from ..targets import Target
from .common import CodeValue, check_built_file_names, error_plan_for, parse_plan_for, split_basic_auth, split_origin
from .python_auth import PYTHON_RUNTIME_AUTH, runtime_auth_context, signs_body

__all__ = [
    "TARGET",
    "basic_auth_headers",
    "build_context",
    "format_code",
    "format_snippet",
    "hoisted_json_literal",
    "utf8_header_values",
    "json_literal",
    "retype_multipart",
]

# Methods that have a function of their own in requests.
_SHORTCUTS = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"}

# URLs that requests passes through unchanged. Its prepare_url re-quotes any
# other character, decodes %XX of unreserved characters, upper-cases hex
# digits, lower-cases the host and drops an empty "?". Such URLs are sent
# through a prepared request whose url is set back to the exact target.
_REQUESTS_STABLE_URL = re.compile(
    r"(https?://[a-z0-9.\-]+(:[0-9]+)?|\{\{[^{}]+\}\})"
    r"(/([A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-F]{2}|\{\{[^{}]+\}\})*)*"
    r"(\?([A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-F]{2}|\{\{[^{}]+\}\})+)?"
)
_UNRESERVED_ESCAPE = re.compile(r"%(4[1-9A-F]|5[0-9A]|6[1-9A-F]|7[0-9A]|3[0-9]|2D|2E|5F|7E)", re.I)
_DOT_SEGMENT = re.compile(r"/\.\.?(/|$|\?)")


def requests_keeps_url(url: str) -> bool:
    """Tell whether requests sends ``url`` byte for byte as given."""
    if not urllib3_keeps_url(url):
        return False
    if _UNRESERVED_ESCAPE.search(url) or _DOT_SEGMENT.search(url.split("?", 1)[0]):
        return False
    if url.endswith("?"):
        return False
    return True


def urllib3_keeps_url(url: str) -> bool:
    """Tell whether urllib3 sends the target of ``url`` unchanged.

    urllib3 percent-encodes every character outside RFC 3986's sets (``[``,
    ``{``, ``|``, a backtick, ...), upper-cases ``%xx`` and encodes every
    ``%`` of a target that contains one lone ``%``, whatever requests does
    before it. Such targets need http.client.
    """
    return _REQUESTS_STABLE_URL.fullmatch(url) is not None


_ORIGIN = re.compile(r"(https?)://([^/?]*)(.*)", re.S)


def json_literal(text: str) -> str | None:
    """Return a Python literal for a JSON body when ``json=`` sends the same value.

    requests serialises ``json=`` with ``json.dumps``: keys keep their order
    but duplicates collapse, and floats are written by ``repr``. The literal
    is offered only when neither changes the value, and when the escapes
    in strings are those that ``json.dumps(..., ensure_ascii=False)``
    writes. That also declines an escaped lone surrogate (``"\\ud800"``),
    which UTF-8 cannot encode.
    """
    duplicate = False

    def pairs_hook(pairs):
        nonlocal duplicate
        if len({key for key, _ in pairs}) != len(pairs):
            duplicate = True
        return dict(pairs)

    def float_hook(number_text: str) -> float:
        value = float(number_text)
        if repr(value) != number_text and json.dumps(value) != number_text:
            raise ValueError("float does not round-trip")
        return value

    def int_hook(number_text: str) -> int:
        value = int(number_text)
        if str(value) != number_text:
            raise ValueError("integer does not round-trip")  # "-0"
        return value

    try:
        value = json.loads(
            text, object_pairs_hook=pairs_hook, parse_float=float_hook, parse_int=int_hook, parse_constant=_reject
        )
    except ValueError:
        return None
    if duplicate or not isinstance(value, (dict, list)):
        return None
    if "\\" in text and _JSON_WHITESPACE.sub(_keep_strings, text) != json.dumps(
        value, ensure_ascii=False, separators=(",", ":")
    ):
        # An escape that json.dumps writes another way ("\/", "\u00e9" for
        # "é", uppercase hex) would change the bytes sent, not only spacing.
        return None
    return _python_value(value)


# A JSON string (group 1), or a run of the whitespace that JSON allows between tokens.
_JSON_WHITESPACE = re.compile(r'("(?:[^"\\]|\\.)*")|[ \t\n\r]+')


def _keep_strings(match: re.Match[str]) -> str:
    return match.group(1) or ""


def hoisted_json_literal(text: str) -> str | None:
    """Return :func:`json_literal` for a body that may contain hoisted variables.

    The literal serialises each string again at run time, which sends a
    hoisted value the same only when JSON writes it unchanged. A body with
    any other hoisted value gets None, and is sent as text. So does a body
    with a secret read from the environment, because newman puts a quote,
    backslash or control character of the value into the text as it is,
    where json.dumps would escape it.
    """
    expanded = expand_hoisted(text)
    if _reads_environment(expanded):
        return None
    code = json_literal(text)
    if code is None or expanded == text:
        return code
    if json_literal(expanded) is None:
        return None  # the values change the JSON, as a duplicate key does
    for variable in hoisted_variables():
        if not (variable.value.isascii() and json.dumps(variable.value)[1:-1] == variable.value):
            return None
    return code


def _dumps_escapes_more(text: str) -> bool:
    """Tell whether ``json.dumps`` may escape a character of ``text`` that ``ensure_ascii=False`` keeps."""
    return not text.isascii() or "\x7f" in text


def _reads_environment(text: str) -> bool:
    """Tell whether ``text`` has a secret that the snippet reads from the environment."""
    return any(mode == "env" for mode, _ in secret_references([text]))


def _reject(name: str):
    raise ValueError(f"{name} is not JSON")


def _python_value(value) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{" + ", ".join(f"{py_expr(key)}: {_python_value(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_python_value(item) for item in value) + "]"
    if isinstance(value, str):
        return py_expr(value)
    if value is None:
        return "None"
    if value is True:
        return "True"
    if value is False:
        return "False"
    return repr(value)


def _split_repeated(headers: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Split headers into the first of each name and the repeats.

    A requests header dict contains one value per name, so repeats are added to
    the prepared request's headers one by one.
    """
    first: list[tuple[str, str]] = []
    repeats: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name, value in headers:
        if name.lower() in seen:
            repeats.append((name, value))
        else:
            seen.add(name.lower())
            first.append((name, value))
    return first, repeats


def py_header_expr(value: str) -> str:
    """Return the Python expression for a header value that requests sends.

    requests raises InvalidHeader for a str value that starts with whitespace
    other than space and tab, such as U+0085 or U+00A0, but accepts the same
    value as bytes. newman sends such a value as Latin-1, so the snippet does too.
    A :class:`CodeValue` is already code.
    """
    if isinstance(value, CodeValue):
        return value.code
    code = py_expr(value)
    if value[:1].isspace() and value[:1] not in " \t":
        if " + " in code:
            code = f"({code})"
        return f'{code}.encode("latin-1")'
    return code


def utf8_header_values(wire: WireRequest, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return ``headers`` with each value that newman sends as UTF-8 written as code that encodes it.

    requests and http.client encode a str value as Latin-1, and httpx as
    ASCII, but newman sends UTF-8 when the request has a body (see
    WireRequest.headers_utf8). A secret read from the environment may not
    be ASCII, so it is encoded too.
    NOTE: after a redirect that drops the body, newman sends Latin-1, but
    the snippet keeps the UTF-8 bytes.
    """
    if not wire.headers_utf8:
        return headers
    encoded = []
    for name, value in headers:
        if isinstance(value, str) and not isinstance(value, CodeValue):
            if not expand_hoisted(value).isascii() or _reads_environment(value):
                value = CodeValue(py_operand(value) + '.encode("utf-8")')
        encoded.append((name, value))
    return encoded


def _parse_bytes_reason(examples: list[Example]) -> str | None:
    """Return why the snippet parses the body's bytes instead of calling response.json(), or None.

    ``examples`` are the saved examples that the parsing code was planned
    from. requests 2.x decodes a text/* body without a charset as
    ISO-8859-1, and response.json() keeps a UTF-8 byte order mark of an
    application/json body, which json.loads rejects. json.loads of the bytes
    detects UTF-8, 16 and 32 and skips the mark, as newman reads the body.
    The bodies are not parsed again here: json.loads of the bytes also
    reads a body that requests would read right.
    """
    for example in examples:
        if (example.body or "").startswith("\ufeff"):
            return "The body starts with a byte order mark, which response.json() rejects"
        content_type = next((header.value.lower() for header in example.headers if header.key.lower() == "content-type"), "")
        if content_type.startswith("text/") and "charset=" not in content_type:
            return "requests decodes a text/* body without a charset as ISO-8859-1"
    return None


def _error_examples(examples: tuple[Example, ...]) -> list[Example]:
    return [example for example in examples if example.status is not None and 400 <= example.status < 600]


def basic_auth_headers(wire: WireRequest) -> tuple[list[tuple[str, str]], str | None]:
    """Return the headers with the Basic Authorization value computed by the snippet, and the credentials it encodes.

    As in the PowerShell snippets, the snippet encodes the user name and
    password itself, so they read as written and a secret or dynamic
    variable in them is filled in when it runs, not encoded as its marker.
    The template writes the credentials (``user:password``, as text with
    markers) to a variable named ``credentials`` before the headers, which
    keeps the header's line within 88 columns.
    """
    headers = list(wire.headers)
    if wire.basic_auth is None:
        return headers, None
    for index in range(len(headers) - 1, -1, -1):
        name = headers[index][0]
        if name.lower() == "authorization":
            headers[index] = (name, CodeValue('"Basic " + base64.b64encode(credentials.encode()).decode()'))
            return headers, f"{wire.basic_auth[0]}:{wire.basic_auth[1]}"
    return headers, None


def _basic_auth_part(value: str) -> str:
    """Return the code of a user name or password for requests' ``auth=``."""
    # A hoisted variable (--variables hoist) may stand for a secret read from the environment.
    if _reads_environment(expand_hoisted(value)):
        return py_operand(value) + ".encode()"
    return py_expr(value)


def build_context(wire: WireRequest, examples: tuple[Example, ...], options: dict) -> dict:
    body = wire.body
    payload_code = None
    json_code = None
    encode_utf8 = False
    if isinstance(body, TextBody):
        # json= would add a Content-Type that the item's settings remove.
        if body.is_json and "content-type" not in wire.removed_defaults and not signs_body(wire):
            json_code = hoisted_json_literal(body.text)
        if json_code is None:
            payload_code = py_expr(body.text)
            encode_utf8 = not expand_hoisted(body.text).isascii()
    basic_auth = None
    basic_auth_code = None
    if wire.basic_auth is not None and all(expand_hoisted(part).isascii() for part in wire.basic_auth):
        # requests encodes the credentials as Latin-1 and newman as UTF-8, so
        # only ASCII credentials may go through auth= as text. A value read
        # from the environment may not be ASCII, so it goes as UTF-8 bytes.
        headers = split_basic_auth(wire)
        basic_auth = wire.basic_auth
        basic_auth_code = tuple(_basic_auth_part(part) for part in wire.basic_auth)
        basic_credentials = None
    else:
        headers, basic_credentials = basic_auth_headers(wire)
    auth = runtime_auth_context(wire)
    headers.extend(auth["auth_headers"])
    headers, extra_headers = _split_repeated(utf8_header_values(wire, headers))
    if "accept" in wire.removed_defaults:
        # None removes requests' default "Accept: */*", which newman does not send here.
        headers.append(("Accept", None))
    url = expand_hoisted(wire.url)
    exact_url = not requests_keeps_url(url)
    origin = split_origin(wire.url, _ORIGIN)
    raw_http = origin is not None and not urllib3_keeps_url(url)
    prepared = exact_url or bool(extra_headers)
    method = wire.method
    function = method.lower() if method in _SHORTCUTS and not prepared else None

    body_kind = None
    if body is not None:
        body_kind = "json" if json_code is not None else body.kind
    connection_class = netloc = target = None
    # requests and urllib3 always write a multipart/form-data Content-Type for
    # the bodies they build. When the item turns that header off, the snippet
    # builds the body itself and sends only the item's own headers.
    hand_built_multipart = isinstance(body, MultipartBody) and not body.system_content_type
    if hand_built_multipart:
        check_built_file_names(wire)
    if raw_http:
        connection_class = "HTTPSConnection" if origin[0] == "https" else "HTTPConnection"
        netloc = origin[1]
        target = origin[2] or "/"

    from ..shape import success_examples

    parse = parse_plan_for(examples, "python", options)
    error_parse = error_plan_for(examples, "python", options)
    cookie_header, cookie_value = next(
        ((name, value) for name, value in headers if name.lower() == "cookie" and value is not None), (None, None)
    )
    return {
        **auth,
        # The name of the item's Cookie header in the headers dict, which the
        # redirect session sends again: requests drops it on a redirect.
        "redirect_cookie_header": cookie_header if wire.follow_redirects and not raw_http else None,
        # py_header_expr writes such a value as bytes, and utf8_header_values
        # writes a non-ASCII one as a CodeValue that encodes it.
        "redirect_cookie_bytes": isinstance(cookie_value, CodeValue)
        or (isinstance(cookie_value, str) and cookie_value[:1].isspace() and cookie_value[:1] not in " \t"),
        "auth_imports": auth["auth_imports"] + (["base64"] if basic_credentials is not None else []),
        "basic_credentials": basic_credentials,
        "headers": headers,
        # The user name and password as text, and as code for auth=.
        "basic_auth": basic_auth,
        "basic_auth_code": basic_auth_code,
        "json_code": json_code,
        "payload_code": payload_code,
        "encode_utf8": encode_utf8,
        "body_kind": body_kind,
        # json= escapes non-ASCII characters and DEL (U+007F), so for bodies
        # that have or may have them the snippet serialises with
        # ensure_ascii=False and the UTF-8 text is sent as written.
        "json_utf8": json_code is not None and _dumps_escapes_more(expand_hoisted(body.text)),
        "exact_url": exact_url,
        "raw_http": raw_http,
        "connection_class": connection_class,
        "netloc": netloc,
        "target": target,
        "extra_headers": extra_headers,
        "prepared": prepared,
        "function": function,
        "head_redirects": method == "HEAD" and wire.follow_redirects,
        **_redirect_context(wire, raw_http),
        "timeout": options.get("timeout", 30),
        "parse": parse,
        "parse_bytes_reason": _parse_bytes_reason(success_examples(examples)) if parse is not None and not parse.note else None,
        "error_parse": error_parse,
        "error_parse_bytes": error_parse is not None and _parse_bytes_reason(_error_examples(examples)) is not None,
        "is_multipart": isinstance(body, MultipartBody),
        "hand_built_multipart": hand_built_multipart,
        "retype_multipart": retype_multipart(wire),
        "unescaped_parts": set() if hand_built_multipart else _unescaped_parts(body),
        # The snippet sets Content-Type itself for a multipart body built by
        # urllib3, or for one whose parts may all be left out.
        "needs_headers": (not hand_built_multipart and bool(_unescaped_parts(body))) or _may_send_explicit_type(body),
        "is_urlencoded": isinstance(body, UrlEncodedForm),
        "is_file": isinstance(body, BinaryFileBody),
    }


# Characters that urllib3 2.x percent-encodes in a multipart name or file
# name; newman writes them unchanged.
_URLLIB3_FORM_ESCAPED = frozenset('"\r\n')


def _unescaped_parts(body) -> set[int]:
    """Return the indexes of the multipart parts whose name or file name urllib3 would escape."""
    if not isinstance(body, MultipartBody):
        return set()
    indexes = set()
    for index, part in enumerate(body.parts):
        filename = part.filename if part.kind == "file" else ""
        if _URLLIB3_FORM_ESCAPED & set(part.name + filename):
            indexes.add(index)
    return indexes


def retype_multipart(wire: WireRequest) -> bool:
    """Tell whether a redirect that keeps the body must replace the item's Content-Type of a hand-built multipart body.

    Measured with newman 6.2.2: when disabledSystemHeaders turns the
    multipart Content-Type off, the item's own Content-Type goes with the
    first request only. After a redirect that keeps the body (a 307 or 308,
    or any with followOriginalHttpMethod), newman sends multipart/form-data
    with the body's boundary in its place.
    """
    body = wire.body
    if not isinstance(body, MultipartBody) or body.system_content_type:
        return False
    return wire.has_header("Content-Type")


def _may_send_explicit_type(body) -> bool:
    """Tell whether a missing file may leave the item's multipart Content-Type header as the only one."""
    return isinstance(body, MultipartBody) and body.may_be_empty and body.explicit_type is not None


def _redirect_context(wire: WireRequest, raw_http: bool) -> dict:
    """Decide which parts of newman's redirect handling the snippet's session must add to requests'."""
    # http.client, used for raw_http, follows no redirects.
    redirect_session = wire.follow_redirects and not raw_http
    policy = wire.redirects
    # newman sends a GET after any 3xx but a 307 or 308. requests keeps the
    # method after a 300, 304, 305 or 306, and keeps methods other than POST
    # after a 301.
    get_after_redirect = wire.method not in {"GET", "HEAD"} and not policy.keep_method
    return {
        "redirect_session": redirect_session,
        # requests follows only a 301, 302, 303, 307 or 308, so every session
        # that follows redirects is a subclass that follows any 3xx.
        "redirect_class": redirect_session,
        "get_after_redirect": get_after_redirect,
        # newman sends the Host of each redirect's URL in place of the item's own.
        "drop_host": wire.has_header("Host"),
        "session_class": "RedirectSession" if redirect_session else "requests.Session",
    }


# --- Layout -----------------------------------------------------------------
#
# black costs a few milliseconds per snippet, so format_code lays out the
# template's output itself and calls black only for lines it cannot place.
# The template writes every statement on one line with black's spacing and
# quotes, and multi-line dicts and lists with a trailing comma after each
# element, which black keeps. What remains is black's treatment of a line
# wider than LINE_LENGTH, reproduced below for the shapes the templates
# write: a name, dotted name or key, then one bracket pair that ends the
# line. tests/test_black_stable.py checks the result against black on every
# snapshot and example collection, and on the real collections when present.

LINE_LENGTH = 88

_INDENT = "    "
# A string, bytes or f-string literal (the templates write no raw strings).
_STRING = r"""[bBfF]?"(?:[^"\\]|\\.)*"|[bBfF]?'(?:[^'\\]|\\.)*'"""
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
# A string literal, a comment, a bracket or comma, or a run of other characters.
_LAYOUT_TOKEN = re.compile(rf"""{_STRING}|#.*|[()\[\]{{}},]|[^"'#()\[\]{{}},]+""")
# A string literal or comment that ends on the line it starts on. Applied to
# a whole snippet, it finds the strings and comments that _LAYOUT_TOKEN
# finds in each line.
# The b prefix of a bytes literal is left out, because it is neither a
# bracket nor a quote.
_ONE_LINE_STRING_OR_COMMENT = re.compile(r"""#.*|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'""")
# Text before the bracket pair that a long line is split at: a call or
# subscript of a dotted name, or a literal after a name, keyword or key.
_CALL_HEAD = re.compile(rf"(?:{_NAME} = )?{_NAME}(?:\.{_NAME})*")
_LITERAL_HEAD = re.compile(rf"(?:{_NAME} = |{_NAME}=|(?:{_STRING}): )?")
# An element with nothing to split at: a string, after a keyword or key if any.
_UNSPLITTABLE_ITEM = re.compile(rf"(?:{_NAME}=|(?:{_STRING}): )?(?:{_STRING})")
_STRING_ASSIGNMENT = re.compile(rf"{_NAME} = ({_STRING})")
# An assignment of a subscript or call of a dotted name: ``name = value["key"]``.
_CALL_ASSIGNMENT = re.compile(rf"({_NAME} = )({_NAME}(?:\.{_NAME})*[(\[].*)", re.S)


class _LayoutUnknown(Exception):
    """A line has a shape whose black layout is not reproduced here."""


def format_code(code: str, line_length: int = LINE_LENGTH) -> str:
    """Return ``code`` as black formats it, calling black only when the layout needs it.

    The layout below reproduces black for LINE_LENGTH only; other lengths
    always go through black.
    """
    if line_length != LINE_LENGTH:
        return _black(code, line_length)
    try:
        return _layout(code)
    except _LayoutUnknown:
        return _black(code)


def format_snippet(code: str, options: Mapping[str, object]) -> str:
    """Format a Python snippet with the ``line_length`` option (default LINE_LENGTH).

    The ``indent`` option, when set, rewrites black's four spaces per level
    afterwards, so it wins over black. Running black on the snippet again
    brings back four spaces.
    """
    formatted = format_code(code, int(options.get("line_length") or LINE_LENGTH))
    indent = options.get("indent")
    if indent is None:
        return formatted
    from ..indentation import reindent_python

    return reindent_python(formatted, int(indent))


def _black(code: str, line_length: int = LINE_LENGTH) -> str:
    import black

    return black.format_str(code, mode=black.Mode(line_length=line_length))


def _layout(code: str) -> str:
    if "\n\n\n\n" in code:
        raise _LayoutUnknown  # black keeps at most two blank lines in a row
    lines = [line.rstrip() for line in code.split("\n")]
    # Only brackets outside strings and comments count, and a string must
    # close on its line. The pattern keeps each line's newline, so line
    # numbers stay the same.
    bare = _ONE_LINE_STRING_OR_COMMENT.sub("", "\n".join(lines))
    if '"' in bare or "'" in bare:
        raise _LayoutUnknown  # a quote that does not close
    bare_lines = bare.split("\n")

    # A line that fits is kept as it is, so only the other lines are visited.
    output: list[str] = []
    open_brackets = 0
    done = 0  # lines before this index are in output or laid out
    for index, line in enumerate(lines):
        if len(line) <= LINE_LENGTH and line.isascii():
            continue
        output.extend(lines[done:index])
        open_brackets += _bracket_balance("\n".join(bare_lines[done:index]))
        done = index + 1
        inside = open_brackets > 0
        open_brackets += _bracket_balance(bare_lines[index])
        stripped = line.lstrip(" ")
        if stripped.startswith("#") or _fits(line):
            output.append(line)  # black never splits a comment
            continue
        output.extend(_layout_long_line(line, _LAYOUT_TOKEN.findall(stripped), inside, open_brackets))
    output.extend(lines[done:])
    return "\n".join(output)


def _bracket_balance(bare: str) -> int:
    """Return the number of opening minus closing brackets in ``bare``, code without strings and comments."""
    opening = bare.count("(") + bare.count("[") + bare.count("{")
    return opening - bare.count(")") - bare.count("]") - bare.count("}")


def _layout_long_line(line: str, tokens: list[str], inside: bool, open_brackets: int) -> list[str]:
    """Lay out a line that does not fit, or raise _LayoutUnknown.

    ``inside`` is true when a bracket is open before the line, and
    ``open_brackets`` counts the brackets still open after it.
    """
    indent = len(line) - len(line.lstrip(" "))
    if indent % 4 or open_brackets < 0 or (open_brackets > 0 and not inside):
        raise _LayoutUnknown
    text = line[indent:]
    comment = ""
    if tokens[-1].startswith("#"):
        if len(tokens) < 2 or not tokens[-2].endswith("  "):
            raise _LayoutUnknown
        comment = "  " + tokens[-1]
        text = "".join(tokens[:-1]).rstrip(" ")
    suffix = ""
    if inside:
        # An element of a dict or list that the template already wrote
        # one element per line, each followed by a comma.
        if not text.endswith(","):
            raise _LayoutUnknown
        text, suffix = text[:-1], ","
    elif not comment:
        assignment = _STRING_ASSIGNMENT.fullmatch(text)
        if assignment is not None:
            return _layout_string_assignment(text, assignment, indent // 4)
    return _layout_line(text, indent // 4, suffix, comment, statement=not inside)


def _layout_string_assignment(text: str, assignment: re.Match[str], depth: int) -> list[str]:
    """Lay out ``name = "long string"``: black wraps the string in parentheses when that makes it fit."""
    literal = assignment.group(1)
    if not _fits(_INDENT * (depth + 1) + literal):
        return [_INDENT * depth + text]
    name = text[: assignment.start(1)]
    return [_INDENT * depth + name + "(", _INDENT * (depth + 1) + literal, _INDENT * depth + ")"]


def _layout_wrapped_assignment(text: str, depth: int, comment: str) -> list[str]:
    """Lay out ``name = value[...]`` whose line up to the bracket is too long, or raise _LayoutUnknown.

    black then wraps the right-hand side in parentheses. Only a right-hand
    side that fits on its own line is laid out here.
    """
    assignment = _CALL_ASSIGNMENT.fullmatch(text)
    if assignment is None:
        raise _LayoutUnknown
    value = _INDENT * (depth + 1) + assignment.group(2)
    if not _fits(value) or "," in _top_level_text(assignment.group(2)):
        raise _LayoutUnknown
    return [_INDENT * depth + assignment.group(1) + "(", value, _INDENT * depth + ")" + comment]


def _layout_line(text: str, depth: int, suffix: str, comment: str, *, statement: bool) -> list[str]:
    """Split one logical line the way black's right-hand split does, or raise _LayoutUnknown."""
    line = _INDENT * depth + text + suffix + comment
    if _fits(line):
        return [line]
    if " + " in _top_level_text(text):
        # black splits such a line at its operators first.
        raise _LayoutUnknown
    if not statement and _UNSPLITTABLE_ITEM.fullmatch(text):
        return [line]  # black leaves a long string element as it is
    if not text or text[-1] not in ")]}":
        raise _LayoutUnknown
    opening = _matching_opening(text)
    head, body = text[:opening], text[opening + 1 : -1]
    call = _CALL_HEAD.fullmatch(head) is not None
    if not call and (_LITERAL_HEAD.fullmatch(head) is None or (statement and not head)):
        raise _LayoutUnknown
    if call and not statement and " = " in head:
        raise _LayoutUnknown

    items = _split_items(body)
    if not items:
        raise _LayoutUnknown
    first = _INDENT * depth + text[: opening + 1]
    last = _INDENT * depth + text[-1] + suffix + comment
    if not _fits(first):
        if statement:
            return _layout_wrapped_assignment(text, depth, comment)
        raise _LayoutUnknown
    one_line = _INDENT * (depth + 1) + body.strip()
    if call and text[opening] == "[" and len(items) > 1:
        raise _LayoutUnknown  # a tuple subscript
    if " for " in _top_level_text(body):
        # A comprehension is one element whose commas belong to its clauses.
        # black keeps it on one line when it fits and otherwise splits it at
        # "for" and "if".
        if _fits(one_line):
            return [first, one_line, last]
        raise _LayoutUnknown

    if len(items) == 1 or (call and _fits(one_line)):
        # black keeps one element, or the arguments of a call that fit, on
        # one line and adds no trailing comma. It splits a literal with a
        # comma one element per line.
        if _fits(one_line):
            return [first, one_line, last]
        if len(items) == 1:
            return [first, *_layout_line(items[0], depth + 1, "", "", statement=False), last]

    lines = [first]
    for item in items:
        lines.extend(_layout_line(item, depth + 1, ",", "", statement=False))
    lines.append(last)
    return lines


def _matching_opening(text: str) -> int:
    """Return the index of the bracket that opens the pair closed by the last character of ``text``."""
    depth = 0
    position = len(text)
    for token in reversed(_LAYOUT_TOKEN.findall(text)):
        position -= len(token)
        if token in ")]}":
            depth += 1
        elif token in "([{":
            depth -= 1
            if depth == 0:
                return position
    raise _LayoutUnknown


def _split_items(body: str) -> list[str]:
    """Split the text inside a bracket pair at its top-level commas."""
    items: list[str] = []
    depth = 0
    current = ""
    for token in _LAYOUT_TOKEN.findall(body):
        if token in "([{":
            depth += 1
        elif token in ")]}":
            depth -= 1
        elif token.startswith("#"):
            raise _LayoutUnknown
        if token == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += token
    if current.strip():
        items.append(current.strip())
    elif items:
        raise _LayoutUnknown  # a trailing comma: black keeps the elements exploded
    if any(not item for item in items):
        raise _LayoutUnknown
    return items


def _top_level_text(item: str) -> str:
    """Return the characters of ``item`` outside strings and brackets."""
    depth = 0
    kept = []
    for token in _LAYOUT_TOKEN.findall(item):
        if token in "([{":
            depth += 1
        elif token in ")]}":
            depth -= 1
        elif depth == 0 and token[0] not in "\"'bB":
            kept.append(token)
    return "".join(kept)


def _fits(line: str) -> bool:
    """Tell whether black counts ``line`` as at most LINE_LENGTH columns wide.

    black counts East Asian wide characters as 2 columns and combining
    marks as 0. Without its table a non-ASCII character is 0 to 2 columns,
    so a non-ASCII line near the limit raises _LayoutUnknown.
    """
    if line.isascii():
        return len(line) <= LINE_LENGTH
    extra = sum(1 for char in line if not char.isascii())
    if len(line) + extra <= LINE_LENGTH:
        return True
    if len(line) - extra > LINE_LENGTH:
        return False
    raise _LayoutUnknown


TARGET = Target(
    name="python",
    extension=".py",
    template="python/request.py.j2",
    build_context=build_context,
    filters={"py": py_expr, "py_header": py_header_expr, "py_operand": py_operand},
    format=format_snippet,
    family="python",
    variable_style="python",
    runtime_auth=PYTHON_RUNTIME_AUTH,
)
