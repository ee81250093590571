"""curl (bash): template values."""

from __future__ import annotations

from ..model import Example
from ..errors import ItemError
from .common import split_basic_auth
from ..wire import BinaryFileBody, MultipartBody, TextBody, UrlEncodedForm, WireRequest, form_encode

__all__ = ["build_context"]


def _form_file_value(path: str, content_type: str, filename: str) -> str:
    # Inside -F's double quotes, curl takes a backslash as an escape for the
    # next character, so backslashes and double quotes are escaped.
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return f"@{quoted(path)};type={content_type};filename={quoted(filename)}"


def _check_form_part(wire: WireRequest, part) -> None:
    """Reject form parts that curl's -F syntax cannot express exactly."""
    problem = None
    if any(char in part.name for char in '="\r\n'):
        problem = f"form field name {part.name!r} contains '=', a double quote or a line break"
    elif part.content_type is not None and any(char in part.content_type for char in ';,"'):
        problem = f"content type {part.content_type!r} of form field {part.name!r} contains ';', ',' or '\"'"
    if problem:
        raise ItemError(f"curl's --form cannot send this request: {problem}", address=wire.address)


def build_context(wire: WireRequest, examples: tuple[Example, ...], options: dict) -> dict:
    body = wire.body
    arguments: list[tuple[str, str]] = []  # (option, value) pairs; value quoted by the template
    notes = list(wire.notes)

    if wire.method == "HEAD":
        arguments.append(("--head", ""))
    else:
        implied = "POST" if body is not None else "GET"
        if wire.method != implied:
            arguments.append(("--request", wire.method))
    if wire.follow_redirects:
        arguments.append(("--location", ""))
    if not wire.strict_ssl:
        arguments.append(("--insecure", ""))
    if any(char in wire.url for char in "[]{}"):
        # Without --globoff curl reads [] and {} in the URL as ranges and lists.
        arguments.append(("--globoff", ""))
    if options.get("timeout"):
        arguments.append(("--max-time", str(options["timeout"])))

    headers = list(wire.headers)
    if wire.basic_auth is not None and ":" not in wire.basic_auth[0]:
        headers = split_basic_auth(wire)
        arguments.append(("--user", f"{wire.basic_auth[0]}:{wire.basic_auth[1]}"))
    stdin_text = None
    has_content_type = False
    for name, value in headers:
        has_content_type = has_content_type or name.lower() == "content-type"
        # "Name;" is curl's way to send a header with an empty value.
        arguments.append(("--header", f"{name}: {value}" if value else f"{name};"))
    if isinstance(body, (TextBody, UrlEncodedForm)) and not has_content_type:
        # curl would add its own form Content-Type for --data; newman sends none here.
        arguments.append(("--header", "Content-Type:"))

    if isinstance(body, TextBody):
        arguments.append(("--data-raw", body.text))
    elif isinstance(body, UrlEncodedForm):
        for key, value in body.fields:
            if key and " " not in value:
                # --data-urlencode encodes the value only; the name must be encoded already.
                arguments.append(("--data-urlencode", f"{form_encode(key)}={value}"))
            else:
                # curl encodes a space as "+", newman as "%20", and an empty
                # name would drop the "=", so such fields are sent encoded.
                arguments.append(("--data-raw", f"{form_encode(key)}={form_encode(value)}"))
    elif isinstance(body, MultipartBody):
        for part in body.parts:
            _check_form_part(wire, part)
            if part.kind == "text" and part.content_type is None:
                arguments.append(("--form-string", f"{part.name}={part.value}"))
            elif part.kind == "text" and not (any(char in part.value for char in ';,"') or part.value[:1] in "@<"):
                arguments.append(("--form", f"{part.name}={part.value};type={part.content_type}"))
            elif part.kind == "text" and stdin_text is None:
                # -F would parse ';', ',' and '"' in the value, so the value
                # comes from standard input ("<-"), which -F sends as it is.
                stdin_text = part.value
                arguments.append(("--form", f"{part.name}=<-;type={part.content_type}"))
            elif part.kind == "text":
                raise ItemError(
                    "curl's --form cannot send this request: more than one form field has both a content type"
                    " and a value with ';', ',' or '\"'",
                    address=wire.address,
                )
            else:
                arguments.append(("--form", f"{part.name}={_form_file_value(part.path, part.content_type, part.filename)}"))
    elif isinstance(body, BinaryFileBody):
        arguments.append(("--data-binary", "@" + body.path))

    return {"arguments": arguments, "notes": notes, "stdin_text": stdin_text}
