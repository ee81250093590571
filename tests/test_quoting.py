"""Property tests for generator.quoting on hostile strings.

Each literal is checked against a real reader of its language: Python's own
parser and black, and bash itself, run in a temporary directory on batches of
values. pwsh is not available on the test machines, so PowerShell literals go
through tree-sitter-powershell and the decoder of
generator.conformance.powershell.
"""

from __future__ import annotations

import ast
import io
import os
import shutil
import subprocess
import tokenize

import black
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from generator.conformance.powershell import decode_string_expression, parse, syntax_errors
from generator.render import render
from generator.targets import BUILTIN_TARGETS
from generator.wire import WireRequest
from generator.quoting import (
    QuotingError,
    comment_lines,
    comment_text,
    ps_here_string,
    ps_str,
    py_str,
    sh_str,
)

CANARY = "CANARY"

# Pieces that end or escape literals, start substitutions or change how text
# is displayed, in at least one of the target languages.
HOSTILE_PIECES = [
    "'",
    '"',
    "`",
    "\\",
    "$",
    "$x",
    "${x}",
    f"$(touch {CANARY})",
    f"`touch {CANARY}`",
    f"';touch {CANARY};'",
    f'";touch {CANARY};"',
    f"\ntouch {CANARY}\n",
    "%",
    "%PATH%",
    "!",
    "!!",
    "!-1",
    "{{",
    "}}",
    "{{var}}",
    "\n",
    "\r",
    "\r\n",
    "\x00",
    "\t",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\u200f",
    "\u202e",
    "\u061c",
    "\ufeff",
    "\u200d",
    "\U000e0041",
    "\u2018",
    "\u2019",
    "\u201a",
    "\u201b",
    "\u201c",
    "\u201d",
    "\u201e",
    "\U0001f600",
    "\ud800",
    "\udfff",
    "'@",
    "\n'@\n",
    "\n\u2019@",
    "\n  '@",
    "@'\n",
    '@"\n',
    "#",
    "#>",
    "<#",
    "# -*- coding: utf-7 -*-",
    "+AAo-",
    ";",
    "&",
    "|",
    "(",
    ")",
    "<",
    ">",
    "*",
    "?",
    "~",
    "=",
    "-",
    " ",
    "x",
    "abc",
]

short_hostile = st.lists(
    st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=4)), max_size=24
).map("".join)
long_hostile = st.builds(
    lambda pieces, repeat: ("".join(pieces) * repeat)[:10_000],
    st.lists(st.sampled_from(HOSTILE_PIECES), min_size=1, max_size=12),
    st.integers(min_value=50, max_value=2_000),
)
hostile = st.one_of(short_hostile, short_hostile, short_hostile, long_hostile)


def without_nul_and_surrogates(value: str) -> str:
    return "".join(char for char in value if char != "\x00" and not "\ud800" <= char <= "\udfff")


shell_safe_hostile = hostile.map(without_nul_and_surrogates)

PROPERTY = settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Each example of the bash tests runs bash once on a batch of values. They do
# not shrink a failure, because shrinking 10,000-character values one bash run
# at a time took more than five minutes. The report shows the whole batch.
BASH_BATCHES = settings(
    PROPERTY, max_examples=100, phases=[Phase.explicit, Phase.reuse, Phase.generate]
)

BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")


