# Update order
# Note: these variables are empty, so they are sent empty as Postman does: {{note}}.
# Note: Invoke-RestMethod sends no Referer header after a redirect, unlike newman.
$dynamicRandomInt = [string](Get-Random -Minimum 0 -Maximum 1001)  # Postman's {{$randomInt}}, fresh for each run
$headers = [ordered]@{
    'X-Api-Key' = 'k-5f2a9c'
    'X-Request-Id' = ('req-1042-' + $dynamicRandomInt)
    'X-Note' = ''
    'Accept' = '*/*'
}
$body = @'
{"customer": "Zoë O'Brien", "currency": "EUR", "order": 1042}
'@
$request = @{
    Uri                = 'http://127.0.0.1:9/api/orders/1042?q=blue%20shoes&currency=EUR'
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
