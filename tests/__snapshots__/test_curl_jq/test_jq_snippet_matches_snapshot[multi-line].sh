# Bulk v1/Bulk Job Batches
# Needs jq 1.6 or later. pipefail makes the exit status curl's when curl fails (22 for a
# 4xx or 5xx status), instead of jq's.
set -o pipefail
curl 'https://example.my.salesforce.com/services/async/59.0/job/{{_jobId}}/batch?limit=50&state=InProgress' \
  --silent \
  --show-error \
  --fail \
  --location \
  --max-redirs 10 \
  --referer ';auto' \
  --globoff \
  --max-time 30 \
  --header 'X-SFDC-Session: {{_accessToken}}' \
  | jq -r '. as $v0 |
($v0["batchInfo"] as $v1 | (
  ($v0["batchInfo"] | if type == "object" or type == "array" then empty else "batch_info: \(tojson)" end),
  (($v1 | arrays | .[]) as $v2 | (
    ($v2["id"] | "id_: \(tojson)"),
    ($v2["jobId"] | "job_id: \(tojson)"),
    ($v2["state"] | "state: \(tojson)"),
    ($v2["numberRecordsProcessed"] | "number_records_processed: \(tojson)"),
    ($v2["totalProcessingTime"] | "total_processing_time: \(tojson)"),
    ($v2["stateMessage"] | "state_message: \(tojson)")
  ))
)),
($v0["nextRecordsUrl"] | "next_records_url: \(tojson)")'
