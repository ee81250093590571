# Bulk v1/Bulk Create Job
import json
import urllib.error
import urllib.request

url = "https://example.my.salesforce.com/services/async/59.0/job"
headers = {
    "Accept": "*/*",
    "X-SFDC-Session": "{{_accessToken}}",
    "Content-Type": "application/json",
    "charset": "UTF-8",
}
payload = {"operation": "insert", "object": "Account", "contentType": "JSON"}
body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
opener = urllib.request.build_opener()
request = urllib.request.Request(url, data=body, headers=headers, method="POST")
try:
    response = opener.open(request, timeout=30)
except urllib.error.HTTPError as error:
    response = error  # 4xx and 5xx responses, and 3xx ones that are not followed
content = response.read()
if response.status >= 400:
    print("Request failed with status", response.status)
    print(response.headers)
    print(content.decode("utf-8", "replace"))
    raise SystemExit(1)
