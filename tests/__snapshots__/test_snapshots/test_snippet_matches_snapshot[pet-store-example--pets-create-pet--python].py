# Pets/Create pet
import requests

url = "https://pets.example.com/v1/pets"
headers = {
    "X-Request-Id": "{{$guid}}",
    "Content-Type": "application/json",
    "Authorization": "Bearer {{apiToken}}",
}
payload = {"name": "Zoë", "species": "cat", "age": 3}

response = requests.post(url, headers=headers, json=payload, timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)

data = response.json()
id_ = data["id"]  # int
name = data["name"]  # str
