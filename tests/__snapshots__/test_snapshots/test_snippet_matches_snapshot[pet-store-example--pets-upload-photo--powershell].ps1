# Pets/Upload photo
# Note: Invoke-RestMethod sends no Referer on a redirected request, which newman does.
$headers = [ordered]@{
    'Authorization' = 'Bearer {{apiToken}}'
    'Accept' = '*/*'
}
# newman sends an empty part or body for a file that does not exist. This
# snippet stops instead, so that a wrong path is not sent as an empty file.
foreach ($path in @('/home/author/pictures/tom.png')) {
    if (-not (Test-Path -LiteralPath $path -PathType Leaf)) {
        throw "File not found: $path. Replace the path with your file."
    }
}
# Replace each file path with a file on your machine.
$body = [System.Net.Http.MultipartFormDataContent]::new()
$part = [System.Net.Http.StringContent]::new('At the vet''s')
$part.Headers.ContentType = $null
$body.Add($part, 'caption')
$part = [System.Net.Http.StreamContent]::new([System.IO.File]::OpenRead('/home/author/pictures/tom.png'))
$part.Headers.ContentType = 'image/png'
$body.Add($part, 'photo', 'tom.png')
$request = @{
    Uri                = 'https://pets.example.com/v1/pets/42/photos'
    Method             = 'Post'
    Headers            = $headers
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
