# Report with basic auth
import httpx

url = "http://127.0.0.1:9/api/reports/1042?label=shadows%20the%20snippet%27s%20own%20url%20variable"
# A list keeps repeated headers and their order.
headers = [
    ("Authorization", "Basic cmVwb3J0ZXI6cHctODFkMw=="),
]

with httpx.Client(follow_redirects=True, timeout=30) as client:
    request = client.build_request("GET", url, headers=headers)
    response = client.send(request)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
