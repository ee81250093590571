"""Tests of the `docs` and `check` commands and the Markdown pages they write."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator.api import generate, load_collection, load_environment, make_scope
from generator.cli_docs import check, docs
from generator.docs.markdown import GENERATED_MARKER, code_block, description_markdown
from generator.docs.redact import Redactor
from generator.docs.source import DocsSource, ItemNotFound

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PET_STORE = EXAMPLES / "pet-store.postman_collection.json"
PET_ENV = EXAMPLES / "pet-store.postman_environment.json"

ENV_SECRET = "env-secret-7c1d9e"
BEARER_TOKEN = "bearer-literal-4f2a8b"
BASIC_PASSWORD = "basic-password-a1b2c3"
API_KEY = "apikey-value-5e6f7a"
OAUTH_TOKEN = "oauth-access-9d8c7b"
ALL_SECRETS = (ENV_SECRET, BEARER_TOKEN, BASIC_PASSWORD, API_KEY, OAUTH_TOKEN)


@click.group()
def cli() -> None:
    """The commands as the main group will hold them."""


cli.add_command(docs)
cli.add_command(check)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _auth(kind: str, **params: str) -> dict:
    return {"type": kind, kind: [{"key": key, "value": value, "type": "string"} for key, value in params.items()]}


@pytest.fixture
def secret_files(tmp_path: Path) -> tuple[Path, Path]:
    """A collection whose auth blocks hold literal credentials, and an environment with a secret."""
    collection = {
        "info": {
            "name": "Secrets",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "auth": _auth("bearer", token=BEARER_TOKEN),
        "item": [
            {
                "name": "Private",
                "item": [
                    {
                        "name": "Read with bearer",
                        "request": {
                            "method": "GET",
                            "description": "Reads a record. The **session** header carries `{{session}}`.",
                            "header": [{"key": "X-Session", "value": "{{session}}"}],
                            "url": "{{baseUrl}}/records?session={{session}}",
                        },
                        "response": [
                            {
                                "name": "Echo",
                                "code": 200,
                                "header": [{"key": "X-Session", "value": ENV_SECRET}],
                                "body": json.dumps({"session": ENV_SECRET}),
                                "originalRequest": {
                                    "method": "GET",
                                    "url": "{{baseUrl}}/records",
                                    "auth": _auth("bearer", token=BEARER_TOKEN),
                                },
                            }
                        ],
                    },
                    {
                        "name": "Basic",
                        "request": {
                            "method": "GET",
                            "auth": _auth("basic", username="alice", password=BASIC_PASSWORD),
                            "url": "{{baseUrl}}/basic",
                        },
                    },
                    {
                        "name": "Key",
                        "request": {
                            "method": "GET",
                            "auth": _auth("apikey", key="X-Api-Key", value=API_KEY, **{"in": "header"}),
                            "url": "{{baseUrl}}/key",
                        },
                    },
                    {
                        "name": "OAuth",
                        "request": {
                            "method": "GET",
                            "auth": {"type": "oauth2", "oauth2": {"accessToken": OAUTH_TOKEN, "tokenType": "Bearer"}},
                            "url": "{{baseUrl}}/oauth",
                        },
                    },
                ],
            }
        ],
    }
    environment = {
        "name": "Secrets env",
        "values": [
            {"key": "baseUrl", "value": "http://127.0.0.1:9", "enabled": True},
            {"key": "session", "value": ENV_SECRET, "type": "secret", "enabled": True},
        ],
    }
    collection_path = tmp_path / "secrets.postman_collection.json"
    env_path = tmp_path / "secrets.postman_environment.json"
    collection_path.write_text(json.dumps(collection), encoding="utf-8")
    env_path.write_text(json.dumps(environment), encoding="utf-8")
    return collection_path, env_path


def read_pages(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8") for path in folder.rglob("*.md")}


# --- docs -------------------------------------------------------------------


def test_docs_writes_pages_and_indexes(tmp_path: Path) -> None:
    out = tmp_path / "api"
    result = run("docs", str(PET_STORE), "--env", str(PET_ENV), "--out", str(out))
    assert result.exit_code == 0, result.output
    pages = read_pages(out)
    assert "index.md" in pages
    assert "pets/index.md" in pages
    assert "auth/index.md" in pages
    assert "pets/list-pets.md" in pages
    assert "purge-cache.md" in pages
    assert "[Pets](pets/index.md)" in pages["index.md"]
    assert "    - [List pets](pets/list-pets.md) `GET`" in pages["index.md"]
    assert "- [List pets](list-pets.md) `GET`" in pages["pets/index.md"]
    assert all(f"---\n{GENERATED_MARKER}\n" in text for text in pages.values())
    assert pages["pets/index.md"].startswith('---\ntitle: "Pets"\n---\n')


def test_docs_request_page_parts(tmp_path: Path) -> None:
    out = tmp_path / "api"
    run("docs", str(PET_STORE), "--env", str(PET_ENV), "--out", str(out))
    page = (out / "pets" / "list-pets.md").read_text(encoding="utf-8")
    assert "# List pets" in page
    assert "`GET http://127.0.0.1:8080/v1/pets?" in page
    assert '=== "Python"\n\n    ```python\n' in page
    assert '=== "curl"\n\n    ```bash\n' in page
    assert '=== "PowerShell"\n\n    ```powershell\n' in page
    assert page.index('=== "Python"') < page.index('=== "curl"') < page.index('=== "PowerShell"')
    assert "## Example responses" in page
    assert "### Pets found" in page
    assert "HTTP 200 OK\nContent-Type: application/json" in page
    assert '??? note "Postman item"' in page
    assert '      "name": "List pets",' in page


def test_docs_index_pages_show_descriptions(tmp_path: Path) -> None:
    collection = {
        "info": {
            "name": "Described",
            "description": "The **whole** API.",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "item": [
            {"name": "Guides", "description": {"content": "Read <b>this</b> first.", "type": "text/markdown"}, "item": []},
            {
                "name": "Users",
                "description": "Every call about users.",
                "item": [{"name": "List", "request": {"method": "GET", "url": "http://127.0.0.1:9/users"}}],
            },
        ],
    }
    path = tmp_path / "described.postman_collection.json"
    path.write_text(json.dumps(collection), encoding="utf-8")
    out = tmp_path / "api"

    result = run("docs", str(path), "--out", str(out))

    assert result.exit_code == 0, result.output
    pages = read_pages(out)
    assert "# Described\n\nThe **whole** API.\n\n- [Guides]" in pages["index.md"]
    assert "Read &lt;b>this&lt;/b> first.\n\nThis folder has no requests." in pages["guides/index.md"]
    assert "# Users\n\nEvery call about users.\n\n- [List](list.md) `GET`" in pages["users/index.md"]


def test_docs_snippets_under_request_heading(tmp_path: Path) -> None:
    # A description with headings of its own must not hold the snippets.
    request = {"method": "GET", "url": "http://127.0.0.1:9/r", "description": "Intro.\n\n#### Response\n\nA list."}
    path = tmp_path / "headed.postman_collection.json"
    path.write_text(json.dumps({"info": {"name": "H"}, "item": [{"name": "Read", "request": request}]}), encoding="utf-8")
    out = tmp_path / "api"

    run("docs", str(path), "--out", str(out))

    page = (out / "read.md").read_text(encoding="utf-8")
    assert "A list.\n\n## Request\n\n`GET http://127.0.0.1:9/r`\n\n=== " in page


def test_docs_tab_holds_generated_snippet(tmp_path: Path) -> None:
    out = tmp_path / "api"
    # With --show-secrets nothing is replaced, so the tabs must hold exactly
    # what `generate` returns.
    run("docs", str(PET_STORE), "--env", str(PET_ENV), "--out", str(out), "--show-secrets")
    page = (out / "pets" / "list-pets.md").read_text(encoding="utf-8")
    collection = load_collection(PET_STORE)
    scope = make_scope(collection, environment=load_environment(PET_ENV))
    item = next(item for item in collection.requests if item.address == "Pets/List pets")
    for language, lexer in (("python", "python"), ("curl", "bash"), ("powershell", "powershell")):
        code = generate(collection, item, language, scope=scope, options={"timeout": 30}).code
        assert code_block(code, lexer, "    ") in page


def test_docs_lang_selects_tabs(tmp_path: Path) -> None:
    out = tmp_path / "api"
    run("docs", str(PET_STORE), "--out", str(out), "--lang", "powershell", "--lang", "curl")
    page = (out / "pets" / "get-pet.md").read_text(encoding="utf-8")
    assert '=== "Python"' not in page
    assert page.index('=== "PowerShell"') < page.index('=== "curl"')


def test_docs_keeps_markdown_description(secret_files, tmp_path: Path) -> None:
    collection, env = secret_files
    out = tmp_path / "api"
    run("docs", str(collection), "--env", str(env), "--out", str(out))
    page = (out / "private" / "read-with-bearer.md").read_text(encoding="utf-8")
    assert "Reads a record. The **session** header carries `{{session}}`." in page


def test_docs_removes_stale_generated_pages(tmp_path: Path) -> None:
    out = tmp_path / "api"
    stale = out / "old" / "gone.md"
    stale.parent.mkdir(parents=True)
    stale.write_text(f'---\ntitle: "Gone"\n---\n{GENERATED_MARKER}\n\n# Gone\n', encoding="utf-8")
    own = out / "notes.md"
    own.write_text("# Notes written by hand\n", encoding="utf-8")
    result = run("docs", str(PET_STORE), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert not stale.parent.exists()
    assert own.read_text(encoding="utf-8") == "# Notes written by hand\n"


def test_docs_item_named_index_keeps_folder_index(tmp_path: Path) -> None:
    collection = {
        "info": {"name": "Names", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Index", "request": {"method": "GET", "url": "http://127.0.0.1:9/"}}],
    }
    path = tmp_path / "names.postman_collection.json"
    path.write_text(json.dumps(collection), encoding="utf-8")
    out = tmp_path / "api"
    run("docs", str(path), "--out", str(out))
    assert (out / "index.md").read_text(encoding="utf-8").count("# Names") == 1
    assert "- [Index](index_2.md) `GET`" in (out / "index.md").read_text(encoding="utf-8")
    assert "# Index" in (out / "index_2.md").read_text(encoding="utf-8")


def test_docs_missing_collection_exits_2(tmp_path: Path) -> None:
    result = run("docs", str(tmp_path / "missing.json"), "--out", str(tmp_path / "api"))
    assert result.exit_code == 2
    assert "file not found" in result.output


# --- check ------------------------------------------------------------------


def test_check_fresh_output_exits_0(tmp_path: Path) -> None:
    out = tmp_path / "api"
    run("docs", str(PET_STORE), "--env", str(PET_ENV), "--out", str(out))
    result = run("check", str(PET_STORE), "--env", str(PET_ENV), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "is up to date" in result.output


def test_check_in_new_process_exits_0(tmp_path: Path) -> None:
    # Secret markers carry a nonce drawn per process, so a page that showed one
    # would differ on every run. docs and check therefore run as separate commands.
    out = tmp_path / "api"
    for command in ("docs", "check"):
        result = subprocess.run(
            [sys.executable, "-m", "generator", command, str(PET_STORE), "--env", str(PET_ENV), "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    page = (out / "auth" / "search-with-api-key.md").read_text(encoding="utf-8")
    assert "api_key={{apiKey}}`" in page
    assert "$secret_" not in page


def test_check_changed_page_exits_1_with_diff(tmp_path: Path) -> None:
    out = tmp_path / "api"
    run("docs", str(PET_STORE), "--env", str(PET_ENV), "--out", str(out))
    page = out / "pets" / "get-pet.md"
    page.write_text(page.read_text(encoding="utf-8").replace("# Get pet", "# Get a pet"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(PET_STORE), "--env", str(PET_ENV), "--out", str(out)])
    assert result.exit_code == 1
    assert "--- a/pets/get-pet.md\n+++ b/pets/get-pet.md\n" in result.stdout
    assert "-# Get a pet\n+# Get pet\n" in result.stdout


def test_check_missing_and_extra_pages(tmp_path: Path) -> None:
    out = tmp_path / "api"
    run("docs", str(PET_STORE), "--out", str(out))
    (out / "purge-cache.md").unlink()
    (out / "extra.md").write_text(f'---\ntitle: "Extra"\n---\n{GENERATED_MARKER}\n\n# Extra\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(PET_STORE), "--out", str(out)])
    assert result.exit_code == 1
    assert "--- /dev/null\n+++ b/purge-cache.md\n" in result.stdout
    assert "--- a/extra.md\n+++ /dev/null\n" in result.stdout


def test_check_other_options_differ(tmp_path: Path) -> None:
    out = tmp_path / "api"
    run("docs", str(PET_STORE), "--out", str(out))
    result = CliRunner().invoke(cli, ["check", str(PET_STORE), "--out", str(out), "--var", "baseUrl=http://127.0.0.1:1"])
    assert result.exit_code == 1
    assert "+`GET http://127.0.0.1:1/v1/pets/42`" in result.stdout


# --- secrets ----------------------------------------------------------------


def test_secrets_absent_from_every_page(secret_files, tmp_path: Path) -> None:
    collection, env = secret_files
    out = tmp_path / "api"
    result = run("docs", str(collection), "--env", str(env), "--out", str(out))
    assert result.exit_code == 0, result.output
    pages = read_pages(out)
    assert len(pages) == 6
    for relative, text in pages.items():
        for secret in ALL_SECRETS:
            assert secret not in text, f"{secret} in {relative}"


def test_secrets_show_named_placeholders(secret_files, tmp_path: Path) -> None:
    collection, env = secret_files
    out = tmp_path / "api"
    run("docs", str(collection), "--env", str(env), "--out", str(out), "--secrets", "placeholder")
    # Snippets name secrets as `generate --secrets placeholder` does, and the
    # item JSON and free text use the same names.
    bearer = (out / "private" / "read-with-bearer.md").read_text(encoding="utf-8")
    assert "'X-Session: <session>'" in bearer
    assert "Authorization: Bearer <BEARER_TOKEN>" in bearer
    assert "# Replace these placeholders with the secret values: <session>, <BEARER_TOKEN>" in bearer
    assert '"value": "<BEARER_TOKEN>"' in bearer  # the example's originalRequest auth
    assert '{"session": "<session>"}' in bearer  # the example body repeats the secret
    basic = (out / "private" / "basic.md").read_text(encoding="utf-8")
    assert "--user 'alice:<BASIC_PASSWORD>'" in basic
    assert '"value": "<BASIC_PASSWORD>"' in basic
    key = (out / "private" / "key.md").read_text(encoding="utf-8")
    assert "'X-Api-Key: <API_KEY>'" in key
    oauth = (out / "private" / "oauth.md").read_text(encoding="utf-8")
    assert "Authorization: Bearer <ACCESS_TOKEN>" in oauth
    assert '"accessToken": "<ACCESS_TOKEN>"' in oauth


def test_secrets_var_override_stays_secret(secret_files, tmp_path: Path) -> None:
    collection, env = secret_files
    out = tmp_path / "api"
    run("docs", str(collection), "--env", str(env), "--var", "session=override-value-123", "--out", str(out))
    for relative, text in read_pages(out).items():
        assert "override-value-123" not in text, relative


def test_secret_named_variables_hidden(tmp_path: Path) -> None:
    # A variable named like a secret is written as one in the snippets, so
    # the item JSON and example responses must not show its value either.
    request = {"method": "GET", "header": [{"key": "X-Trace", "value": "{{apiToken}}"}], "url": "http://127.0.0.1:9/r"}
    example = {
        "name": "ok",
        "code": 200,
        "body": json.dumps({"t": "token-value-1", "k": "env-key-value-2", "p": "var-password-3"}),
        "originalRequest": {"method": "GET", "header": [{"key": "X-Trace", "value": "token-value-1"}], "url": "http://127.0.0.1:9/r"},
    }
    collection = {
        "info": {"name": "Named", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "apiToken", "value": "token-value-1"}],
        "item": [{"name": "Read", "request": request, "response": [example]}],
    }
    environment = {"name": "env", "values": [{"key": "client_key", "value": "env-key-value-2", "enabled": True}]}
    collection_path = tmp_path / "named.postman_collection.json"
    env_path = tmp_path / "named.postman_environment.json"
    collection_path.write_text(json.dumps(collection), encoding="utf-8")
    env_path.write_text(json.dumps(environment), encoding="utf-8")
    out = tmp_path / "api"

    result = run("docs", str(collection_path), "--env", str(env_path), "--var", "dbPassword=var-password-3", "--out", str(out))

    assert result.exit_code == 0, result.output
    page = (out / "read.md").read_text(encoding="utf-8")
    for secret in ("token-value-1", "env-key-value-2", "var-password-3"):
        assert secret not in page
    assert '"value": "<apiToken>"' in page
    assert '"k": "<client_key>"' in page


def run_docs(tmp_path: Path, collection: dict, *options: str):
    """Write ``collection`` to a file, run `docs` on it into ``tmp_path / "api"``, and return the result and that folder."""
    collection_path = tmp_path / "test.postman_collection.json"
    collection_path.write_text(json.dumps(collection), encoding="utf-8")
    out = tmp_path / "api"
    return run("docs", str(collection_path), "--out", str(out), *options), out


def test_secret_equal_to_its_name_keeps_field_names(tmp_path: Path) -> None:
    # Published collections often leave a credential's own name as its value.
    auth = {
        "type": "oauth2",
        "oauth2": [
            {"key": "refreshToken", "value": "refreshToken"},
            {"key": "accessToken", "value": "real-access-value-7"},
        ],
    }
    example = {"name": "ok", "code": 200, "body": json.dumps({"refreshToken": "x", "token": "real-access-value-7"})}
    collection = {
        "info": {"name": "Own", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Read", "request": {"method": "GET", "url": "http://127.0.0.1:9/r", "auth": auth}, "response": [example]}],
    }
    result, out = run_docs(tmp_path, collection)

    assert result.exit_code == 0, result.output
    page = (out / "read.md").read_text(encoding="utf-8")
    assert '"key": "refreshToken",\n' in page
    assert '"value": "<refreshToken>"' in page
    assert "<<" not in page.replace("<<<", "")
    assert "real-access-value-7" not in page
    assert '"key": "accessToken"' in page


def test_redactor_keeps_placeholders_whole() -> None:
    redact = Redactor({"fresh": "apiKey", "freshness": "token"})

    assert redact("fresh freshness <apiKey> <refreshToken>") == "<apiKey> <token> <apiKey> <refreshToken>"


def test_redactor_covers_overlapping_secrets() -> None:
    redact = Redactor({"abcdefgh": "first", "xxabcd": "second"})

    assert redact("xxabcdefgh") == "<second><first>"


def test_redactor_merges_secret_overlapping_itself() -> None:
    # "0000" starts at every position of a run of zeros, as in the nil UUID.
    redact = Redactor({"0000": "pin"})

    assert redact("id 00000000-0000-0000-0000-000000000000.") == "id <pin>-<pin>-<pin>-<pin>-<pin>."
    assert redact("000000") == "<pin>"
    assert redact("0000 0000") == "<pin> <pin>"


def test_redactor_finds_secret_across_line_break() -> None:
    # Markdown joins the lines of a paragraph, so the reader sees the secret whole.
    redact = Redactor({"correct horse battery": "passphrase", "one\ntwo\nthree": "poem", "a_b  \tc*d": "key"})

    assert redact("say correct horse\nbattery staple") == "say <passphrase> staple"
    assert redact("say correct \n  horse battery.") == "say <passphrase>."
    assert redact('{"d": "say correct\\nhorse battery"}') == '{"d": "say <passphrase>"}'
    assert redact("one\ntwo three") == "<poem>"
    assert redact("a_b\n c*d") == "<key>"
    assert redact("a\\_b \n c\\*d") == "<key>"


def test_secret_across_description_lines_hidden(tmp_path: Path) -> None:
    collection = {
        "info": {"name": "Lines", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "passphrase", "value": "correct horse battery", "type": "secret"}],
        "item": [{"name": "Read", "description": "Send correct horse\nbattery here.", "request": {"method": "GET", "url": "http://127.0.0.1:9/"}}],
    }
    result, out = run_docs(tmp_path, collection)

    assert result.exit_code == 0, result.output
    page = (out / "read.md").read_text(encoding="utf-8")
    assert "\nSend &lt;passphrase> here.\n" in page
    assert "horse" not in page


def test_redactor_prefers_secret_over_placeholder_prefix() -> None:
    # A placeholder is kept whole, but not when a longer secret starts with its text.
    redact = Redactor({"<token>x9z": "password"})

    assert redact("pass <token>x9z") == "pass <password>"


def test_redactor_covers_ascii_json_and_stripped_forms() -> None:
    redact = Redactor({"pässwörd-1": "password", " key-5678 ": "apiKey"})

    assert redact('{"p": "p\\u00e4ssw\\u00f6rd-1"}') == '{"p": "<password>"}'
    assert redact("send key-5678.") == "send <apiKey>."


def test_prose_placeholders_show_as_text(tmp_path: Path) -> None:
    secret = "s3cr3t-value-9"
    request = {"method": "GET", "url": "http://127.0.0.1:9/x", "description": f"Send {secret} as **X**."}
    example = {"name": f"ok {secret}", "code": 200, "body": json.dumps({"t": secret})}
    collection = {
        "info": {"name": "Prose", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "apiToken", "value": secret}],
        "item": [{"name": f"Get {secret}", "request": request, "response": [example]}],
    }
    result, out = run_docs(tmp_path, collection)

    assert result.exit_code == 0, result.output
    page = (out / "get-apitoken.md").read_text(encoding="utf-8")
    assert secret not in page
    assert 'title: "Get &lt;apiToken&gt;"' in page
    assert "# Get &lt;apiToken&gt;\n" in page
    assert "Send &lt;apiToken> as **X**." in page
    assert "### ok &lt;apiToken&gt;" in page
    # In code, the placeholder is written as it is.
    assert '{"t": "<apiToken>"}' in page
    assert "- [Get &lt;apiToken&gt;](get-apitoken.md)" in (out / "index.md").read_text(encoding="utf-8")


def test_placeholder_name_adds_no_html(tmp_path: Path) -> None:
    # A placeholder in Markdown prose is escaped as the prose is, and in code
    # it is not, so a variable name must not add attributes or end tags there.
    names = ("img src=x onerror=alert(1)", "/script")
    collection = {
        "info": {"name": "Names", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": name, "value": f"value-{index}-abcd", "type": "secret"} for index, name in enumerate(names)],
        "item": [{"name": "Read", "description": "see value-0-abcd and value-1-abcd", "request": {"method": "GET", "url": "http://127.0.0.1:9/"}}],
    }
    result, out = run_docs(tmp_path, collection)

    assert result.exit_code == 0, result.output
    page = (out / "read.md").read_text(encoding="utf-8")
    assert "see &lt;img_src_x_onerror_alert_1_> and &lt;_script>\n" in page
    assert "onerror=" not in page
    assert "</script>" not in page


def test_secret_inside_placeholder_name_stays_text(tmp_path: Path) -> None:
    # "token" is a secret value and part of the name of its own placeholder,
    # which the prose writes escaped as &lt;access_token>.
    collection = {
        "info": {"name": "Inner", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "access_token", "value": "token", "type": "secret"}],
        "item": [{"name": "Read token here", "description": "Send token.", "request": {"method": "GET", "url": "http://127.0.0.1:9/"}}],
    }
    result, out = run_docs(tmp_path, collection)

    assert result.exit_code == 0, result.output
    page = (out / "read-access_token-here.md").read_text(encoding="utf-8")
    assert 'title: "Read &lt;access_token&gt; here"' in page
    assert "# Read &lt;access\\_token&gt; here\n" in page
    assert "Send &lt;access_token>.\n" in page
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "- [Read &lt;access\\_token&gt; here](read-access_token-here.md) `GET`" in index


def test_snippet_error_placeholder_shows_as_text(tmp_path: Path) -> None:
    # curl's error quotes the content type, which contains the secret. The
    # tab escapes the message, so the secret must be replaced before that.
    field = {"key": "f", "type": "file", "src": "a.txt", "contentType": "text/plain; k=sec_ret*val"}
    request = {"method": "POST", "url": "http://127.0.0.1:9/", "body": {"mode": "formdata", "formdata": [field]}}
    collection = {
        "info": {"name": "Error", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "pw", "value": "sec_ret*val", "type": "secret"}],
        "item": [{"name": "Up", "request": request}],
    }
    result, out = run_docs(tmp_path, collection, "--lang", "curl")

    assert result.exit_code == 1, result.output
    page = (out / "up.md").read_text(encoding="utf-8")
    assert "This request cannot be written in curl: curl's --form cannot send this request: content type 'text/plain; k=&lt;pw&gt;'" in page
    assert "sec_ret" not in page


def test_secret_equal_to_page_chrome_keeps_it(tmp_path: Path) -> None:
    # The words and syntax that every page has are no secret, so a secret
    # value that equals one of them must not break the page around it.
    chrome = ("Request", "title", "warning", "Postman item", "Example responses", "Python", "text")
    example = {"name": "ok", "code": 200, "body": "{}"}
    collection = {
        "info": {"name": "Chrome", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": f"word{index}", "value": word, "type": "secret"} for index, word in enumerate(chrome)],
        "item": [
            {"name": "Read", "request": {"method": "GET", "url": "http://127.0.0.1:9/"}, "response": [example]},
            {"name": "Bad", "request": {"method": "GE T", "url": "http://127.0.0.1:9/"}},
        ],
    }
    result, out = run_docs(tmp_path, collection)

    assert result.exit_code == 1, result.output
    page = (out / "read.md").read_text(encoding="utf-8")
    assert page.startswith('---\ntitle: "Read"\n---\n')
    assert "\n## Request\n" in page
    assert '\n=== "Python"\n' in page
    assert "\n## Example responses\n" in page
    assert "\n```text\n{}\n```\n" in page
    assert '\n??? note "Postman item"\n' in page
    bad = (out / "bad.md").read_text(encoding="utf-8")
    assert '\n!!! warning "Not generated"\n' in bad
    assert (out / "index.md").read_text(encoding="utf-8").startswith('---\ntitle: "Chrome"\n---\n')


def test_secret_in_marker_keeps_stale_page_deletion(tmp_path: Path) -> None:
    # "snippets" is a word of the generated-page marker, which must stay
    # whole for a later run to find and delete the page.
    auth = {"type": "basic", "basic": [{"key": "username", "value": "postman"}, {"key": "password", "value": "snippets"}]}
    items = [{"name": name, "request": {"method": "GET", "url": f"http://127.0.0.1:9/{name}"}} for name in ("A", "B")]
    collection = {
        "info": {"name": "Marker", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "auth": auth,
        "item": items,
    }
    collection_path = tmp_path / "marker.postman_collection.json"
    collection_path.write_text(json.dumps(collection), encoding="utf-8")
    out = tmp_path / "api"
    run("docs", str(collection_path), "--out", str(out))
    assert GENERATED_MARKER in (out / "b.md").read_text(encoding="utf-8")

    collection["item"] = items[:1]
    collection_path.write_text(json.dumps(collection), encoding="utf-8")
    result = run("docs", str(collection_path), "--out", str(out))

    assert result.exit_code == 0, result.output
    assert not (out / "b.md").exists()


def test_docs_warnings_hide_secrets(tmp_path: Path) -> None:
    # The warnings name items, whose names may repeat a secret value.
    items = [
        {"name": "Use abcd1234xyz", "request": {"method": "GET", "url": "http://127.0.0.1:9/", "headers": [{"key": "A", "value": "1"}]}},
        {"name": "Get abcd1234xyz", "request": {"method": "GE T", "url": "http://127.0.0.1:9/{{apiToken}}"}},
    ]
    collection = {
        "info": {"name": "Warn", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "apiToken", "value": "abcd1234xyz"}],
        "item": items,
    }
    collection_path = tmp_path / "warn.postman_collection.json"
    collection_path.write_text(json.dumps(collection), encoding="utf-8")

    result = run("docs", str(collection_path), "--out", str(tmp_path / "api"))

    assert "warning: item 'Use <apiToken>'" in result.output
    assert "warning: skipped item 'Get <apiToken>'" in result.output
    assert "abcd1234xyz" not in result.output


SPECIAL_SECRET = 'Sk_Live&b<c{d"e\\f'


def test_escaped_secrets_absent_from_pages(tmp_path: Path) -> None:
    # Titles, descriptions and the item JSON escape what they show, so the
    # escaped forms of a secret must be replaced as well as the raw one.
    example = {"name": f"as {SPECIAL_SECRET}", "code": 200, "body": json.dumps({"t": SPECIAL_SECRET})}
    item = {
        "name": f"Get {SPECIAL_SECRET}",
        "description": f"Send {SPECIAL_SECRET} here",
        "request": {"method": "GET", "url": "http://127.0.0.1:9/r?k={{apiToken}}"},
        "response": [example],
    }
    collection = {
        "info": {
            "name": "Escapes",
            "description": f"The key is {SPECIAL_SECRET}",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "variable": [{"key": "apiToken", "value": SPECIAL_SECRET}],
        "item": [{"name": "Folder", "description": f"Folder {SPECIAL_SECRET}", "item": [item]}],
    }
    result, out = run_docs(tmp_path, collection)

    assert result.exit_code == 0, result.output
    pages = read_pages(out)
    assert len(pages) == 3
    for relative, text in pages.items():
        for leaked in ("Sk_Live", "Sk\\_Live", "&amp;b", "c&#123;d", "e\\\\f"):
            assert leaked not in text, f"{leaked} in {relative}"


def test_escaped_oauth1_token_absent_from_snippets(tmp_path: Path) -> None:
    # An OAuth 1.0 token is sent as written, so each language quotes it in its own way.
    token = "tok'en\"$x\\y"
    auth = _auth("oauth1", consumerKey="ck", consumerSecret="cs-12345", token=token, signatureMethod="HMAC-SHA1")
    collection = {
        "info": {"name": "Signed", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Read", "request": {"method": "GET", "url": "http://127.0.0.1:9/r", "auth": auth}}],
    }
    result, out = run_docs(tmp_path, collection)

    assert result.exit_code == 0, result.output
    page = (out / "read.md").read_text(encoding="utf-8")
    for leaked in ("tok'en", "tok''en", "tok%27en"):
        assert leaked not in page


def test_secret_in_names_absent_from_paths(tmp_path: Path) -> None:
    # The page paths come from the folder and item names, and the index
    # pages link to them, so a name that repeats a secret must not name a file.
    item = {"name": "Get abcd1234xyz", "request": {"method": "GET", "url": "http://127.0.0.1:9/{{apiToken}}"}}
    collection = {
        "info": {"name": "Named", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "apiToken", "value": "abcd1234xyz"}],
        "item": [{"name": "Keys abcd1234xyz", "item": [item]}],
    }
    result, out = run_docs(tmp_path, collection)

    assert result.exit_code == 0, result.output
    pages = read_pages(out)
    assert sorted(pages) == ["index.md", "keys-apitoken/get-apitoken.md", "keys-apitoken/index.md"]
    assert "(get-apitoken.md)" in pages["keys-apitoken/index.md"]
    assert "(keys-apitoken/index.md)" in pages["index.md"]


def test_secret_spelled_by_file_name_absent_from_paths(tmp_path: Path) -> None:
    # The names differ from the secret in case and punctuation, but their
    # file names would spell it.
    item = {"name": "Key ABC 123", "request": {"method": "GET", "url": "http://127.0.0.1:9/{{apiToken}}"}}
    collection = {
        "info": {"name": "Named", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "apiToken", "value": "key-abc-123"}],
        "item": [{"name": "KEY  ABC--123", "item": [item]}],
    }
    result, out = run_docs(tmp_path, collection)

    assert result.exit_code == 0, result.output
    pages = read_pages(out)
    assert sorted(pages) == ["apitoken/apitoken.md", "apitoken/index.md", "index.md"]
    assert "(apitoken.md)" in pages["apitoken/index.md"]


def test_unused_auth_credentials_absent_from_pages(tmp_path: Path) -> None:
    # A folder's auth that its requests override, and the auth of an
    # example's original request, are never sent but are credentials still.
    def bearer(token: str) -> dict:
        return {"type": "bearer", "bearer": [{"key": "token", "value": token}]}

    example = {
        "name": "ok",
        "code": 200,
        "originalRequest": {"method": "GET", "url": "http://127.0.0.1:9/e", "auth": bearer("old-token-9876")},
        "body": json.dumps({"headers": {"authorization": "Bearer old-token-9876"}}),
    }
    item = {"name": "Echo", "request": {"method": "GET", "url": "http://127.0.0.1:9/e", "auth": bearer("{{tok}}")}, "response": [example]}
    folder = {"name": "F", "description": "The token is folder-token-5555", "auth": bearer("folder-token-5555"), "item": [item]}
    collection = {
        "info": {"name": "Unused", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "tok", "value": "current-token-1111"}],
        "item": [folder],
    }
    result, out = run_docs(tmp_path, collection)

    assert result.exit_code == 0, result.output
    pages = read_pages(out)
    assert "The token is &lt;BEARER_TOKEN>" in pages["f/index.md"]
    assert "Bearer <BEARER_TOKEN>" in pages["f/echo.md"]
    for relative, text in pages.items():
        for secret in ("old-token-9876", "folder-token-5555", "current-token-1111"):
            assert secret not in text, f"{secret} in {relative}"


def test_longest_match_pattern_matches_longest_word() -> None:
    from generator.docs.redact import _longest_match_pattern

    generator = random.Random(7)
    words = {"".join(generator.choice("ab<&") for _ in range(generator.randint(1, 6))) for _ in range(60)}
    pattern = _longest_match_pattern(words)
    for _ in range(200):
        text = "".join(generator.choice("ab<&c") for _ in range(12))
        for start in range(len(text)):
            longest = max((word for word in words if text.startswith(word, start)), key=len, default=None)
            match = pattern.match(text, start)
            assert (match.group() if match else None) == longest, (text, start)


def test_show_secrets_opts_in(secret_files, tmp_path: Path) -> None:
    collection, env = secret_files
    out = tmp_path / "api"
    run("docs", str(collection), "--env", str(env), "--out", str(out), "--show-secrets")
    text = "\n".join(read_pages(out).values())
    for secret in ALL_SECRETS:
        assert secret in text


def test_secrets_read_from_environment_by_default(tmp_path: Path) -> None:
    out = tmp_path / "api"
    run("docs", str(PET_STORE), "--env", str(PET_ENV), "--out", str(out))
    page = (out / "pets" / "get-pet.md").read_text(encoding="utf-8")
    assert "example-token" not in "\n".join(read_pages(out).values())
    assert 'os.environ["API_TOKEN"]' in page
    assert """'Authorization: Bearer '"$API_TOKEN\"""" in page
    assert "$env:API_TOKEN" in page
    assert "# Set these environment variables before running: API_TOKEN" in page


