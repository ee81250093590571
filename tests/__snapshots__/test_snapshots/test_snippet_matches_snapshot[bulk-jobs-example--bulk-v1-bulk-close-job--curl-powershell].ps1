# Bulk v1/Bulk Close Job
curl.exe 'https://example.my.salesforce.com/services/async/59.0/job/{{_jobId}}' `
  --location `
  --referer ';auto' `
  --globoff `
  --header 'X-SFDC-Session: {{_accessToken}}' `
  --header 'Content-Type: application/json' `
  --header 'charset: UTF-8' `
  --data-raw '{
   "state" : "Closed"
}'
