# Purge cache
import requests

url = "https://pets.example.com/cache"
headers = {
    "X-Tag": "pets",
    "X-Tag": "owners",
    "Authorization": "Bearer {{apiToken}}",
}

response = requests.request("PURGE", url, headers=headers, timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
