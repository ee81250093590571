# Upload note
import requests

BASE_URL = "http://127.0.0.1:9/api"  # Postman's {{baseUrl}}
ORDER_ID = "1042"  # Postman's {{orderId}}
CUSTOMER_NAME = "Zoë O'Brien"  # Postman's {{customer name}}
CURRENCY = "EUR"  # Postman's {{currency}}
url = BASE_URL + "/orders/" + ORDER_ID + "/notes"
# Replace each file path with a file on your machine.
files = [
    ("author", (None, CUSTOMER_NAME)),
    ("currency", (None, CURRENCY)),
    ("missing", (None, "{{undefinedVariable}}")),
]

response = requests.post(url, files=files, timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
