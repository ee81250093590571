# GraphQL pets
$headers = [ordered]@{
    'Authorization' = 'Bearer {{apiToken}}'
    'Accept' = '*/*'
}
$body = @'
{"query":"query Pets($first: Int) {\n  pets(first: $first) { id name }\n}","variables":{"first": 10}}
'@
$request = @{
    Uri                = 'https://pets.example.com/graphql'
    Method             = 'Post'
    Headers            = $headers
    ContentType        = 'application/json'
    Body               = $body
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
