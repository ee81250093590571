"""Tests of generator.conformance.powershell on hand-written snippets."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.conformance.powershell import (
    DecodeError,
    ExtractedRequest,
    ExtractionError,
    MultipartPart,
    decode_string_expression,
    extract_request,
    parse,
    syntax_errors,
)
from generator.quoting import ps_here_string, ps_str

FULL_SNIPPET = """\
$headers = [ordered]@{
    'X-Api-Key' = 'abc'
    'Accept' = 'application/json'
}
$body = @'
{"state": "Closed"}
'@
$request = @{
    Uri                = 'https://example.com/a?b=1'
    Method             = 'POST'
    Headers            = $headers
    ContentType        = 'application/json'
    Body               = $body
    SkipHttpErrorCheck = $true
    StatusCodeVariable = 'statusCode'
}
$response = Invoke-RestMethod @request
"""


# --- parse and syntax_errors ----------------------------------------------------


def test_parse_returns_program_tree():
    tree = parse(FULL_SNIPPET)
    assert tree.root_node.type == "program"
    assert not tree.root_node.has_error


def test_syntax_errors_empty_for_valid_snippet():
    assert syntax_errors(FULL_SNIPPET) == []


def test_syntax_errors_reports_line_and_column():
    errors = syntax_errors("$a = 1\n$x = ('a' + 'b'\n$y = 2\n")
    assert errors
    assert all(message.split(":")[0].isdigit() for message in errors)
    assert errors[0].startswith("2:1:")


def test_syntax_errors_counts_columns_in_characters():
    # The stray ")" is character 16 of the line and byte 18, because é and ü
    # take two bytes each in UTF-8.
    assert syntax_errors("$x = '\u00e9' + '\u00fc' )\n") == ["1:16: syntax error at ')\\n'"]


def test_syntax_errors_reports_missing_node():
    errors = syntax_errors("$x = ('\u00fc' + )\n")
    assert len(errors) == 1
    assert errors[0].startswith("1:12: missing ")


def test_syntax_errors_on_nul():
    assert syntax_errors("$x = 'a\x00b'\n")


# --- decode_string_expression ---------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("'abc'", "abc"),
        ("''", ""),
        ("'it''s'", "it's"),
        ("'a\u2019\u2019b'", "a\u2019b"),
        ("'a\u2018\u2018b\u201a\u201a\u201b\u201b'", "a\u2018b\u201a\u201b"),
        ("'$(touch CANARY) `n \"x\" $env:PATH'", '$(touch CANARY) `n "x" $env:PATH'),
        ("'line 1\nline 2'", "line 1\nline 2"),
        ("@'\n{\"state\": \"Closed\"}\n'@", '{"state": "Closed"}'),
        ("@'\nit's '@ here\n$x\n'@", "it's '@ here\n$x"),
        ("@'  \r\na\r\nb\r\n'@", "a\r\nb"),
        ("('' + [char]0x0041 + 'b''c' + [char]0x000A)", "Ab'c\n"),
        ("('a' + [Char]0x000d)", "a\r"),
        ("(('x'))", "x"),
        ("('' + [char]0xD83D + [char]0xDE00)", "\U0001f600"),
        ("('' + [char]0xD800)", "\ud800"),
        ("'a' + 'b'", "ab"),
    ],
)
def test_decode_accepts_quoting_forms(code, expected):
    assert decode_string_expression(code) == expected


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ('"abc"', "double-quoted"),
        ('"$(touch CANARY)"', "double-quoted"),
        ('\u201cabc\u201d', "not a string expression"),
        ('@"\nabc\n"@', "double-quoted"),
        ("('' + \"x\")", "double-quoted"),
        ("'a\u2019b'", "PowerShell ends the string"),
        ("'a\u2019; touch CANARY; \u2019b'", "PowerShell ends the string"),
        ("@'\nx\n\u2019@\ny\n'@", "PowerShell ends the here-string"),
        ("@'\nx\n  '@\ny\n'@", "indented"),
        ("@' x\ny\n'@", "invalid"),
        ("([char]0x41 + 'a')", "must start with a string"),
        ("[char]0x41", "not a string expression"),
        ("('' + [int]0x41)", r"only \[char\] casts"),
        ("('' + [char]65)", "hexadecimal"),
        ("('' + [char]0x10000)", "hexadecimal"),
        ("('a' - 'b')", "only +"),
        ("('a' * 3)", "not a string expression"),
        ("$x", "not a string expression"),
        ("('a' + $x)", "not a string expression"),
        ("$('a')", "not a string expression"),
        ("(Get-Content x)", "not a string expression"),
        ("'a'; 'b'", "one expression"),
        ("('a'", "invalid"),
    ],
)
def test_decode_rejects_other_forms(code, reason):
    with pytest.raises(DecodeError, match=reason):
        decode_string_expression(code)


def test_decode_takes_tree_node():
    tree = parse("$x = 'it''s'\n")
    strings = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "string_literal":
            strings.append(node)
        stack.extend(node.children)
    assert len(strings) == 1
    assert decode_string_expression(strings[0]) == "it's"


def test_decode_long_concatenation():
    value = "\x01" * 5000 + "end"
    literal = ps_str(value)
    assert literal.count("[char]") == 5000
    assert decode_string_expression(literal) == value


# --- extract_request --------------------------------------------------------------


def test_extract_full_snippet():
    assert extract_request(FULL_SNIPPET) == ExtractedRequest(
        cmdlet="Invoke-RestMethod",
        method="POST",
        uri="https://example.com/a?b=1",
        headers=[("X-Api-Key", "abc"), ("Accept", "application/json")],
        headers_ordered=True,
        content_type="application/json",
        body='{"state": "Closed"}',
        flags={"skip_http_error_check": True, "status_code_variable": "statusCode"},
    )


def test_extract_custom_method_without_headers():
    code = """\
