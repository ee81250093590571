"""Compare a request a snippet sent with the one newman sent for the same item.

The comparison is byte-exact except where the collection does not control
the bytes:

* a few headers that every client sets on its own (see ``IGNORED_HEADERS``);
* ``Content-Length``, which each side must state correctly for its own body
  instead of matching the other side's number;
* multipart boundaries, which every client draws at random;
* the whitespace between the tokens of a JSON body that parses to the same
  value (the Python snippets send requests' spacing by design);
* the capture server's origin (its port) wherever it appears in a request.

Header names compare case-insensitively. Header values, the method, the
target and the body compare exactly.
"""

from __future__ import annotations

import base64
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from generator.conformance.capture import CapturedRequest

__all__ = [
    "Difference",
    "FormPart",
    "IGNORED_HEADERS",
    "compare",
    "compare_chain",
    "compare_form_parts",
    "failures",
    "form_parts",
]

# Headers left out of the comparison. None of them is something the
# collection controls: each is a client default or changes on every request.
IGNORED_HEADERS: Mapping[str, str] = {
    # Each client names itself (PostmanRuntime/7.39.1, python-requests/2.x, curl/8.x).
    "user-agent": "each client sends its own product name",
    # newman sends a new random UUID with every request.
    "postman-token": "newman sends a random UUID per request",
    # Host names the capture server and its port, which change per run.
    "host": "it names the capture server, whose port changes per run",
    # Connection reuse is the client's choice (keep-alive or close).
    "connection": "connection reuse is the client's choice",
    # Each client lists the content codings it can decode.
    "accept-encoding": "each client lists the content codings it can decode",
}

# newman adds "Cache-Control: no-cache" to every request unless the item sets
# its own Cache-Control. Only that exact value is ignored, so a Cache-Control
# the collection sets is still compared.
_NEWMAN_CACHE_CONTROL = "no-cache"

_BOUNDARY_PARAMETER = re.compile(r'(;\s*boundary=)("?)([^";]+)("?)', re.IGNORECASE)
_BLANK_BOUNDARY = "<boundary>"


@dataclass(frozen=True)
class Difference:
    """One way the actual request differs from the expected one.

    ``kind`` is one of ``sent``, ``method``, ``target``, ``header-missing``,
    ``header-extra``, ``header-value``, ``content-length``,
    ``content-length-zero``, ``body``, ``body-json-equivalent`` or
    ``redirect-count``. Kinds with ``is_failure`` False are reported for
    information only.
    """

    kind: str
    detail: str
    is_failure: bool = True


@dataclass(frozen=True)
class _Request:
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes


def failures(differences: Iterable[Difference]) -> list[Difference]:
    """Return only the differences that make the comparison fail."""
    return [difference for difference in differences if difference.is_failure]


def compare(
    expected: Mapping[str, Any] | CapturedRequest,
    actual: Mapping[str, Any] | CapturedRequest | None,
    *,
    expected_origin: str | None = None,
    actual_origin: str | None = None,
    ignore_headers: Iterable[str] = (),
) -> list[Difference]:
    """Compare one request with the expected one and return the differences.

    ``expected`` is an expectation (the JSON written by
    :mod:`generator.conformance.newman`, or one of its ``redirects``
    entries) or a captured request; ``actual`` likewise, or None when no
    request arrived. The expected origin defaults to the expectation's
    ``origin`` field, and the actual one to ``http://`` plus the actual Host
    header. When both are known and differ, the expected origin is replaced
    by the actual one in the expected target, header values and body before
    comparing. ``ignore_headers`` names further headers to leave out, such as
    ``Authorization`` for an item whose signature changes per request.
    """
    expected_sent = not (isinstance(expected, Mapping) and expected.get("sent") is False)
    if not expected_sent:
        if actual is None:
            return []
        reason = expected.get("reason", "no reason recorded")  # type: ignore[union-attr]
        return [Difference("sent", f"newman sent no request ({reason}), but a request arrived")]
    if actual is None:
        return [Difference("sent", "newman sent a request, but no request arrived")]

    expected_request = _as_request(expected)
    actual_request = _as_request(actual)
    if expected_origin is None and isinstance(expected, Mapping):
        expected_origin = expected.get("origin")
    if actual_origin is None:
        host = _last_header(actual_request.headers, "host")
        actual_origin = f"http://{host}" if host else None
    if expected_origin and actual_origin and expected_origin != actual_origin:
        expected_request = _replace_origin(expected_request, expected_origin, actual_origin)

    ignored = {name.lower() for name in ignore_headers}
    differences: list[Difference] = []
    if expected_request.method != actual_request.method:
        differences.append(
            Difference(
                "method",
                f"expected {expected_request.method!r}, got {actual_request.method!r}",
            )
        )
    if expected_request.target != actual_request.target:
        differences.append(
            Difference(
                "target",
                f"expected {expected_request.target!r}, got {actual_request.target!r}",
            )
        )
    differences.extend(_compare_headers(expected_request, actual_request, ignored))
    differences.extend(_compare_content_length(expected_request, actual_request))
    differences.extend(_compare_bodies(expected_request, actual_request))
    return differences


