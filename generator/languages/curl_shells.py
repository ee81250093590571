"""curl called from PowerShell (curl-powershell) and from cmd.exe (curl-cmd): template values.

Both reuse the curl arguments that generator.languages.curl computes for
bash and quote them for another shell.
"""

from __future__ import annotations

import base64
import re

from ..dynamic import DYNAMIC_VARIABLES, _pieces, dynamic_names, expand_hoisted, ps_expr
from ..model import Example
from ..quoting import QuotingError
from ..targets import Target
from ..wire import TextBody, WireRequest, wire_texts
from . import curl
from .cmd_quoting import CMD_METACHARACTERS, MAX_COMMAND_LINE, cmd_expr, cmd_set_value

__all__ = ["CURL_CMD", "CURL_POWERSHELL", "build_cmd_context", "build_powershell_context"]

def _text_arguments(wire: WireRequest, raw_arguments, shell: str) -> list[tuple[str, str]]:
    arguments = []
    for option, value in raw_arguments:
        if isinstance(value, bytes):
            # NOTE: how a non-UTF-8 byte reaches curl.exe depends on the
            # Windows code page, so such header values are rejected.
            raise QuotingError(f"{shell} cannot pass the Latin-1 bytes of header {value[:40]!r} to curl.exe")
        arguments.append((option, value))
    return arguments


def _powershell_arguments(wire: WireRequest, raw_arguments, stdin_text: str | None) -> list[tuple[str, str]]:
    """Return (option, PowerShell expression or "") for each raw curl argument."""
    arguments = []
    for option, value in _text_arguments(wire, raw_arguments, "PowerShell"):
        reads_stdin = (option == "--data-binary" and value == "@-") or (option == "--form" and "=<-;type=" in value)
        if stdin_text is not None and reads_stdin:
            # PowerShell pipes text to a native program with a line break
            # added, so the text bash pipes in is written to a file instead.
            name, equals, rest = value.partition("=<-")
            code = "('@' + $bodyFile)" if value == "@-" else f"({ps_expr(name + '=<')} + $bodyFile + {ps_expr(rest)})"
            arguments.append((option, code))
        elif value or option in {"--header", "--data-raw", "--data-urlencode", "--form-string", "--referer"}:
            arguments.append((option, ps_expr(value) if expand_hoisted(value) else ""))
        else:
            arguments.append((option, ""))
    return arguments


def _powershell_array(arguments: list[tuple[str, str]], options: dict) -> str:
    """Return the elements of a PowerShell array that contains ``arguments``, options quoted."""
    elements = []
    for option, code in arguments:
        elements.append(ps_expr(curl.spell_option(option, options)))
        if code:
            elements.append(code)
    return ", ".join(elements)


def build_powershell_context(wire: WireRequest, examples: tuple[Example, ...], options: dict) -> dict:
    # --curl-jq applies to bash only.
    context = curl.build_context(wire, examples, {**options, "curl_jq": False})
    stdin_text = context["stdin_text"]
    arguments = _powershell_arguments(wire, context["raw_arguments"], stdin_text)
    # tree-sitter-powershell 0.26 reads a bare option that ends in digits
    # (--post301) as a redirection; a quoted option is plain PowerShell either way.
    arguments = [(ps_expr(option) if option[-1:].isdigit() else option, value) for option, value in arguments]
    # The form parts, each with the path of its file or None, as PowerShell array elements.
    form_parts = [
        (part.path, _powershell_array(_powershell_arguments(wire, part.raw_arguments, stdin_text), options))
        for part in context["form_parts"]
    ]
    empty_form = file_body = None
    if context["empty_form"] is not None:
        empty_form = _powershell_array([(option, ps_expr(value)) for option, value in context["empty_form"]], options)
    if context["file_body"] is not None:
        body = context["file_body"]
        file_body = {
            "path": body.path,
            "present": _powershell_array([(option, ps_expr(value)) for option, value in body.present], options),
            "missing": _powershell_array([(option, ps_expr(value)) for option, value in body.missing], options),
        }
    return {
        "arguments": [(curl.spell_option(option, options), value) for option, value in arguments],
        "url_code": ps_expr(wire.url),
        "notes": context["notes"],
        "stdin_code": ps_expr(stdin_text) if stdin_text is not None else None,
        "separator": curl.continuation(options, "`"),
        "form_parts": form_parts,
        "empty_form": empty_form,
        "file_body": file_body,
    }


# The name of the batch variable with the path of the body file.
_BODY_FILE = "%bodyFile%"
# Characters per line of the base64 text that the snippet echoes into a file.
_BASE64_LINE = 76


