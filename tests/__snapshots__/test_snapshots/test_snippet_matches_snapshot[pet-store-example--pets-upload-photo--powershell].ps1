# Pets/Upload photo
# Note: Invoke-RestMethod sends no Referer header after a redirect, unlike newman.
$headers = [ordered]@{
    'Authorization' = 'Bearer {{apiToken}}'
    'Accept' = '*/*'
}
# newman leaves out a file part whose file does not exist, and so does
# this snippet, after a warning.
function Test-File([string] $Path) {
    if (Test-Path -LiteralPath $Path -PathType Leaf) {
        return $true
    }
    [Console]::Error.WriteLine("Warning: file not found: $Path. Its part is left out, as Postman does. Replace the path with your file.")
    return $false
}
# Replace each file path with a file on your machine.
$body = [System.Net.Http.MultipartFormDataContent]::new()
$part = [System.Net.Http.StringContent]::new('At the vet''s')
$part.Headers.ContentType = $null
$body.Add($part, 'caption')
if (Test-File '/home/author/pictures/tom.png') {
    $part = [System.Net.Http.StreamContent]::new([System.IO.File]::OpenRead('/home/author/pictures/tom.png'))
    $part.Headers.ContentType = 'image/png'
    $body.Add($part, 'photo', 'tom.png')
}
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
