"""curl called from PowerShell (curl-powershell) and from cmd.exe (curl-cmd): template values.

Both reuse the curl arguments that generator.languages.curl computes for
bash and quote them for another shell.
"""

from __future__ import annotations

from ..dynamic import ps_expr
from ..model import Example
from ..quoting import QuotingError
from ..targets import Target
from ..wire import WireRequest
from . import curl
from .cmd_quoting import MAX_COMMAND_LINE, cmd_expr

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


def build_powershell_context(wire: WireRequest, examples: tuple[Example, ...], options: dict) -> dict:
    context = curl.build_context(wire, examples, options)
    arguments = []
    for option, value in _text_arguments(wire, context["raw_arguments"], "PowerShell"):
        reads_stdin = (option == "--data-binary" and value == "@-") or (option == "--form" and "=<-;type=" in value)
        if context["stdin_text"] is not None and reads_stdin:
            # PowerShell pipes text to a native program with a line break
            # added, so the text bash pipes in is written to a file instead.
            name, equals, rest = value.partition("=<-")
            code = "('@' + $bodyFile)" if value == "@-" else f"({ps_expr(name + '=<')} + $bodyFile + {ps_expr(rest)})"
            arguments.append((option, code))
        elif value or option in {"--header", "--data-raw", "--data-urlencode", "--form-string", "--referer"}:
            arguments.append((option, ps_expr(value) if value else ""))
        else:
            arguments.append((option, ""))
    # tree-sitter-powershell 0.26 reads a bare option that ends in digits
    # (--post301) as a redirection; a quoted option is plain PowerShell either way.
    arguments = [(ps_expr(option) if option[-1:].isdigit() else option, value) for option, value in arguments]
    return {
        "arguments": arguments,
        "url_code": ps_expr(wire.url),
        "notes": context["notes"],
        "stdin_code": ps_expr(context["stdin_text"]) if context["stdin_text"] is not None else None,
    }


def build_cmd_context(wire: WireRequest, examples: tuple[Example, ...], options: dict) -> dict:
    context = curl.build_context(wire, examples, options)
    if context["stdin_text"] is not None:
        raise QuotingError(
            "this request sends a value through curl's standard input (a body over 100,000 bytes, or a form"
            " value with a content type and ';', ',' or '\"'), which a cmd.exe line cannot hold"
        )
    arguments = [(option, cmd_expr(value) if value else "") for option, value in _text_arguments(wire, context["raw_arguments"], "cmd.exe")]
    url_code = cmd_expr(wire.url)
    length = len("curl.exe ") + len(url_code) + sum(len(option) + len(value) + 2 for option, value in arguments)
    if length > MAX_COMMAND_LINE:
        raise QuotingError(f"the curl.exe command is {length} characters long; cmd.exe accepts at most {MAX_COMMAND_LINE}")
    texts = [wire.url, *(value for _, value in context["raw_arguments"] if isinstance(value, str))]
    return {
        "arguments": arguments,
        "url_code": url_code,
        "notes": context["notes"],
        # A batch file is read in the console's code page; 65001 is UTF-8.
        "utf8": not all(text.isascii() for text in texts),
    }


def _rem(text: str) -> str:
    from ..quoting import comment_text

    # cmd.exe reads a "%" in a REM line as the start of a variable
    # reference, so it is doubled as in arguments.
    # A "^" at the end of a line would join the next line to it.
    return comment_text(text).replace("%", "%%").rstrip("^")


CURL_POWERSHELL = Target(
    name="curl-powershell",
    extension=".ps1",
    template="curl-powershell/request.ps1.j2",
    build_context=build_powershell_context,
    filters={"ps": ps_expr},
    family="powershell",
)

CURL_CMD = Target(
    name="curl-cmd",
    extension=".cmd",
    template="curl-cmd/request.cmd.j2",
    build_context=build_cmd_context,
    filters={"cmd": cmd_expr, "rem": _rem},
    family="curl",
    comment_prefix="REM ",
)
