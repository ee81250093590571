"""Infer the shape of a JSON response from an item's saved examples.

The shape drives the response-parsing part of a snippet: which keys to read,
which of them may be missing, and which values to loop over. Inference is
conservative, because a collection usually contains one or two examples:

* a key missing from some objects is optional;
* null mixed with another type makes that type nullable;
* int mixed with float is float, and bool is never a number;
* an empty array gives no information about its items;
* every value seen is covered, so a mixed array gets a union of kinds;
* no enums and no maps are guessed from a few sample values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

from generator.model import Example

__all__ = [
    "SCALAR_KINDS",
    "Field",
    "InferredShape",
    "MAX_SHAPE_DEPTH",
    "Sample",
    "Shape",
    "error_sample",
    "infer",
    "infer_error_shape",
    "infer_response_shape",
    "is_overlong_int",
    "merge",
    "merge_all",
    "parse_json_body",
    "success_examples",
    "success_samples",
]

# Scalar kinds in the order in which a shape lists them.
SCALAR_KINDS = ("bool", "int", "float", "str")


def cached_hash(self) -> int:
    """Return the hash of a frozen dataclass's fields, computed on the first call only.

    Set as ``__hash__`` in the class body of a frozen dataclass that keys a
    cache. The generated ``__hash__`` hashes every nested value again on
    each lookup: about 40 calls per lookup of a response shape or a parse
    plan on the benchmark's synthetic collection.
    """
    values = self.__dict__
    cached = values.get("_hash")
    if cached is None:
        names = _hashed_fields.get(type(self))
        if names is None:
            # The same fields as the generated __hash__. fields() leaves out
            # ClassVar and InitVar pseudo-fields, and the filter drops
            # hash=False and compare=False fields as dataclasses does.
            names = tuple(field.name for field in fields(self) if (field.compare if field.hash is None else field.hash))
            _hashed_fields[type(self)] = names
        cached = hash(tuple([values[name] for name in names]))
        object.__setattr__(self, "_hash", cached)
    return cached


# The names of the fields that cached_hash hashes, per class.
_hashed_fields: dict[type, tuple[str, ...]] = {}


def state_without_hash(self) -> dict:
    """Return the pickled state of a class that uses cached_hash, without the hash.

    A string's hash differs between interpreters.
    """
    state = dict(self.__dict__)
    state.pop("_hash", None)
    return state


@dataclass(frozen=True)
class Field:
    """A key of a JSON object with the shape of its values."""

    key: str
    shape: Shape
    optional: bool = False


@dataclass(frozen=True)
class Shape:
    """The set of JSON values seen at one place in the samples.

    A shape is a union: it may be several scalar kinds, an object and an
    array at once. ``fields`` is None when no object was seen there and
    ``items`` is None when no array was. ``Shape()`` covers no value at all,
    which is what the items of an array that was always empty are.
    """

    scalars: tuple[str, ...] = ()
    nullable: bool = False
    fields: tuple[Field, ...] | None = None
    items: Shape | None = None

    # Shapes key the plan cache (see cached_hash).
    __hash__ = cached_hash
    __getstate__ = state_without_hash

    @property
    def is_unknown(self) -> bool:
        return not (self.scalars or self.nullable or self.is_object or self.is_array)

    @property
    def is_object(self) -> bool:
        return self.fields is not None

    @property
    def is_array(self) -> bool:
        return self.items is not None

    @property
    def is_null(self) -> bool:
        """True when null is the only value seen."""
        return self.nullable and not (self.scalars or self.is_object or self.is_array)

    @property
    def kind_count(self) -> int:
        """Number of distinct non-null kinds the shape covers."""
        return len(self.scalars) + self.is_object + self.is_array


@dataclass(frozen=True)
class Sample:
    """An example whose body parsed as JSON, with the parsed value."""

    example: Example
    value: object


@dataclass(frozen=True)
class InferredShape:
    """The merged shape of the chosen examples, or the reason there is none.

    ``examples`` names the examples that were merged. ``reason`` is one
    sentence for a code comment and is set exactly when ``shape`` is None.
    """

    shape: Shape | None
    examples: tuple[str, ...] = ()
    reason: str | None = None


# --- inference ------------------------------------------------------------------


# Values nested deeper than this are described by their kind only, which
# keeps the recursion of infer() and merge() far from Python's limit. Read
# plans stop at a smaller depth anyway.
MAX_SHAPE_DEPTH = 64


# The shapes of single scalar values. Shapes are frozen, so every value of a
# kind shares one instance instead of building its own.
_NULL = Shape(nullable=True)
_BOOL = Shape(scalars=("bool",))
_INT = Shape(scalars=("int",))
_FLOAT = Shape(scalars=("float",))
_STR = Shape(scalars=("str",))


def infer(value: object, depth: int = 0) -> Shape:
    """Return the shape of one parsed JSON value."""
    if value is None:
        return _NULL
    # bool is a subclass of int in Python, so it is tested first.
    if isinstance(value, bool):
        return _BOOL
    if isinstance(value, int):
        return _INT
    if isinstance(value, float):
        return _FLOAT
    if isinstance(value, str):
        return _STR
    if isinstance(value, list):
        if depth >= MAX_SHAPE_DEPTH:
            return Shape(items=Shape())
        return Shape(items=merge_all(infer(item, depth + 1) for item in value))
    if isinstance(value, dict):
        if depth >= MAX_SHAPE_DEPTH:
            return Shape(fields=())
        return Shape(
            fields=tuple(
                Field(key, infer(item, depth + 1)) for key, item in value.items()
            )
        )
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def merge_all(shapes: Iterable[Shape]) -> Shape:
    """Merge any number of shapes; no shape gives ``Shape()``."""
    result = None
    for shape in shapes:
        result = shape if result is None else merge(result, shape)
    return Shape() if result is None else result


def merge(first: Shape, second: Shape) -> Shape:
    """Return the narrowest shape that covers every value of both shapes."""
    if first is second:
        # Merging is idempotent, and infer() returns one instance per scalar
        # kind, so arrays of scalars merge here without building anything.
        return first
    kinds = set(first.scalars) | set(second.scalars)
    if "float" in kinds:
        kinds.discard("int")
    return Shape(
        scalars=tuple(kind for kind in SCALAR_KINDS if kind in kinds),
        nullable=first.nullable or second.nullable,
        fields=_merge_fields(first.fields, second.fields),
        items=_merge_optional(first.items, second.items),
    )


def _merge_optional(first: Shape | None, second: Shape | None) -> Shape | None:
    if first is None:
        return second
    if second is None:
        return first
    return merge(first, second)


def _merge_fields(
    first: tuple[Field, ...] | None, second: tuple[Field, ...] | None
) -> tuple[Field, ...] | None:
    if first is None:
        return second
    if second is None:
        return first
    second_by_key = {field.key: field for field in second}
    first_keys = {field.key for field in first}
    merged = []
    for field in first:
        other = second_by_key.get(field.key)
        if other is None:
            merged.append(Field(field.key, field.shape, optional=True))
        else:
            merged.append(
                Field(
                    field.key,
                    merge(field.shape, other.shape),
                    field.optional or other.optional,
                )
            )
    # Keys first seen in the second object follow, in their own order.
    merged.extend(
        Field(field.key, field.shape, optional=True)
        for field in second
        if field.key not in first_keys
    )
    return tuple(merged)


# --- choosing and parsing examples --------------------------------------------------


class _OverlongInt(int):
    """An integer literal longer than Python's int conversion limit (4300 digits).

    Only the kind of a value matters for inference, so such a literal is kept
    as this marker instead of failing the whole body.
    """


def _parse_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return _OverlongInt(0)


def is_overlong_int(value: object) -> bool:
    """Tell whether ``value`` stands for an integer literal too long for Python to convert (see _OverlongInt)."""
    return isinstance(value, _OverlongInt)


def _load_json(text: str) -> object:
    # dict() over the pairs keeps the last value of a duplicate key at the
    # position where the key first appeared, which is what JSON.parse does.
    try:
        return json.loads(text, object_pairs_hook=dict, parse_int=_parse_int)
    except RecursionError:
        raise ValueError("is nested too deeply to parse") from None


def _content_type(example: Example) -> str:
    for header in example.headers:
        if header.key.lower() == "content-type":
            return header.value.lower()
    return ""


def _declares_json(example: Example) -> bool:
    language = (example.preview_language or "").lower()
    return language == "json" or "json" in _content_type(example)


def _body_text(example: Example) -> str:
    return (example.body or "").lstrip("\ufeff").strip()


def parse_json_body(example: Example) -> object:
    """Return the parsed JSON body of ``example``.

    A body counts as JSON when the preview language is json, when the
    Content-Type header contains ``json``, or when it starts with ``{`` or
    ``[`` and parses. Raises ValueError with a phrase for a code comment
    ("has an empty body", "is XML, not JSON", ...) otherwise.
    """
    text = _body_text(example)
    if not text:
        raise ValueError("has an empty body")
    if _declares_json(example) or text[0] in "{[":
        try:
            return _load_json(text)
        except json.JSONDecodeError as error:
            if _declares_json(example) or not _looks_like_other_format(example, text):
                raise ValueError(
                    f"is not valid JSON (line {error.lineno}, column {error.colno})"
                ) from None
    raise ValueError(_describe_other_format(example, text))


def _looks_like_other_format(example: Example, text: str) -> bool:
    return _describe_other_format(example, text) != "is plain text, not JSON"


def _describe_other_format(example: Example, text: str) -> str:
    language = (example.preview_language or "").lower()
    content_type = _content_type(example)
    lowered = text[:200].lower()
    if (
        language == "html"
        or "html" in content_type
        or lowered.startswith(("<!doctype html", "<html"))
    ):
        return "is HTML, not JSON"
    if language == "xml" or "xml" in content_type or lowered.startswith("<?xml"):
        return "is XML, not JSON"
    if "csv" in content_type:
        return "is CSV, not JSON"
    if content_type and not content_type.startswith("text/"):
        media_type = content_type.split(";")[0].strip()
        return f"is {media_type} content, not JSON"
    return "is plain text, not JSON"


def _is_success(status: int | None, any_status: bool) -> bool:
    if status is None:
        return not any_status
    return 200 <= status < 300


def success_examples(examples: Sequence[Example]) -> list[Example]:
    """Return the 2xx examples, and the examples without a status when none of them has one."""
    any_status = any(example.status is not None for example in examples)
    return [example for example in examples if _is_success(example.status, any_status)]


def success_samples(examples: Sequence[Example]) -> list[Sample]:
    """Return the 2xx examples whose body is JSON, parsed, in their order.

    An example without a status counts as a success only when no example of
    the item has a status.
    """
    samples = []
    for example in success_examples(examples):
        try:
            samples.append(Sample(example, parse_json_body(example)))
        except ValueError:
            continue
    return samples


def error_sample(examples: Sequence[Example]) -> Sample | None:
    """Return the first 4xx or 5xx example whose body is JSON, parsed."""
    for example in examples:
        if example.status is None or not 400 <= example.status < 600:
            continue
        try:
            return Sample(example, parse_json_body(example))
        except ValueError:
            continue
    return None


def infer_response_shape(examples: Sequence[Example]) -> InferredShape | None:
    """Merge the shapes of all successful JSON examples.

    Returns None when the item has no saved example at all. When examples
    exist but none of them gives a shape, the result has ``shape`` None and
    a ``reason`` saying why, for a one-line comment in the snippet.
    """
    if not examples:
        return None
    samples = success_samples(examples)
    if samples:
        shape = merge_all(infer(sample.value) for sample in samples)
        return InferredShape(shape, tuple(sample.example.name for sample in samples))
    return InferredShape(None, reason=_reason_without_samples(examples))


def infer_error_shape(examples: Sequence[Example]) -> InferredShape | None:
    """Return the shape of the first 4xx or 5xx JSON example, or None without one."""
    sample = error_sample(examples)
    if sample is None:
        return None
    return InferredShape(infer(sample.value), (sample.example.name,))


def _reason_without_samples(examples: Sequence[Example]) -> str:
    successes = success_examples(examples)
    if not successes:
        return "Response parsing is left out because no saved example has a 2xx status."
    first = successes[0]
    problem = _body_problem(first)
    if len(successes) == 1:
        named = f'saved example "{first.name}"' if first.name else "saved example, which has no name,"
        return f"Response parsing is left out because the {named} {problem}."
    named = f'"{first.name}"' if first.name else "the first, which has no name,"
    return (
        f"Response parsing is left out because none of the {len(successes)} saved 2xx examples"
        f" has a JSON body ({named} {problem})."
    )


def _body_problem(example: Example) -> str:
    try:
        parse_json_body(example)
    except ValueError as error:
        return str(error)
    raise AssertionError(f"example {example.name!r} has a JSON body")
