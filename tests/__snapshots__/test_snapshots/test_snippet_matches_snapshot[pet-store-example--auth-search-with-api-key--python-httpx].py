# Auth/Search with API key
import httpx

url = "https://pets.example.com/v1/search?q=grey%20cat&api_key={{apiKey}}"

with httpx.Client(follow_redirects=True, timeout=30) as client:
    request = client.build_request("GET", url)
    response = client.send(request)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
