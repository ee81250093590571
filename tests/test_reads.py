"""Read plans and the ``_parse`` templates: rendered code, run against its examples."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import tree_sitter_powershell
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from tree_sitter import Language, Parser

from generator.model import Example, Header
from generator.quoting import comment_text, ps_str, py_str, sh_str
from generator.reads import (
    ERROR_MAX_READS,
    MAX_READS,
    Loop,
    Read,
    build_plan,
    error_plan,
    parse_plan,
    powershell_type,
    python_type,
)
from generator.shape import error_sample, infer, success_samples

ROOT = Path(__file__).parents[1]
COLLECTIONS = ROOT.parent / "shared" / "collections"
MACRO_FILES = {
    "python": "python/_parse.py.j2",
    "powershell": "powershell/_parse.ps1.j2",
}


def make_environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(ROOT / "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(py=py_str, ps=ps_str, sh=sh_str, comment=comment_text)
    return environment


ENVIRONMENT = make_environment()
POWERSHELL = Parser(Language(tree_sitter_powershell.language()))


def render(plan, language: str, macro: str = "parse_response") -> str:
    source = (
        "{% from '"
        + MACRO_FILES[language]
        + "' import "
        + macro
        + " %}{{ "
        + macro
        + "(plan) }}"
    )
    return ENVIRONMENT.from_string(source).render(plan=plan)


def json_example(
    document: object, status: int | None = 200, name: str = "example"
) -> Example:
    return Example(name, status, (), json.dumps(document, ensure_ascii=False), "json")


# --- running the Python parser -------------------------------------------------------------


class TrackedDict(dict):
    """A dict that records the path of every key read through ``[]`` or ``get``."""

    def __init__(self, items: dict, path: tuple, accessed: set) -> None:
        super().__init__(items)
        self.path = path
        self.accessed = accessed

    def __getitem__(self, key):
        self.accessed.add(self.path + (key,))
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.accessed.add(self.path + (key,))
        return super().get(key, default)


def track(value: object, path: tuple, accessed: set) -> object:
    if isinstance(value, dict):
        items = {
            key: track(item, path + (key,), accessed) for key, item in value.items()
        }
        return TrackedDict(items, path, accessed)
    if isinstance(value, list):
        return [track(item, path + ("[]",), accessed) for item in value]
    return value


def key_paths(value: object, path: tuple = ()) -> set:
    """Return the path of every key in a document, with ``[]`` for array elements."""
    paths = set()
    if isinstance(value, dict):
        for key, item in value.items():
            paths.add(path + (key,))
            paths |= key_paths(item, path + (key,))
    elif isinstance(value, list):
        for item in value:
            paths |= key_paths(item, path + ("[]",))
    return paths


class FakeResponse:
    def __init__(self, document: object) -> None:
        self.document = document

    def json(self) -> object:
        return self.document


def run_python(code: str, document: object) -> tuple[set, list, dict]:
    """Run parsing code on ``document``; return the keys read, printed values and variables."""
    accessed: set = set()
    printed: list = []
    namespace = {
        "response": FakeResponse(track(document, (), accessed)),
        "print": lambda *values: printed.append(
            values[0] if len(values) == 1 else values
        ),
    }
    exec(compile(code, "<parse>", "exec"), namespace)
    return accessed, printed, namespace


def assert_powershell_parses(code: str) -> None:
    """Parse ``code`` after the request line that precedes it in a snippet.

    tree-sitter-powershell 0.26.4 reports an error for a script that contains
    only comments, which is what a plan with a note renders to.
    """
    snippet = "$response = Invoke-RestMethod @request\n" + code
    tree = POWERSHELL.parse(snippet.encode("utf-8"))
    assert not tree.root_node.has_error, snippet


# --- hand-written shapes -------------------------------------------------------------------

FIRST = {
    "id": 7,
    "class": "gold",
    "2fa": True,
    "first-name": "Ada",
    "名前": "エイダ",
    "$ref": "#/a",
    "createdById": "u1",
    "created_by_id": 1,
    "score": 1,
    "owner": {"id": 1, "email": None},
    "tags": [],
    "grid": [[1, 2], [3]],
    "notes": None,
}
SECOND = {
    "id": 8,
    "class": "blue",
    "2fa": False,
    "first-name": "Bob",
    "名前": "ボブ",
    "$ref": "#/b",
    "createdById": "u2",
    "created_by_id": 2,
    "score": 2.5,
    "owner": None,
    "tags": [],
    "grid": [],
    "notes": None,
    "entries": [{"key": "a", "value": 1}, {"key": "b"}],
}
HAND_WRITTEN = [json_example(FIRST, name="first"), json_example(SECOND, name="second")]

EXPECTED_PYTHON = """\
data = response.json()
id_ = data["id"]  # int
class_ = data["class"]  # str
field_2fa = data["2fa"]  # bool
first_name = data["first-name"]  # str
field = data["名前"]  # str
ref = data["$ref"]  # str
created_by_id = data["createdById"]  # str
created_by_id_2 = data["created_by_id"]  # int
score = data["score"]  # float
owner = data["owner"]  # dict | None
if owner is not None:
    owner_id = owner["id"]  # int
    email = owner["email"]  # always null in the examples
