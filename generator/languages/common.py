"""Helpers shared by the language modules."""

from __future__ import annotations

import re

from ..dynamic import expand_hoisted, secret_references
from ..errors import ItemError
from ..model import Example
from ..wire import MultipartBody, WireRequest

__all__ = ["CodeValue", "check_built_file_names", "error_plan_for", "parse_plan_for", "split_basic_auth", "split_origin"]


class CodeValue(str):
    """A header value that is code of the snippet's language, such as a variable holding a signature.

    Templates write ``value.code`` unquoted. Only the generator creates
    these, never from collection text.
    """

    @property
    def code(self) -> str:
        return str(self)


def parse_plan_for(examples: tuple[Example, ...], language: str, options: dict):
    """Return the response-parsing plan for ``examples``, or None when parsing is off."""
    if not options.get("parse_response", True) or not examples:
        return None
    from ..reads import parse_plan

    return parse_plan(examples, language, reserved=options.get("reserved_names", ()))


def error_plan_for(examples: tuple[Example, ...], language: str, options: dict):
    """Return the plan that reads an error example in the failure branch, or None."""
    if not options.get("parse_response", True) or not examples:
        return None
    from ..reads import error_plan

    return error_plan(examples, language, reserved=options.get("reserved_names", ()))


def split_basic_auth(wire: WireRequest) -> list[tuple[str, str]]:
    """Return the headers without the Basic Authorization header that ``wire.basic_auth`` stands for."""
    headers = list(wire.headers)
    if wire.basic_auth is None:
        return headers
    for index in range(len(headers) - 1, -1, -1):
        if headers[index][0].lower() == "authorization":
            del headers[index]
            break
    return headers


def split_origin(url: str, pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Split ``url`` with ``pattern`` (scheme, host, target groups), keeping hoisted variables where they fit.

    The URL with its hoisted variables expanded decides the split. Each part
    keeps its hoisted variables when it expands to the same part of the
    expanded URL, and is the expanded text otherwise.
    """
    expanded = pattern.fullmatch(expand_hoisted(url))
    if expanded is None:
        return None
    marked = pattern.fullmatch(url)
    if marked is None:
        return expanded.groups()
    return tuple(
        part if expand_hoisted(part) == expanded_part else expanded_part
        for part, expanded_part in zip(marked.groups(), expanded.groups())
    )


def check_built_file_names(wire: WireRequest) -> None:
    """Raise ItemError when a snippet that builds the multipart body itself cannot write a file name.

    Such a snippet writes the filename* parameter that newman adds to a
    file name with characters above U+00FF, and whether one is needed
    depends on the name's text. A secret variable in the name is read when
    the snippet runs (--secrets env) or filled in by the reader
    (placeholder), so its text is not known here.
    """
    body = wire.body
    if not isinstance(body, MultipartBody):
        return
    for part in body.parts:
        if part.kind == "file" and secret_references([part.filename]):
            raise ItemError(
                "a form file name uses a secret variable, and this snippet builds the multipart body"
                " itself, with a filename* parameter that depends on the name's value. Generate this"
                " item with --secrets inline",
                address=wire.address,
            )
