# Search form
from urllib.parse import quote, urlencode

import requests

url = "http://127.0.0.1:9/api/search"
headers = {
    "Content-Type": "application/x-www-form-urlencoded",
}
payload = [
    ("q", "blue shoes"),
    ("currency", "EUR"),
]

response = requests.post(
    url, headers=headers, data=urlencode(payload, quote_via=quote), timeout=30
)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
