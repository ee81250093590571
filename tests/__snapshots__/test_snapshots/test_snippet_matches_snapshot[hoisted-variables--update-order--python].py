# Update order
import json
import random

import requests

# Note: these variables are empty, so they are sent empty as Postman does: {{note}}.
dynamic_random_int = str(
    random.randint(0, 1000)
)  # Postman's {{$randomInt}}, fresh for each run
url = "http://127.0.0.1:9/api/orders/1042?q=blue%20shoes&currency=EUR"
headers = {
    "X-Api-Key": "k-5f2a9c",
    "X-Request-Id": "req-1042-" + dynamic_random_int,
    "X-Note": "",
    "Content-Type": "application/json",
}
payload = {"customer": "Zoë O'Brien", "currency": "EUR", "order": 1042}

response = requests.put(
    url,
    headers=headers,
    data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
    timeout=30,
)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
