# Auth/Health check
import httpx

url = "https://pets.example.com/health"

with httpx.Client(follow_redirects=True, timeout=30) as client:
    request = client.build_request("HEAD", url)
    response = client.send(request)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
