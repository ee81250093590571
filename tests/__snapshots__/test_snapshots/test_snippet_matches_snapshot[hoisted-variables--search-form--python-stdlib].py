# Search form
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode

url = "http://127.0.0.1:9/api/search"
headers = {
    "Accept": "*/*",
    "Content-Type": "application/x-www-form-urlencoded",
}
payload = [
    ("q", "blue shoes"),
    ("currency", "EUR"),
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
