# Update order
# Note: these variables are empty, so they are sent empty as Postman does: {{note}}.
$dynamicRandomInt = [string](Get-Random -Minimum 0 -Maximum 1001)  # Postman's {{$randomInt}}, fresh for each run
curl.exe 'http://127.0.0.1:9/api/orders/1042?q=blue%20shoes&currency=EUR' `
  --request 'PUT' `
  --location `
  --referer ';auto' `
  --header 'X-Api-Key: k-5f2a9c' `
  --header ('X-Request-Id: req-1042-' + $dynamicRandomInt) `
  --header 'X-Note;' `
  --header 'Content-Type: application/json' `
  --data-raw '{"customer": "Zoë O''Brien", "currency": "EUR", "order": 1042}'
