# Auth/Health check
import urllib.error
import urllib.request

url = "https://pets.example.com/health"
headers = {
    "Accept": "*/*",
}
opener = urllib.request.build_opener()
request = urllib.request.Request(url, headers=headers, method="HEAD")
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
