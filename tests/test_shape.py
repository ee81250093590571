"""Shape inference from saved examples: merging rules and example selection."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import Example, Header
from generator.shape import (
    MAX_SHAPE_DEPTH,
    Field,
    Shape,
    error_sample,
    infer,
    infer_error_shape,
    infer_response_shape,
    merge,
    merge_all,
    parse_json_body,
    success_samples,
)

STR = Shape(scalars=("str",))
INT = Shape(scalars=("int",))
FLOAT = Shape(scalars=("float",))
BOOL = Shape(scalars=("bool",))
NULL = Shape(nullable=True)


def example(
    body: str | None, status: int | None = 200, language: str | None = "json", **kwargs
) -> Example:
    headers = tuple(
        Header(key, value) for key, value in kwargs.get("headers", {}).items()
    )
    return Example(kwargs.get("name", "example"), status, headers, body, language)


def shape_of(*documents: object) -> Shape:
    return merge_all(infer(document) for document in documents)


# --- merging rules ---------------------------------------------------------------------


def test_infer_scalars():
    assert infer("a") == STR
    assert infer(1) == INT
    assert infer(1.5) == FLOAT
    assert infer(None) == NULL


def test_bool_is_not_int():
    assert infer(True) == BOOL
    assert shape_of(True, 1) == Shape(scalars=("bool", "int"))


def test_int_with_float_is_float():
    assert shape_of(1, 2.5) == FLOAT
    assert shape_of(2.5, 1) == FLOAT
    assert shape_of([1, 2, 3.0]).items == FLOAT


def test_null_with_type_is_nullable():
    assert shape_of("a", None) == Shape(scalars=("str",), nullable=True)
    assert shape_of(None, {"a": 1}) == Shape(nullable=True, fields=(Field("a", INT),))


def test_null_only_is_null():
    merged = shape_of(None, None)
    assert merged.is_null
    assert not merged.is_unknown


def test_missing_key_is_optional():
    merged = shape_of({"a": 1, "b": "x"}, {"a": 2})
    assert merged.fields == (Field("a", INT), Field("b", STR, optional=True))


def test_key_only_in_later_sample_is_optional():
    merged = shape_of({"a": 1}, {"b": "x", "a": 2})
    assert merged.fields == (Field("a", INT), Field("b", STR, optional=True))


def test_optional_stays_optional_after_more_samples():
    merged = shape_of({"a": 1}, {}, {"a": 3})
    assert merged.fields == (Field("a", INT, optional=True),)


def test_key_order_of_first_appearance():
    merged = shape_of({"b": 1, "a": 1}, {"c": 1, "a": 1, "d": 1}, {"e": 1})
    assert [field.key for field in merged.fields] == ["b", "a", "c", "d", "e"]


def test_nested_objects_merge_recursively():
    merged = shape_of({"owner": {"id": 1}}, {"owner": {"name": "x"}}, {"owner": None})
    owner = merged.fields[0].shape
    assert owner.nullable
    assert owner.fields == (
        Field("id", INT, optional=True),
        Field("name", STR, optional=True),
    )


def test_array_elements_are_merged():
    merged = infer([{"id": 1, "tag": "a"}, {"id": 2.5}])
    assert merged.items.fields == (Field("id", FLOAT), Field("tag", STR, optional=True))


def test_empty_array_has_unknown_items():
    merged = infer([])
    assert merged.is_array
    assert merged.items.is_unknown


def test_empty_array_adds_nothing_to_items():
    assert shape_of([], [1]).items == INT
    assert shape_of([1], []).items == INT


def test_arrays_of_arrays():
    merged = infer([[1, 2], [3.5], []])
    assert merged.items == Shape(items=FLOAT)


def test_mixed_array_covers_every_kind():
    merged = infer([1, "a", None, {"k": True}, [False]])
    items = merged.items
    assert items.scalars == ("int", "str")
    assert items.nullable
    assert items.fields == (Field("k", BOOL),)
    assert items.items == BOOL


def test_value_that_is_object_and_scalar():
    merged = shape_of({"v": "text"}, {"v": {"a": 1}})
    value = merged.fields[0].shape
    assert value.scalars == ("str",)
    assert value.fields == (Field("a", INT),)
    assert value.kind_count == 2


def test_no_maps_guessed_from_numeric_keys():
    merged = infer({"1": {"a": 1}, "2": {"a": 2}})
    assert [field.key for field in merged.fields] == ["1", "2"]


def test_no_enums_guessed_from_repeated_strings():
    assert infer(["open", "open", "closed"]).items == STR


def test_deep_values_keep_their_kind_only():
    document: object = 1
    for _ in range(MAX_SHAPE_DEPTH + 10):
        document = {"a": document}
    shape = infer(document)
    depth = 0
    while shape.fields:
        shape = shape.fields[0].shape
        depth += 1
    assert depth == MAX_SHAPE_DEPTH
    assert shape.is_object


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=3),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from("abcd"), children, max_size=3),
    max_leaves=12,
)


@settings(max_examples=100, derandomize=True)
@given(json_values, json_values, json_values)
def test_merge_is_associative(first, second, third):
    a, b, c = infer(first), infer(second), infer(third)
    assert merge(a, merge(b, c)) == merge(merge(a, b), c)


@settings(max_examples=100, derandomize=True)
@given(json_values, json_values)
def test_merge_is_idempotent(first, second):
    merged = merge(infer(first), infer(second))
    assert merge(merged, merged) == merged


# --- parsing bodies --------------------------------------------------------------------


def test_duplicate_keys_last_value_wins():
    assert parse_json_body(example('{"a": 1, "b": 2, "a": {"c": 3}}')) == {
        "a": {"c": 3},
        "b": 2,
    }


def test_big_int_stays_int():
    value = parse_json_body(example('{"n": 123456789012345678901234567890}'))
    assert value["n"] == 123456789012345678901234567890
    assert infer(value).fields[0].shape == INT


def test_overlong_int_is_still_an_int():
    value = parse_json_body(example('{"n": ' + "9" * 5000 + "}"))
    assert infer(value).fields[0].shape == INT


def test_too_deep_body_is_rejected():
    with pytest.raises(ValueError, match="nested too deeply"):
        parse_json_body(example("[" * 100_000 + "]" * 100_000))


def test_json_by_content_type():
    found = parse_json_body(
        example(
            '"hello"',
            language="text",
            headers={"content-type": "application/problem+json"},
        )
    )
    assert found == "hello"


def test_json_by_leading_brace():
    assert parse_json_body(example('{"a": 1}', language=None)) == {"a": 1}
    assert parse_json_body(example(" [1]", language="plain")) == [1]


def test_scalar_text_is_not_json_without_declaration():
    with pytest.raises(ValueError, match="plain text"):
        parse_json_body(example("42", language="text"))


def test_byte_order_mark_is_ignored():
    assert parse_json_body(example('\ufeff{"a": 1}')) == {"a": 1}


@pytest.mark.parametrize(
    ("body", "language", "headers", "reason"),
    [
        ("", "json", {}, "has an empty body"),
        (None, "json", {}, "has an empty body"),
        ("  \n", "json", {}, "has an empty body"),
        (
            '{\n  "records": [\n    {"id": 1},...\n  ]\n}',
            "json",
            {},
            "is not valid JSON (line 3, column 15)",
        ),
        (
            '{"createdDate": <timestamp>}',
            "json",
            {},
            "is not valid JSON (line 1, column 17)",
        ),
        ('<?xml version="1.0"?><a/>', "xml", {}, "is XML, not JSON"),
        ("<batchInfo/>", None, {"Content-Type": "application/xml"}, "is XML, not JSON"),
        ("<!DOCTYPE html><html></html>", "html", {}, "is HTML, not JSON"),
        (
            '"Id","Name"\n"1","x"\n',
            "plain",
            {"Content-Type": "text/csv"},
            "is CSV, not JSON",
        ),
        ("Rate limit exceeded", "plain", {}, "is plain text, not JSON"),
        (
            '{"a": 1}\n{"a": 2}\n',
            "raw",
            {"Content-Type": "application/octet-stream"},
            "is application/octet-stream content, not JSON",
        ),
    ],
)
def test_unparsable_body_reason(body, language, headers, reason):
    with pytest.raises(ValueError) as caught:
        parse_json_body(example(body, language=language, headers=headers))
    assert str(caught.value) == reason


# --- choosing examples -----------------------------------------------------------------


def test_only_2xx_examples_are_samples():
    examples = [
        example('{"a": 1}', 200, name="ok"),
        example('{"error": "x"}', 404, name="missing"),
        example('{"b": 1}', 201, name="created"),
        example('{"c": 1}', 302, name="moved"),
    ]
    assert [sample.example.name for sample in success_samples(examples)] == [
        "ok",
        "created",
    ]


def test_status_none_counts_only_when_no_status_anywhere():
    assert len(success_samples([example("{}", None), example("{}", None)])) == 2
    assert len(success_samples([example("{}", None), example("{}", 200)])) == 1


def test_non_json_success_examples_are_skipped():
    examples = [example("", 204, name="empty"), example('{"a": 1}', 200, name="json")]
    inferred = infer_response_shape(examples)
    assert inferred.examples == ("json",)
    assert inferred.shape == Shape(fields=(Field("a", INT),))


def test_all_success_examples_are_merged():
    examples = [example('{"a": 1, "b": null}'), example('{"a": 2.5, "b": "x"}')]
    inferred = infer_response_shape(examples)
    assert inferred.shape.fields == (
        Field("a", FLOAT),
        Field("b", Shape(scalars=("str",), nullable=True)),
    )


def test_no_examples_gives_none():
    assert infer_response_shape([]) is None


def test_reason_without_2xx_example():
    inferred = infer_response_shape([example('{"error": 1}', 500)])
    assert inferred.shape is None
    assert (
        inferred.reason
        == "Response parsing is left out because no saved example has a 2xx status."
    )


def test_reason_names_the_example():
    inferred = infer_response_shape(
        [example("", 204, language="plain", name="Delete order")]
    )
    assert inferred.reason == (
        'Response parsing is left out because the saved example "Delete order" has an empty body.'
    )


def test_reason_with_several_examples():
    examples = [
        example("<a/>", 200, language="xml", name="First"),
        example("", 204, language="plain", name="Second"),
    ]
    assert infer_response_shape(examples).reason == (
        "Response parsing is left out because none of the 2 saved 2xx examples has a JSON body"
        ' ("First" is XML, not JSON).'
    )


def test_error_sample_is_first_json_error():
    examples = [
        example('{"ok": true}', 200),
        example("Unauthorized", 401, language="plain", name="text"),
        example('{"message": "no"}', 403, name="first json error"),
        example('{"message": "later"}', 500, name="later"),
    ]
    sample = error_sample(examples)
    assert sample.example.name == "first json error"
    assert sample.value == {"message": "no"}


def test_error_sample_ignores_other_statuses():
    assert (
        error_sample(
            [example('{"a": 1}', 200), example('{"a": 1}', None), example("{}", 302)]
        )
        is None
    )


def test_error_shape_of_first_error_only():
    examples = [example('{"message": "x"}', 400), example('{"code": 1}', 500)]
    inferred = infer_error_shape(examples)
    assert inferred.shape == Shape(fields=(Field("message", STR),))
    assert infer_error_shape([example("{}", 200)]) is None


def test_real_salesforce_body_shape():
    body = json.dumps(
        {
            "done": True,
            "nextRecordsUrl": None,
            "records": [{"id": "750", "apiVersion": 58}],
        }
    )
    inferred = infer_response_shape([example(body, 200)])
    assert inferred.shape.fields == (
        Field("done", BOOL),
        Field("nextRecordsUrl", NULL),
        Field(
            "records",
            Shape(items=Shape(fields=(Field("id", STR), Field("apiVersion", INT)))),
        ),
    )


def test_reason_for_unnamed_example():
    single = infer_response_shape([example("{not json", 200, language="json", name="")])
    several = infer_response_shape(
        [
            example("{not json", 200, language="json", name=""),
            example("", 200, language="plain", name="Second"),
        ]
    )

    assert single.reason == (
        "Response parsing is left out because the saved example, which has no name,"
        " is not valid JSON (line 1, column 2)."
    )
    assert several.reason == (
        "Response parsing is left out because none of the 2 saved 2xx examples has a JSON body"
        " (the first, which has no name, is not valid JSON (line 1, column 2))."
    )
