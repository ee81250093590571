# Auth/Get token
# Note: Invoke-RestMethod sends no Referer header after a redirect, unlike newman.
$headers = [ordered]@{
    'Accept' = '*/*'
    'Authorization' = 'Basic ' + [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes('pet-client:{{clientSecret}}'))
}
$body = @(
    'grant_type=' + [uri]::EscapeDataString('client_credentials')
    'scope=' + [uri]::EscapeDataString('pets:read pets:write')
) -join '&'
$request = @{
    Uri                = 'https://pets.example.com/oauth/token'
    Method             = 'Post'
    Headers            = $headers
    ContentType        = 'application/x-www-form-urlencoded'
    Body               = $body
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

$accessToken = $response.access_token  # [string]
$tokenType = $response.token_type  # [string]
$expiresIn = $response.expires_in  # [long]
