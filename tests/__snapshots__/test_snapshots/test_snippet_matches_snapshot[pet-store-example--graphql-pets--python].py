# GraphQL pets
import requests

url = "https://pets.example.com/graphql"
headers = {
    "Content-Type": "application/json",
    "Authorization": "Bearer {{apiToken}}",
}
payload = {
    "query": "query Pets($first: Int) {\n  pets(first: $first) { id name }\n}",
    "variables": {"first": 10},
}

response = requests.post(url, headers=headers, json=payload, timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
