"""Which items the conformance report compares by structure because of their auth."""

from __future__ import annotations

from generator.conformance.volatility import auth_volatility, effective_auths, volatile_reason


def oauth1(**params):
    return {"type": "oauth1", "oauth1": [{"key": key, "value": value} for key, value in params.items()]}


def test_inherited_auth_reaches_nested_items():
    collection = {
        "auth": oauth1(consumerKey="ck", consumerSecret="cs"),
        "item": [
            {"name": "folder", "item": [{"name": "a", "request": {"url": "http://x"}}]},
            {"name": "b", "request": {"url": "http://x", "auth": {"type": "noauth"}}},
            {"name": "c", "request": {"url": "http://x", "auth": {"type": "inherit"}}},
        ],
    }

    auths = {item["name"]: auth for item, auth in effective_auths(collection)}

    assert auths["a"]["type"] == "oauth1"
    assert auths["b"] == {"type": "noauth"}
    assert auths["c"] is None


def test_fresh_oauth1_is_volatile():
    assert auth_volatility(oauth1(consumerKey="ck", consumerSecret="cs")) is not None


def test_fixed_oauth1_is_volatile_for_its_port():
    reason = auth_volatility(oauth1(consumerKey="ck", timestamp="1", nonce="n"))

    assert reason is not None
    assert "port" in reason


def test_unsigned_oauth1_is_stable():
    assert auth_volatility(oauth1(consumerSecret="cs")) is None


def test_digest_with_realm_and_nonce_is_stable():
    auth = {"type": "digest", "digest": {"username": "u", "realm": "r", "nonce": "n"}}

    assert auth_volatility(auth) is None


def test_digest_without_nonce_is_volatile():
    assert auth_volatility({"type": "digest", "digest": {"username": "u"}}) is not None


def test_basic_is_stable():
    assert auth_volatility({"type": "basic", "basic": []}) is None


def test_description_line_wins():
    item = {"description": "text\nvolatile: the server picks the value"}

    assert volatile_reason(item, None) == "the server picks the value"