def test_secrets_inline_points_to_show_secrets(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["docs", str(PET_STORE), "--out", str(tmp_path / "api"), "--secrets", "inline"])

    assert result.exit_code == 2
    assert "pass --show-secrets" in result.stderr
    assert not (tmp_path / "api").exists()


def test_literal_credential_read_from_environment(secret_files, tmp_path: Path) -> None:
    collection, env = secret_files
    out = tmp_path / "api"
    run("docs", str(collection), "--env", str(env), "--out", str(out))
    page = (out / "private" / "basic.md").read_text(encoding="utf-8")

    assert 'auth=("alice", os.environ["BASIC_PASSWORD"].encode())' in page
    assert "# Set these environment variables before running: BASIC_PASSWORD" in page
    assert '"value": "<BASIC_PASSWORD>"' in page  # the item JSON


def test_secret_placeholder_in_snippets_of_example_env(tmp_path: Path) -> None:
    out = tmp_path / "api"
    run("docs", str(PET_STORE), "--env", str(PET_ENV), "--out", str(out), "--secrets", "placeholder")
    page = (out / "pets" / "get-pet.md").read_text(encoding="utf-8")
    assert "example-token" not in "\n".join(read_pages(out).values())
    assert "'Authorization: Bearer <apiToken>'" in page