def _body_file_lines(wire: WireRequest, text: str) -> list[str]:
    """Return the base64 lines of ``text`` in UTF-8, for the snippet to decode into the body file."""
    if "{{" in text and any(kind != "text" for kind, _ in _pieces(text)):
        # The file content is fixed when the snippet is written.
        raise QuotingError(
            "the body has line breaks or is over 100,000 bytes, so it goes into a file, which cannot hold"
            " a dynamic variable or a secret read from the environment"
        )
    encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return [encoded[start : start + _BASE64_LINE] for start in range(0, len(encoded), _BASE64_LINE)]


def _form_file_argument(value: str) -> str:
    """Return the cmd.exe form of ``--form name=<-;type=...`` with the body file in place of standard input."""
    name, _, rest = value.partition("=<-")
    marker = "\x01"
    if marker in value:
        raise QuotingError(f"form field {name[:40]!r} contains the character U+0001")
    # The marker goes through cmd_expr as text and becomes the file reference afterwards.
    return cmd_expr(f"{name}=<{marker}{rest}").replace(marker, _BODY_FILE)


def build_cmd_context(wire: WireRequest, examples: tuple[Example, ...], options: dict) -> dict:
    # NOTE: no test runs cmd.exe, certutil or powershell.exe. The tests decode
    # the base64 lines and the arguments with a model of cmd.exe instead.
    # --curl-jq applies to bash only.
    context = curl.build_context(wire, examples, {**options, "curl_jq": False})
    body_text = context["stdin_text"]
    arguments = []
    texts = [wire.url]
    raw_arguments = []
    # Paths of form files, which the snippet checks before curl.exe runs.
    required_files = []
    file_body = None
    for option, value in context["raw_arguments"]:
        if option == curl.FORM_ARGUMENTS:
            # cmd.exe has no arrays to leave a part out of, so every part is passed.
            for part in context["form_parts"]:
                raw_arguments += part.raw_arguments
                if part.path is not None:
                    required_files.append(part.path)
        elif option == curl.FILE_BODY_ARGUMENTS:
            file_body = _cmd_file_body(context["file_body"], wire.body)
            if file_body["content_type"] is not None:
                raw_arguments.append(("--header", _CONTENT_TYPE_REFERENCE))
            raw_arguments.append(("--data-binary", "@" + curl.curl_file_path(context["file_body"].path)))
        else:
            raw_arguments.append((option, value))
    for option, value in _text_arguments(wire, raw_arguments, "cmd.exe"):
        # Ctrl-Z ends a batch line as a line feed does.
        has_line_break = "\n" in value or "\r" in value or "\x1a" in value
        if option == "--data-binary" and value == "@-":
            arguments.append((option, f'"@{_BODY_FILE}"'))
        elif value == _CONTENT_TYPE_REFERENCE:
            arguments.append((option, '"%contentType%"'))
        elif option == "--form" and body_text is not None and "=<-;type=" in value:
            arguments.append((option, _form_file_argument(value)))
            texts.append(value)
        elif option == "--data-raw" and has_line_break and isinstance(wire.body, TextBody) and value == wire.body.text:
            # cmd.exe cannot pass a line break inside an argument, so this body goes through a file too.
            body_text = value
            arguments.append(("--data-binary", f'"@{_BODY_FILE}"'))
        else:
            arguments.append((option, cmd_expr(value) if expand_hoisted(value) else ""))
            texts.append(value)
    body_lines = _body_file_lines(wire, body_text) if body_text is not None else []
    url_code = cmd_expr(wire.url)
    length = len("curl.exe ") + len(url_code) + sum(len(option) + len(value) + 2 for option, value in arguments)
    if length > MAX_COMMAND_LINE:
        raise QuotingError(f"the curl.exe command is {length} characters long; cmd.exe accepts at most {MAX_COMMAND_LINE}")
    return {
        "arguments": [(curl.spell_option(option, options), value) for option, value in arguments],
        "url_code": url_code,
        "separator": curl.continuation(options, "^"),
        "notes": context["notes"],
        "body_lines": body_lines,
        "dynamic_commands": _dynamic_commands(wire),
        "required_files": [
            (_cmd_file_test(path), _cmd_echo_text(expand_hoisted(path))) for path in dict.fromkeys(required_files)
        ],
        "file_body": file_body,
        # A batch file is read in the console's code page; 65001 is UTF-8.
        "utf8": not all(text.isascii() for text in texts),
    }


def _cmd_file_test(path: str) -> str:
    """Return ``path`` as the file name of an ``if exist`` test in a batch file.

    cmd.exe reads the file name as one token only inside double quotes, and
    cmd_expr drops those quotes for a value with a double quote, so such a
    path raises QuotingError. Windows forbids that character in file names.
    """
    if '"' in expand_hoisted(path):
        raise QuotingError(
            f"the file path {path[:60]!r} contains a double quote, which a batch file cannot test."
            " Windows file names cannot contain one, so correct the path in the collection"
        )
    return cmd_expr(path)


