# Search form
curl.exe 'http://127.0.0.1:9/api/search' `
  --location `
  --referer ';auto' `
  --header 'Content-Type: application/x-www-form-urlencoded' `
  --data-raw 'q=blue%20shoes' `
  --data-urlencode 'currency=EUR'
