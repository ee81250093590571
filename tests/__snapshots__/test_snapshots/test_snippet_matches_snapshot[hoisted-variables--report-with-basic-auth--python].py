# Report with basic auth
import requests

url = "http://127.0.0.1:9/api/reports/1042?label=shadows%20the%20snippet%27s%20own%20url%20variable"

response = requests.get(url, auth=("reporter", "pw-81d3"), timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)