$request = @{
    Uri          = 'https://example.com/cache'
    CustomMethod = 'PURGE'
}
Invoke-RestMethod @request
"""
    request = extract_request(code)
    assert request.method == "PURGE"
    assert request.headers == []
    assert request.body is None
    assert request.content_type is None
    assert request.flags == {}


def test_extract_defaults_to_get():
    request = extract_request("Invoke-RestMethod -Uri 'https://example.com/'\n")
    assert request.method == "GET"
    assert request.uri == "https://example.com/"


def test_extract_inline_body_and_header_array():
    code = """\
$headers = [ordered]@{
    'Accept' = @('text/plain', 'application/json')
    'X-One' = 'only'
}
$request = @{
    Method  = 'Put'
    Uri     = 'https://example.com/a'
    Headers = $headers
    Body    = 'it''s a body'
}
$response = Invoke-RestMethod @request
"""
    request = extract_request(code)
    assert request.method == "PUT"
    assert request.body == "it's a body"
    assert request.headers == [
        ("Accept", "text/plain"),
        ("Accept", "application/json"),
        ("X-One", "only"),
    ]


def test_extract_tolerates_layout_changes():
    code = """\
#Requires -Version 7
# Get user: 'x'
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$body = ('' + 'a' + [char]0x000D + 'b')
$headers = [ordered]@{ 'Accept' = '*/*'; 'X-Trace' = '1' }
$request = @{
  SkipCertificateCheck=$true
      Body = $body
  Headers=$headers
  TimeoutSec = 30
  MaximumRedirection = 0
  Uri='https://example.com/x'
  Method='DELETE'
}
try {
    $response = Invoke-WebRequest @request
} catch {
    Write-Error $_
    exit 1
}
Write-Output $response.StatusCode
$response | ConvertTo-Json -Depth 5
"""
    request = extract_request(code)
    assert request.cmdlet == "Invoke-WebRequest"
    assert request.method == "DELETE"
    assert request.uri == "https://example.com/x"
    assert request.body == "a\rb"
    assert request.headers == [("Accept", "*/*"), ("X-Trace", "1")]
    assert request.flags == {
        "skip_certificate_check": True,
        "timeout_sec": 30,
        "maximum_redirection": 0,
    }


def test_extract_crlf_line_endings():
    request = extract_request(FULL_SNIPPET.replace("\n", "\r\n"))
    assert request.body == '{"state": "Closed"}'
    assert request.headers == [("X-Api-Key", "abc"), ("Accept", "application/json")]


def test_extract_command_line_parameters():
    code = """\
