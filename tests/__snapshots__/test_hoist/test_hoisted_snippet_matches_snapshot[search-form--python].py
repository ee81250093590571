# Search form
from urllib.parse import quote, urlencode

import requests

BASE_URL = "http://127.0.0.1:9/api"  # Postman's {{baseUrl}}
SEARCH = "blue shoes"  # Postman's {{search}}
CURRENCY = "EUR"  # Postman's {{currency}}
url = BASE_URL + "/search"
headers = {
    "Content-Type": "application/x-www-form-urlencoded",
}
payload = [
    ("q", SEARCH),
    ("currency", CURRENCY),
]

response = requests.post(
    url, headers=headers, data=urlencode(payload, quote_via=quote), timeout=30
)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
