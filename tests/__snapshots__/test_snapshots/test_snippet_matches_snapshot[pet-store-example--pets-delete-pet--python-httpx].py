# Pets/Delete pet
import httpx

url = "https://pets.example.com/v1/pets/42"
# A list keeps repeated headers and their order.
headers = [
    ("Authorization", "Bearer {{apiToken}}"),
]

with httpx.Client(follow_redirects=True, timeout=30) as client:
    request = client.build_request("DELETE", url, headers=headers)
    response = client.send(request)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
