# Upload note
# Note: after a 300, 304, 305 or 306 curl sends the POST again with its body, but newman
# sends a GET without a body.
$baseUrl = 'http://127.0.0.1:9/api'  # Postman's {{baseUrl}}
$orderId = '1042'  # Postman's {{orderId}}
$customerName = 'Zoë O''Brien'  # Postman's {{customer name}}
$currency = 'EUR'  # Postman's {{currency}}
curl.exe ('' + $baseUrl + '/orders/' + $orderId + '/notes') `
  --location `
  --max-redirs '10' `
  --referer ';auto' `
  --form-string ('author=' + $customerName) `
  --form-string ('currency=' + $currency) `
  --form-string 'missing={{undefinedVariable}}'
