# Upload note
import random
import urllib.error
import urllib.request

url = "http://127.0.0.1:9/api/orders/1042/notes"
headers = {
    "Accept": "*/*",
}
# The body is built as newman builds it: a boundary of 26 dashes and 24
# random digits, the names and file names written without escaping.
# Replace each file path with a file on your machine.
boundary = "-" * 26 + "".join(random.choice("0123456789") for _ in range(24))
parts = []
head = 'Content-Disposition: form-data; name="' + "author" + '"\r\n'
parts.append((head, "Zoë O'Brien".encode("utf-8")))
head = 'Content-Disposition: form-data; name="' + "currency" + '"\r\n'
parts.append((head, "EUR".encode("utf-8")))
head = 'Content-Disposition: form-data; name="' + "missing" + '"\r\n'
parts.append((head, "{{undefinedVariable}}".encode("utf-8")))
body = b""
for head, content in parts:
    body += (
        ("--" + boundary + "\r\n" + head + "\r\n").encode("utf-8") + content + b"\r\n"
    )
body += ("--" + boundary + "--\r\n").encode("utf-8")
headers["Content-Type"] = "multipart/form-data; boundary=" + boundary


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
