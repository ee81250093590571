# Pets/Create pet
# Note: Invoke-RestMethod sends no Referer header after a redirect, unlike newman.
$dynamicGuid = [guid]::NewGuid().ToString()  # Postman's {{$guid}}, fresh for each run
$headers = [ordered]@{
  'X-Request-Id' = ([string]$dynamicGuid)
  'Authorization' = 'Bearer {{apiToken}}'
  'Accept' = '*/*'
}
$body = @'
{
  
  "name": "Zoë",
  "species": "cat",
  "age": 3
}
'@
$request = @{
  Uri                = 'https://pets.example.com/v1/pets'
  Method             = 'Post'
  Headers            = $headers
  ContentType        = 'application/json'
  Body               = [System.Text.Encoding]::UTF8.GetBytes($body)
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

$id = $response.id  # [long]
$name = $response.name  # [string]
