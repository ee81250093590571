# Report with basic auth
# Note: these variables are written out as sent in some places (where the request
# encodes or trims them, or in a name, content type or file path): {{url}}.
# Note: Invoke-RestMethod sends no Referer header after a redirect, unlike newman.
$baseUrl = 'http://127.0.0.1:9/api'  # Postman's {{baseUrl}}
$orderId = '1042'  # Postman's {{orderId}}
$user = 'reporter'  # Postman's {{user}}
$password = 'pw-81d3'  # Postman's {{password}}
$headers = [ordered]@{
    'Accept' = '*/*'
    'Authorization' = 'Basic ' + [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes(('' + $user + ':' + $password)))
}
$request = @{
    Uri                = ('' + $baseUrl + '/reports/' + $orderId + '?label=shadows%20the%20snippet%27s%20own%20url%20variable')
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
