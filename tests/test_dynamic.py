"""Postman's dynamic variables become values the snippet computes each time it runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from generator.api import generate, load_collection
from generator.dynamic import DYNAMIC_VARIABLES, ps_expr, py_expr, sh_expr
from snippet_checks import powershell_errors

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def collection_file(tmp_path, header_value: str, body: str = "") -> str:
    import json

    request = {
        "method": "POST",
        "header": [{"key": "X-Value", "value": header_value}],
        "url": "{{baseUrl}}/dynamic",
    }
    if body:
        request["body"] = {"mode": "raw", "raw": body}
    path = tmp_path / "dynamic.postman_collection.json"
    path.write_text(json.dumps({"info": {"name": "dynamic"}, "item": [{"name": "send", "request": request}]}))
    return str(path)


def clean_environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}


def run_snippet(language: str, code: str, tmp_path) -> None:
    if language == "python":
        script = tmp_path / "snippet.py"
        command = [sys.executable, str(script)]
    else:
        script = tmp_path / "snippet.sh"
        command = ["bash", str(script)]
    script.write_text(code, encoding="utf-8")
    subprocess.run(command, check=True, timeout=20, env=clean_environment(), capture_output=True)


@pytest.mark.parametrize("language", ["python", "curl"])
@pytest.mark.parametrize(
    ("template", "pattern"),
    [
        ("id-{{$guid}}", re.compile("id-" + UUID.pattern)),
        ("{{$randomUUID}}", UUID),
        ("{{$timestamp}}", re.compile(r"\d{10}")),
        ("at {{$isoTimestamp}}", re.compile("at " + ISO.pattern)),
        ("{{$randomInt}}!", re.compile(r"\d{1,4}!")),
        ("{{$randomBoolean}}", re.compile("true|false")),
        ("{{$randomAlphaNumeric}}", re.compile("[a-z0-9]")),
    ],
)
def test_dynamic_value_computed_at_run_time(language, template, pattern, tmp_path, capture_server):
    path = collection_file(tmp_path, template, body='{"value": "' + template + '"}')
    collection = load_collection(path)
    code = generate(collection, collection.requests[0], language, variables={"baseUrl": capture_server.url}).code

    run_snippet(language, code, tmp_path)

    [request] = capture_server.requests
    assert pattern.fullmatch(request.header("X-Value")), request.header("X-Value")
    body_value = request.body.decode("utf-8")[len('{"value": "') : -2]
    assert pattern.fullmatch(body_value), body_value


def test_every_dynamic_variable_parses_in_powershell(tmp_path):
    text = " ".join("{{" + name + "}}" for name in DYNAMIC_VARIABLES)
    path = collection_file(tmp_path, "x " + text, body=text)
    collection = load_collection(path)
    code = generate(collection, collection.requests[0], "powershell").code
    assert powershell_errors(code) == []
    for variable in DYNAMIC_VARIABLES.values():
        assert f"${variable.powershell_name} = " in code


# A .NET format call with a pattern, such as ToString('yyyy-MM-dd'), whose
# separators and calendar follow the current culture unless it names one.
_PS_FORMAT_CALL = re.compile(r"\.ToString\('[^']*'(?P<rest>[^)]*)\)")
_INVARIANT = "[System.Globalization.CultureInfo]::InvariantCulture"


@pytest.mark.parametrize("name", sorted(DYNAMIC_VARIABLES))
def test_powershell_formats_use_invariant_culture(name):
    calls = list(_PS_FORMAT_CALL.finditer(DYNAMIC_VARIABLES[name].powershell))
    for call in calls:
        assert call.group("rest") == ", " + _INVARIANT, call.group(0)


@pytest.mark.parametrize("language", ["powershell", "powershell-5", "curl-powershell", "curl-cmd"])
def test_iso_timestamp_invariant_in_powershell_targets(language, tmp_path):
    path = collection_file(tmp_path, "at {{$isoTimestamp}}")
    collection = load_collection(path)
    code = generate(collection, collection.requests[0], language).code
    assert f"ToString('yyyy-MM-ddTHH:mm:ss.fffZ', {_INVARIANT})" in code


def test_unknown_dynamic_variable_stays_literal():
    assert py_expr("{{$notAVariable}}") == '"{{$notAVariable}}"'
    assert sh_expr("{{$notAVariable}}") == "'{{$notAVariable}}'"
    assert ps_expr("{{$notAVariable}}") == "'{{$notAVariable}}'"


def test_literal_pieces_are_quoted():
    assert py_expr('a"{{$guid}}\n') == "'a\"' + dynamic_guid + \"\\n\""
    assert sh_expr("it's {{$guid}}") == "'it'\\''s '\"$dynamic_guid\""
    assert ps_expr("it's {{$guid}}") == "('it''s ' + $dynamicGuid)"


def test_acronym_variable_names_one_word():
    variable = DYNAMIC_VARIABLES["$randomUUID"]

    assert variable.python_name == "dynamic_random_uuid"
    assert variable.bash_name == "dynamic_random_uuid"
    assert variable.powershell_name == "dynamicRandomUUID"


@pytest.mark.parametrize(("now", "expected"), [(1700000000.6, "1700000001"), (1700000000.4, "1700000000")])
def test_timestamp_rounds_like_newman(now, expected, monkeypatch):
    # newman 6.2.2 computes Math.round(Date.now() / 1000).
    import time

    monkeypatch.setattr(time, "time", lambda: now)

    assert eval(DYNAMIC_VARIABLES["$timestamp"].python, {"time": time}) == expected
