# Bulk v1/Bulk Create Job
# Note: curl also sends the Content-Type header on the GET that a 301, 302 or 303 turns
# this request into. After a 300, 304, 305 or 306 it sends the POST again with its body,
# where newman sends a GET without body or Content-Type.
curl.exe 'https://example.my.salesforce.com/services/async/59.0/job' `
  --location `
  --max-redirs '10' `
  --referer ';auto' `
  --header 'X-SFDC-Session: {{_accessToken}}' `
  --header 'Content-Type: application/json' `
  --header 'charset: UTF-8' `
  --data-raw '{
  "operation": "insert",
  "object": "Account",
  "contentType": "JSON"
}'
