"""Click parameter types shared by the generate, docs and check commands."""

from __future__ import annotations

import click

__all__ = ["LanguageType", "WholeNumber"]


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


class WholeNumber(click.IntRange):
    """An integer option within a range, whose error names what the number counts.

    click's IntRange calls a value such as 1.5 "not a valid integer range",
    which reads as if a range were expected.
    """

    def __init__(self, min: int | None = None, max: int | None = None, *, unit: str = "") -> None:
        super().__init__(min=min, max=max)
        self.name = f"whole number of {unit}" if unit else "whole number"
        self.metavar = unit.upper() if unit else "INTEGER"

    def get_metavar(self, *args, **kwargs) -> str:
        # The signature differs between click 8.1 and 8.2.
        return self.metavar
