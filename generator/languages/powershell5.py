"""Windows PowerShell 5.1 (Invoke-WebRequest): template values.

Windows PowerShell 5.1 has no -SkipHttpErrorCheck, -StatusCodeVariable,
-Form, -CustomMethod or -SkipCertificateCheck, so the snippet catches the
WebException of an error status, sends text bodies as UTF-8 bytes and
builds a multipart body by hand. A method outside -Method's values (PURGE,
PROPFIND) is sent with System.Net.Http.HttpClient instead.
"""

from __future__ import annotations

from ..dynamic import ps_expr
from ..model import Example
from ..targets import Target
from ..wire import MultipartBody, WireRequest
from . import powershell

__all__ = ["TARGET", "build_context"]

# Values of Microsoft.PowerShell.Commands.WebRequestMethod in PowerShell 5.1.
_METHODS_51 = {"GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "MERGE", "PATCH"}


def build_context(wire: WireRequest, examples: tuple[Example, ...], options: dict) -> dict:
    # Other methods go through System.Net.Http.HttpClient (see the template).
    # NOTE: that branch is checked by parsing only; no Windows PowerShell 5.1 runs it in the tests.
    custom_method = wire.method if wire.method not in _METHODS_51 else None
    client = ".NET's HttpClient" if custom_method is not None else "Invoke-WebRequest"
    context = powershell.build_context(wire, examples, options, client=client, latin1_headers=True)
    # PowerShell 5.1 takes one string per header name, so repeats are joined.
    headers = [
        (name, values[0] if len(values) == 1 else "(@(" + ", ".join(values) + ") -join ', ')")
        for name, values in context["headers"]
    ]
    parts = []
    if isinstance(wire.body, MultipartBody):
        for part in wire.body.parts:
            disposition = f'Content-Disposition: form-data; name="{part.name}"'
            if part.kind == "file":
                disposition += f'; filename="{part.filename if part.path else ""}"'
            lines = [disposition]
            if part.content_type:
                lines.append(f"Content-Type: {part.content_type}")
            parts.append({"lines": [ps_expr(line) for line in lines], "kind": part.kind, "part": part})
    return {**context, "headers": headers, "parts": parts, "custom_method": custom_method}


TARGET = Target(
    name="powershell-5",
    extension=".ps1",
    template="powershell-5/request.ps1.j2",
    build_context=build_context,
    filters={"ps": ps_expr},
    format=powershell.format_snippet,
    family="powershell",
    variable_style="powershell",
)
