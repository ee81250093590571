"""Python (requests): template values and formatting."""

from __future__ import annotations

import json
import re

from ..model import Example
from ..dynamic import py_expr
from ..wire import BinaryFileBody, MultipartBody, TextBody, UrlEncodedForm, WireRequest
from .common import error_plan_for, parse_plan_for, split_basic_auth

__all__ = ["build_context", "format_code", "json_literal"]

# Methods that have a function of their own in requests.
_SHORTCUTS = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"}

# What requests passes through unchanged: its prepare_url re-quotes any other
# character, decodes %XX of unreserved characters, upper-cases hex digits,
# lower-cases the host and drops an empty "?"; such URLs are sent through a
# prepared request whose url is set back to the exact target.
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
    ``%`` of a target that holds one lone ``%``, whatever requests does
    before it. Such targets need http.client.
    """
    return _REQUESTS_STABLE_URL.fullmatch(url) is not None


_ORIGIN = re.compile(r"(https?)://([^/?]*)(.*)", re.S)


def json_literal(text: str) -> str | None:
    """Return a Python literal for a JSON body when ``json=`` sends the same value.

    requests serialises ``json=`` with ``json.dumps``: keys keep their order
    but duplicates collapse, and floats are written by ``repr``. The literal
    is offered only when neither changes the value.
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
    return _python_value(value)


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

    A requests header dict holds one value per name, so repeats are added to
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


def build_context(wire: WireRequest, examples: tuple[Example, ...], options: dict) -> dict:
    body = wire.body
    payload_code = None
    json_code = None
    encode_utf8 = False
    if isinstance(body, TextBody):
        if body.is_json:
            json_code = json_literal(body.text)
        if json_code is None:
            payload_code = py_expr(body.text)
            encode_utf8 = not body.text.isascii()
    headers = list(wire.headers)
    basic_auth = None
    if wire.basic_auth is not None and all(part.isascii() for part in wire.basic_auth):
        # requests encodes the credentials as Latin-1 and newman as UTF-8, so
        # only ASCII credentials may go through auth=.
        headers = split_basic_auth(wire)
        basic_auth = wire.basic_auth
    headers, extra_headers = _split_repeated(headers)
    exact_url = not requests_keeps_url(wire.url)
    origin = _ORIGIN.fullmatch(wire.url)
    raw_http = origin is not None and not urllib3_keeps_url(wire.url)
    prepared = exact_url or bool(extra_headers)
    method = wire.method
    function = method.lower() if method in _SHORTCUTS and not prepared else None
    return {
        "headers": headers,
        "basic_auth": basic_auth,
        "json_code": json_code,
        "payload_code": payload_code,
        "encode_utf8": encode_utf8,
        "body_kind": None if body is None else ("json" if json_code is not None else body.kind),
        # json= escapes non-ASCII characters; for such bodies the snippet
        # serialises with ensure_ascii=False so the UTF-8 text is sent as written.
        "json_utf8": json_code is not None and not body.text.isascii(),
        "exact_url": exact_url,
        "raw_http": raw_http,
        "connection_class": ("HTTPSConnection" if origin.group(1) == "https" else "HTTPConnection") if raw_http else None,
        "netloc": origin.group(2) if raw_http else None,
        "target": (origin.group(3) or "/") if raw_http else None,
        "extra_headers": extra_headers,
        "prepared": prepared,
        "function": function,
        "head_redirects": method == "HEAD" and wire.follow_redirects,
        "timeout": options.get("timeout", 30),
        "parse": parse_plan_for(examples, "python", options),
        "error_parse": error_plan_for(examples, "python", options),
        "is_multipart": isinstance(body, MultipartBody),
        "is_urlencoded": isinstance(body, UrlEncodedForm),
        "is_file": isinstance(body, BinaryFileBody),
    }


def format_code(code: str) -> str:
    import black

    return black.format_str(code, mode=black.Mode(line_length=88))
