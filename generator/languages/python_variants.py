"""Python with httpx (python-httpx) and with the standard library only (python-stdlib): template values."""

from __future__ import annotations

import re

from ..dynamic import expand_hoisted, py_expr, py_operand
from ..model import Example
from ..targets import Target
from ..wire import BinaryFileBody, MultipartBody, TextBody, UrlEncodedForm, WireRequest
from .common import check_built_file_names, error_plan_for, parse_plan_for, split_origin
from .python import basic_auth_headers, format_snippet, hoisted_json_literal, retype_multipart, utf8_header_values
from .python_auth import PYTHON_RUNTIME_AUTH, runtime_auth_context, signs_body

__all__ = ["PYTHON_HTTPX", "PYTHON_STDLIB", "build_httpx_context", "build_stdlib_context", "httpx_keeps_url"]

_ORIGIN = re.compile(r"(https?)://([^/?#]*)([^#]*)", re.S)
_DOT_SEGMENT = re.compile(r"/\.\.?(/|$)")
# Characters that httpx 0.28 and 0.29 percent-encode when it parses a URL
# (measured on printable ASCII); it also resolves "." and ".." segments.
_HTTPX_PATH_ENCODED = set('"<>`{}')
_HTTPX_QUERY_ENCODED = set('"<>')


def httpx_keeps_url(url: str) -> bool:
    """Tell whether httpx sends the target of ``url`` byte for byte as written."""
    origin = _ORIGIN.fullmatch(url)
    if origin is None:
        return False
    target = origin.group(3)
    path, _, query = target.partition("?")
    if not target.isascii() or any(char.isspace() for char in target):
        return False
    if _DOT_SEGMENT.search(path) or _HTTPX_PATH_ENCODED & set(path) or _HTTPX_QUERY_ENCODED & set(query):
        return False
    return True


def _body_context(wire: WireRequest) -> dict:
    body = wire.body
    json_code = None
    if isinstance(body, TextBody) and body.is_json and "content-type" not in wire.removed_defaults and not signs_body(wire):
        json_code = hoisted_json_literal(body.text)
    return {
        "json_code": json_code,
        "payload_code": py_expr(body.text) if isinstance(body, TextBody) and json_code is None else None,
        "payload_operand": py_operand(body.text) if isinstance(body, TextBody) and json_code is None else None,
        "is_text": isinstance(body, TextBody),
        "is_urlencoded": isinstance(body, UrlEncodedForm),
        "is_multipart": isinstance(body, MultipartBody),
        "is_file": isinstance(body, BinaryFileBody),
    }


# Characters that httpx 0.29 escapes in a multipart name or file
# name: '"', '\\' and the control characters except ESC. newman writes them
# unchanged.
_HTTPX_FORM_ESCAPED = frozenset('"\\' + "".join(chr(code) for code in range(0x20) if code != 0x1B))


def _httpx_changes_parts(body) -> bool:
    """Tell whether httpx would write a part of ``body`` differently from newman."""
    if not isinstance(body, MultipartBody):
        return False
    for part in body.parts:
        if _HTTPX_FORM_ESCAPED & set(part.name):
            return True
        # httpx writes the filename parameter only when it is not empty.
        if part.kind == "file" and (not part.filename or _HTTPX_FORM_ESCAPED & set(part.filename)):
            return True
    return False


def _system_type_disabled(body) -> bool:
    """Tell whether newman sends the multipart ``body`` without its own multipart/form-data Content-Type."""
    return isinstance(body, MultipartBody) and not body.system_content_type


