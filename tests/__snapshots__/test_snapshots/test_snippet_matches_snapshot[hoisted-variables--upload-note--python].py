# Upload note
import requests

url = "http://127.0.0.1:9/api/orders/1042/notes"
# Replace each file path with a file on your machine.
files = [
    ("author", (None, "Zoë O'Brien")),
    ("currency", (None, "EUR")),
    ("missing", (None, "{{undefinedVariable}}")),
]

response = requests.post(url, files=files, timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
