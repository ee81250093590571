# Report with basic auth
import urllib.error
import urllib.request

# Note: these variables are written out as sent in some places (where the request encodes or trims them, or in a name, content type or file path): {{url}}.
BASE_URL = "http://127.0.0.1:9/api"  # Postman's {{baseUrl}}
ORDER_ID = "1042"  # Postman's {{orderId}}
url = (
    BASE_URL
    + "/reports/"
    + ORDER_ID
    + "?label=shadows%20the%20snippet%27s%20own%20url%20variable"
)
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
