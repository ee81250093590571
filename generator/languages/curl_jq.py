"""The jq program of ``--curl-jq``: print every field that the Python snippet reads.

The program is compiled from the Python response-parsing plan
(generator.reads), so it reads the same keys, walks the same arrays and
prints under the same names. Each printed line is ``name: value``, with the
value as compact JSON. A field that later reads look inside (an object, or
an array that is walked) is printed only where it is a scalar, so every
leaf of the example body is printed once per occurrence.

Keys are written as jq string literals (``.["key"]``), in JSON's string
syntax, which jq reads the same way. ``json.dumps`` escapes ``\\``, so a key
can never start a jq ``\\(...)`` interpolation.
"""

from __future__ import annotations

import ast
import itertools
import json
import re
from collections.abc import Sequence

from ..reads import Element, Loop, Node, ParsePlan, Read, Switch, bound_names

__all__ = ["jq_program", "jq_string"]

# Spaces per nesting level of the program text.
_STEP = "  "
_SURROGATE = re.compile("[\ud800-\udfff]")
_TESTS = {
    "present": '. != null',
    "object": 'type == "object"',
    "array": 'type == "array"',
}


def jq_string(text: str) -> str:
    """Return ``text`` as a jq string literal."""
    literal = json.dumps(text, ensure_ascii=False)
    try:
        literal.encode("utf-8")
    except UnicodeEncodeError:
        # NOTE: a lone surrogate (from a \\ud800 escape in the example) has
        # no UTF-8 form, and jq 1.6 rejects its \\u escape in a program and in
        # input alike. It becomes U+FFFD so that the program still compiles,
        # because a body with that key cannot be parsed by jq anyway.
        literal = json.dumps(_SURROGATE.sub("\ufffd", text), ensure_ascii=False)
    return literal


class _Compiler:
    """Turns plan nodes into jq expressions, naming each bound value ``$v1``, ``$v2``, ..."""

    def __init__(self, root_variable: str) -> None:
        self.counter = itertools.count(1)
        self.variables = {root_variable: "$v0"}

    def new_variable(self, name: str) -> str:
        variable = f"$v{next(self.counter)}"
        self.variables[name] = variable
        return variable

    def sequence(self, nodes: Sequence[Node], depth: int) -> str:
        """Return the jq expression that produces the output lines of ``nodes``, in order."""
        pad = _STEP * depth
        if not nodes:
            return f"{pad}empty"
        node, rest = nodes[0], nodes[1:]
        if isinstance(node, Read):
            return self._read(node, rest, depth)
        if isinstance(node, Element):
            first = f"{pad}({self.variables[node.variable]} | {_line(node.variable)})"
        elif isinstance(node, Loop):
            first = self._loop(node, depth)
        else:
            first = self._switch(node, depth)
        if not rest:
            return first
        return f"{first},\n{self.sequence(rest, depth)}"

    def _read(self, node: Read, rest: Sequence[Node], depth: int) -> str:
        pad = _STEP * depth
        source = self.variables[node.source]
        key = jq_string(ast.literal_eval(node.key))
        value = f"{source}[{key}]"
        # An optional key may be missing, which the Python snippet's .get()
        # reads as None; jq prints nothing for it instead of a null.
        printed = f"{source} | objects | select(has({key})) | .[{key}]" if node.optional else value
        if not _uses(rest, node.name):
            line = f"{pad}({printed} | {_line(node.name)})"
            return line if not rest else f"{line},\n{self.sequence(rest, depth)}"
        # Later nodes read inside this value, so it is bound to a variable for
        # them, and printed here only when it is a scalar. The binding ends
        # after the last node that uses it, so the siblings that follow are
        # not nested inside it.
        end = _scope_end(rest, node.name)
        scoped, after = rest[: end + 1], rest[end + 1 :]
        variable = self.new_variable(node.name)
        scalar = f'({printed} | if type == "object" or type == "array" then empty else {_line(node.name)} end)'
        bound = f"{pad}({value} as {variable} | (\n{pad}{_STEP}{scalar},\n{self.sequence(scoped, depth + 1)}\n{pad}))"
        return bound if not after else f"{bound},\n{self.sequence(after, depth)}"

    def _loop(self, node: Loop, depth: int) -> str:
        pad = _STEP * depth
        source = self.variables[node.source]
        variable = self.new_variable(node.variable)
        body = self.sequence(node.body, depth + 1)
        # The outer parentheses end the binding's scope, because "|" binds
        # more loosely than "," in jq and would take in the next siblings.
        return f"{pad}(({source} | arrays | .[]) as {variable} | (\n{body}\n{pad}))"

    def _switch(self, node: Switch, depth: int) -> str:
        pad = _STEP * depth
        variable = self.variables[node.variable]
        lines = []
        has_else = False
        for index, branch in enumerate(node.branches):
            body = self.sequence(branch.body, depth + 1)
            if branch.test == "other":
                lines.append(f"{pad}else\n{body}")
                has_else = True
            else:
                keyword = "if" if index == 0 else "elif"
                lines.append(f"{pad}{keyword} {variable} | {_TESTS[branch.test]} then\n{body}")
        if not has_else:
            # jq 1.6 requires an else branch.
            lines.append(f"{pad}else\n{pad}{_STEP}empty")
        return f"{pad}(\n" + "\n".join(lines) + f"\n{pad}end\n{pad})"


def _line(name: str) -> str:
    # name is a Python identifier from generator.naming, so it needs no escaping in a jq string.
    return f'"{name}: \\(tojson)"'


def _scope_end(nodes: Sequence[Node], name: str) -> int:
    """Return the index of the last of ``nodes`` that needs the binding of ``name``.

    That is the last node that reads inside ``name``, or inside a name that
    a node up to there binds, such as a loop over a field of ``name``.
    """
    end = max(index for index, node in enumerate(nodes) if _uses([node], name))
    while True:
        bound = set(bound_names(nodes[: end + 1]))
        later = [index for index in range(end + 1, len(nodes)) if any(_uses([nodes[index]], other) for other in bound)]
        if not later:
            return end
        end = max(later)


def _uses(nodes: Sequence[Node], name: str) -> bool:
    """Return whether any of ``nodes``, at any depth, reads inside the value bound to ``name``."""
    for node in nodes:
        if isinstance(node, Read) and node.source == name:
            return True
        if isinstance(node, Loop) and (node.source == name or _uses(node.body, name)):
            return True
        if isinstance(node, Switch) and (
            node.variable == name or any(_uses(branch.body, name) for branch in node.branches)
        ):
            return True
        if isinstance(node, Element) and node.variable == name:
            return True
    return False


def jq_program(plan: ParsePlan) -> str | None:
    """Return the jq program that prints each field ``plan`` reads, or None when the plan reads nothing.

    ``plan`` must be a plan built for Python: its keys are Python string
    literals (generator.quoting.py_str), which are read back here.
    """
    if plan.language != "python":
        raise ValueError(f"jq programs are built from Python plans, not {plan.language!r} ones")
    if plan.note or not plan.nodes:
        return None
    compiler = _Compiler(plan.root_variable)
    return ". as $v0 |\n" + compiler.sequence(plan.nodes, 0)
