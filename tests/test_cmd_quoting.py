"""Quoting of curl.exe arguments in cmd.exe batch files (generator/languages/cmd_quoting.py).

The decoder below models the two parsers an argument passes: cmd.exe's
batch-line phase (``%%``, ``^`` outside quotes, quote toggling) and the
Microsoft C runtime's command-line splitting. Each quoted argument must come
back whole, and cmd.exe must end each argument outside quotes, so that the
``^`` continuation after it works.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.languages.cmd_quoting import cmd_arg, cmd_expr
from generator.quoting import QuotingError


def _cmd_phase(line: str) -> tuple[str, bool]:
    """Return the line as cmd.exe passes it to the program, and whether a quote is left open."""
    output = []
    quoted = False
    index = 0
    while index < len(line):
        char = line[index]
        if char == "%":
            assert line[index + 1] == "%", f"lone % at {index} in {line!r}"
            output.append("%")
            index += 2
            continue
        if char == "^" and not quoted:
            output.append(line[index + 1])
            index += 2
            continue
        if char == '"':
            quoted = not quoted
        elif not quoted:
            assert char not in "&|<>()", f"unescaped {char!r} outside quotes in {line!r}"
        output.append(char)
        index += 1
    return "".join(output), quoted


def _crt_split(command_line: str) -> list[str]:
    """Split a command line by the Microsoft C runtime's rules (2008 and later)."""
    arguments = []
    current = []
    in_argument = False
    quoted = False
    index = 0
    while index < len(command_line):
        char = command_line[index]
        if char == "\\":
            count = 0
            while index < len(command_line) and command_line[index] == "\\":
                count += 1
                index += 1
            if index < len(command_line) and command_line[index] == '"':
                current.append("\\" * (count // 2))
                if count % 2:
                    current.append('"')
                    index += 1
            else:
                current.append("\\" * count)
            in_argument = True
            continue
        if char == '"':
            if quoted and index + 1 < len(command_line) and command_line[index + 1] == '"':
                current.append('"')
                index += 2
                continue
            quoted = not quoted
            in_argument = True
        elif char in " \t" and not quoted:
            if in_argument:
                arguments.append("".join(current))
                current = []
                in_argument = False
        else:
            current.append(char)
            in_argument = True
        index += 1
    if in_argument:
        arguments.append("".join(current))
    return arguments


def _decode(quoted: str) -> list[str]:
    passed, open_quote = _cmd_phase(quoted)
    assert not open_quote, f"cmd.exe is left inside quotes after {quoted!r}"
    return _crt_split(passed)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain",
        "with space",
        "a&b|c<d>e^f(g)h",
        '{"name": "Tom & Jerry"}',
        'one " quote',
        "100%",
        "%PATH%",
        "trailing backslash\\",
        'backslash before quote \\"',
        "C:\\Program Files\\",
        "!bang!",
        "caf\u00e9",
    ],
)
def test_cmd_arg_round_trips(text):
    assert _decode(cmd_arg(text)) == [text]


def test_cmd_arg_without_inner_quote_is_plainly_quoted():
    assert cmd_arg("a&b") == '"a&b"'
    assert cmd_arg("50%") == '"50%%"'


def test_cmd_arg_inner_quote_uses_carets():
    assert cmd_arg('say "hi" & go') == '^"say \\^"hi\\^" ^& go^"'


def test_cmd_arg_doubles_backslashes_before_quotes():
    assert cmd_arg("C:\\dir\\") == '"C:\\dir\\\\"'


@pytest.mark.parametrize("text", ["line\nbreak", "carriage\rreturn", "nul\x00", "ctrl-z\x1acalc.exe & rem "])
def test_cmd_arg_rejects_line_breaks(text):
    with pytest.raises(QuotingError):
        cmd_arg(text)


def test_cmd_expr_reads_environment_secret():
    # The env secret marker as generator.variables writes it in "env" mode.
    from generator.variables import VariableScope
    from generator.model import Variable

    scope = VariableScope((), (Variable("apiToken", "s3cret", secret=True),), (), {})
    scope.protect_secrets("env", set())
    marked = scope.resolve("Bearer {{apiToken}}")
    assert cmd_expr(marked) == '"Bearer %API_TOKEN%"'


def test_cmd_expr_references_dynamic_variables():
    assert cmd_expr("id-{{$guid}}") == '"id-%dynamicGuid%"'
    assert cmd_expr('say "{{$randomInt}}"') == '^"say \\^"%dynamicRandomInt%\\^"^"'


def test_cmd_arg_keeps_dynamic_variable_text():
    assert cmd_arg("{{$guid}}") == '"{{$guid}}"'


@given(st.text(alphabet=st.characters(blacklist_characters="\r\n\x00\x1a", blacklist_categories=("Cs",)), max_size=40))
def test_cmd_arg_round_trips_any_text(text):
    assert _decode(cmd_arg(text)) == [text]


@given(st.lists(st.text(alphabet='ab "\\&^%', max_size=8), min_size=1, max_size=4))
def test_cmd_args_stay_separate(texts):
    line = " ".join(cmd_arg(text) for text in texts)
    assert _decode(line) == texts