def _admin_collection(tmp_path: Path) -> Path:
    """A folder named after the Basic auth username, whose URLs contain it too."""
    collection = {
        "info": {"name": "Shop", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [
            {
                "name": "Admin",
                "auth": _auth("basic", username="admin", password=BASIC_PASSWORD),
                "item": [{"name": "Stats", "request": {"method": "GET", "url": "http://127.0.0.1:9/admin/stats"}}],
            }
        ],
    }
    path = tmp_path / "shop.postman_collection.json"
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def test_username_kept_in_links_and_urls(tmp_path: Path) -> None:
    out = tmp_path / "api"
    run("docs", str(_admin_collection(tmp_path)), "--out", str(out))
    index = (out / "index.md").read_text(encoding="utf-8")
    page = (out / "admin" / "stats.md").read_text(encoding="utf-8")

    assert "(admin/index.md)" in index
    assert "http://127.0.0.1:9/admin/stats" in page
    assert 'auth=("admin", ' in page
    assert "<username>" not in page
    assert BASIC_PASSWORD not in page


def test_username_kept_with_placeholders(tmp_path: Path) -> None:
    out = tmp_path / "api"
    run("docs", str(_admin_collection(tmp_path)), "--out", str(out), "--secrets", "placeholder")
    page = (out / "admin" / "stats.md").read_text(encoding="utf-8")

    assert "http://127.0.0.1:9/admin/stats" in page
    assert 'auth=("admin", "<BASIC_PASSWORD>")' in page
    assert BASIC_PASSWORD not in page


def test_docs_warns_unused_var(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["docs", str(PET_STORE), "--out", str(tmp_path / "api"), "--var", "baseurl=x"])

    assert result.exit_code == 0, result.output
    assert "warning: --var baseurl is not used" in result.stderr
    assert "did you mean baseUrl?" in result.stderr


# --- lookup -----------------------------------------------------------------


def test_source_find_short_address() -> None:
    source = DocsSource(PET_STORE)
    assert source.find("List pets").address == "Pets/List pets"
    assert source.find("Pets/List pets").address == "Pets/List pets"


def test_source_find_unknown_lists_close_matches() -> None:
    source = DocsSource(PET_STORE)
    with pytest.raises(ItemNotFound, match="close matches: 'Pets/List pets'"):
        source.find("Pets/List pet")


def test_source_find_bare_slash_explains_escape(tmp_path: Path) -> None:
    item = {"name": "GET /users/{id}", "request": {"method": "GET", "url": "http://127.0.0.1:9/users/1"}}
    path = tmp_path / "slash.postman_collection.json"
    path.write_text(json.dumps({"info": {"name": "Slash"}, "item": [{"name": "v1", "item": [item]}]}), encoding="utf-8")
    source = DocsSource(path)

    with pytest.raises(ItemNotFound) as raised:
        source.find("GET /users/{id}")

    assert "write a '/' inside a name as '\\/'" in str(raised.value)
    assert "as in 'v1/GET \\/users\\/{id}'" in str(raised.value)


def write_shared_address(tmp_path: Path) -> Path:
    """Write a collection with two items named Get pet in folder Pets."""
    items = [
        {"name": "Get pet", "request": {"method": "GET", "url": f"http://127.0.0.1:9/{index}"}} for index in (1, 2)
    ]
    document = {"info": {"name": "Shared"}, "item": [{"name": "Pets", "item": items}]}
    path = tmp_path / "shared.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_docs_warns_ignored_field(tmp_path: Path) -> None:
    request = {"method": "GET", "url": "http://127.0.0.1:9/x", "headers": [{"key": "A", "value": "1"}]}
    collection = {"info": {"name": "v1"}, "item": [{"name": "Old", "request": request}]}
    collection_path = tmp_path / "v1.postman_collection.json"
    collection_path.write_text(json.dumps(collection), encoding="utf-8")

    result = run("docs", str(collection_path), "--out", str(tmp_path / "api"))

    assert result.exit_code == 0, result.output
    assert "warning: item 'Old' (at /item/0/request/headers): the request has 'headers'" in result.stderr


def test_source_find_shared_address_needs_ordinal(tmp_path) -> None:
    source = DocsSource(write_shared_address(tmp_path))

    with pytest.raises(ItemNotFound, match="2 items share the address 'Pets/Get pet'; add #1 and #2"):
        source.find("Pets/Get pet")
    with pytest.raises(ItemNotFound, match="2 items share the address 'Pets/Get pet'"):
        source.find("Get pet")


def test_source_find_picks_ordinal(tmp_path) -> None:
    source = DocsSource(write_shared_address(tmp_path))

    assert source.find("Pets/Get pet#1").url.raw == "http://127.0.0.1:9/1"
    assert source.find("Get pet#2").url.raw == "http://127.0.0.1:9/2"
    with pytest.raises(ItemNotFound, match="no item 'Get pet#3' in .*: 2 items share the address 'Pets/Get pet': #1 and #2"):
        source.find("Get pet#3")


def test_source_find_ambiguous_lists_ordinals(tmp_path) -> None:
    folders = [("Pets", 2), ("Shop", 1)]
    document = {
        "info": {"name": "Ambiguous"},
        "item": [
            {"name": folder, "item": [{"name": "Get", "request": "http://127.0.0.1:9/x"}] * count} for folder, count in folders
        ],
    }
    path = tmp_path / "ambiguous.postman_collection.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    with pytest.raises(ItemNotFound, match="'Get' matches several items: 'Pets/Get#1', 'Pets/Get#2', 'Shop/Get';"):
        DocsSource(path).find("Get")


def test_source_find_ordinal_lookalike(tmp_path) -> None:
    items = [
        {"name": name, "request": {"method": "GET", "url": f"http://127.0.0.1:9/{index}"}}
        for index, name in enumerate(["Get pet", "Get pet", "Get pet#2"], start=1)
    ]
    path = tmp_path / "lookalike.postman_collection.json"
    path.write_text(json.dumps({"info": {"name": "Lookalike"}, "item": [{"name": "Pets", "item": items}]}), encoding="utf-8")
    source = DocsSource(path)

    assert source.find("Pets/Get pet#2").url.raw == "http://127.0.0.1:9/2"
    assert source.find("Pets/Get pet\\#2").url.raw == "http://127.0.0.1:9/3"


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Hi <script>alert(1)</script>", "Hi &lt;script>alert(1)&lt;/script>"),
        ("keep `a<b` in code", "keep `a<b` in code"),
        ("<!-- never closed", "&lt;!-- never closed"),
        ("```\na<b\n```\nafter <b>", "```\na<b\n```\nafter &lt;b>"),
        ("text\n~~~~\nopen fence", "text\n~~~~\nopen fence\n~~~~"),
    ],
)
def test_description_made_safe(description, expected):
    assert description_markdown(description) == expected


