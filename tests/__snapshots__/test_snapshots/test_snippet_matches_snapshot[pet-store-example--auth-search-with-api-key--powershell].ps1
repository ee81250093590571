# Auth/Search with API key
# Note: Invoke-RestMethod sends no Referer header after a redirect, unlike newman.
$headers = [ordered]@{
    'Accept' = '*/*'
}
$request = @{
    Uri                = 'https://pets.example.com/v1/search?q=grey%20cat&api_key={{apiKey}}'
    Method             = 'Get'
    Headers            = $headers
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
