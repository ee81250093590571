# Bulk v1/Bulk Close Job
import requests

url = "https://example.my.salesforce.com/services/async/59.0/job/{{_jobId}}"
headers = {
    "X-SFDC-Session": "{{_accessToken}}",
    "Content-Type": "application/json",
    "charset": "UTF-8",
}
payload = {"state": "Closed"}


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

    def rebuild_method(self, prepared_request, response):
        # newman sends a GET after any 3xx but a 307 or 308, and requests keeps
        # POST after some of them.
        if response.status_code not in (307, 308):
            prepared_request.method = "GET"

    def rebuild_auth(self, prepared_request, response):
        # requests calls this once per redirect, with the response that caused it.
        super().rebuild_auth(prepared_request, response)
        previous = response.request
        prepared_request.headers["Referer"] = previous.url


session = RedirectSession()
session.max_redirects = 10  # newman's limit; requests allows 30
response = session.post(url, headers=headers, json=payload, timeout=30)
if response.status_code >= 400:
    print("Request failed with status", response.status_code)
    print(response.headers)
    print(response.text)
    raise SystemExit(1)

data = response.json()
apex_processing_time = data["apexProcessingTime"]  # int
api_active_processing_time = data["apiActiveProcessingTime"]  # int
api_version = data["apiVersion"]  # float
assignment_rule_id = data["assignmentRuleId"]  # null in the example
concurrency_mode = data["concurrencyMode"]  # str
content_type = data["contentType"]  # str
created_by_id = data["createdById"]  # str
created_date = data["createdDate"]  # str
external_id_field_name = data["externalIdFieldName"]  # null in the example
fast_path_enabled = data["fastPathEnabled"]  # bool
id_ = data["id"]  # str
number_batches_completed = data["numberBatchesCompleted"]  # int
number_batches_failed = data["numberBatchesFailed"]  # int
number_batches_in_progress = data["numberBatchesInProgress"]  # int
number_batches_queued = data["numberBatchesQueued"]  # int
number_batches_total = data["numberBatchesTotal"]  # int
number_records_failed = data["numberRecordsFailed"]  # int
number_records_processed = data["numberRecordsProcessed"]  # int
number_retries = data["numberRetries"]  # int
object_ = data["object"]  # str
operation = data["operation"]  # str
state = data["state"]  # str
system_modstamp = data["systemModstamp"]  # str
total_processing_time = data["totalProcessingTime"]  # int
