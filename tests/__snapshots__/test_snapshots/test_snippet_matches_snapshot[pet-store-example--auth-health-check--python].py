# Auth/Health check
import requests

url = "https://pets.example.com/health"

response = requests.head(url, allow_redirects=True, timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