tags = data["tags"]  # list, always empty in the examples
grid = data["grid"]  # list[list[int]]
for item in grid:
    for item_2 in item:
        print(item_2)  # int
notes = data["notes"]  # always null in the examples
entries = data.get("entries")  # list[dict] | None
if entries is not None:
    for entry in entries:
        key = entry["key"]  # str
        value = entry.get("value")  # int | None
"""

EXPECTED_POWERSHELL = """\
$id = $response.id  # [long]
$class = $response.'class'  # [string]
$field2fa = $response.'2fa'  # [bool]
$firstName = $response.'first-name'  # [string]
$field = $response.'名前'  # [string]
$ref = $response.'$ref'  # [string]
$createdById = $response.createdById  # [string]
$createdById_2 = $response.created_by_id  # [long]
$score = $response.score  # [double]
$owner = $response.owner  # [pscustomobject] or $null
$ownerId = $owner.id  # [long]
$email = $owner.email  # always $null in the examples
$tags = $response.tags  # [object[]], always empty in the examples
$grid = $response.grid  # [object[]]
foreach ($item in $grid) {
    foreach ($item_2 in $item) {
        Write-Output $item_2  # [long]
    }
}
$notes = $response.notes  # always $null in the examples
$entries = $response.entries  # [object[]] or $null
foreach ($entry in $entries) {
    $key = $entry.key  # [string]
    $value = $entry.value  # [long] or $null
}
"""


def test_python_output_for_hand_written_examples():
    assert render(parse_plan(HAND_WRITTEN, "python"), "python") == EXPECTED_PYTHON


def test_powershell_output_for_hand_written_examples():
    code = render(parse_plan(HAND_WRITTEN, "powershell"), "powershell")
    assert code == EXPECTED_POWERSHELL
    assert_powershell_parses(code)


@pytest.mark.parametrize("document", [FIRST, SECOND], ids=["first", "second"])
def test_python_parser_reads_every_key(document):
    code = render(parse_plan(HAND_WRITTEN, "python"), "python")
    accessed, printed, namespace = run_python(code, document)
    assert key_paths(document) <= accessed
    assert namespace["id_"] == document["id"]
    assert namespace["created_by_id_2"] == document["created_by_id"]
    assert printed == [number for row in document["grid"] for number in row]


def test_plan_lists_bound_names():
    plan = parse_plan(HAND_WRITTEN, "python")
    assert plan.names[:3] == ("id_", "class_", "field_2fa")
    assert len(plan.names) == len(set(plan.names))
    assert plan.examples == ("first", "second")


def test_read_nodes_carry_quoted_keys():
    plan = parse_plan([json_example({"first-name": "x", 'say "hi"\n': 1})], "python")
    keys = [node.key for node in plan.nodes if isinstance(node, Read)]
    assert keys == [py_str("first-name"), py_str('say "hi"\n')]
    plan = parse_plan(
        [json_example({"first-name": "x", "plain": 1, "it's": 2})], "powershell"
    )
    keys = [node.key for node in plan.nodes if isinstance(node, Read)]
    assert keys == ["'first-name'", "plain", "'it''s'"]


# --- roots and unions ----------------------------------------------------------------------


def test_root_array_of_objects():
    documents = [
        [{"label": "Spring '11", "url": "/v21.0"}, {"label": "Summer", "url": "/v22.0"}]
    ]
    plan = parse_plan([json_example(documents[0])], "python")
    code = render(plan, "python")
    assert code.startswith("data = response.json()  # list[dict]\nfor item in data:\n")
    accessed, _, _ = run_python(code, documents[0])
    assert key_paths(documents[0]) <= accessed
    assert render(
        parse_plan([json_example(documents[0])], "powershell"), "powershell"
    ) == (
        "foreach ($item in $response) {\n"
        "    $label = $item.label  # [string]\n"
        "    $url = $item.url  # [string]\n"
        "}\n"
    )


def test_root_scalar():
    plan = parse_plan([json_example(42)], "python")
    assert render(plan, "python") == "data = response.json()  # int\n"
    plan = parse_plan([json_example("text")], "powershell")
    assert render(plan, "powershell") == "# $response is [string]\n"


def test_root_empty_array():
    assert render(parse_plan([json_example([])], "python"), "python") == (
        "data = response.json()  # list, empty in the example\n"
    )


def test_root_object_or_array_is_tested():
    examples = [json_example({"a": 1}), json_example([1, 2])]
    code = render(parse_plan(examples, "python"), "python")
    assert code == (
        "data = response.json()  # dict | list[int]\n"
        "if isinstance(data, dict):\n"
        '    a = data["a"]  # int\n'
        "elif isinstance(data, list):\n"
        "    for item in data:\n"
        "        print(item)  # int\n"
    )
    assert run_python(code, {"a": 1})[0] == {("a",)}
    assert run_python(code, [1, 2])[1] == [1, 2]
    assert_powershell_parses(render(parse_plan(examples, "powershell"), "powershell"))


def test_mixed_array_prints_scalars_and_reads_objects():
    document = {"values": [1, "a", None, {"k": True}, [2.5]]}
    code = render(parse_plan([json_example(document)], "python"), "python")
    assert code == (
        "data = response.json()\n"
        'values = data["values"]  # list[int | str | dict | list[float] | None]\n'
        "for value in values:\n"
        "    if isinstance(value, dict):\n"
        '        k = value["k"]  # bool\n'
        "    elif isinstance(value, list):\n"
        "        for item in value:\n"
        "            print(item)  # float\n"
        "    else:\n"
        "        print(value)  # int | str | None\n"
    )
    accessed, printed, _ = run_python(code, document)
    assert accessed == {("values",), ("values", "[]", "k")}
    assert printed == [1, "a", None, 2.5]
    powershell = render(
        parse_plan([json_example(document)], "powershell"), "powershell"
    )
    assert "} elseif ($value -is [array]) {" in powershell
    assert_powershell_parses(powershell)


def test_field_that_is_object_or_string():
    examples = [json_example({"v": "text"}), json_example({"v": {"a": 1}})]
    code = render(parse_plan(examples, "python"), "python")
    assert (
        'v = data["v"]  # str | dict\nif isinstance(v, dict):\n    a = v["a"]  # int\n'
        in code
    )
    for example in examples:
        document = json.loads(example.body)
        assert key_paths(document) <= run_python(code, document)[0]


def test_nullable_array_is_guarded():
    examples = [json_example({"tags": ["a"]}), json_example({"tags": None})]
    code = render(parse_plan(examples, "python"), "python")
    assert (
        "if tags is not None:\n    for tag in tags:\n        print(tag)  # str\n"
        in code
    )
    run_python(code, {"tags": None})


def test_array_of_nullable_objects():
    document = {"rows": [{"a": 1}, None]}
    code = render(parse_plan([json_example(document)], "python"), "python")
    assert "for row in rows:\n    if row is not None:\n" in code
    assert key_paths(document) <= run_python(code, document)[0]


def test_type_comments():
    shape = infer({"a": [1, 2.5, None], "b": {"c": "x"}, "e": []})
    assert python_type(shape) == "dict"
    assert python_type(shape.fields[0].shape) == "list[float | None]"
    assert python_type(shape.fields[2].shape) == "list"
    assert powershell_type(shape.fields[0].shape) == "[object[]]"
    assert powershell_type(infer(True)) == "[bool]"
    assert powershell_type(infer(None)) == "$null"


# --- untrusted keys and names --------------------------------------------------------------

HOSTILE_KEYS = [
    'quote "',
    "single '",
    "back\\slash",
    "new\nline",
    "carriage\rreturn",
    "nul\x00byte",
    "line\u2028separator",
    "#> end of block comment",
    "$(Remove-Item x)",
    "`backtick",
    "‘curly’",
    "\U0001f600",
    "",
    " ",
    "__class__",
    "x" * 300,
]


def test_hostile_keys_run_in_python():
    document = {key: {"inner " + key: index} for index, key in enumerate(HOSTILE_KEYS)}
    code = render(parse_plan([json_example(document)], "python"), "python")
    accessed, _, _ = run_python(code, document)
    assert key_paths(document) <= accessed
    for key in HOSTILE_KEYS:
        assert f"[{py_str(key)}]" in code


def test_hostile_keys_parse_in_powershell():
    document = {key: {"inner " + key: index} for index, key in enumerate(HOSTILE_KEYS)}
    code = render(parse_plan([json_example(document)], "powershell"), "powershell")
    assert_powershell_parses(code)
    assert "$response.'single '''" in code
    assert "$response.('' + 'nul' + [char]0x0000 + 'byte')" in code


def test_hostile_example_name_stays_in_one_comment():
    example = Example('evil\nimport os  #> "', 200, (), "<a/>", "xml")
    python = render(parse_plan([example], "python"), "python")
    assert python.count("\n") == 1
    assert python.startswith("# Response parsing is left out because")
    powershell = render(parse_plan([example], "powershell"), "powershell")
    assert powershell.count("\n") == 1
    assert "#>" not in powershell.replace("# Response", "")


def test_reserved_names_are_not_overwritten():
    document = {
        "response": 1,
        "data": 2,
        "url": 3,
        "json": 4,
        "print": 5,
        "isinstance": 6,
    }
    code = render(parse_plan([json_example(document)], "python"), "python")
    _, _, namespace = run_python(code, document)
    assert namespace["response_2"] == 1
    assert namespace["data_2"] == 2
    assert namespace["print_"] == 5
    assert namespace["isinstance_"] == 6
    assert isinstance(namespace["data"], dict)


# --- limits --------------------------------------------------------------------------------


def test_large_example_is_cut_at_read_limit():
    document = {f"field{index}": index for index in range(MAX_READS + 50)}
    plan = parse_plan([json_example(document)], "python")
    assert len(plan.nodes) == MAX_READS
    assert plan.omitted == 50
    code = render(plan, "python")
    assert code.endswith(
        'field199 = data["field199"]  # int\n# 50 more fields are left out to keep the snippet short.\n'
    )
    run_python(code, document)
    powershell = render(
        parse_plan([json_example(document)], "powershell"), "powershell"
    )
    assert powershell.endswith(
        "# 50 more fields are left out to keep the snippet short.\n"
    )


def test_limit_inside_loop_counts_nested_reads():
    document = {"a": 1, "rows": [{"b": 1, "c": {"d": 1, "e": [1]}}], "f": 2}
    plan = parse_plan([json_example(document)], "python", max_reads=4)
    # a, rows, b and c fit, but d, e, the elements of e and f do not.
    assert plan.omitted == 4
    assert plan.omitted_note == "4 more fields are left out to keep the snippet short."
    run_python(render(plan, "python"), document)


def test_one_omitted_field_is_singular():
    plan = parse_plan([json_example({"a": 1, "b": 2})], "python", max_reads=1)
    assert plan.omitted_note == "1 more field is left out to keep the snippet short."


def test_deep_nesting_is_cut_and_still_runs():
    document: object = {"leaf": 1}
    # 240 levels: past MAX_SHAPE_DEPTH and past Python's 100 indentation levels.
    for _ in range(120):
        document = {"level": [document]}
    plan = parse_plan([json_example(document)], "python")
    assert plan.omitted > 0
    code = render(plan, "python")
    run_python(code, document)
    assert_powershell_parses(
        render(parse_plan([json_example(document)], "powershell"), "powershell")
    )


# --- notes and missing plans ---------------------------------------------------------------


def test_no_examples_renders_nothing():
    assert parse_plan([], "python") is None
    assert render(None, "python") == ""
    assert render(None, "powershell", "parse_error") == ""


def test_note_for_invalid_json_example():
    body = '{\n    "records": [\n        {"id": "750..."},...\n    ]\n}'
    plan = parse_plan([Example("Get All Query Jobs", 200, (), body, "json")], "python")
    assert plan.nodes == ()
    assert plan.note == (
        'Response parsing is left out because the saved example "Get All Query Jobs"'
        " is not valid JSON (line 3, column 26)."
    )
    assert render(plan, "python") == f"# {plan.note}\n"
    assert render(
        parse_plan([Example("x", 201, (), "", "plain")], "powershell"), "powershell"
    ) == (
        '# Response parsing is left out because the saved example "x" has an empty body.\n'
    )


def test_unknown_language_is_rejected():
    with pytest.raises(ValueError, match="unknown language 'ruby'"):
        build_plan(infer({}), "ruby")  # type: ignore[arg-type]


# --- error branch --------------------------------------------------------------------------

ERROR_EXAMPLES = [
    json_example({"ok": True}, 200, "ok"),
    Example("text error", 401, (), "Unauthorized", "plain"),
    json_example(
        {"error": {"message": "Not found", "code": 404}, "errors": ["a"]},
        404,
        "missing",
    ),
]


def test_error_plan_python():
    plan = error_plan(ERROR_EXAMPLES, "python")
    assert plan.examples == ("missing",)
    code = render(plan, "python", "parse_error")
    assert code == (
        "    try:\n"
        "        error_data = response.json()\n"
        "    except ValueError:\n"
        "        error_data = None  # the body is not JSON\n"
        "    if isinstance(error_data, dict):\n"
        '        error = error_data.get("error")  # dict | None\n'
        "        if isinstance(error, dict):\n"
        '            message = error.get("message")  # str | None\n'
        '            code = error.get("code")  # int | None\n'
        '        errors = error_data.get("errors")  # list[str] | None\n'
        "        if isinstance(errors, list):\n"
        "            for error_2 in errors:\n"
        "                print(error_2)  # str\n"
    )


@pytest.mark.parametrize(
    "document",
    [
        {"error": {"message": "x", "code": 1}, "errors": ["a"]},
        {},
        {"error": None},
        {"errors": None},
        {"error": "Not found", "errors": "none"},
        {"error": {"message": "x"}, "errors": {"first": "a"}},
    ],
)
def test_error_plan_tolerates_other_error_bodies(document):
    code = "if True:\n" + render(
        error_plan(ERROR_EXAMPLES, "python"), "python", "parse_error"
    )
    run_python(code, document)


class NotJsonResponse:
    """A response whose body is an HTML error page, as a proxy sends."""

    def json(self) -> object:
        raise json.JSONDecodeError("Expecting value", "<html>", 0)


def test_error_plan_tolerates_non_json_body():
    code = "if True:\n" + render(error_plan(ERROR_EXAMPLES, "python"), "python", "parse_error")
    namespace = {"response": NotJsonResponse()}

    exec(compile(code, "<parse>", "exec"), namespace)

    assert namespace["error_data"] is None
    assert "error" not in namespace


def test_error_plan_skips_body_of_other_type():
    code = "if True:\n" + render(error_plan(ERROR_EXAMPLES, "python"), "python", "parse_error")

    accessed, printed, namespace = run_python(code, ["not", "an", "object"])

    assert namespace["error_data"] == ["not", "an", "object"]
    assert "errors" not in namespace
    assert printed == []


def test_error_plan_guards_array_root():
    plan = error_plan([json_example([{"message": "bad"}], 400)], "python")

    assert plan.root_type == "list"
    run_python("if True:\n" + render(plan, "python", "parse_error"), {"message": "an object"})


def test_error_plan_powershell():
    code = render(error_plan(ERROR_EXAMPLES, "powershell"), "powershell", "parse_error")
    assert code.startswith(
        "    $error_ = $response.error  # [pscustomobject] or $null\n"
    )
    assert_powershell_parses("if ($statusCode -ge 400) {\n" + code + "    exit 1\n}\n")


def test_error_plan_is_short():
    document = {f"detail{index}": index for index in range(50)}
    plan = error_plan([json_example(document, 500)], "python")
    assert len(plan.nodes) == ERROR_MAX_READS
    assert plan.omitted == 50 - ERROR_MAX_READS


def test_no_error_plan_without_json_error():
    assert error_plan(ERROR_EXAMPLES[:2], "python") is None
    assert render(None, "python", "parse_error") == ""


# --- property test -------------------------------------------------------------------------

KEYS = st.one_of(
    st.sampled_from(
        [
            "id",
            "class",
            "2fa",
            "first-name",
            "名前",
            "$ref",
            "createdById",
            "created_by_id",
            "data",
        ]
        + [
            "response",
            "print",
            "isinstance",
            "item",
            "items",
            "input",
            "Input",
            "",
            "a\nb",
            "'\"",
            "#>",
        ]
    ),
    st.text(max_size=6),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=4),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=25,
)


@settings(max_examples=100, derandomize=True, deadline=None)
@given(st.lists(DOCUMENTS, min_size=1, max_size=3))
def test_generated_parser_reads_every_key(documents):
    examples = [
        json_example(document, name=f"example {index}")
        for index, document in enumerate(documents)
    ]
    plan = parse_plan(examples, "python", max_reads=10_000)
    code = render(plan, "python")
    for example in examples:
        document = json.loads(example.body)
        accessed, _, _ = run_python(code, document)
        assert key_paths(document) <= accessed
    assert_powershell_parses(
        render(parse_plan(examples, "powershell", max_reads=10_000), "powershell")
    )


# --- determinism ---------------------------------------------------------------------------

DETERMINISM_SCRIPT = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, sys.argv[1])
    from generator.model import Example
    from generator.reads import parse_plan
    document = {"Id": 1, "id": 2, "ID": 3, "items": [{"id": 4, "名前": 5, "$": 6, "class": 7}]}
    plan = parse_plan([Example("a", 200, (), json.dumps(document), "json")], sys.argv[2])
    print(repr(plan))
    """)


