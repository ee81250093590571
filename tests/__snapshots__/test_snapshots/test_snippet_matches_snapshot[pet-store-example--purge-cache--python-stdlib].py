# Purge cache
import urllib.error
import urllib.request

# Note: urllib.request keeps one value per header name, so only the last of each repeated header is sent.
url = "https://pets.example.com/cache"
headers = {
    "Accept": "*/*",
    "X-Tag": "owners",
    "Authorization": "Bearer {{apiToken}}",
}
opener = urllib.request.build_opener()
request = urllib.request.Request(url, headers=headers, method="PURGE")
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
