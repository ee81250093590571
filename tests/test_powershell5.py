"""Windows PowerShell 5.1 snippets (powershell-5): quoting of every value and the 5.1 limits.

pwsh 7 cannot stand in for Windows PowerShell 5.1, so the snippets are read
back with tree-sitter-powershell: every value the template writes is a
single-quoted expression that decode_string_expression must turn back into
the wire value.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.conformance.powershell import decode_string_expression
from generator.languages import powershell5
from generator.render import render
from generator.wire import FilePart, MultipartBody, TextBody, TextPart, WireRequest
from snippet_checks import powershell_errors

HOSTILE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=30
)


def _wire(body=None, headers=(), method="POST", content_type=None) -> WireRequest:
    return WireRequest(
        name="item",
        address="Folder/item",
        method=method,
        url="http://127.0.0.1:8080/path",
        headers=tuple(headers),
        body=body,
        content_type=content_type,
    )


@settings(max_examples=60, deadline=None)
@given(name=HOSTILE_TEXT, value=HOSTILE_TEXT, filename=HOSTILE_TEXT)
def test_multipart_lines_decode_to_wire_values(name, value, filename):
    body = MultipartBody((TextPart(name, value), FilePart("file", "/tmp/a.bin", filename, "application/octet-stream")))
    context = powershell5.build_context(_wire(body), (), {})
    text_part, file_part = context["parts"]
    assert [decode_string_expression(line) for line in text_part["lines"]] == [
        f'Content-Disposition: form-data; name="{name}"'
    ]
    assert [decode_string_expression(line) for line in file_part["lines"]] == [
        f'Content-Disposition: form-data; name="file"; filename="{filename}"',
        "Content-Type: application/octet-stream",
    ]
    code = render(_wire(body), (), "powershell-5", {})
    for line in text_part["lines"] + file_part["lines"]:
        assert line in code


@settings(max_examples=60, deadline=None)
@given(value=HOSTILE_TEXT)
def test_header_values_decode(value):
    context = powershell5.build_context(_wire(headers=[("X-Value", value)], method="GET"), (), {})
    headers = dict(context["headers"])
    assert decode_string_expression(headers["X-Value"]) == value


def test_snippet_parses():
    body = MultipartBody((TextPart("say \"hi\"", "it's $HOME `n"), FilePart("file", "C:\\photos\\tom.png", "tom.png", "image/png")))
    code = render(_wire(body), (), "powershell-5", {"timeout": 30})
    assert powershell_errors(code) == []
    assert "-Form" not in code
    assert "SkipHttpErrorCheck" not in code
    assert "StatusCodeVariable" not in code
    assert "catch [System.Net.WebException]" in code


def test_text_body_sent_as_utf8_bytes():
    code = render(_wire(TextBody("Zoë"), content_type="text/plain"), (), "powershell-5", {})
    assert "$body = [System.Text.Encoding]::UTF8.GetBytes(@'\nZoë\n'@)\n" in code
    assert "    Body               = $body\n" in code


def test_repeated_headers_joined():
    context = powershell5.build_context(_wire(headers=[("X-A", "1"), ("X-A", "2")], method="GET"), (), {})
    assert dict(context["headers"])["X-A"] == "(@('1', '2') -join ', ')"


# The method argument of the HttpMethod constructor: one single-quoted PowerShell string.
_HTTP_METHOD_ARGUMENT = re.compile(r"HttpMethod\((?P<argument>'(?:[^']|'')*')\)")


@pytest.mark.parametrize("method", ["PURGE", "PROPFIND", "LINK", "X-IT'S"])
def test_custom_method_uses_http_client(method):
    code = render(_wire(TextBody("<propfind/>"), method=method, content_type="application/xml"), (), "powershell-5", {})
    assert powershell_errors(code) == []
    assert "Invoke-WebRequest @request" not in code
    match = _HTTP_METHOD_ARGUMENT.search(code)
    assert match is not None
    assert decode_string_expression(match.group("argument")) == method
    assert "$bodyBytes = $body\n" in code
    assert "TryAddWithoutValidation('Content-Type', 'application/xml')" in code


def test_custom_method_without_body_sends_empty_content():
    code = render(_wire(method="PURGE"), (), "powershell-5", {"timeout": 5})
    assert powershell_errors(code) == []
    assert "$bodyBytes = [byte[]]@()\n" in code
    assert "$client.Timeout = [TimeSpan]::FromSeconds(5)\n" in code


def test_standard_method_keeps_invoke_web_request():
    code = render(_wire(method="PATCH"), (), "powershell-5", {})
    assert "Invoke-WebRequest @request" in code
    assert "HttpClient" not in code


@pytest.mark.parametrize(("method", "client"), [("GET", "Invoke-WebRequest"), ("PURGE", ".NET's HttpClient")])
def test_redirect_note_names_client(method, client):
    code = render(_wire(method=method), (), "powershell-5", {})
    assert f"# Note: {client} sends no Referer header after a redirect, unlike newman.\n" in code
    assert "Invoke-RestMethod" not in code