def compare_chain(
    expected: Mapping[str, Any],
    actual: Sequence[Mapping[str, Any] | CapturedRequest],
    **options: Any,
) -> list[Difference]:
    """Compare an expectation and its redirect chain with the requests that arrived, in order.

    Differences of later requests name the hop in their detail (hop 1 is
    the first redirected request). ``options`` are passed to :func:`compare`.
    """
    if expected.get("sent") is False:
        return compare(expected, actual[0] if actual else None, **options)
    hops: list[Mapping[str, Any]] = [expected, *expected.get("redirects", [])]
    options.setdefault("expected_origin", expected.get("origin"))
    differences: list[Difference] = []
    if len(hops) != len(actual):
        differences.append(
            Difference(
                "redirect-count",
                f"expected {len(hops)} request(s) including redirects, got {len(actual)}",
            )
        )
    for number, (hop, request) in enumerate(zip(hops, actual)):
        for difference in compare(hop, request, **options):
            detail = difference.detail if number == 0 else f"hop {number}: {difference.detail}"
            differences.append(Difference(difference.kind, detail, difference.is_failure))
    return differences


# --- normalising both sides ---------------------------------------------------------


def _as_request(source: Mapping[str, Any] | CapturedRequest) -> _Request:
    if isinstance(source, CapturedRequest):
        return _Request(source.method, source.target, list(source.headers), source.body)
    body_record = source.get("body") or {}
    if isinstance(body_record, Mapping):
        body = base64.b64decode(body_record.get("base64") or "")
    else:
        body = bytes(body_record)
    headers = [(str(name), str(value)) for name, value in source.get("headers", [])]
    return _Request(str(source["method"]), str(source["target"]), headers, body)


def _replace_origin(request: _Request, old: str, new: str) -> _Request:
    """Replace ``old`` by ``new`` as written and as percent-encoded in a query or form value."""
    replacements = [(old, new), (quote(old, safe=""), quote(new, safe=""))]

    def replace(text: str) -> str:
        for before, after in replacements:
            text = text.replace(before, after)
        return text

    body = request.body
    for before, after in replacements:
        body = body.replace(before.encode("latin-1"), after.encode("latin-1"))
    return _Request(
        request.method,
        replace(request.target),
        [(name, replace(value)) for name, value in request.headers],
        body,
    )


def _last_header(headers: list[tuple[str, str]], name: str) -> str | None:
    for key, value in reversed(headers):
        if key.lower() == name:
            return value
    return None


# --- headers ------------------------------------------------------------------------------


def _comparable_headers(headers: list[tuple[str, str]], ignored: set[str]) -> Counter[tuple[str, str]]:
    comparable: Counter[tuple[str, str]] = Counter()
    for name, value in headers:
        lower = name.lower()
        if lower in IGNORED_HEADERS or lower in ignored or lower == "content-length":
            continue
        if lower == "cache-control" and value.strip().lower() == _NEWMAN_CACHE_CONTROL:
            continue
        if lower == "content-type":
            value = _BOUNDARY_PARAMETER.sub(
                lambda match: match.group(1) + match.group(2) + _BLANK_BOUNDARY + match.group(4),
                value,
            )
        comparable[(lower, value)] += 1
    return comparable


