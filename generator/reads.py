"""Plan the response-parsing code of a snippet from an item's saved examples.

A plan is a small tree that the ``_parse`` templates render line by line:

* :class:`Read` binds a variable to one key of an object
  (``created_by_id = data["createdById"]  # str``);
* :class:`Loop` walks an array that was bound before;
* :class:`Element` prints a scalar array element, the loop variable;
* :class:`Switch` tests what a value is before reading inside it
  (``if owner is not None:``, ``if isinstance(value, dict):``).

Keys reach the templates already quoted for the language, and every
variable name comes from one :class:`generator.naming.NameScope`, so the plan
is all a template needs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal, Union

from generator.model import Example
from generator.naming import Language, NameScope
from generator.quoting import ps_str, py_str
from generator.shape import (
    Field,
    InferredShape,
    Shape,
    cached_hash,
    infer_error_shape,
    infer_response_shape,
    state_without_hash,
)

__all__ = [
    "ERROR_MAX_READS",
    "MAX_DEPTH",
    "MAX_READS",
    "Branch",
    "Element",
    "Loop",
    "Node",
    "ParsePlan",
    "Read",
    "Switch",
    "bound_names",
    "build_plan",
    "error_plan",
    "parse_plan",
    "python_type",
    "powershell_type",
]

# Reads in one plan before the rest is left out. A 200-field example already
# fills several screens.
MAX_READS = 200
# The error branch of a snippet only shows how to get at the error details.
ERROR_MAX_READS = 20
# Objects and arrays nested deeper than this are bound but not read inside.
# Each level can add two indentation levels, and Python rejects more than
# 100 of them.
MAX_DEPTH = 20

_ROOT_VARIABLES = {"python": "data", "powershell": "response"}
_ERROR_ROOT_VARIABLES = {"python": "error_data", "powershell": "response"}


@dataclass(frozen=True)
class Read:
    """Binding of ``name`` to the value at ``key`` of the object in ``source``.

    ``key`` is code: a quoted literal, or in PowerShell a bare member name
    where the key is a plain identifier. An optional read tolerates a
    missing key (``.get(...)`` in Python).
    """

    name: str
    source: str
    key: str
    optional: bool
    comment: str
    kind: ClassVar[str] = "read"


@dataclass(frozen=True)
class Element:
    """Use of a scalar array element held in the loop variable ``variable``."""

    variable: str
    comment: str
    kind: ClassVar[str] = "element"


@dataclass(frozen=True)
class Loop:
    """Loop binding ``variable`` to each element of the array in ``source``."""

    variable: str
    source: str
    body: tuple[Node, ...]
    kind: ClassVar[str] = "loop"


@dataclass(frozen=True)
class Branch:
    """One arm of a :class:`Switch`.

    ``test`` is ``present`` (not null), ``object``, ``array``, or ``other``
    for the final else arm.
    """

    test: Literal["present", "object", "array", "other"]
    body: tuple[Node, ...]


@dataclass(frozen=True)
class Switch:
    """If/elif chain on the kind of the value in ``variable``."""

    variable: str
    branches: tuple[Branch, ...]
    kind: ClassVar[str] = "switch"


Node = Union[Read, Element, Loop, Switch]


@dataclass(frozen=True)
class ParsePlan:
    """Everything a ``_parse`` template needs to render the parsing code.

    ``root_variable`` is the variable with the parsed body. The template
    binds ``data`` (``error_data`` in a Python error branch) to
    ``response.json()``, and PowerShell's ``$response`` already is the
    parsed body.
    ``root_comment`` is the type comment for that line and is empty for a
    plain object. ``note`` is set, and ``nodes`` empty, when no example
    could be parsed. ``omitted`` counts the reads left out after the read
    limit or below ``MAX_DEPTH``.
    """

    language: Language
    root_variable: str
    root_comment: str = ""
    nodes: tuple[Node, ...] = ()
    note: str | None = None
    omitted: int = 0
    examples: tuple[str, ...] = ()

    # Plans key the memoized parse macros (see generator.render).
    __hash__ = cached_hash
    __getstate__ = state_without_hash

    @property
    def omitted_note(self) -> str | None:
        if not self.omitted:
            return None
        if self.omitted == 1:
            return "1 more field is left out to keep the snippet short."
        return f"{self.omitted:,} more fields are left out to keep the snippet short."

    @property
    def root_type(self) -> str | None:
        """The Python type the first node reads the root as: "dict", "list", or None.

        None means that the nodes test the root's type themselves or read
        nothing.
        """
        if not self.nodes:
            return None
        first = self.nodes[0]
        if isinstance(first, Read) and first.source == self.root_variable:
            return "dict"
        if isinstance(first, Loop) and first.source == self.root_variable:
            return "list"
        return None

    @property
    def names(self) -> tuple[str, ...]:
        """Every variable the plan binds, in order: reads and loop variables."""
        return tuple(bound_names(self.nodes))


def bound_names(nodes: Sequence[Node]) -> list[str]:
    """Return the names that ``nodes`` bind, in order and at any depth: reads and loop variables."""
    names = []
    for node in nodes:
        if isinstance(node, Read):
            names.append(node.name)
        elif isinstance(node, Loop):
            names.append(node.variable)
            names.extend(bound_names(node.body))
        elif isinstance(node, Switch):
            for branch in node.branches:
                names.extend(bound_names(branch.body))
    return names


# --- type comments ------------------------------------------------------------------

_PYTHON_SCALARS = {"bool": "bool", "int": "int", "float": "float", "str": "str"}
# ConvertFrom-Json in PowerShell 6 and later (Json.NET) returns Int64 for
# integers, BigInteger for integers beyond Int64, and Double for other numbers.
_POWERSHELL_SCALARS = {
    "bool": "[bool]",
    "int": "[long]",
    "float": "[double]",
    "str": "[string]",
}


def python_type(shape: Shape) -> str:
    """Return the Python type of values of ``shape``, as in an annotation."""
    parts = [_PYTHON_SCALARS[kind] for kind in shape.scalars]
    if shape.is_object:
        parts.append("dict")
    if shape.items is not None:
        parts.append(
            "list" if shape.items.is_unknown else f"list[{python_type(shape.items)}]"
        )
    if shape.nullable:
        parts.append("None")
    return " | ".join(parts) or "unknown"


def powershell_type(shape: Shape) -> str:
    """Return the .NET types that Invoke-RestMethod gives values of ``shape``."""
    # NOTE: ConvertFrom-Json in PowerShell 6 and later turns strings in a
    # timestamp format into [datetime], as its documentation states. The
    # shape does not record string formats, so such fields are still described
    # as [string], and integers beyond Int64 as [long].
    parts = [_POWERSHELL_SCALARS[kind] for kind in shape.scalars]
    if shape.is_object:
        parts.append("[pscustomobject]")
    if shape.is_array:
        parts.append("[object[]]")
    if shape.nullable:
        parts.append("$null")
    return " or ".join(parts) or "unknown"


class _Comments:
    """Type comments of one language, worded for the number of examples."""

    def __init__(self, language: Language, sample_count: int) -> None:
        self.language = language
        # "null in the example", or "always null in the examples" for several.
        self.where = "in the example" if sample_count <= 1 else "in the examples"
        self.always = "" if sample_count <= 1 else "always "

    def type_of(self, shape: Shape) -> str:
        return (
            python_type(shape) if self.language == "python" else powershell_type(shape)
        )

    def value(self, shape: Shape, optional: bool = False) -> str:
        if shape.is_null:
            null = "null" if self.language == "python" else "$null"
            return (
                f"{null} or missing in the examples"
                if optional
                else f"{self.always}{null} {self.where}"
            )
        text = self.type_of(shape)
        if optional and not shape.nullable:
            text += " | None" if self.language == "python" else " or $null"
        if shape.items is not None and shape.items.is_unknown and shape.kind_count == 1:
            text += f", {self.always}empty {self.where}"
        return text

    def scalars(self, shape: Shape) -> str:
        """Describe only the scalar and null part of ``shape``."""
        return self.value(Shape(scalars=shape.scalars, nullable=shape.nullable))


# --- planning -------------------------------------------------------------------------

_PS_MEMBER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Language keywords are quoted after the member-access dot too, so that no
# parser can take them for the start of a statement.
_PS_KEYWORDS = frozenset("""
    begin break catch class clean continue data define do dynamicparam else elseif end
    enum exit filter finally for foreach from function hidden if in inlinescript
    parallel param process return sequence static switch throw trap try until using var
    while workflow
    """.split())


def _key_code(key: str, language: Language) -> str:
    if language == "python":
        return py_str(key)
    # NOTE: the plan does not detect keys that PowerShell cannot read this
    # way. ConvertFrom-Json rejects an object with an empty key or with keys
    # that differ only in case, and PSObject's own members (psobject,
    # pstypenames) hide a key of the same name.
    if _PS_MEMBER_NAME.fullmatch(key) and key.lower() not in _PS_KEYWORDS:
        return key
    return ps_str(key)


@dataclass
class _Budget:
    limit: int
    used: int = 0
    omitted: int = 0

    def take(self) -> bool:
        """Count one read and return whether it still fits in the limit."""
        if self.used < self.limit:
            self.used += 1
            return True
        self.omitted += 1
        return False


def _count_reads(shape: Shape, is_element: bool) -> int:
    """Return how many reads and elements :class:`_Planner` makes for ``shape`` without limits."""
    count = 0
    if shape.fields is not None:
        count += sum(1 + _count_reads(item.shape, False) for item in shape.fields)
    if shape.items is not None and not shape.items.is_unknown:
        count += _count_reads(shape.items, True)
    if is_element and _prints_element(shape):
        count += 1
    return count


def _prints_element(shape: Shape) -> bool:
    return bool(shape.scalars) or shape.is_null


class _Planner:
    """Walks a shape and collects the nodes, sharing one scope and one budget."""

    def __init__(
        self,
        language: Language,
        root_variable: str,
        comments: _Comments,
        max_reads: int,
        all_optional: bool,
        reserved: Iterable[str] = (),
    ) -> None:
        self.language = language
        self.root_variable = root_variable
        self.scope = NameScope(language, reserved=[root_variable, *reserved])
        self.comments = comments
        self.budget = _Budget(max_reads)
        self.all_optional = all_optional

    def value_nodes(
        self,
        variable: str,
        shape: Shape,
        key: str | None,
        may_be_none: bool,
        is_element: bool,
        depth: int = 0,
    ) -> list[Node]:
        """Return the nodes that read inside the value already bound to ``variable``.

        ``key`` is the key the value came from (it names loop variables).
        ``is_element`` is true for a loop variable, whose scalar values are
        printed because no other line uses them.
        """
        if depth > MAX_DEPTH:
            self.budget.omitted += _count_reads(shape, is_element)
            return []
        branches = []
        if shape.fields is not None:
            body = self.object_nodes(variable, shape.fields, depth + 1)
            if body:
                branches.append(Branch("object", tuple(body)))
        if shape.items is not None and not shape.items.is_unknown:
            body = self.array_nodes(variable, shape.items, key, depth + 1)
            if body:
                branches.append(Branch("array", tuple(body)))
        if is_element and _prints_element(shape) and self.budget.take():
            comment = self.comments.scalars(shape)
            branches.append(Branch("other", (Element(variable, comment),)))

        if not branches:
            return []
        if len(branches) == 1 and branches[0].test == "other":
            return list(branches[0].body)
        if shape.kind_count > 1:
            return [Switch(variable, tuple(branches))]
        body = list(branches[0].body)
        if self.all_optional and self.language == "python" and variable != self.root_variable:
            # An error body may give a key another type than the example
            # did, as {"error": "Not found"} for {"error": {...}}. The root's
            # type is tested by the template (ParsePlan.root_type). PowerShell
            # reads a missing property of any value as $null.
            return [Switch(variable, (Branch(branches[0].test, tuple(body)),))]
        if may_be_none and self.language == "python":
            return [Switch(variable, (Branch("present", tuple(body)),))]
        return body

    def object_nodes(
        self, variable: str, fields: tuple[Field, ...], depth: int
    ) -> list[Node]:
        parent = None if variable == self.root_variable else variable
        sibling_names: list[str] = []
        nodes: list[Node] = []
        for item in fields:
            if not self.budget.take():
                self.budget.omitted += _count_reads(item.shape, False)
                continue
            name = self.scope.claim(item.key, parent=parent, siblings=sibling_names)
            sibling_names.append(name)
            optional = item.optional or self.all_optional
            comment = self.comments.value(item.shape, optional)
            key_code = _key_code(item.key, self.language)
            nodes.append(Read(name, variable, key_code, optional, comment))
            nodes.extend(
                self.value_nodes(
                    name,
                    item.shape,
                    key=item.key,
                    may_be_none=optional or item.shape.nullable,
                    is_element=False,
                    depth=depth,
                )
            )
        return nodes

    def array_nodes(
        self, variable: str, items: Shape, key: str | None, depth: int
    ) -> list[Node]:
        if depth > MAX_DEPTH:
            # Checked here too, so that no loop variable name is used up.
            self.budget.omitted += _count_reads(items, True)
            return []
        loop_variable = self.scope.claim_loop_variable(key)
        body = self.value_nodes(
            loop_variable,
            items,
            key=None,
            may_be_none=items.nullable,
            is_element=True,
            depth=depth,
        )
        if not body:
            return []
        return [Loop(loop_variable, variable, tuple(body))]


def build_plan(
    shape: Shape,
    language: Language,
    *,
    root_variable: str | None = None,
    sample_count: int = 1,
    max_reads: int = MAX_READS,
    all_optional: bool = False,
    examples: tuple[str, ...] = (),
    reserved: Iterable[str] = (),
) -> ParsePlan:
    """Plan the reads of every field of ``shape``, up to ``max_reads`` of them.

    ``all_optional`` reads every key as possibly missing, which suits a
    shape seen in one error example only. ``reserved`` are names the
    snippet already uses elsewhere, such as hoisted variables.
    """
    if language not in _ROOT_VARIABLES:
        raise ValueError(
            f"unknown language {language!r}; expected 'python' or 'powershell'"
        )
    root = root_variable or _ROOT_VARIABLES[language]
    comments = _Comments(language, sample_count)
    planner = _Planner(language, root, comments, max_reads, all_optional, reserved)
    nodes = planner.value_nodes(
        root, shape, key=None, may_be_none=shape.nullable, is_element=False
    )
    return ParsePlan(
        language=language,
        root_variable=root,
        root_comment=_root_comment(shape, comments, has_nodes=bool(nodes)),
        nodes=tuple(nodes),
        omitted=planner.budget.omitted,
        examples=examples,
    )


def _root_comment(shape: Shape, comments: _Comments, has_nodes: bool) -> str:
    plain_object = shape.is_object and shape.kind_count == 1 and not shape.nullable
    if comments.language == "python":
        return "" if plain_object else comments.value(shape)
    # PowerShell has no line that binds the body, so only a body without
    # reads gets a comment, which names the type of $response.
    if has_nodes or plain_object:
        return ""
    return "$response is " + comments.value(shape)


def parse_plan(
    examples: Sequence[Example],
    language: Language,
    *,
    max_reads: int = MAX_READS,
    reserved: Iterable[str] = (),
) -> ParsePlan | None:
    """Plan the parsing code for the 2xx JSON examples of an item.

    Returns None when the item has no saved example. When examples exist
    but none of them is a 2xx JSON body, the plan has no nodes and its
    ``note`` gives the reason in one sentence.
    """
    if isinstance(examples, tuple):
        inferred = _cached_response_shape(examples)
    else:
        inferred = infer_response_shape(examples)
    if inferred is None:
        return None
    if inferred.shape is None:
        return ParsePlan(language, _ROOT_VARIABLES[language], note=inferred.reason)
    return _cached_build_plan(
        inferred.shape,
        language,
        sample_count=len(inferred.examples),
        max_reads=max_reads,
        examples=inferred.examples,
        reserved=reserved,
    )


# Many endpoints of an API return the same resource, so their responses have
# equal shapes. A plan depends only on the arguments of build_plan and is
# frozen, so one plan serves every item with an equal shape. A plan of about
# 15 reads takes about 5 KB, so 2048 plans stay near 10 MB per process
# (measured with tracemalloc on the benchmark's synthetic collection, whose
# 10,000 items have 4,638 distinct response shapes).
_cached_build_plan = functools.lru_cache(maxsize=2048)(build_plan)


# The Python and the PowerShell snippet of an item plan reads of the same
# examples, so the shapes of the last few example tuples are kept. Shapes
# are frozen, so sharing one between plans is safe.
@functools.lru_cache(maxsize=8)
def _cached_response_shape(examples: tuple[Example, ...]) -> InferredShape | None:
    return infer_response_shape(examples)


def error_plan(
    examples: Sequence[Example],
    language: Language,
    *,
    max_reads: int = ERROR_MAX_READS,
    reserved: Iterable[str] = (),
) -> ParsePlan | None:
    """Plan reads of the first 4xx or 5xx JSON example, for a snippet's error branch.

    Every key is read as optional, because one error example says little
    about the errors a server sends. Python binds the parsed body to
    ``error_data``; PowerShell reads ``$response``. Returns None without such an
    example.
    """
    inferred = infer_error_shape(examples)
    if inferred is None or inferred.shape is None:
        return None
    return _cached_build_plan(
        inferred.shape,
        language,
        root_variable=_ERROR_ROOT_VARIABLES[language],
        max_reads=max_reads,
        all_optional=True,
        examples=inferred.examples,
        reserved=reserved,
    )
