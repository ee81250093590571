# Report with basic auth
import urllib.error
import urllib.request

url = "http://127.0.0.1:9/api/reports/1042?label=shadows%20the%20snippet%27s%20own%20url%20variable"
headers = {
    "Accept": "*/*",
    "Authorization": "Basic cmVwb3J0ZXI6cHctODFkMw==",
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
