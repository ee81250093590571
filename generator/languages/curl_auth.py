"""Bash code that signs a curl request when the snippet runs: OAuth 1.0, Hawk, EdgeGrid and JWT, with openssl."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..dynamic import expand_hoisted, sh_expr
from ..oauth1 import OAuth1Error, _base_url, _decode_form, percent_encode, query_separator
from ..quoting import sh_str
from ..wire import UrlEncodedForm, WireRequest

__all__ = ["BASH_RUNTIME_AUTH", "edgegrid_code", "hawk_code", "jwt_code", "oauth1_code"]

# The auth types that the bash curl snippet signs when it runs.
BASH_RUNTIME_AUTH = frozenset({"oauth1", "digest", "ntlm", "awsv4", "hawk", "edgegrid", "jwt"})

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
    when the URL has a part whose value only the snippet has, because the
    signature base string is built here from the URL.
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
        separator = query_separator(url)
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
        written_name = percent_encode(name) if signing.encode_header else name
        comma = "," if fields_added else ""
        pieces.append(("text", f'{comma}{written_name}="'))
        pieces.append(_sent_value(kind, value, encode=signing.encode_header))
        pieces.append(("text", '"'))
        fields_added += 1
    return lines, _word(pieces), "header"


def _url_parts(wire: WireRequest) -> tuple[str, str, str, str] | None:
    """Return the scheme, lower-case host name, port and origin-form target of ``wire.url``, or None when only the snippet has them."""
    url = expand_hoisted(wire.url)
    if "{{" in url:
        return None
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, (parts.hostname or ""), str(port or (80 if scheme == "http" else 443)), target


def _hmac_base64(hash_name: str, key_word: str) -> str:
    return f"openssl dgst -{hash_name} -hmac {key_word} -binary | openssl base64 -A"


def hawk_code(wire: WireRequest) -> tuple[list[str], str] | None:
    """Return the bash lines that sign ``wire`` with Hawk and the ``Authorization`` header word, or None."""
    runtime = wire.runtime_auth
    parts = _url_parts(wire)
    if parts is None:
        return None
    scheme, host, port, target = parts
    get = runtime.get

    lines = ["# Hawk signs the current time and a fresh nonce, so the snippet signs when it runs. Needs openssl."]
    lines.append(f"hawk_timestamp={sh_expr(get('timestamp'))}" if get("timestamp") else "hawk_timestamp=$(date +%s)")
    lines.append(f"hawk_nonce={sh_expr(get('nonce'))}" if get("nonce") else "hawk_nonce=$(openssl rand -hex 3)")
    text_format = "hawk.1.header\\n%s\\n%s\\n%s\\n%s\\n%s\\n%s\\n\\n%s\\n"
    arguments = ['"$hawk_timestamp"', '"$hawk_nonce"', sh_str(wire.method.upper()), sh_str(target), sh_str(host), port, sh_expr(get("extMac"))]
    if get("app"):
        text_format += "%s\\n%s\\n"
        arguments += [sh_expr(get("app")), sh_expr(get("dlg"))]
    lines.append(
        f"hawk_mac=$(printf '{text_format}' {' '.join(arguments)} | {_hmac_base64(get('algorithm'), sh_expr(get('key')))})"
    )

    pieces: list[tuple[str, str]] = [
        ("text", "Authorization: Hawk id=\""), *_value_pieces(get("id")), ("text", '", ts="'), ("code", '"$hawk_timestamp"'),
        ("text", '", nonce="'), ("code", '"$hawk_nonce"'),
    ]
    if get("extHeader"):
        pieces += [("text", '", ext="'), *_value_pieces(get("extHeader"))]
    pieces += [("text", '", mac="'), ("code", '"$hawk_mac"'), ("text", '"')]
    if get("app"):
        pieces += [("text", ', app="'), *_value_pieces(get("app"))]
        if get("dlg"):
            pieces += [("text", '", dlg="'), *_value_pieces(get("dlg"))]
        pieces.append(("text", '"'))
    return lines, _word(pieces)


def edgegrid_code(wire: WireRequest) -> tuple[list[str], str] | None:
    """Return the bash lines that sign ``wire`` with Akamai EdgeGrid and the ``Authorization`` header word, or None."""
    runtime = wire.runtime_auth
    parts = _url_parts(wire)
    if parts is None:
        return None
    scheme, host, port, target = parts
    get = runtime.get
    authority = urlsplit(expand_hoisted(wire.url)).netloc.lower()
    lines = ["# Akamai EdgeGrid signs the current time and a fresh nonce, so the snippet signs when it runs. Needs openssl."]
    if get("timestamp"):
        lines.append(f"edgegrid_timestamp={sh_expr(get('timestamp'))}")
    else:
        lines.append("edgegrid_timestamp=$(date -u +%Y%m%dT%H:%M:%S+0000)")
    lines.append(f"edgegrid_nonce={sh_expr(get('nonce'))}" if get("nonce") else "edgegrid_nonce=$(openssl rand -hex 16)")
    auth_word = _word([
        ("text", "EG1-HMAC-SHA256 client_token="), *_value_pieces(get("clientToken")),
        ("text", ";access_token="), *_value_pieces(get("accessToken")),
        ("text", ";timestamp="), ("code", '"$edgegrid_timestamp"'), ("text", ";nonce="), ("code", '"$edgegrid_nonce"'), ("text", ";"),
    ])
    lines.append(f"edgegrid_auth={auth_word}")
    lines.append(f'edgegrid_key=$(printf \'%s\' "$edgegrid_timestamp" | {_hmac_base64("sha256", sh_expr(get("clientSecret")))})')
    fields = [sh_str(wire.method.upper()), sh_str(scheme), sh_expr(get("baseHost")) if get("baseHost") else sh_str(authority), sh_str(target)]
    fields += ["''", sh_str(get("bodyHash")), '"$edgegrid_auth"']
    lines.append(
        f"edgegrid_signature=$(printf '%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s' {' '.join(fields)} | {_hmac_base64('sha256', chr(34) + '$edgegrid_key' + chr(34))})"
    )
    return lines, _word([("text", "Authorization: "), ("code", '"$edgegrid_auth"'), ("text", "signature="), ("code", '"$edgegrid_signature"')])


def jwt_code(wire: WireRequest) -> tuple[list[str], str, str]:
    """Return the bash lines that sign a JWT, the word of its header or URL, and "header" or "query"."""
    get = wire.runtime_auth.get
    lines = [
        "# The JWT is signed with the secret when the snippet runs (RFC 7519, HMAC). Needs openssl.",
        f"jwt_signing_input={sh_str(get('signingInput'))}",
    ]
    if get("secretBase64"):
        key = f"-mac HMAC -macopt hexkey:\"$(printf '%s' {sh_expr(get('secret'))} | openssl base64 -d -A | od -An -v -tx1 | tr -d ' \\n')\""
        digest = f"openssl dgst -{get('hash')} {key} -binary"
    else:
        digest = f"openssl dgst -{get('hash')} -hmac {sh_expr(get('secret'))} -binary"
    lines.append(f"jwt_signature=$(printf '%s' \"$jwt_signing_input\" | {digest} | openssl base64 -A | tr '+/' '-_' | tr -d '=')")
    token = [("code", '"$jwt_signing_input"'), ("text", "."), ("code", '"$jwt_signature"')]
    if get("addTokenTo") == "queryParam":
        url = expand_hoisted(wire.url)
        separator = "&" if "?" in url else "?"
        return lines, _word([("text", url + separator + get("queryKey") + "="), *token]), "query"
    prefix = get("prefix") + " " if get("prefix") else ""
    return lines, _word([("text", "Authorization: "), *_value_pieces(prefix), *token]), "header"


def _value_pieces(value: str) -> list[tuple[str, str]]:
    """Return ``value`` as word pieces: text, or a bash expansion for a value read when the snippet runs."""
    if "{{$" in value:
        return [("code", sh_expr(value))]
    return [("text", value)]
