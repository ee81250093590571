# Bulk v1/Bulk Create Job
curl.exe 'https://example.my.salesforce.com/services/async/59.0/job' `
  --location `
  --referer ';auto' `
  --header 'X-SFDC-Session: {{_accessToken}}' `
  --header 'Content-Type: application/json' `
  --header 'charset: UTF-8' `
  --data-raw '{
  "operation": "insert",
  "object": "Account",
  "contentType": "JSON"
}'
