"""Click parameter types shared by the generate, docs and check commands."""

from __future__ import annotations

import click

__all__ = ["LanguageType"]


class LanguageType(click.ParamType):
    """A --lang value: the name of a registered target (generator.targets)."""

    name = "LANG"

    def convert(self, value, param, ctx):
        from .targets import UnknownTargetError, load_target

        try:
            load_target(value)
        except UnknownTargetError as error:
            self.fail(str(error), param, ctx)
        return value
