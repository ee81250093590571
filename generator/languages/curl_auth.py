"""Bash code that signs a curl request when the snippet runs (OAuth 1.0 with openssl)."""

from __future__ import annotations

from ..dynamic import expand_hoisted, sh_expr
from ..oauth1 import OAuth1Error, _base_url, _decode_form, percent_encode
from ..quoting import sh_str
from ..wire import UrlEncodedForm, WireRequest

__all__ = ["BASH_RUNTIME_AUTH", "oauth1_code"]

# The auth types that the bash curl snippet signs when it runs.
BASH_RUNTIME_AUTH = frozenset({"oauth1", "digest", "ntlm", "awsv4"})

# Encodes like RFC 5849, section 3.6: every byte but A-Z a-z 0-9 - . _ ~ as %XX.
_PERCENT_ENCODE_FUNCTION = """\
percent_encode() {
  # Encode all but A-Z a-z 0-9 - . _ ~ as UTF-8 %XX (RFC 5849, section 3.6).
  local LC_ALL=C text=$1 encoded= char index
  for ((index = 0; index < ${#text}; index++)); do
    char=${text:index:1}
    case $char in
      [A-Za-z0-9._~-]) encoded+=$char ;;
      *) printf -v char '%%%02X' "'$char"; encoded+=$char ;;
    esac
  done
  printf '%s' "$encoded"
}"""

_FRESH_VALUES = {"oauth_timestamp": '"$oauth_timestamp"', "oauth_nonce": '"$oauth_nonce"'}


def _word(pieces: list[tuple[str, str]]) -> str:
    """Join ("text", literal) and ("code", bash expansion) pieces into one bash word."""
    parts = []
    text = ""
    for kind, value in pieces:
        if kind == "text":
            text += value
            continue
        if text:
            parts.append(sh_str(text))
            text = ""
        parts.append(value)
    if text:
        parts.append(sh_str(text))
    return "".join(parts) or "''"


def _encoded(value: str) -> tuple[str, str]:
    """Return ``value`` percent-encoded: as text when it is known now, else as code that encodes it when the snippet runs."""
    if "{{$" in value:
        return "code", f'"$(percent_encode {sh_expr(value)})"'
    return "text", percent_encode(value)


def _sent_value(kind: str, value: str, encode: bool) -> tuple[str, str]:
    """Return the piece of a sent oauth_* value of ``kind`` (see oauth1_code), percent-encoded when ``encode`` is set."""
    if kind == "text":
        return "text", percent_encode(value) if encode else value
    if kind == "code" and encode:
        return "code", f'"$(percent_encode {value})"'
    return "code", value


def oauth1_code(wire: WireRequest, header_prefix: str = "") -> tuple[list[str], str, str] | None:
    """Return the bash lines that sign ``wire`` with OAuth 1.0, the value of its auth header or the URL word, and which of the two.

    Returns ``(lines, word, placement)`` with placement "header" (word is
    ``header_prefix`` and the ``Authorization`` value) or "query" (word is the
    signed URL). Returns None
    when the URL has a part that only the snippet knows, because the signature
    base string is built here from the URL.
    """
    signing = wire.runtime_auth.oauth1
    url = expand_hoisted(wire.url)
    if "{{" in url:
        return None
    try:
        base_url, query = _base_url(url)
        query_pairs = _decode_form(query)
    except OAuth1Error:
        return None
    fields = wire.body.fields if isinstance(wire.body, UrlEncodedForm) else ()

    signed: list[tuple[str, tuple[str, str]]] = []
    for name, value in query_pairs:
        signed.append((percent_encode(name), ("text", percent_encode(value or ""))))
    parameters = [(name, value) for name, value in signing.parameters]
    if signing.signed_only:
        parameters = [(name, value) for name, value in parameters if name != "oauth_signature_method"]
        parameters.extend(signing.signed_only)
    for name, value in parameters:
        signed.append((percent_encode(name), ("code", _FRESH_VALUES[name]) if value is None else _encoded(value)))
    for name, value in fields:
        signed.append((percent_encode(expand_hoisted(name)), _encoded(expand_hoisted(value))))
    # RFC 5849, section 3.4.1.3.2: sorted by encoded name, then value.
    signed.sort(key=lambda entry: (entry[0], entry[1][1]))
    normalized: list[tuple[str, str]] = []
    for index, (name, value) in enumerate(signed):
        normalized.append(("text", ("&" if index else "") + name + "="))
        normalized.append(value)

    method = percent_encode(wire.method.upper())
    lines = [
        "# OAuth 1.0: newman signs each request with a fresh timestamp and nonce, and so does this",
        "# snippet (RFC 5849, section 3.4). Needs openssl.",
        _PERCENT_ENCODE_FUNCTION,
        "oauth_timestamp=$(date +%s)",
        "oauth_nonce=$(openssl rand -hex 6)",
        f"oauth_parameters={_word(normalized)}",
        f'oauth_base_string={sh_str(method + "&" + percent_encode(base_url) + "&")}"$(percent_encode "$oauth_parameters")"',
        f'oauth_key="$(percent_encode {sh_expr(signing.consumer_secret)})&$(percent_encode {sh_expr(signing.token_secret)})"',
    ]
    if signing.hash_name:
        lines.append(
            f'oauth_signature=$(printf \'%s\' "$oauth_base_string" | openssl dgst -{signing.hash_name} -hmac "$oauth_key" -binary | openssl base64 -A)'
        )
    else:
        lines.append('oauth_signature=$oauth_key  # PLAINTEXT signs with the key alone')

    # Kinds: "text" is known now, "fresh" needs no encoding (digits and
    # hex), and "code" is a bash word to encode when the snippet runs.
    sent: list[tuple[str, tuple[str, str]]] = []
    for name, value in signing.parameters:
        if value is None:
            sent.append((name, ("fresh", _FRESH_VALUES[name])))
        elif "{{$" in value:
            sent.append((name, ("code", sh_expr(value))))
        else:
            sent.append((name, ("text", value)))
    sent.append(("oauth_signature", ("code", '"$oauth_signature"')))
    if signing.placement == "query":
        pieces: list[tuple[str, str]] = []
        separator = "" if url.endswith("?") else "&" if "?" in url else "?"
        for index, (name, (kind, value)) in enumerate(sent):
            pieces.append(("text", (separator if index == 0 else "&") + percent_encode(name) + "="))
            pieces.append(_sent_value(kind, value, encode=True))
        return lines, _word([("text", url), *pieces]), "query"

    pieces = [("text", header_prefix + "OAuth ")]
    fields_added = 0
    if signing.realm:
        realm = _encoded(signing.realm) if signing.encode_header else ("text", signing.realm) if "{{$" not in signing.realm else ("code", sh_expr(signing.realm))
        pieces += [("text", 'realm="'), realm, ("text", '"')]
        fields_added += 1
    for name, (kind, value) in sent:
        if kind == "text":
            value = value.strip()
            if not value:
                continue
        pieces.append(("text", ("," if fields_added else "") + (percent_encode(name) if signing.encode_header else name) + '="'))
        pieces.append(_sent_value(kind, value, encode=signing.encode_header))
        pieces.append(("text", '"'))
        fields_added += 1
    return lines, _word(pieces), "header"
