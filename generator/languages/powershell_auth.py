"""PowerShell 7 code that signs a request with OAuth 1.0 when the snippet runs, with .NET's HMAC classes."""

from __future__ import annotations

from ..dynamic import expand_hoisted, ps_expr
from ..oauth1 import percent_encode, query_separator
from ..quoting import ps_str
from ..wire import UrlEncodedForm, WireRequest

__all__ = ["POWERSHELL_RUNTIME_AUTH", "OAuth1Code", "oauth1_code"]

# The auth types that the PowerShell 7 snippet computes when it runs.
POWERSHELL_RUNTIME_AUTH = frozenset({"oauth1", "digest", "ntlm"})

# The .NET classes of the HMAC hashes, by hashlib name.
_HMAC_CLASSES = {"sha1": "HMACSHA1", "sha256": "HMACSHA256", "sha512": "HMACSHA512"}

# The PowerShell expressions of the values that change on every run. The
# conformance reader (generator/conformance/powershell.py) recognizes these two.
FRESH_TIMESTAMP = "[string][DateTimeOffset]::UtcNow.ToUnixTimeSeconds()"
FRESH_NONCE = "[Convert]::ToHexString([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(6)).ToLowerInvariant()"
_FRESH_VARIABLES = {"oauth_timestamp": "$oauthTimestamp", "oauth_nonce": "$oauthNonce"}

_HMAC_FUNCTION = """\
function Get-OAuth1Signature([string]$Method, [string]$Url, [string[]]$Parameters, [string]$ConsumerSecret, [string]$TokenSecret) {
    # Return the OAuth 1.0 HMAC_NAME signature of a request (RFC 5849, section 3.4).
    # $Parameters alternates names and values. In .NET Core, [Uri]::EscapeDataString
    # encodes all but A-Z a-z 0-9 - . _ ~ as UTF-8 %XX, as RFC 5849 requires.
    $key = [Uri]::EscapeDataString($ConsumerSecret) + '&' + [Uri]::EscapeDataString($TokenSecret)
    $parts = [regex]::Match($Url, '^([^:/?#]+)://([^/?#]*)([^?#]*)(?:\\?([^#]*))?')
    $authority = $parts.Groups[2].Value.ToLowerInvariant() -replace ':(80|443)$', ''
    $path = if ($parts.Groups[3].Value) { $parts.Groups[3].Value } else { '/' }
    $baseUrl = $parts.Groups[1].Value.ToLowerInvariant() + '://' + $authority + $path
    $pairs = [System.Collections.Generic.List[string]]::new()
    foreach ($field in $parts.Groups[4].Value.Split('&')) {
        if ($field) {
            # The query is decoded as a form: "+" is a space.
            $name, $value = $field.Split('=', 2)
            $name = [Uri]::UnescapeDataString($name.Replace('+', ' '))
            $value = [Uri]::UnescapeDataString(([string]$value).Replace('+', ' '))
            $pairs.Add([Uri]::EscapeDataString($name) + ' ' + [Uri]::EscapeDataString($value))
        }
    }
    for ($index = 0; $index -lt $Parameters.Count; $index += 2) {
        $pairs.Add([Uri]::EscapeDataString($Parameters[$index]) + ' ' + [Uri]::EscapeDataString($Parameters[$index + 1]))
    }
    # Sorted by encoded name, then value: the space sorts before every character of an encoded name.
    $pairs.Sort([StringComparer]::Ordinal)
    $normalized = ($pairs -join '&').Replace(' ', '=')
    $baseString = [Uri]::EscapeDataString($Method) + '&' + [Uri]::EscapeDataString($baseUrl) + '&' + [Uri]::EscapeDataString($normalized)
    $hmac = [System.Security.Cryptography.HMAC_CLASS]::new([System.Text.Encoding]::UTF8.GetBytes($key))
    [Convert]::ToBase64String($hmac.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($baseString)))
}"""

_PLAINTEXT_FUNCTION = """\
function Get-OAuth1Signature([string]$Method, [string]$Url, [string[]]$Parameters, [string]$ConsumerSecret, [string]$TokenSecret) {
    # Return the OAuth 1.0 PLAINTEXT signature, which is the key alone (RFC 5849, section 3.4.4).
    [Uri]::EscapeDataString($ConsumerSecret) + '&' + [Uri]::EscapeDataString($TokenSecret)
}"""


class OAuth1Code:
    """The PowerShell lines that sign a request with OAuth 1.0, and where the result goes.

    ``header`` is the expression of the ``Authorization`` value, or None when
    the parameters go into the query. ``uri`` is the expression of the
    signed URL in that case, else None.
    """

    def __init__(self, lines: list[str], header: str | None, uri: str | None) -> None:
        self.lines = lines
        self.header = header
        self.uri = uri


def _join(pieces: list[tuple[str, str]]) -> str:
    """Join ("text", literal) and ("code", expression) pieces into one PowerShell string expression."""
    parts: list[str] = []
    text = ""
    for kind, value in pieces:
        if kind == "text":
            text += value
            continue
        if text or not parts:
            # A leading string makes + join strings.
            parts.append(ps_str(text))
            text = ""
        parts.append(value)
    if text:
        parts.append(ps_str(text))
    return " + ".join(parts)


