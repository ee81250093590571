# Update order
# Note: these variables are empty, so they are sent empty as Postman does: {{note}}.
# Note: after a 301, 302 or 303 curl sends PUT again without a body, and after a 300,
# 304, 305 or 306 with its body, but newman sends a GET without a body or Content-Type.
$dynamicRandomInt = [string](Get-Random -Minimum 0 -Maximum 1001)  # Postman's {{$randomInt}}, fresh for each run
curl.exe 'http://127.0.0.1:9/api/orders/1042?q=blue%20shoes&currency=EUR' `
  --request 'PUT' `
  --location `
  --max-redirs '10' `
  --referer ';auto' `
  --header 'X-Api-Key: k-5f2a9c' `
  --header ('X-Request-Id: req-1042-' + $dynamicRandomInt) `
  --header 'X-Note;' `
  --header 'Content-Type: application/json' `
  --data-raw '{"customer": "Zoë O''Brien", "currency": "EUR", "order": 1042}'
