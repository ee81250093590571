# Bulk v1/Bulk Job Batches
import requests

url = "https://example.my.salesforce.com/services/async/59.0/job/{{_jobId}}/batch?limit=50&state=InProgress"
headers = {
    "X-SFDC-Session": "{{_accessToken}}",
}


class RedirectSession(requests.Session):
    """A session that follows redirects as newman does for this request."""

    def get_redirect_target(self, response):
        # newman follows any 3xx response with a Location, but requests only
        # a 301, 302, 303, 307 or 308.
        if 300 <= response.status_code < 400 and "Location" in response.headers:
            # The header contains each byte as its Latin-1 character, and newman reads
            # the bytes the same way. requests would decode them as UTF-8.
            return response.headers["Location"]
        return None

    def rebuild_auth(self, prepared_request, response):
        # requests calls this once per redirect, with the response that caused it.
        super().rebuild_auth(prepared_request, response)
        previous = response.request
        prepared_request.headers["Referer"] = previous.url


session = RedirectSession()
session.max_redirects = 10  # newman's limit; requests allows 30
response = session.get(url, headers=headers, timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    try:
        error_data = response.json()
    except ValueError:
        error_data = None  # the body is not JSON
    if isinstance(error_data, dict):
        exception_code = error_data.get("exceptionCode")  # str | None
        exception_message = error_data.get("exceptionMessage")  # str | None
    raise SystemExit(1)

data = response.json()
batch_info = data["batchInfo"]  # list[dict]
for item in batch_info:
    id_ = item["id"]  # str
    job_id = item["jobId"]  # str
    state = item["state"]  # str
    number_records_processed = item["numberRecordsProcessed"]  # int
    total_processing_time = item["totalProcessingTime"]  # float
    state_message = item["stateMessage"]  # str | None
next_records_url = data["nextRecordsUrl"]  # null in the example