def build_httpx_context(wire: WireRequest, examples: tuple[Example, ...], options: dict) -> dict:
    if _httpx_changes_parts(wire.body) or _system_type_disabled(wire.body):
        check_built_file_names(wire)  # the snippet builds the multipart body itself
    notes = list(wire.notes)
    origin = split_origin(wire.url, _ORIGIN)
    exact_target = None
    if origin is not None and not httpx_keeps_url(expand_hoisted(wire.url)):
        exact_target = origin[2] or "/"
    auth = runtime_auth_context(wire)
    headers, basic_credentials = basic_auth_headers(wire)
    headers.extend(auth["auth_headers"])
    headers = utf8_header_values(wire, headers)
    return {
        **_body_context(wire),
        **auth,
        "auth_imports": auth["auth_imports"] + (["base64"] if basic_credentials is not None else []),
        "basic_credentials": basic_credentials,
        "notes": notes,
        # Without a body, newman sends a header value as Latin-1, one byte
        # per character. httpx encodes a str value as ASCII, so such values
        # go as bytes.
        "headers": [(name, value, not expand_hoisted(value).isascii()) for name, value in headers],
        "remove_accept": "accept" in wire.removed_defaults,
        # After a redirect that is not a 307 or 308, newman sends GET (HEAD
        # for HEAD) without a body, Content-Type or Content-Length. httpx
        # agrees only for POST without those headers, or for GET and HEAD
        # without body and without those headers.
        "strip_body_on_redirect": wire.body is not None
        or wire.method not in {"GET", "HEAD", "POST"}
        or wire.has_header("Content-Type")
        or wire.has_header("Content-Length"),
        # newman sends the host of each redirect's URL in place of the item's own.
        "drop_host": wire.has_header("Host"),
        # httpx drops the item's Cookie header on a redirect.
        "redirect_cookie": any(name.lower() == "cookie" for name, _ in headers),
        "retype_multipart": retype_multipart(wire),
        "exact_target": exact_target,
        # httpx always writes a multipart/form-data Content-Type for the bodies
        # it builds, so the snippet builds the body itself when the item
        # turns that header off too.
        "hand_built_multipart": _httpx_changes_parts(wire.body) or _system_type_disabled(wire.body),
        # The snippet adds Content-Type itself to a body it builds, or when
        # missing files may leave the item's multipart Content-Type alone.
        "needs_headers": (_httpx_changes_parts(wire.body) and not _system_type_disabled(wire.body))
        or (isinstance(wire.body, MultipartBody) and wire.body.may_be_empty and wire.body.explicit_type is not None),
        "timeout": options.get("timeout", 30),
        "parse": parse_plan_for(examples, "python", options),
        "error_parse": error_plan_for(examples, "python", options),
    }


def build_stdlib_context(wire: WireRequest, examples: tuple[Example, ...], options: dict) -> dict:
    # NOTE: the snippet keeps no cookie jar, so a cookie that a redirect
    # response sets is not sent on the next hop, where newman sends it.
    check_built_file_names(wire)  # urllib sends only bodies that the snippet builds
    notes = list(wire.notes)
    auth = runtime_auth_context(wire)
    headers, basic_credentials = basic_auth_headers(wire)
    headers.extend(auth["auth_headers"])
    names = [name.lower() for name, _ in headers]
    if len(set(names)) != len(names):
        notes.append("urllib.request keeps one value per header name, so only the last of each repeated header is sent.")
    # urllib.request adds a form Content-Type to a body without one, so the
    # snippet removes it again. A multipart body gets its own unless the item
    # turns it off.
    typed_multipart = isinstance(wire.body, MultipartBody) and wire.body.system_content_type
    drop_content_type = wire.body is not None and "content-type" not in names and not typed_multipart
    if "accept" not in names and "accept" not in wire.removed_defaults:
        headers.insert(0, ("Accept", "*/*"))  # newman's default, which urllib.request does not send
    last_values: dict[str, tuple[str, str]] = {}
    for name, value in headers:
        last_values[name.lower()] = (name, value)
    headers = utf8_header_values(wire, list(last_values.values()))
    return {
        **_body_context(wire),
        **auth,
        "auth_imports": auth["auth_imports"] + (["base64"] if basic_credentials is not None else []),
        "basic_credentials": basic_credentials,
        "headers": headers,
        "notes": notes,
        "drop_content_type": drop_content_type,
        # urllib.request keeps Authorization on every redirect; newman drops it on one to another host.
        # newman sends the host of each redirect's URL in place of the item's own.
        "drop_host": "host" in names,
        "retype_multipart": retype_multipart(wire),
        "strip_authorization": wire.follow_redirects
        and "authorization" in names
        and not wire.redirects.keep_authorization,
        "timeout": options.get("timeout", 30),
        "parse": parse_plan_for(examples, "python", options),
        "error_parse": error_plan_for(examples, "python", options),
    }


PYTHON_HTTPX = Target(
    name="python-httpx",
    extension=".py",
    template="python-httpx/request.py.j2",
    build_context=build_httpx_context,
    filters={"py": py_expr, "py_operand": py_operand},
    format=format_snippet,
    family="python",
    variable_style="python",
    runtime_auth=PYTHON_RUNTIME_AUTH,
)

PYTHON_STDLIB = Target(
    name="python-stdlib",
    extension=".py",
    template="python-stdlib/request.py.j2",
    build_context=build_stdlib_context,
    filters={"py": py_expr, "py_operand": py_operand},
    format=format_snippet,
    family="python",
    variable_style="python",
    runtime_auth=PYTHON_RUNTIME_AUTH,
)
