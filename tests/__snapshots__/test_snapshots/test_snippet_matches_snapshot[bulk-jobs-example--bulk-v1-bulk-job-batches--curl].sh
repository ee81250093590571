# Bulk v1/Bulk Job Batches
curl 'https://example.my.salesforce.com/services/async/59.0/job/{{_jobId}}/batch?limit=50&state=InProgress' \
  --no-progress-meter \
  --location \
  --max-redirs 10 \
  --referer ';auto' \
  --globoff \
  --header 'X-SFDC-Session: {{_accessToken}}'
