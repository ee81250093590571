# Search form
# Note: Invoke-RestMethod sends no Referer header after a redirect, unlike newman.
$baseUrl = 'http://127.0.0.1:9/api'  # Postman's {{baseUrl}}
$search = 'blue shoes'  # Postman's {{search}}
$currency = 'EUR'  # Postman's {{currency}}
$headers = [ordered]@{
    'Accept' = '*/*'
}
$body = @(
    'q=' + [uri]::EscapeDataString($search)
    'currency=' + [uri]::EscapeDataString($currency)
) -join '&'
$request = @{
    Uri                = ('' + $baseUrl + '/search')
    Method             = 'Post'
    Headers            = $headers
    ContentType        = 'application/x-www-form-urlencoded'
    Body               = $body
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
