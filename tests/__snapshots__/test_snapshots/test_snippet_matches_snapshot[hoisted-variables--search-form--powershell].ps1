# Search form
# Note: Invoke-RestMethod sends no Referer header after a redirect, unlike newman.
$headers = [ordered]@{
    'Accept' = '*/*'
}
$body = @(
    'q=' + [uri]::EscapeDataString('blue shoes')
    'currency=' + [uri]::EscapeDataString('EUR')
) -join '&'
$request = @{
    Uri                = 'http://127.0.0.1:9/api/search'
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