@pytest.mark.parametrize("language", ["python", "powershell"])
def test_plan_is_independent_of_hash_seed(language):
    outputs = set()
    for seed in ("0", "1", "12345"):
        result = subprocess.run(
            [sys.executable, "-c", DETERMINISM_SCRIPT, str(ROOT), language],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


# --- real collections ----------------------------------------------------------------------


def collection_files() -> list[Path]:
    if not COLLECTIONS.is_dir():
        return []
    return sorted(COLLECTIONS.glob("*.json"))


def request_items(items: list) -> list[dict]:
    found = []
    for item in items:
        if "item" in item:
            found.extend(request_items(item["item"]))
        else:
            found.append(item)
    return found


def examples_of(item: dict) -> list[Example]:
    examples = []
    for response in item.get("response") or []:
        headers = response.get("header")
        header_list = headers if isinstance(headers, list) else []
        examples.append(
            Example(
                name=response.get("name", ""),
                status=response.get("code"),
                headers=tuple(
                    Header(header.get("key", ""), header.get("value", ""))
                    for header in header_list
                    if isinstance(header, dict)
                ),
                body=response.get("body"),
                preview_language=response.get("_postman_previewlanguage"),
            )
        )
    return examples


@pytest.mark.shared
@pytest.mark.parametrize(
    "path", collection_files() or [None], ids=lambda path: path.name if path else "none"
)
def test_parsers_run_on_real_collection_examples(path):
    if path is None:
        pytest.skip(f"no collections in {COLLECTIONS}")
    collection = json.loads(path.read_text(encoding="utf-8"))
    for item in request_items(collection.get("item", [])):
        examples = examples_of(item)
        plan = parse_plan(examples, "python")
        if plan is None:
            continue
        code = render(plan, "python")
        for sample in success_samples(examples):
            accessed, _, _ = run_python(code, sample.value)
            if plan.omitted == 0:
                assert key_paths(sample.value) <= accessed, item["name"]
        errors = error_plan(examples, "python")
        if errors is not None:
            run_python(
                "if True:\n" + render(errors, "python", "parse_error"),
                error_sample(examples).value,
            )
        powershell = render(parse_plan(examples, "powershell"), "powershell")
        powershell += render(
            error_plan(examples, "powershell"), "powershell", "parse_error"
        )
        assert_powershell_parses(powershell)


def test_loop_nodes_have_bodies():
    plan = parse_plan(HAND_WRITTEN, "python")
    loops = [node for node in plan.nodes if isinstance(node, Loop)]
    assert loops
    assert all(loop.body for loop in loops)
