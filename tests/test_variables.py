"""Variable scopes: precedence, empty values, recursion and unresolved names."""

from __future__ import annotations

import json

import pytest

from generator.api import make_scope
from generator.loader import load_collection, load_environment
from generator.model import Variable
from generator.variables import MAX_INSERTED_CHARS, VariableScope


def variables(**values: str) -> tuple[Variable, ...]:
    return tuple(Variable(key, value) for key, value in values.items())


def test_precedence_collection_environment_mapping():
    scope = VariableScope(
        variables(a="collection", b="collection", c="collection"),
        variables(b="environment", c="environment"),
        {"c": "mapping"},
    )

    assert scope.resolve("{{a}} {{b}} {{c}}") == "collection environment mapping"
    assert list(scope.unresolved) == []


def test_globals_lowest_through_make_scope(tmp_path):
    path = tmp_path / "c.json"
    document = {"info": {"name": "c"}, "item": [], "variable": [{"key": "g", "value": "collection"}]}
    path.write_text(json.dumps(document), encoding="utf-8")
    collection = load_collection(path)

    scope = make_scope(
        collection,
        globals_=variables(g="globals", only_global="globals"),
        environment=variables(e="environment"),
        variables={"v": "mapping"},
    )

    assert scope.resolve("{{g}} {{only_global}} {{e}} {{v}}") == "collection globals environment mapping"


def test_empty_value_is_sent_empty():
    # newman substitutes a variable with an empty value by the empty string.
    scope = VariableScope(variables(a="collection", b=""), variables(a="", c=""))

    assert scope.resolve("[{{a}}]") == "[]"
    assert scope.resolve("{{b}}|{{c}}") == "|"
    assert list(scope.unresolved) == []
    assert list(scope.empty) == ["a", "b", "c"]


def test_empty_value_from_mapping_is_set():
    scope = VariableScope(variables(a="collection"), {"a": "", "b": ""})

    assert scope.resolve("[{{a}}][{{b}}]") == "[][]"
    assert list(scope.unresolved) == []


def test_recursive_values_resolved():
    scope = VariableScope(variables(a="{{b}}", b="{{c}}/{{d}}", c="value"), {"d": "{{c}}!"})

    assert scope.resolve("<{{a}}>") == "<value/value!>"
    assert list(scope.unresolved) == []


def test_cycle_terminates():
    scope = VariableScope(variables(a="x{{b}}", b="{{a}}"))

    result = scope.resolve("{{a}}")

    assert result.startswith("x")
    assert "{{" in result
    assert len(scope.unresolved) == 1


@pytest.mark.timeout(20)
def test_self_multiplying_value_bounded():
    scope = VariableScope(variables(a="{{a}}{{a}}{{a}}"))

    result = scope.resolve("{{a}}")

    assert len(result) <= MAX_INSERTED_CHARS + len("{{a}}")
    assert list(scope.unresolved) == ["a"]


def test_unresolved_recorded_once_in_order():
    scope = VariableScope(variables(known="k"))

    scope.resolve("{{x}} {{known}} {{y}} {{x}}")
    scope.resolve("{{z}} {{y}} {{$guid}}")

    assert list(scope.unresolved) == ["x", "y", "z", "$guid"]


def test_text_without_variables_unchanged():
    scope = VariableScope(variables(a="1"))

    assert scope.resolve("no braces {here}") == "no braces {here}"
    assert scope.resolve("{{a\nb}} {{}}") == "{{a\nb}} {{}}"
    assert list(scope.unresolved) == []


def test_disabled_environment_values_ignored(tmp_path):
    environment = {
        "name": "env",
        "values": [
            {"key": "a", "value": "env-a", "enabled": False},
            {"key": "b", "value": "env-b", "enabled": True},
            {"key": "c", "value": "env-c", "disabled": True},
            {"key": "token", "value": "t", "type": "secret"},
        ],
        "_postman_variable_scope": "environment",
    }
    path = tmp_path / "env.json"
    path.write_text(json.dumps(environment), encoding="utf-8")

    loaded = load_environment(path)
    scope = VariableScope(variables(a="collection-a", c="collection-c"), loaded)

    # newman 6.2.2 ignores "enabled": false in an environment file and uses the value.
    assert [variable.key for variable in loaded] == ["a", "b", "token"]
    assert scope.resolve("{{a}} {{b}} {{c}}") == "env-a env-b collection-c"
    assert scope.is_secret("token")
    assert not scope.is_secret("b")


def test_mapping_clears_secret_flag():
    scope = VariableScope((Variable("token", "s", secret=True),), {"token": "plain"})

    assert not scope.is_secret("token")
    assert scope.resolve("{{token}}") == "plain"
