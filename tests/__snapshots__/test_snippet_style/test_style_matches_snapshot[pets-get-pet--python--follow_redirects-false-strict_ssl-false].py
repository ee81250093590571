# Pets/Get pet
import requests

url = "https://pets.example.com/v1/pets/42"
headers = {
    "Authorization": "Bearer {{apiToken}}",
}

response = requests.get(
    url, headers=headers, verify=False, allow_redirects=False, timeout=30
)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
