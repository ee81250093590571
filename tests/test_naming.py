"""Variable names for JSON keys in Python and PowerShell snippets."""

from __future__ import annotations

import builtins
import keyword

import pytest

from generator.naming import (
    MAX_NAME_LENGTH,
    PYTHON_BUILTINS,
    PYTHON_RESERVED,
    NameScope,
    key_words,
    powershell_name,
    python_name,
    singular,
)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("createdById", "created_by_id"),
        ("created_by_id", "created_by_id"),
        ("HTTPStatus", "http_status"),
        ("userID", "user_id"),
        ("v2Api", "v2_api"),
        ("first-name", "first_name"),
        ("@odata.context", "odata_context"),
        ("id", "id_"),
        ("type", "type_"),
        ("object", "object_"),
        ("class", "class_"),
        ("from", "from_"),
        ("self", "self_"),
        ("cls", "cls_"),
        ("None", "none"),
        ("match", "match"),
        ("2fa", "field_2fa"),
        ("123", "field_123"),
        ("名前", "field"),
        ("$ref", "ref"),
        ("$", "dollar_sign"),
        ("#", "number_sign"),
        ("", "field"),
        ("   ", "field"),
        ("...", "field"),
        ("café", "cafe"),
        ("Größe", "grosse"),
        ("Ærøskøbing", "aeroskobing"),
        ("__proto__", "proto"),
    ],
)
def test_python_name(key, expected):
    assert python_name(key) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("createdById", "createdById"),
        ("created_by_id", "createdById"),
        ("first-name", "firstName"),
        ("HTTPStatus", "httpStatus"),
        ("id", "id"),
        ("class", "class"),
        ("2fa", "field2fa"),
        ("名前", "field"),
        ("$ref", "ref"),
        ("input", "input_"),
        ("Input", "input_"),
        ("ARGS", "args_"),
        ("error", "error_"),
        ("host", "host_"),
        ("true", "true_"),
        ("false", "false_"),
        ("null", "null_"),
        ("this", "this_"),
        ("matches", "matches_"),
        ("pid", "pid_"),
        ("home", "home_"),
        ("pwd", "pwd_"),
        ("profile", "profile_"),
        ("event", "event_"),
        ("sender", "sender_"),
        ("foreach", "foreach_"),
        ("switch", "switch_"),
        ("lastExitCode", "lastExitCode_"),
        ("myInvocation", "myInvocation_"),
        ("PSItem", "psItem_"),
        ("ofs", "ofs_"),
        ("ErrorActionPreference", "errorActionPreference_"),
        ("_", "lowLine"),
    ],
)
def test_powershell_name(key, expected):
    assert powershell_name(key) == expected


def test_names_are_ascii_identifiers():
    for key in ["名前", "😀", "a\nb", "'; rm -rf /", "x" * 500, "\x00", "ℌello"]:
        name = python_name(key)
        assert name.isascii()
        assert name.isidentifier()
        assert not keyword.iskeyword(name)
        assert len(name) <= MAX_NAME_LENGTH + 1


def test_long_key_is_shortened_at_a_word():
    name = python_name("some_very_long_field_name_" * 10)
    assert len(name) <= MAX_NAME_LENGTH
    assert name.startswith("some_very_long_field_name_some")
    assert not name.endswith("_")


def test_symbol_names_come_from_unicode():
    assert key_words("@") == ["commercial", "at"]
    assert key_words("😀") == ["grinning", "face"]


def test_builtins_list_covers_this_python():
    current = {
        name for name in dir(builtins) if name.islower() and not name.startswith("_")
    }
    assert current <= PYTHON_BUILTINS


@pytest.mark.parametrize(
    ("plural", "expected"),
    [
        ("items", "item"),
        ("entries", "entry"),
        ("children", "child"),
        ("records", "record"),
        ("addresses", "address"),
        ("boxes", "box"),
        ("matches", "match"),
        ("statuses", "status"),
        ("people", "person"),
        ("cookies", "cookie"),
        ("Values", "value"),
        ("status", None),
        ("data", None),
        ("info", None),
        ("analysis", None),
        ("series", None),
        ("metrics", None),
        ("ids", "id"),
    ],
)
def test_singular(plural, expected):
    assert singular(plural) == expected