def test_redactor_ignores_letter_case() -> None:
    redact = Redactor({"Zq9xLongKey77": "apiKey", "İstanbul-key": "password", "abc1": "first", "ABC1DEF": "second"})

    assert redact("name zq9xlongkey77 and ZQ9XLONGKEY77") == "name <apiKey> and <apiKey>"
    assert redact("city İstanbul-key") == "city <password>"
    assert redact("x abc1def y ABC1 z") == "x <second> y <first> z"
    # re matches the long s with "s" when it ignores case.
    assert redact("ZQ9XLONGKEY77 zq9xlongkey77") == "<apiKey> <apiKey>"
    assert Redactor({"pass-key-s": "apiKey"})("x pass-key-\u017f") == "x <apiKey>"


def test_secret_in_other_case_absent_from_page(tmp_path: Path) -> None:
    secret = "Zq9xLongKey77"
    request = {"method": "GET", "url": "http://127.0.0.1:9/x", "header": [{"key": "X-Key", "value": "{{apiKey}}"}]}
    collection = {
        "info": {"name": "Case", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "apiKey", "value": secret}],
        "item": [{"name": "zq9xlongkey77", "description": "Send ZQ9XLONGKEY77.", "request": request}],
    }
    result, out = run_docs(tmp_path, collection)

    assert result.exit_code == 0, result.output
    pages = read_pages(out)
    text = "\n".join([*pages, *pages.values()]).lower()
    assert secret.lower() not in text


def test_secret_in_upper_case_absent_from_paths(tmp_path: Path) -> None:
    # The file name "key-abc-123" spells the secret in lower case.
    item = {"name": "key abc 123", "request": {"method": "GET", "url": "http://127.0.0.1:9/{{apiToken}}"}}
    collection = {
        "info": {"name": "Named", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "apiToken", "value": "Key-ABC-123"}],
        "item": [item],
    }
    result, out = run_docs(tmp_path, collection)

    assert result.exit_code == 0, result.output
    assert sorted(read_pages(out)) == ["apitoken.md", "index.md"]
