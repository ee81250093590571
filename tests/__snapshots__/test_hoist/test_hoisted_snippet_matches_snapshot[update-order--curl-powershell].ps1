# Update order
# Note: these variables are empty, so they are sent empty as Postman does: {{note}}.
# Note: these variables are written out as sent in some places (where the request
# encodes or trims them, or in a name, content type or file path): {{search}}.
# Note: after a 301, 302 or 303 curl sends PUT again without a body, and after a 300,
# 304, 305 or 306 with its body, but newman sends a GET without a body or Content-Type.
$dynamicRandomInt = [string](Get-Random -Minimum 0 -Maximum 1001)  # Postman's {{$randomInt}}, fresh for each run
$baseUrl = 'http://127.0.0.1:9/api'  # Postman's {{baseUrl}}
$orderId = '1042'  # Postman's {{orderId}}
$currency = 'EUR'  # Postman's {{currency}}
$apiKey = 'k-5f2a9c'  # Postman's {{apiKey}}
$requestId = ('req-1042-' + $dynamicRandomInt)  # Postman's {{requestId}}
$customerName = 'Zoë O''Brien'  # Postman's {{customer name}}
curl.exe ('' + $baseUrl + '/orders/' + $orderId + '?q=blue%20shoes&currency=' + $currency) `
  --request 'PUT' `
  --location `
  --max-redirs '10' `
  --referer ';auto' `
  --header ('X-Api-Key: ' + $apiKey) `
  --header ('X-Request-Id: ' + $requestId) `
  --header 'X-Note;' `
  --header 'Content-Type: application/json' `
  --data-raw ('{"customer": "' + $customerName + '", "currency": "' + $currency + '", "order": ' + $orderId + '}')
