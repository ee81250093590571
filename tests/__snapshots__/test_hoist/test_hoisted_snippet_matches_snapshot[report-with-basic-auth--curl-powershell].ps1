# Report with basic auth
# Note: the request encodes or changes these variables in some places, so their values are written there as sent: {{url}}.
$baseUrl = 'http://127.0.0.1:9/api'  # Postman's {{baseUrl}}
$orderId = '1042'  # Postman's {{orderId}}
$user = 'reporter'  # Postman's {{user}}
$password = 'pw-81d3'  # Postman's {{password}}
curl.exe ('' + $baseUrl + '/reports/' + $orderId + '?label=shadows%20the%20snippet%27s%20own%20url%20variable') `
  --location `
  --referer ';auto' `
  --user ('' + $user + ':' + $password)
