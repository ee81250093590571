"""Read back the curl.exe arguments of a curl-powershell snippet.

The snippet is parsed with tree-sitter-powershell, and each argument of its
``curl.exe`` command is decoded with
:func:`generator.conformance.powershell.decode_string_expression`, so the
result is the argument list PowerShell passes to curl.exe. Comparing it with
the arguments the bash snippet passes to curl checks the PowerShell quoting
without running PowerShell.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.conformance.powershell import (
    DecodeError,
    ExtractionError,
    _children,
    _Snippet,
    _unwrap,
    parse,
    syntax_errors,
)

__all__ = ["curl_arguments"]


# The arrays of curl.exe arguments that the curl-powershell template builds.
_ARGUMENT_ARRAYS = frozenset({"$formarguments", "$bodyarguments"})


def _find_curl_command(node):
    if node.type == "command":
        names = [child for child in _children(node) if child.type == "command_name"]
        if names and names[0].text.decode("utf-8") == "curl.exe":
            return node
    for child in _children(node):
        found = _find_curl_command(child)
        if found is not None:
            return found
    return None


def curl_arguments(code: str, file_exists: Callable[[str], bool] | None = None) -> list[str]:
    """Return the arguments of the snippet's ``curl.exe`` command, decoded.

    The array variables ``$formArguments`` and ``$bodyArguments`` are each
    replaced by their elements, as PowerShell passes them. Their values are read as
    :func:`generator.conformance.powershell.extract_request` reads variables,
    with ``file_exists`` deciding the snippet's Test-File checks. Raise
    DecodeError for an argument that reads another variable (a dynamic
    variable, a secret from the environment, the body file), because its
    value is known only when the snippet runs.
    """
    tree = parse(code)
    errors = syntax_errors(tree)
    if errors:
        raise ExtractionError(f"invalid PowerShell: {'; '.join(errors)}")
    command = _find_curl_command(tree.root_node)
    if command is None:
        raise ExtractionError("the snippet has no curl.exe command")
    from generator.conformance.powershell import decode_string_expression

    arguments = []
    snippet = None
    for elements in (child for child in _children(command) if child.type == "command_elements"):
        for element in _children(elements):
            if element.type == "command_argument_sep":
                continue
            if element.type == "command_parameter":
                arguments.append(element.text.decode("utf-8"))
                continue
            if element.text.decode("utf-8").lower() in _ARGUMENT_ARRAYS:
                snippet = snippet or _Snippet(code, file_exists)
                value = snippet.evaluate(element)
                if not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
                    raise ExtractionError(f"{element.text.decode('utf-8')} must be an array of strings")
                arguments.extend(value)
                continue
            arguments.append(decode_string_expression(element))
    return arguments


__all__ += ["DecodeError"]
