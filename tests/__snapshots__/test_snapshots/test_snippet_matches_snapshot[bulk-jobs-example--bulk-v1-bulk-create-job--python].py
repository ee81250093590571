# Bulk v1/Bulk Create Job
import requests

url = "https://example.my.salesforce.com/services/async/59.0/job"
headers = {
    "X-SFDC-Session": "{{_accessToken}}",
    "Content-Type": "application/json",
    "charset": "UTF-8",
}
payload = {"operation": "insert", "object": "Account", "contentType": "JSON"}

response = requests.post(url, headers=headers, json=payload, timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