def _compare_headers(expected: _Request, actual: _Request, ignored: set[str]) -> list[Difference]:
    expected_headers = _comparable_headers(expected.headers, ignored)
    actual_headers = _comparable_headers(actual.headers, ignored)
    missing = expected_headers - actual_headers
    extra = actual_headers - expected_headers
    differences = []
    names = sorted({name for name, _ in missing} | {name for name, _ in extra})
    for name in names:
        missing_values = sorted(value for (key, value) in missing.elements() if key == name)
        extra_values = sorted(value for (key, value) in extra.elements() if key == name)
        if missing_values and extra_values:
            differences.append(
                Difference("header-value", f"{name}: expected {missing_values!r}, got {extra_values!r}")
            )
        elif missing_values:
            differences.append(Difference("header-missing", f"{name}: {missing_values!r}"))
        else:
            differences.append(Difference("header-extra", f"{name}: {extra_values!r}"))
    return differences


def _compare_content_length(expected: _Request, actual: _Request) -> list[Difference]:
    """Check that each side states its own body length and that both state one or neither."""
    differences = []
    for side, request in (("expected", expected), ("actual", actual)):
        stated = [value for name, value in request.headers if name.lower() == "content-length"]
        if stated and any(value.strip() != str(len(request.body)) for value in stated):
            differences.append(
                Difference(
                    "content-length",
                    f"{side} Content-Length {stated!r} does not match its body of {len(request.body)} bytes",
                )
            )

    expected_value = _last_header(expected.headers, "content-length")
    actual_value = _last_header(actual.headers, "content-length")
    if (expected_value is None) == (actual_value is None):
        return differences
    present_value = expected_value if expected_value is not None else actual_value
    if not expected.body and not actual.body and present_value is not None and present_value.strip() == "0":
        side = "expected" if expected_value is not None else "actual"
        differences.append(
            Difference(
                "content-length-zero",
                f"only the {side} request states Content-Length: 0 for an empty body",
                is_failure=False,
            )
        )
    elif expected_value is None:
        differences.append(Difference("header-extra", f"content-length: [{actual_value!r}]"))
    else:
        differences.append(Difference("header-missing", f"content-length: [{expected_value!r}]"))
    return differences


# --- bodies -------------------------------------------------------------------------------


def _compare_bodies(expected: _Request, actual: _Request) -> list[Difference]:
    if expected.body == actual.body:
        return []

    expected_boundary = _boundary(expected)
    actual_boundary = _boundary(actual)
    if expected_boundary and actual_boundary:
        return _compare_multipart(expected.body, expected_boundary, actual.body, actual_boundary)

    if _same_json(expected.body, actual.body):
        return [
            Difference(
                "body-json-equivalent",
                "the JSON bodies differ only in whitespace between tokens",
                is_failure=False,
            )
        ]
    return [Difference("body", _describe_byte_difference(expected.body, actual.body))]


def _boundary(request: _Request) -> str | None:
    content_type = _last_header(request.headers, "content-type")
    if content_type is None or not content_type.lower().startswith("multipart/"):
        return None
    match = _BOUNDARY_PARAMETER.search(content_type)
    return match.group(3) if match else None


def _compare_multipart(
    expected_body: bytes, expected_boundary: str, actual_body: bytes, actual_boundary: str
) -> list[Difference]:
    expected_parts = _multipart_parts(expected_body, expected_boundary)
    actual_parts = _multipart_parts(actual_body, actual_boundary)
    if expected_parts == actual_parts:
        return []
    differences = []
    if len(expected_parts) != len(actual_parts):
        differences.append(
            Difference(
                "body",
                f"multipart body has {len(actual_parts) - 2} part(s), expected {len(expected_parts) - 2}",
            )
        )
    for number, (expected_part, actual_part) in enumerate(zip(expected_parts, actual_parts)):
        if expected_part != actual_part:
            differences.append(
                Difference(
                    "body",
                    f"multipart {_part_label(number, len(expected_parts))}: "
                    + _describe_byte_difference(expected_part, actual_part),
                )
            )
    return differences


def _multipart_parts(body: bytes, boundary: str) -> list[bytes]:
    """Split a multipart body at its delimiters: preamble, each part, then the closing rest."""
    # The first piece is the preamble, and the last one is what follows the
    # closing delimiter, starting with "--". Each piece between them is one
    # part with its surrounding CRLFs.
    return body.split(b"--" + boundary.encode("latin-1"))


def _part_label(number: int, count: int) -> str:
    if number == 0:
        return "preamble"
    if number == count - 1:
        return "closing delimiter"
    return f"part {number}"


