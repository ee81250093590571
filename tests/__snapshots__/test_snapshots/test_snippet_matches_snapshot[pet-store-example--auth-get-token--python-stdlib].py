# Auth/Get token
import json
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode

url = "https://pets.example.com/oauth/token"
headers = {
    "Accept": "*/*",
    "Content-Type": "application/x-www-form-urlencoded",
    "Authorization": "Basic cGV0LWNsaWVudDp7e2NsaWVudFNlY3JldH19",
}
payload = [
    ("grant_type", "client_credentials"),
    ("scope", "pets:read pets:write"),
]
body = urlencode(payload, quote_via=quote).encode("ascii")


class FollowRedirects(urllib.request.HTTPRedirectHandler):
    """Follow 307 and 308 with the same method and body, as newman does.

    urllib.request follows them only for GET and HEAD.
    """

    def redirect_request(self, request, fp, code, msg, headers, new_url):
        if code in (307, 308):
            return urllib.request.Request(
                new_url,
                data=request.data,
                headers=request.headers,
                method=request.get_method(),
                unverifiable=True,
            )
        return super().redirect_request(request, fp, code, msg, headers, new_url)


handlers = [
    FollowRedirects(),
]
opener = urllib.request.build_opener(*handlers)
request = urllib.request.Request(url, data=body, headers=headers, method="POST")
try:
    response = opener.open(request, timeout=30)
except urllib.error.HTTPError as error:
    response = error  # 4xx and 5xx responses, and 3xx ones that are not followed
content = response.read()
if response.status >= 400:
    print("Request failed with status", response.status)
    print(response.headers)
    print(content.decode("utf-8", "replace"))
    raise SystemExit(1)

data = json.loads(content)
access_token = data["access_token"]  # str
token_type = data["token_type"]  # str
expires_in = data["expires_in"]  # int
