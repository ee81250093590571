# Search form
$baseUrl = 'http://127.0.0.1:9/api'  # Postman's {{baseUrl}}
$currency = 'EUR'  # Postman's {{currency}}
curl.exe ('' + $baseUrl + '/search') `
  --location `
  --referer ';auto' `
  --header 'Content-Type: application/x-www-form-urlencoded' `
  --data-raw 'q=blue%20shoes' `
  --data-urlencode ('currency=' + $currency)