$request = @{ Method = 'Get' }
$r = Invoke-RestMethod 'https://example.com/p' @request -SkipCertificateCheck -TimeoutSec 5 `
    -MaximumRedirection:0 -SkipHttpErrorCheck:$false -Headers @{ 'A' = 'b' }
"""
    request = extract_request(code)
    assert request.uri == "https://example.com/p"
    assert request.method == "GET"
    assert request.headers == [("A", "b")]
    assert request.flags == {
        "skip_certificate_check": True,
        "timeout_sec": 5,
        "maximum_redirection": 0,
        "skip_http_error_check": False,
    }


def test_extract_bare_and_braced_names():
    code = """\
${Headers} = [ordered]@{ Accept = 'x' }
$REQUEST = @{ uri = 'https://example.com/'; headers = $headers; body = $null }
Invoke-RestMethod @request
"""
    request = extract_request(code)
    assert request.uri == "https://example.com/"
    assert request.headers == [("Accept", "x")]
    assert request.body is None


def test_extract_unordered_headers_flagged():
    code = """\
$request = @{
    Uri = 'https://example.com/'
    Headers = @{ 'A' = '1'; 'B' = '2' }
}
Invoke-RestMethod @request
"""
    assert extract_request(code).headers_ordered is False


def test_extract_uses_last_assignment_before_call():
    code = """\
$body = 'old'
$body = 'new'
$request = @{ Uri = 'https://example.com/'; Method = 'Post'; Body = $body }
$body = 'after'
Invoke-RestMethod @request
"""
    assert extract_request(code).body == "new"


HOSTILE_VALUES = [
    "$(touch CANARY)",
    "`touch CANARY`",
    "it's",
    "a\u2019; touch CANARY; \u2019b",
    "\u2018\u2019\u201a\u201b",
    '"double" \u201cquotes\u201d',
    "{{variable}}",
    "line 1\nline 2",
    "tab\tcr\rnul\x00",
    "\u202eevil\u202c",
    "'@\nnot the end\n'@",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_extract_hostile_values(value):
    here_string = ps_here_string(value)
    body = here_string if here_string is not None else ps_str(value)
    code = f"""\
$headers = [ordered]@{{
    {ps_str("X-" + value.replace(chr(10), " "))} = {ps_str(value)}
    'X-Array' = @({ps_str(value)}, {ps_str(value + "2")})
}}
$body = {body}
$request = @{{
    Uri     = {ps_str("https://example.com/?q=" + value)}
    Method  = 'POST'
    Headers = $headers
    Body    = $body
}}
Invoke-RestMethod @request
"""
    request = extract_request(code)
    assert request.uri == "https://example.com/?q=" + value
    assert request.body == value
    assert request.headers == [
        ("X-" + value.replace("\n", " "), value),
        ("X-Array", value),
        ("X-Array", value + "2"),
    ]


def test_extract_rejects_double_quoted_value():
    code = FULL_SNIPPET.replace("'X-Api-Key' = 'abc'", "'X-Api-Key' = \"$(touch CANARY)\"")
    with pytest.raises(DecodeError, match="double-quoted"):
        extract_request(code)


def test_extract_rejects_typographic_quote_injection():
    code = FULL_SNIPPET.replace("'abc'", "'abc\u2019; touch CANARY; \u2019'")
    with pytest.raises(DecodeError, match="PowerShell ends the string"):
        extract_request(code)


def test_extract_rejects_early_here_string_end():
    code = FULL_SNIPPET.replace('{"state": "Closed"}', "x\n\u2019@\ntouch CANARY")
    with pytest.raises(DecodeError, match="here-string"):
        extract_request(code)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("$x = 1\n", "found 0"),
        (
            "Invoke-RestMethod -Uri 'https://a/'\nInvoke-RestMethod -Uri 'https://b/'\n",
            "found 2",
        ),
        ("$request = @{ Uri = 'https://a/' \nInvoke-RestMethod @request\n", "syntax errors"),
        ("Invoke-RestMethod -Method 'Post'\n", "no Uri"),
        ("Invoke-RestMethod -Uri 'https://a/' -Method 'PURGE'\n", "CustomMethod"),
        (
            "Invoke-RestMethod -Uri 'https://a/' -Method 'Get' -CustomMethod 'X'\n",
            "cannot be used together",
        ),
        (
            "$h = @{ 'Accept' = 'a'; 'accept' = 'b' }\n"
            "Invoke-RestMethod -Uri 'https://a/' -Headers $h\n",
            "duplicate key",
        ),
        ("Invoke-RestMethod @request\n$request = @{ Uri = 'https://a/' }\n", "before any"),
        (
            "$h = [ordered]@{ 'A' = '1' }\n$h['B'] = '2'\n"
            "Invoke-RestMethod -Uri 'https://a/' -Headers $h\n",
            "changed after",
        ),
        (
            "$h = [ordered]@{ 'A' = '1' }\n$h.Add('B', '2')\n"
            "Invoke-RestMethod -Uri 'https://a/' -Headers $h\n",
            "changed after",
        ),
        (
            "$request = @{ Uri = 'https://a/' }\n"
            "Invoke-RestMethod @request -Uri 'https://b/'\n",
            "given twice",
        ),
        ("$u = Get-Uri\nInvoke-RestMethod -Uri $u\n", "cannot evaluate"),
        ("Invoke-RestMethod -Uri 'https://a/' -Headers @{ 'A' = 1 }\n", "must be a string"),
        ("Invoke-RestMethod -Uri 'https://a/' -Headers 'A: b'\n", "must be a hashtable"),
        ("Invoke-RestMethod -Uri 'https://a/' -Body @{ a = 'b' }\n", "must be a string"),
        ("$x = 'a'\nInvoke-RestMethod -Uri 'https://a/' @x\n", "hashtable to splat"),
    ],
)
def test_extract_rejects_unsupported(code, reason):
    with pytest.raises(ExtractionError, match=reason):
        extract_request(code)


HEADER_VALUES = st.text(max_size=40).map(
    lambda text: "".join(char for char in text if not "\ud800" <= char <= "\udfff")
)


@settings(
    max_examples=100,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.lists(st.tuples(st.text(min_size=1, max_size=20), HEADER_VALUES), max_size=5),
    st.one_of(st.none(), st.text(max_size=200)),
    st.text(max_size=60),
)
def test_extract_round_trips_quoted_values(headers, body, path):
    unique_headers = list({name.lower(): (name, value) for name, value in headers}.values())
    header_lines = "".join(f"    {ps_str(name)} = {ps_str(value)}\n" for name, value in unique_headers)
    body_entry = f"    Body = {ps_str(body)}\n" if body is not None else ""
    code = (
        f"$headers = [ordered]@{{\n{header_lines}}}\n"
        "$request = @{\n"
        f"    Uri = {ps_str('https://example.com/' + path)}\n"
        "    Method = 'POST'\n"
        "    Headers = $headers\n"
        f"{body_entry}"
        "}\n"
        "Invoke-RestMethod @request\n"
    )
    request = extract_request(code)
    assert request.uri == "https://example.com/" + path
    assert request.headers == unique_headers
    assert request.body == body


# --- multipart bodies -------------------------------------------------------------


def _multipart_snippet(lines: str) -> str:
    return (
        "$body = [System.Net.Http.MultipartFormDataContent]::new()\n"
        + lines
        + "Invoke-RestMethod -Uri 'https://a/' -Method 'Post' -Body $body\n"
    )


def test_multipart_parts_read_in_order():
    code = _multipart_snippet(
        "$part = [System.Net.Http.StringContent]::new('v')\n"
        "$part.Headers.ContentType = $null\n"
        "$body.Add($part, 'text')\n"
        "$part = [System.Net.Http.StringContent]::new('{}')\n"
        "$part.Headers.ContentType = 'application/json'\n"
        "$body.Add($part, 'typed')\n"
        "$part = [System.Net.Http.StreamContent]::new([System.IO.File]::OpenRead('sub/a.txt'))\n"
        "$part.Headers.ContentType = 'text/plain'\n"
        "$body.Add($part, 'file', 'a.txt')\n"
    )
    request = extract_request(code)
    assert request.body is None
    assert request.multipart == [
        MultipartPart("text", None, None, text="v"),
        MultipartPart("typed", None, "application/json", text="{}"),
        MultipartPart("file", "a.txt", "text/plain", path="sub/a.txt"),
    ]


def test_multipart_string_content_default_type():
    code = _multipart_snippet("$part = [System.Net.Http.StringContent]::new('v')\n$body.Add($part, 'a')\n")
    assert extract_request(code).multipart == [MultipartPart("a", None, "text/plain; charset=utf-8", text="v")]


def test_multipart_part_with_own_disposition():
    code = _multipart_snippet(
        "$part = [System.Net.Http.ByteArrayContent]::new([byte[]]@())\n"
        "$null = $part.Headers.TryAddWithoutValidation('Content-Disposition', 'form-data; name=\"up\"; filename=\"\"')\n"
        "$body.Add($part)\n"
    )
    assert extract_request(code).multipart == [MultipartPart("up", "", None)]


@pytest.mark.parametrize("arguments", ["'', 'a.txt'", "'up', ''", "'  ', 'a.txt'"])
def test_multipart_add_with_blank_name_drops_part(arguments):
    # .NET throws for a blank name or file name, and PowerShell goes on without the part.
    code = _multipart_snippet(
        "$part = [System.Net.Http.ByteArrayContent]::new([byte[]]@())\n"
        f"$body.Add($part, {arguments})\n"
    )
    assert extract_request(code).multipart == []


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        ("$body.Headers.Add('X', 'y')\n", "other than by .Add"),
        ("$part = 'text'\n$body.Add($part, 'a')\n", "must be a StringContent"),
        (
            "$part = [System.Net.Http.ByteArrayContent]::new([byte[]]@(1))\n$body.Add($part, 'a')\n",
            "only an empty ByteArrayContent",
        ),
        (
            "$part = [System.Net.Http.StreamContent]::new($stream)\n$body.Add($part, 'a', 'b')\n",
            "must read",
        ),
        (
            "$part = [System.Net.Http.StringContent]::new('v')\n$part.Dispose()\n$body.Add($part, 'a')\n",
            "TryAddWithoutValidation",
        ),
        ("$part = [System.Net.Http.StringContent]::new('v')\n$body.Add($part)\n", "needs a form-data"),
    ],
)
def test_multipart_rejects_unsupported(lines, reason):
    with pytest.raises(ExtractionError, match=reason):
        extract_request(_multipart_snippet(lines))


_FILE_CHECK = """function Test-File([string] $Path) { return (Test-Path -LiteralPath $Path -PathType Leaf) }
$value = 'before'
if (Test-File 'a.txt') {
    $value = 'found'
} else {
    $value = 'missing'
}
Invoke-RestMethod -Uri 'http://127.0.0.1/' -Method 'Post' -Body $value
"""


@pytest.mark.parametrize(("exists", "expected"), [(True, "found"), (False, "missing")])
def test_extract_follows_taken_branch(exists, expected):
    assert extract_request(_FILE_CHECK, file_exists=lambda path: exists).body == expected


def test_extract_file_check_needs_file_exists():
    with pytest.raises(ExtractionError, match="pass file_exists"):
        extract_request(_FILE_CHECK)


def test_extract_rejects_unknown_condition():
    code = _FILE_CHECK.replace("Test-File 'a.txt'", "$env:X -eq 'y'")
    with pytest.raises(ExtractionError, match=r"expected \$array.Count -eq N"):
        extract_request(code, file_exists=lambda path: True)


def test_extract_rejects_elseif():
    code = _FILE_CHECK.replace("} else {", "} elseif (Test-File 'b.txt') {")
    with pytest.raises(ExtractionError, match="elseif"):
        extract_request(code, file_exists=lambda path: True)


def test_extract_ignores_function_bodies():
    code = _FILE_CHECK.replace("function Test-File", "function Set-Value { $value = 'inside' }\nfunction Test-File")
    assert extract_request(code, file_exists=lambda path: True).body == "found"


def test_extract_appends_to_array():
    code = """$items = @('a')
$items += 'b', 'c'
if ($items.Count -eq 3) {
    $items += 'd'
}
Invoke-RestMethod -Uri 'http://127.0.0.1/' -Method 'Post' -Headers @{ 'X' = $items }
"""
    assert extract_request(code).headers == [("X", "a"), ("X", "b"), ("X", "c"), ("X", "d")]
