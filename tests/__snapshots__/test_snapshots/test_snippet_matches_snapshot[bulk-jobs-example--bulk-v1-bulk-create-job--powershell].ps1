# Bulk v1/Bulk Create Job
# Note: Invoke-RestMethod sends no Referer header after a redirect, unlike newman.
$headers = [ordered]@{
    'X-SFDC-Session' = '{{_accessToken}}'
    'charset' = 'UTF-8'
    'Accept' = '*/*'
}
$body = @'
{
  "operation": "insert",
  "object": "Account",
  "contentType": "JSON"
}
'@
$request = @{
    Uri                = 'https://example.my.salesforce.com/services/async/59.0/job'
    Method             = 'Post'
    Headers            = $headers
    ContentType        = 'application/json'
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
