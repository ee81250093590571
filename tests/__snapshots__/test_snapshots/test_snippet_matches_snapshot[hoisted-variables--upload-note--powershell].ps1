# Upload note
# Note: Invoke-RestMethod sends no Referer header after a redirect, unlike newman.
$headers = [ordered]@{
    'Accept' = '*/*'
}
# Replace each file path with a file on your machine.
$body = [System.Net.Http.MultipartFormDataContent]::new()
$part = [System.Net.Http.StringContent]::new('Zoë O''Brien')
$part.Headers.ContentType = $null
$body.Add($part, 'author')
$part = [System.Net.Http.StringContent]::new('EUR')
$part.Headers.ContentType = $null
$body.Add($part, 'currency')
$part = [System.Net.Http.StringContent]::new('{{undefinedVariable}}')
$part.Headers.ContentType = $null
$body.Add($part, 'missing')
$request = @{
    Uri                = 'http://127.0.0.1:9/api/orders/1042/notes'
    Method             = 'Post'
    Headers            = $headers
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
