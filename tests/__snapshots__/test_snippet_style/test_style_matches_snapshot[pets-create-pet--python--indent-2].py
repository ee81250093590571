# Pets/Create pet
import json
import uuid

import requests

dynamic_guid = str(uuid.uuid4())  # Postman's {{$guid}}, fresh for each run
url = "https://pets.example.com/v1/pets"
headers = {
  "X-Request-Id": dynamic_guid,
  "Content-Type": "application/json",
  "Authorization": "Bearer {{apiToken}}",
}
payload = {"name": "Zoë", "species": "cat", "age": 3}

response = requests.post(
  url,
  headers=headers,
  data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
  timeout=30,
)
if response.status_code >= 400:
  print("Request failed with status", response.status_code)
  print(response.headers)
  print(response.text)
  raise SystemExit(1)

data = response.json()
id_ = data["id"]  # int
name = data["name"]  # str
