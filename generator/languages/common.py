"""Helpers shared by the language modules."""

from __future__ import annotations

from ..model import Example

__all__ = ["parse_plan_for"]


def parse_plan_for(examples: tuple[Example, ...], language: str, options: dict):
    """Return the response-parsing plan for ``examples``, or None when parsing is off."""
    if not options.get("parse_response", True) or not examples:
        return None
    from ..reads import parse_plan

    return parse_plan(examples, language)
