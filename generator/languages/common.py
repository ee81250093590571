"""Helpers shared by the language modules."""

from __future__ import annotations

from ..model import Example
from ..wire import WireRequest

__all__ = ["error_plan_for", "parse_plan_for", "split_basic_auth"]


def parse_plan_for(examples: tuple[Example, ...], language: str, options: dict):
    """Return the response-parsing plan for ``examples``, or None when parsing is off."""
    if not options.get("parse_response", True) or not examples:
        return None
    from ..reads import parse_plan

    return parse_plan(examples, language)


def error_plan_for(examples: tuple[Example, ...], language: str, options: dict):
    """Return the plan that reads an error example in the failure branch, or None."""
    if not options.get("parse_response", True) or not examples:
        return None
    from ..reads import error_plan

    return error_plan(examples, language)


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