def _same_json(expected: bytes, actual: bytes) -> bool:
    """Return True when both bodies are JSON objects or arrays that differ only in whitespace between tokens.

    Objects keep their key order and duplicate keys, numbers compare by
    their text (``1.50`` differs from ``1.5``), and strings by their escapes
    (``"\\u00e9"`` differs from ``"é"``).
    """
    expected_value = _parse_json(expected)
    actual_value = _parse_json(actual)
    if expected_value is None or expected_value != actual_value:
        return False
    return _without_whitespace(expected) == _without_whitespace(actual)


# A JSON string (group 1), or a run of the whitespace that JSON allows between tokens.
_JSON_WHITESPACE = re.compile(rb'("(?:[^"\\]|\\.)*")|[ \t\n\r]+')


def _without_whitespace(body: bytes) -> bytes:
    return _JSON_WHITESPACE.sub(lambda match: match.group(1) or b"", body)


def _parse_json(body: bytes) -> Any:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text.strip().startswith(("{", "[")):
        return None
    try:
        return json.loads(
            text,
            object_pairs_hook=lambda pairs: ("object", tuple(pairs)),
            parse_float=lambda number: ("number", number),
            parse_int=lambda number: ("number", number),
            parse_constant=lambda constant: ("number", constant),
        )
    except ValueError:
        return None


def _describe_byte_difference(expected: bytes, actual: bytes) -> str:
    offset = next(
        (index for index, (left, right) in enumerate(zip(expected, actual)) if left != right),
        min(len(expected), len(actual)),
    )
    start = max(0, offset - 20)
    return (
        f"{len(expected)} expected and {len(actual)} actual bytes differ from offset {offset}: "
        f"expected ...{expected[start:offset + 40]!r}, got ...{actual[start:offset + 40]!r}"
    )


# --- multipart bodies compared by structure -----------------------------------------------


@dataclass(frozen=True)
class FormPart:
    """One part of a multipart/form-data body, by the fields that a form part has.

    ``filename`` is None when the Content-Disposition has no filename
    parameter, and ``content_type`` None when the part has no Content-Type.
    """

    name: str
    filename: str | None
    content_type: str | None
    content: bytes


# newman writes the name and file name between double quotes without escaping
# anything, so a name may itself contain '"'.
_FORM_DISPOSITION = re.compile(r'form-data; name="(?P<name>.*?)"(?:; filename="(?P<filename>.*)")?', re.S)


def form_parts(body: bytes, boundary: str) -> list[FormPart]:
    """Split a multipart/form-data body as newman writes it into its parts.

    Raise ValueError for a part without a Content-Disposition that newman
    would write.
    """
    pieces = _multipart_parts(body, boundary)[1:-1]
    parts = []
    for number, piece in enumerate(pieces, start=1):
        if not piece.startswith(b"\r\n") or not piece.endswith(b"\r\n"):
            raise ValueError(f"multipart part {number} is not framed by CRLF")
        head, separator, content = piece[2:-2].partition(b"\r\n\r\n")
        if not separator:
            raise ValueError(f"multipart part {number} has no blank line after its headers")
        headers = {}
        for line in head.decode("utf-8").split("\r\n"):
            name, _, value = line.partition(": ")
            headers[name.lower()] = value
        match = _FORM_DISPOSITION.fullmatch(headers.get("content-disposition", ""))
        if match is None:
            raise ValueError(f"multipart part {number} has no form-data Content-Disposition")
        parts.append(FormPart(match["name"], match["filename"], headers.get("content-type"), content))
    return parts


def compare_form_parts(expected: Sequence[FormPart], actual: Sequence[FormPart]) -> list[Difference]:
    """Compare two lists of form parts field by field, as ``body`` differences."""
    differences = []
    if len(expected) != len(actual):
        differences.append(
            Difference("body", f"multipart body has {len(actual)} part(s), expected {len(expected)}")
        )
    for number, (expected_part, actual_part) in enumerate(zip(expected, actual), start=1):
        for name in ("name", "filename", "content_type", "content"):
            expected_value = getattr(expected_part, name)
            actual_value = getattr(actual_part, name)
            if expected_value != actual_value:
                differences.append(
                    Difference(
                        "body",
                        f"multipart part {number}: {name} expected {expected_value!r}, got {actual_value!r}",
                    )
                )
    return differences