# --- scopes ----------------------------------------------------------------------------


def test_collision_after_snake_case_gets_number():
    scope = NameScope("python")
    first = scope.claim("createdById")
    second = scope.claim("created_by_id", siblings=[first])
    third = scope.claim("CreatedByID", siblings=[first, second])
    assert (first, second, third) == (
        "created_by_id",
        "created_by_id_2",
        "created_by_id_3",
    )


def test_sibling_collision_numbers_even_in_nested_object():
    scope = NameScope("python")
    first = scope.claim("createdById", parent="owner")
    second = scope.claim("created_by_id", parent="owner", siblings=[first])
    assert second == "created_by_id_2"


def test_nested_collision_shows_parent():
    scope = NameScope("python")
    assert scope.claim("id") == "id_"
    assert scope.claim("id", parent="owner") == "owner_id"
    assert scope.claim("id", parent="owner") == "owner_id_2"


def test_parent_prefix_drops_item_suffix():
    scope = NameScope("python")
    scope.claim("id")
    assert scope.claim("id", parent="permission_item") == "permission_id"


def test_parent_prefix_avoids_keyword_suffix():
    scope = NameScope("python")
    scope.claim("name")
    assert scope.claim("name", parent="class_") == "class_name"


@pytest.mark.parametrize("name", sorted(PYTHON_RESERVED))
def test_python_reserved_names(name):
    scope = NameScope("python")
    assert scope.claim(name) == f"{name}_2"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("headers", "headers_2"),
        ("body", "body_2"),
        ("request", "request_2"),
        ("response", "response_2"),
        ("statusCode", "statusCode_2"),
        ("StatusCode", "statusCode_2"),
        ("form", "form_2"),
        ("uri", "uri_2"),
        ("part", "part_2"),
        ("responseHeaders", "responseHeaders_2"),
    ],
)
def test_powershell_reserved_names(key, expected):
    assert NameScope("powershell").claim(key) == expected


def test_extra_reserved_names():
    scope = NameScope("python", reserved=["error_data"])
    assert scope.claim("errorData") == "error_data_2"


def test_powershell_collisions_ignore_case():
    scope = NameScope("powershell")
    assert scope.claim("Id") == "id"
    assert scope.claim("ID", siblings=["id"]) == "id_2"
    assert scope.claim("input") == "input_"
    assert scope.claim("INPUT_") == "input_2"


def test_powershell_parent_prefix_is_camel_case():
    scope = NameScope("powershell")
    scope.claim("id")
    assert scope.claim("id", parent="owner") == "ownerId"


def test_python_names_are_case_sensitive():
    scope = NameScope("python")
    assert scope.claim("ab") == "ab"
    assert scope.reserve("Ab") == "Ab"
    assert scope.is_free("aB")


def test_loop_variable_is_singular():
    scope = NameScope("python")
    assert scope.claim_loop_variable("lineItems") == "line_item"
    assert scope.claim_loop_variable("entries") == "entry"
    assert scope.claim_loop_variable("children") == "child"
    assert scope.claim_loop_variable("types") == "type_"


def test_loop_variable_defaults_to_item():
    scope = NameScope("python")
    assert scope.claim_loop_variable("data") == "item"
    assert scope.claim_loop_variable("permission") == "permission_item"
    assert scope.claim_loop_variable(None) == "item_2"
    assert scope.claim_loop_variable("records") == "record"
    assert scope.claim_loop_variable("records") == "record_2"


def test_powershell_loop_variable():
    scope = NameScope("powershell")
    assert scope.claim_loop_variable("lineItems") == "lineItem"
    assert scope.claim_loop_variable("data") == "item"
    assert scope.claim_loop_variable("permission") == "permissionItem"


def test_unknown_language_is_rejected():
    with pytest.raises(ValueError, match="unknown language 'ruby'"):
        NameScope("ruby")  # type: ignore[arg-type]
