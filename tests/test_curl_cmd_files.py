"""curl-cmd: bodies that a cmd.exe line cannot hold go through a file, and dynamic variables are computed.

cmd.exe is not available here, so the snippet's batch steps are checked by
reading them back. The echoed base64 lines must decode to the body bytes.
Each curl.exe argument must decode, with the cmd.exe model of
test_cmd_quoting, to the argument curl.exe is meant to receive.
"""

from __future__ import annotations

import base64
import re

import pytest

from conftest import EXAMPLES
from generator.api import generate, load_collection, make_scope
from generator.dynamic import DYNAMIC_VARIABLES
from generator.languages import curl_shells
from generator.quoting import QuotingError
from generator.render import render
from generator.wire import MultipartBody, TextBody, TextPart, WireRequest, build_wire_request
from test_cmd_quoting import _decode

_BLOCK = re.compile(r"^\(\n(?P<lines>(?:echo [A-Za-z0-9+/=]+\n)*)\) > \"%bodyFile%\.b64\"$", re.MULTILINE)


def _wire(body=None, headers=(), method="POST", url="http://127.0.0.1:8080/path") -> WireRequest:
    return WireRequest(
        name="item",
        address="Folder/item",
        method=method,
        url=url,
        headers=tuple(headers),
        body=body,
        content_type=None,
    )


def _file_bytes(code: str) -> bytes:
    match = _BLOCK.search(code)
    assert match is not None, code
    encoded = "".join(line.removeprefix("echo ") for line in match.group("lines").splitlines())
    return base64.b64decode(encoded, validate=True)


def _curl_arguments(code: str) -> list[str]:
    """Return the curl.exe arguments as the program receives them, with %bodyFile% expanded."""
    start = code.index("\ncurl.exe ") + 1
    end = code.index("\n", start)
    while code[end - 1] == "^":
        end = code.index("\n", end + 1)
    line = code[start:end].replace(" ^\n", " ").replace("%bodyFile%", "C:\\Temp\\body.bin")
    return _decode(line)[1:]


@pytest.mark.parametrize(
    "text",
    [
        '{\n  "name": "Zoë"\n}',
        "a\r\nb\r\n",
        "100% & <tags> ^ \"quoted\"\n!bang!",
        "x" * 200_000,
        "ends with line break\n",
        "x\x1acalc.exe & rem ",
    ],
)
def test_body_file_decodes_to_body(text):
    code = render(_wire(TextBody(text)), (), "curl-cmd", {})
    assert _file_bytes(code) == text.encode("utf-8")
    arguments = _curl_arguments(code)
    assert arguments[-2:] == ["--data-binary", "@C:\\Temp\\body.bin"]
    assert "certutil -f -decode \"%bodyFile%.b64\" \"%bodyFile%\" >nul || exit /b 1\n" in code
    assert code.endswith('del "%bodyFile%" "%bodyFile%.b64"\nexit /b %curlStatus%\n')


def test_one_line_body_stays_argument():
    code = render(_wire(TextBody('{"a": 1}')), (), "curl-cmd", {})
    assert "bodyFile" not in code
    assert _curl_arguments(code)[-2:] == ["--data-raw", '{"a": 1}']


def test_form_value_read_from_file():
    body = MultipartBody((TextPart("note", 'a;b,"c"\nline two', content_type="text/plain"),))
    code = render(_wire(body), (), "curl-cmd", {})
    assert _file_bytes(code) == 'a;b,"c"\nline two'.encode("utf-8")
    assert _curl_arguments(code)[-2:] == ["--form", "note=<C:\\Temp\\body.bin;type=text/plain"]


def test_body_file_rejects_dynamic_variable():
    with pytest.raises(QuotingError, match="cannot hold a dynamic variable"):
        curl_shells.build_cmd_context(_wire(TextBody("id:\n{{$guid}}")), (), {})


def test_line_break_in_header_still_rejected():
    with pytest.raises(QuotingError, match="cmd.exe cannot pass"):
        curl_shells.build_cmd_context(_wire(headers=[("X-A", "1\n2")]), (), {})


@pytest.mark.parametrize("name", sorted(DYNAMIC_VARIABLES))
def test_dynamic_variable_computed_before_curl(name):
    variable = DYNAMIC_VARIABLES[name]
    code = render(_wire(headers=[("X-Value", "v-{{" + name + "}}")], method="GET"), (), "curl-cmd", {})
    command = (
        f'for /f "usebackq delims=" %%v in (`powershell.exe -NoProfile -NonInteractive -Command '
        f'"{variable.powershell}"`) do set "{variable.powershell_name}=%%v"\n'
    )
    assert command in code
    assert code.index(command) < code.index("\ncurl.exe ")
    assert f'--header "X-Value: v-%{variable.powershell_name}%"' in code


def test_dynamic_variable_in_url():
    code = render(_wire(url="http://127.0.0.1:8080/items/{{$randomInt}}", method="GET"), (), "curl-cmd", {})
    assert 'curl.exe "http://127.0.0.1:8080/items/%dynamicRandomInt%"' in code


def test_example_with_guid_is_written():
    collection = load_collection(EXAMPLES / "pet-store.postman_collection.json")
    item = next(item for item in collection.requests if item.address == "Pets/Create pet")
    scope = make_scope(collection)
    wire = build_wire_request(item, scope)
    code = generate(collection, item, "curl-cmd", scope=scope, wire=wire).code
    assert '--header "X-Request-Id: %dynamicGuid%"' in code
    assert _file_bytes(code) == wire.body.text.encode("utf-8")
