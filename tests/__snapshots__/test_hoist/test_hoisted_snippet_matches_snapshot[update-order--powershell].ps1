# Update order
# Note: these variables are empty, so they are sent empty as Postman does: {{note}}.
# Note: these variables are written out as sent in some places (where the request
# encodes or trims them, or in a name, content type or file path): {{search}}.
# Note: Invoke-RestMethod sends no Referer header after a redirect, unlike newman.
$dynamicRandomInt = [string](Get-Random -Minimum 0 -Maximum 1001)  # Postman's {{$randomInt}}, fresh for each run
$baseUrl = 'http://127.0.0.1:9/api'  # Postman's {{baseUrl}}
$orderId = '1042'  # Postman's {{orderId}}
$currency = 'EUR'  # Postman's {{currency}}
$apiKey = 'k-5f2a9c'  # Postman's {{apiKey}}
$requestId = ('req-1042-' + $dynamicRandomInt)  # Postman's {{requestId}}
$note = ''  # Postman's {{note}}
$customerName = 'Zoë O''Brien'  # Postman's {{customer name}}
$headers = [ordered]@{
    'X-Api-Key' = $apiKey
    'X-Request-Id' = $requestId
    'X-Note' = $note
    'Accept' = '*/*'
}
$body = ('{"customer": "' + $customerName + '", "currency": "' + $currency + '", "order": ' + $orderId + '}')
$request = @{
    Uri                = ('' + $baseUrl + '/orders/' + $orderId + '?q=blue%20shoes&currency=' + $currency)
    Method             = 'Put'
    Headers            = $headers
    ContentType        = 'application/json'
    Body               = [System.Text.Encoding]::UTF8.GetBytes($body)
    MaximumRedirection = 10  # newman's limit; Invoke-RestMethod allows 5
    SkipHttpErrorCheck = $true
    StatusCodeVariable = 'statusCode'
    ResponseHeadersVariable = 'responseHeaders'
}
$response = Invoke-RestMethod @request
if ($statusCode -ge 400) {
    Write-Host "Request failed with status $statusCode"
    $responseHeaders | Format-Table -AutoSize | Out-String | Write-Host
    $response | ConvertTo-Json -Depth 100 | Write-Host
    exit 1
}
