# Pets/Get pet
# Note: Invoke-RestMethod sends no Referer header after a redirect, unlike newman.
$headers = [ordered]@{
    'Authorization' = 'Bearer {{apiToken}}'
    'Accept' = '*/*'
}
$request = @{
    Uri                = 'https://pets.example.com/v1/pets/42'
    Method             = 'Get'
    Headers            = $headers
    MaximumRedirection = 10  # newman's limit; Invoke-RestMethod allows 5
    # Invoke-RestMethod drops Authorization on every redirect; newman keeps it
    # unless the redirect leads to another host.
    PreserveAuthorizationOnRedirect = $true
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
