"""Postman variables: scopes, precedence and ``{{name}}`` substitution."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .model import Variable

__all__ = ["VariableScope"]

# newman's variable syntax: {{name}}, where the name has no braces and no
# line break. Dynamic variables start with "$".
VARIABLE_PATTERN = re.compile(r"\{\{([^{}\r\n]+)\}\}")

# postman-collection substitutes repeatedly so a value may refer to another
# variable; it stops after a fixed number of passes, so a cycle ends there.
MAX_PASSES = 19

# Maximum number of characters that one resolve() call inserts. A value that refers to
# itself more than once ("{{a}}{{a}}") multiplies the text on every pass,
# so without a budget 19 passes could need gigabytes.
MAX_INSERTED_CHARS = 4 * 1024 * 1024


class VariableScope:
    """Variables from every source, the later source overriding the earlier.

    Sources in order of precedence, lowest first: globals, collection
    variables, the environment, then ``--var`` values. A variable whose
    value is empty in a file counts as having no value, so the snippet shows
    ``{{name}}`` for the reader to fill in instead of sending an empty
    string; only an explicit ``--var NAME=`` sets an empty value.
    """

    def __init__(self, *layers: Iterable[Variable] | Mapping[str, str]) -> None:
        self._values: dict[str, str] = {}
        self._secret: set[str] = set()
        for layer in layers:
            if isinstance(layer, Mapping):
                for key, value in layer.items():
                    self._values[key] = value
                    self._secret.discard(key)
            else:
                for variable in layer:
                    if variable.value == "":
                        continue
                    self._values[variable.key] = variable.value
                    if variable.secret:
                        self._secret.add(variable.key)
                    else:
                        self._secret.discard(variable.key)
        self.unresolved: dict[str, None] = {}  # names left as {{name}} in some output, in first-seen order

    def is_secret(self, name: str) -> bool:
        return name in self._secret

    def resolve(self, text: str) -> str:
        """Substitute every known ``{{name}}`` in ``text``.

        Names still in the text afterwards stay as written and are recorded
        in :attr:`unresolved`: unknown names, and known names left over by a
        cycle or by reaching MAX_INSERTED_CHARS.
        """
        if "{{" not in text:
            return text
        remaining = MAX_INSERTED_CHARS

        def lookup(match: re.Match[str]) -> str:
            nonlocal remaining
            value = self._values.get(match.group(1))
            if value is None or len(value) > remaining:
                return match.group(0)
            remaining -= len(value)
            return value

        for _ in range(MAX_PASSES):
            replaced = VARIABLE_PATTERN.sub(lookup, text)
            if replaced == text:
                break
            text = replaced
        for match in VARIABLE_PATTERN.finditer(text):
            self.unresolved.setdefault(match.group(1), None)
        return text
