# Auth/Search with API key
import urllib.error
import urllib.request

url = "https://pets.example.com/v1/search?q=grey%20cat&api_key={{apiKey}}"
headers = {
    "Accept": "*/*",
}
opener = urllib.request.build_opener()
request = urllib.request.Request(url, headers=headers, method="GET")
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