def _is_known(value: str) -> bool:
    """Tell whether ``value`` is known when the snippet is generated (hoisted variables are)."""
    return "{{$" not in expand_hoisted(value)


def _sent_pieces(name: str, value: str | None, encode: bool, strip: bool = True) -> list[tuple[str, str]] | None:
    """Return the pieces of one header value, or None for a known empty value, which newman leaves out of the header.

    newman trims the oauth_* values it sends, but not the realm.
    """
    if value is None:
        return [("code", _FRESH_VARIABLES[name])]
    if _is_known(value):
        text = expand_hoisted(value)
        if not text:
            return None
        text = text.strip() if strip else text
        return [("text", percent_encode(text) if encode else text)]
    # NOTE: a value read when the snippet runs (a sensitive variable from the
    # environment or a dynamic variable) is sent untrimmed, even when empty,
    # where newman trims it and leaves an empty one out.
    return [("code", f"[Uri]::EscapeDataString({ps_expr(value)})" if encode else ps_expr(value))]


def oauth1_code(wire: WireRequest) -> OAuth1Code:
    """Return the PowerShell code that signs ``wire`` with OAuth 1.0 when the snippet runs, as the Python snippets do."""
    signing = wire.runtime_auth.oauth1
    fresh = [name for name, value in signing.parameters if value is None]
    lines = [
        "# OAuth 1.0: newman signs each request with "
        + ("a fresh timestamp and nonce" if fresh else "the values below")
        + ", and so does this snippet.",
    ]
    if fresh:
        # [Convert]::ToHexString needs .NET 5 and the static RandomNumberGenerator.GetBytes .NET 6.
        lines.append("# Needs PowerShell 7.2 or later.")
    if signing.hash_name:
        function = _HMAC_FUNCTION.replace("HMAC_CLASS", _HMAC_CLASSES[signing.hash_name])
        function = function.replace("HMAC_NAME", "HMAC-" + signing.hash_name.upper())
    else:
        function = _PLAINTEXT_FUNCTION
    lines.append(function)
    if "oauth_timestamp" in fresh:
        lines.append(f"$oauthTimestamp = {FRESH_TIMESTAMP}")
    if "oauth_nonce" in fresh:
        lines.append(f"$oauthNonce = {FRESH_NONCE}")
    lines.append(f"$oauthUrl = {ps_expr(wire.url)}")

    signed = [(name, value) for name, value in signing.parameters]
    if signing.signed_only:
        signed = [(name, value) for name, value in signed if name != "oauth_signature_method"]
        signed.extend(signing.signed_only)
    if isinstance(wire.body, UrlEncodedForm):
        signed.extend(wire.body.fields)
    lines.append("$oauthSigned = @(")
    for name, value in signed:
        value_code = _FRESH_VARIABLES[name] if value is None else ps_expr(value)
        lines.append(f"    {ps_expr(name)}, {value_code}")
    lines.append(")")
    lines.append(
        f"$oauthSignature = Get-OAuth1Signature -Method {ps_str(wire.method.upper())} -Url $oauthUrl"
        f" -Parameters $oauthSigned -ConsumerSecret {ps_expr(signing.consumer_secret)}"
        f" -TokenSecret {ps_expr(signing.token_secret)}"
    )

    signature = [("code", "[Uri]::EscapeDataString($oauthSignature)")]
    if signing.placement == "query":
        url = expand_hoisted(wire.url)
        separator = query_separator(url)
        pieces: list[tuple[str, str]] = [("code", "$oauthUrl")]
        for index, (name, value) in enumerate(signing.parameters):
            pieces.append(("text", ("&" if index else separator) + percent_encode(name) + "="))
            if value is None:
                pieces.append(("code", _FRESH_VARIABLES[name]))
            elif _is_known(value):
                pieces.append(("text", percent_encode(expand_hoisted(value))))
            else:
                pieces.append(("code", f"[Uri]::EscapeDataString({ps_expr(value)})"))
        pieces.append(("text", ("&" if signing.parameters else separator) + "oauth_signature="))
        pieces += signature
        return OAuth1Code(lines, header=None, uri=_join(pieces))

    header: list[tuple[str, str]] = [("text", "OAuth ")]
    fields: list[list[tuple[str, str]]] = []
    if signing.realm:
        realm = _sent_pieces("realm", signing.realm, signing.encode_header, strip=False)
        if realm is not None:
            fields.append([("text", 'realm="'), *realm, ("text", '"')])
    for name, value in signing.parameters:
        sent = _sent_pieces(name, value, signing.encode_header)
        if sent is None:
            continue
        written_name = percent_encode(name) if signing.encode_header else name
        fields.append([("text", f'{written_name}="'), *sent, ("text", '"')])
    if signing.encode_header:
        fields.append([("text", 'oauth_signature="'), *signature, ("text", '"')])
    else:
        # disableHeaderEncoding: the values go into the header as they are.
        fields.append([("text", 'oauth_signature="'), ("code", "$oauthSignature"), ("text", '"')])
    for index, field in enumerate(fields):
        if index:
            header.append(("text", ","))
        header += field
    lines.append(f"$oauthAuthorization = {_join(header)}")
    return OAuth1Code(lines, header="$oauthAuthorization", uri=None)