def _cmd_echo_text(text: str) -> str:
    """Return ``text`` for an echo command in a batch file, inside a parenthesized block.

    Every cmd.exe metacharacter gets a ``^``, so a double quote never starts
    a quoted part, and ``%`` is doubled.
    """
    for char in ("\r", "\n", "\x00", "\x1a"):
        if char in text:
            raise QuotingError(f"cmd.exe cannot echo {char!r}: {text[:60]!r}")
    escaped = "".join("^" + char if char in CMD_METACHARACTERS else char for char in text)
    return escaped.replace("%", "%%")


def _cmd_file_body(arguments: curl.FileBodyArguments, body) -> dict:
    """Return the template values of a file body: its path and the Content-Type header to set when it exists.

    curl.exe sends an empty body, with a warning, for a file that does not
    exist. newman sends the type it guesses from the file name only with the
    file, so the header comes from a variable that the snippet clears then.
    """
    content_type = None
    if body.guessed_type is not None:
        if not _SAFE_CONTENT_TYPE.fullmatch(body.guessed_type):
            raise QuotingError(f"content type {body.guessed_type!r} cannot be set in a batch file")
        content_type = body.guessed_type
    return {
        "path": _cmd_file_test(arguments.path),
        "echo_path": _cmd_echo_text(expand_hoisted(arguments.path)),
        "content_type": content_type,
    }


# The characters of a media type that a batch variable can hold and expand unchanged.
_SAFE_CONTENT_TYPE = re.compile(r"[A-Za-z0-9#$_.+/-]+")
# The raw argument that marks the place of the snippet's %contentType%
# variable. cmd_quoting rejects a NUL in any value, so no header value is equal to it.
_CONTENT_TYPE_REFERENCE = "\x00contentType"


def _dynamic_commands(wire: WireRequest) -> list[tuple[str, str]]:
    """Return (batch variable, PowerShell expression) for each dynamic variable the request uses."""
    commands = []
    for name in dynamic_names(wire_texts(wire)):
        variable = DYNAMIC_VARIABLES[name]
        if any(char in variable.powershell for char in '"`%'):
            # The expression is written inside double quotes and a backquoted for /f command.
            raise QuotingError(f"the PowerShell expression of {{{{{name}}}}} cannot be written in a batch file")
        commands.append((variable.powershell_name, variable.powershell))
    return commands


def _rem(text: str) -> str:
    from ..quoting import comment_text

    # cmd.exe reads a "%" in a REM line as the start of a variable
    # reference, so it is doubled as in arguments.
    # A "^" at the end of a line would join the next line to it.
    return comment_text(text).replace("%", "%%").rstrip("^")


def _rem_lines(text: str) -> list[str]:
    """Return ``text`` in full as the lines of REM comments, wrapped as notes are, quoted as by :func:`_rem`."""
    from ..quoting import NOTE_WIDTH, comment_lines

    # "REM " is two characters longer than "# ".
    lines = [line.replace("%", "%%") for line in comment_lines(text, NOTE_WIDTH - 2)]
    # A "^" before a line break would join the next line to its REM, so the
    # carets at the end of a wrapped line start the next one instead.
    for index in range(len(lines) - 1):
        without_carets = lines[index].rstrip("^")
        lines[index + 1] = lines[index][len(without_carets):] + lines[index + 1]
        lines[index] = without_carets
    lines[-1] = lines[-1].rstrip("^")
    return lines


# The auth types that curl computes from its own options (--digest,
# --anyauth, --aws-sigv4); the others need bash code to sign.
CURL_OPTION_AUTH = frozenset({"digest", "ntlm", "awsv4"})

CURL_POWERSHELL = Target(
    name="curl-powershell",
    extension=".ps1",
    template="curl-powershell/request.ps1.j2",
    build_context=build_powershell_context,
    filters={"ps": ps_expr},
    family="powershell",
    variable_style="powershell",
    runtime_auth=CURL_OPTION_AUTH,
)

CURL_CMD = Target(
    name="curl-cmd",
    extension=".cmd",
    template="curl-cmd/request.cmd.j2",
    build_context=build_cmd_context,
    filters={"cmd": cmd_expr, "cmd_set": cmd_set_value, "rem": _rem, "rem_lines": _rem_lines},
    family="curl",
    comment_prefix="REM ",
    variable_style="cmd",
    runtime_auth=CURL_OPTION_AUTH,
)
