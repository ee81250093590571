# Auth/Search with API key
import requests

url = "https://pets.example.com/v1/search?q=grey%20cat&api_key={{apiKey}}"

response = requests.get(url, timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
