"""PowerShell 7 (Invoke-RestMethod): template values."""

from __future__ import annotations

from ..model import Example
from ..dynamic import expand_hoisted, ps_expr
from ..errors import ItemError
from ..quoting import ps_here_string
from ..wire import BinaryFileBody, MultipartBody, TextBody, UrlEncodedForm, WireRequest, form_encode
from ..targets import Target
from .common import error_plan_for, parse_plan_for, split_basic_auth
from .powershell_auth import POWERSHELL_RUNTIME_AUTH, oauth1_code

__all__ = ["TARGET", "build_context", "format_snippet"]

# Values of Invoke-RestMethod's -Method; other verbs go through -CustomMethod.
_METHODS = {"GET": "Get", "HEAD": "Head", "POST": "Post", "PUT": "Put", "DELETE": "Delete",
            "TRACE": "Trace", "OPTIONS": "Options", "MERGE": "Merge", "PATCH": "Patch"}


def build_context(
    wire: WireRequest,
    examples: tuple[Example, ...],
    options: dict,
    *,
    client: str = "Invoke-RestMethod",
    latin1_headers: bool = False,
) -> dict:
    """Return the template values. ``client`` is the cmdlet or class that sends the request, named in the notes.

    ``latin1_headers`` is True when the client sends each character of a
    header value as one Latin-1 byte, as .NET Framework does. Without it,
    a non-ASCII header value is rejected, because .NET 5 and later send
    only ASCII unless the handler is given another encoding.
    """
    body = wire.body
    if isinstance(body, MultipartBody) and not body.system_content_type:
        # NOTE: no run of PowerShell has checked whether the multipart content
        # could go without its Content-Type, so such items are rejected.
        raise ItemError(
            "the PowerShell snippet cannot send this request: protocolProfileBehavior.disabledSystemHeaders turns"
            " off the Content-Type of its multipart body, and the snippet always sends multipart/form-data with a"
            " boundary. Use the curl (bash) or a Python language for this item",
            address=wire.address,
        )
    headers: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    sent = split_basic_auth(wire)
    for name, value in sent:
        if not expand_hoisted(value).isascii() and not latin1_headers:
            raise ItemError(
                f"the PowerShell snippet cannot send the non-ASCII value of header {name!r}, because"
                " Invoke-RestMethod sends only ASCII header values. Use the curl (bash) or a Python language for this item",
                address=wire.address,
            )
        if name.lower() == "content-type":
            continue  # sent through -ContentType
        key = names.setdefault(name.lower(), name)
        headers.setdefault(key, []).append(_header_expr(value, wire, latin1_headers))
    if "accept" not in names and "accept" not in wire.removed_defaults:
        # Invoke-RestMethod sends no Accept header of its own; newman sends this one.
        names["accept"] = "Accept"
        headers["Accept"] = [ps_expr("*/*")]
    if wire.basic_auth is not None:
        credentials = ps_expr(f"{wire.basic_auth[0]}:{wire.basic_auth[1]}")
        key = names.setdefault("authorization", "Authorization")
        headers.setdefault(key, []).append(
            f"'Basic ' + [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes({credentials}))"
        )
    oauth1 = None
    if wire.runtime_auth is not None and wire.runtime_auth.oauth1 is not None:
        oauth1 = oauth1_code(wire)
        if oauth1.header is not None:
            key = names.setdefault("authorization", "Authorization")
            headers.setdefault(key, []).append(oauth1.header)
    notes = list(wire.notes)
    if wire.follow_redirects and not wire.redirects.remove_referer:
        notes.append(f"{client} sends no Referer header after a redirect, unlike newman.")
    if any(len(values) > 1 for values in headers.values()):
        notes.append("PowerShell joins repeated headers into one line with commas.")

    body_code = None
    body_bytes = False
    if isinstance(body, TextBody):
        here_string = ps_here_string(body.text) if "{{$" not in body.text else None
        body_code = here_string or ps_expr(body.text)
        # PowerShell before 7.4 encodes a string body as ISO-8859-1 unless the
        # content type names a charset, so non-ASCII text is sent as UTF-8 bytes.
        body_bytes = not expand_hoisted(body.text).isascii()
    form_lines = []
    if isinstance(body, UrlEncodedForm):
        # Names are encoded here; values by .NET's EscapeDataString, which
        # encodes all but A-Z a-z 0-9 - . _ ~ as newman does.
        form_lines = [
            f"{ps_expr(form_encode(key) + '=')} + [uri]::EscapeDataString({ps_expr(value)})"
            for key, value in body.fields
        ]
    credential = None
    if wire.runtime_auth is not None and wire.runtime_auth.scheme in ("digest", "ntlm"):
        user = wire.runtime_auth.get("username")
        if wire.runtime_auth.scheme == "ntlm" and wire.runtime_auth.get("domain"):
            user = wire.runtime_auth.get("domain") + "\\" + user
        credential = (user, wire.runtime_auth.get("password"))
    return {
        "oauth1_lines": oauth1.lines if oauth1 is not None else [],
        "uri_code": oauth1.uri if oauth1 is not None and oauth1.uri is not None else ps_expr(wire.url),
        "credential": credential,
        "unencrypted_credential": credential is not None and not expand_hoisted(wire.url).lower().startswith("https:"),
        "form_lines": form_lines,
        "headers": [(name, values) for name, values in headers.items()],
        "method": _METHODS.get(wire.method),
        "body_code": body_code,
        "body_bytes": body_bytes,
        "is_multipart": isinstance(body, MultipartBody),
        "is_urlencoded": isinstance(body, UrlEncodedForm),
        "is_file": isinstance(body, BinaryFileBody),
        # A guessed file type goes with the file, which the snippet sends only when it exists.
        "content_type": None if isinstance(body, MultipartBody) or (isinstance(body, BinaryFileBody) and body.guessed_type) else wire.content_type,
        "timeout": options.get("timeout"),
        "notes": notes,
        "keep_authorization_header": wire.follow_redirects and "authorization" in names,
        "parse": parse_plan_for(examples, "powershell", options),
        "error_parse": error_plan_for(examples, "powershell", options),
    }


def _header_expr(value: str, wire: WireRequest, latin1_headers: bool) -> str:
    """Return the PowerShell expression of a header value that the client sends as Latin-1 bytes.

    newman sends a value as UTF-8 when the request has a body (see
    WireRequest.headers_utf8), so such a value is given as the Latin-1
    characters of its UTF-8 bytes, which the client sends as those bytes.
    """
    code = ps_expr(value)
    if latin1_headers and wire.headers_utf8 and not expand_hoisted(value).isascii():
        return f"[Text.Encoding]::GetEncoding(28591).GetString([Text.Encoding]::UTF8.GetBytes({code}))"
    return code


def format_snippet(code: str, options) -> str:
    """Apply the ``indent`` option to a PowerShell snippet; without it the code is returned unchanged."""
    indent = options.get("indent")
    if indent is None:
        return code
    from ..indentation import reindent_powershell

    return reindent_powershell(code, int(indent))


TARGET = Target(
    name="powershell",
    extension=".ps1",
    template="powershell/request.ps1.j2",
    build_context=build_context,
    filters={"ps": ps_expr},
    format=format_snippet,
    family="powershell",
    variable_style="powershell",
    # NOTE: written from the documentation of PowerShell 7's -Credential,
    # which hands the credential to .NET's handler for a 401 challenge, and
    # of .NET's HMAC classes for OAuth 1.0. No such snippet has been run,
    # because pwsh is not installed here.
    runtime_auth=POWERSHELL_RUNTIME_AUTH,
)
