# Purge cache
# Note: .NET's HttpClient sends no Referer header after a redirect, unlike newman.
# Note: PowerShell joins repeated headers into one line with commas.
# Note: .NET Framework's System.Uri may rewrite the URL before sending it
# (it resolves "." and ".." segments and unescapes some %XX sequences).
[System.Net.ServicePointManager]::SecurityProtocol = [System.Net.ServicePointManager]::SecurityProtocol -bor [System.Net.SecurityProtocolType]::Tls12
$headers = @{
    'X-Tag' = (@('pets', 'owners') -join ', ')
    'Authorization' = 'Bearer {{apiToken}}'
    'Accept' = '*/*'
}
# Invoke-WebRequest -Method in Windows PowerShell 5.1 takes only the
# WebRequestMethod values, so this method is sent with .NET's HttpClient,
# whose HttpMethod accepts any method name.
Add-Type -AssemblyName System.Net.Http
$handler = New-Object System.Net.Http.HttpClientHandler
$client = New-Object System.Net.Http.HttpClient($handler)
$client.Timeout = [System.Threading.Timeout]::InfiniteTimeSpan
$message = New-Object System.Net.Http.HttpRequestMessage((New-Object System.Net.Http.HttpMethod('PURGE')), 'https://pets.example.com/cache')
# newman sends Content-Length: 0 for this method, so the body is empty rather than missing.
$bodyBytes = [byte[]]@()
$message.Content = New-Object System.Net.Http.ByteArrayContent(,$bodyBytes)
foreach ($headerName in $headers.Keys) {
    # Headers about the body (Content-Language, ...) belong to the content, not the request.
    if (-not $message.Headers.TryAddWithoutValidation($headerName, [string]$headers[$headerName])) {
        [void]$message.Content.Headers.TryAddWithoutValidation($headerName, [string]$headers[$headerName])
    }
}
$httpResponse = $client.SendAsync($message).GetAwaiter().GetResult()
$statusCode = [int]$httpResponse.StatusCode
$content = [System.Text.Encoding]::UTF8.GetString($httpResponse.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult())
if ($statusCode -ge 400) {
    Write-Host "Request failed with status $statusCode"
    $httpResponse.Headers.ToString() | Write-Host
    Write-Host $content
    exit 1
}