def run_bash(script: str, cwd: str, interactive: bool = False) -> subprocess.CompletedProcess:
    """Run ``script`` with bash in ``cwd``, without the user's startup files."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": cwd,
        "LANG": "C.UTF-8",
        "HISTFILE": "/dev/null",
    }
    if interactive:
        # An interactive shell reads the script from standard input with
        # history expansion on, as when a reader pastes a snippet.
        command = [BASH, "--norc", "--noprofile", "-i"]
        return subprocess.run(
            command, input=script.encode("utf-8"), cwd=cwd, env=environment,
            capture_output=True, timeout=30, check=False,
        )
    path = os.path.join(cwd, "script.sh")
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(script)
    return subprocess.run(
        [BASH, "--norc", "--noprofile", path], cwd=cwd, env=environment,
        capture_output=True, timeout=30, check=False,
    )


# --- Python -----------------------------------------------------------------


@PROPERTY
@given(hostile)
@example('a"b\'c')
@example("\\'\"")
def test_py_str_round_trips(value):
    literal = py_str(value)
    assert ast.literal_eval(literal) == value


@PROPERTY
@given(hostile)
def test_py_str_stays_on_one_line(value):
    literal = py_str(value)
    assert "\n" not in literal
    assert "\r" not in literal
    assert len(literal.splitlines()) == 1


@PROPERTY
@given(hostile)
def test_py_str_is_one_string_token(value):
    literal = py_str(value)
    tokens = list(tokenize.generate_tokens(io.StringIO(literal).readline))
    kinds = [token.type for token in tokens]
    assert kinds == [tokenize.STRING, tokenize.NEWLINE, tokenize.ENDMARKER]
    assert tokens[0].string == literal


@PROPERTY
@given(hostile)
@example('a"b\'c')
@example("it's")
@example('say "hi"')
def test_py_str_black_leaves_unchanged(value):
    source = f"x = {py_str(value)}\n"
    assert black.format_str(source, mode=black.Mode()) == source


# --- bash -------------------------------------------------------------------


def printf_script(values: list[str]) -> str:
    words = " ".join(sh_str(value) for value in values)
    return f"printf '%s\\0' {words}\n"


def expected_printf_output(values: list[str]) -> bytes:
    return b"".join(value.encode("utf-8") + b"\0" for value in values)


@needs_bash
@BASH_BATCHES
@given(st.lists(shell_safe_hostile, min_size=1, max_size=6))
@example(["", "-", "=x", "a b", "it's", "!!", "\r\n", "\u202e"])
def test_sh_str_bash_exact_bytes(tmp_path_factory, values):
    workdir = str(tmp_path_factory.mktemp("bash"))
    result = run_bash(printf_script(values), workdir)
    assert result.stderr == b""
    assert result.returncode == 0
    assert result.stdout == expected_printf_output(values)
    assert not os.path.exists(os.path.join(workdir, CANARY))


@needs_bash
@BASH_BATCHES
@given(st.lists(shell_safe_hostile, min_size=1, max_size=6))
@example(["it's !!", "\x01'!!", "a\nb !! c", "a\tb"])
def test_sh_str_interactive_bash_exact_bytes(tmp_path_factory, values):
    workdir = str(tmp_path_factory.mktemp("bash"))
    # The first command gives "!!" a history entry to expand to.
    script = ": first command\n" + printf_script(values)
    result = run_bash(script, workdir, interactive=True)
    assert result.stdout == expected_printf_output(values)
    assert not os.path.exists(os.path.join(workdir, CANARY))


@PROPERTY
@given(hostile, hostile)
def test_sh_str_rejects_nul(before, after):
    with pytest.raises(QuotingError):
        sh_str(before + "\x00" + after)


def test_sh_str_rejects_lone_surrogate():
    with pytest.raises(QuotingError, match="U\\+D800"):
        sh_str("a\ud800b")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("abc", "abc"),
        ("", "''"),
        ("=x", "'=x'"),
        ("a=b", "a=b"),
        ("it's", "'it'\\''s'"),
        ("a\u202eb", "$'a\\xe2\\x80\\xaeb'"),
        ("'\r", "$'\\x27\\x0d'"),
        ("a\tb", "$'a\\tb'"),
    ],
)
def test_sh_str_examples(value, expected):
    assert sh_str(value) == expected


# --- PowerShell ---------------------------------------------------------------


def as_dotnet_string(value: str) -> str:
    """Return ``value`` with adjacent surrogates paired, as a UTF-16 string stores it.

    A value with "\\ud83d" next to "\\ude00" and the emoji U+1F600 are the
    same .NET string, so that is the form the decoder can return.
    """
    return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


@PROPERTY
@given(hostile)
@example("a\u2019b")
@example("\u2018\u2019\u201a\u201b'")
@example("\U000e0041\ud800")
@example("\ud83d\ude00")
def test_ps_str_decodes_to_value(value):
    literal = ps_str(value)
    assert syntax_errors(f"$value = {literal}\n") == []
    assert decode_string_expression(literal) == as_dotnet_string(value)


@PROPERTY
@given(hostile)
def test_ps_str_parses_inside_hashtable(value):
    code = f"$request = @{{\n    Body = {ps_str(value)}\n    Method = 'POST'\n}}\n"
    assert syntax_errors(code) == []


here_string_text = st.lists(
    st.sampled_from(
        ["'", "''", "'@", "@'", "\u2019", '"', "$x", "`", "\n", "\t", " ", "x", "{}", "\U0001f600"]
    ),
    min_size=1,
    max_size=30,
).map("".join)


@PROPERTY
@given(st.one_of(hostile, here_string_text))
@example('{"state": "Closed"}')
@example("line 1\n'@ is not at the start\nline 3")
def test_ps_here_string_decodes_to_value(value):
    literal = ps_here_string(value)
    if literal is None:
        return
    assert syntax_errors(f"$body = {literal}\n") == []
    assert decode_string_expression(literal) == value


@pytest.mark.parametrize(
    "value",
    ["", "ends with newline\n", "a\n'@\nb", "a\n\u2019@", "a\n  '@", "a\rb", "a\x00b", "\u202e"],
)
def test_ps_here_string_declines(value):
    assert ps_here_string(value) is None


def test_ps_here_string_accepts_json():
    assert ps_here_string('{\n  "a": "it\'s"\n}') == '@\'\n{\n  "a": "it\'s"\n}\n\'@'


# --- comments -------------------------------------------------------------------

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@PROPERTY
@given(hostile, st.integers(min_value=0, max_value=200))
@example("abcdef", 2)
def test_comment_text_is_one_line(value, limit):
    text = comment_text(value, limit=limit)
    assert len(text.splitlines()) <= 1
    assert not any(char in LINE_BREAKS for char in text)
    assert len(text) <= limit
    text.encode("utf-8")


@PROPERTY
@given(hostile)
@example("# -*- coding: utf-7 -*- +AAo-print(1)")
@example("vim: set fileencoding=unicode_escape")
def test_comment_text_is_python_comment(value):
    comment = f"# {comment_text(value)}"
    # The comment goes on line 1, where a coding declaration would count.
    source = f"{comment}\nx = 1\n"
    encoding, _lines = tokenize.detect_encoding(io.BytesIO(source.encode("utf-8")).readline)
    assert encoding == "utf-8"
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    assert tokens[0].type == tokenize.COMMENT
    assert tokens[0].string == comment
    assert tokens[1].type == tokenize.NL
    tree = ast.parse(source)
    assert len(tree.body) == 1
    assert isinstance(tree.body[0], ast.Assign)


def _powershell_top_level(code: str) -> list[str]:
    root = parse(code).root_node
    types = []
    for child in root.children:
        if child.type == "statement_list":
            types.extend(grandchild.type for grandchild in child.children)
        else:
            types.append(child.type)
    return types


@PROPERTY
@given(hostile)
def test_comment_text_is_powershell_comment(value):
    text = comment_text(value)
    line_code = f"# {text}\n$x = 1\n"
    assert syntax_errors(line_code) == []
    assert _powershell_top_level(line_code)[0] == "comment"
    assert len(_powershell_top_level(line_code)) == 2
    block_code = f"<# {text} #>\n$x = 1\n"
    assert syntax_errors(block_code) == []
    assert _powershell_top_level(block_code)[0] == "comment"
    assert len(_powershell_top_level(block_code)) == 2


@needs_bash
@BASH_BATCHES
@given(st.lists(hostile, min_size=1, max_size=6))
def test_comment_text_is_bash_comment(tmp_path_factory, values):
    workdir = str(tmp_path_factory.mktemp("bash"))
    comments = "".join(f"# {comment_text(value)}\n" for value in values)
    result = run_bash(comments + "printf END\n", workdir)
    assert result.stderr == b""
    assert result.stdout == b"END"
    assert not os.path.exists(os.path.join(workdir, CANARY))


def test_comment_text_defuses_coding_declaration():
    assert "coding:" not in comment_text("-*- coding: utf-7 -*-")
    assert "coding=" not in comment_text("vim: set fileencoding=utf-7")


@PROPERTY
@given(hostile, st.integers(min_value=1, max_value=40))
@example("a " * 30, 7)
@example("x" * 50, 10)
def test_comment_lines_keep_every_word(value, width):
    lines = comment_lines(value, width)
    assert lines
    for line in lines:
        assert not any(char in LINE_BREAKS for char in line)
        assert len(line) <= width or " " not in line.strip()
    # Only the spaces at the line breaks are dropped.
    # comment_text lengthens "#>" to "# >", so this limit never cuts.
    safe = comment_text(value, limit=2 * len(value))
    assert " ".join(lines).split() == safe.split()


# A note longer than one comment line (120 characters in cmd.exe, 200 in the
# other targets), with a "%" that the cmd.exe snippet doubles.
LONG_NOTE = "these variables are sent as written: " + ", ".join(f"{{{{variable{index}}}}}" for index in range(30)) + " 100% end"


@pytest.mark.parametrize("language", list(BUILTIN_TARGETS))
def test_long_note_written_in_full(language):
    wire = WireRequest(
        name="item",
        address="item",
        method="GET",
        url="http://127.0.0.1:9/",
        headers=(),
        body=None,
        content_type=None,
        notes=(LONG_NOTE,),
    )
    code = render(wire, (), language, {})
    prefix = "REM " if language == "curl-cmd" else "# "
    lines = code.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith(prefix + "Note: these variables"))
    note_lines = []
    for line in lines[start:]:
        note_lines.append(line[len(prefix):])
        if line.endswith(" end"):
            break
    written = " ".join(note_lines).removeprefix("Note: ")
    if language == "curl-cmd":
        written = written.replace("%%", "%")  # cmd.exe reads %% in a REM line as %
    assert "..." not in written
    assert written.split() == LONG_NOTE.split()
