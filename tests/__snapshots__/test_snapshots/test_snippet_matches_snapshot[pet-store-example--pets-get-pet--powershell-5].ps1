# Pets/Get pet
# Note: Invoke-WebRequest sends no Referer header after a redirect, unlike newman.
# Note: .NET Framework's System.Uri may rewrite the URL before sending it
# (it resolves "." and ".." segments and unescapes some %XX sequences).
[System.Net.ServicePointManager]::SecurityProtocol = [System.Net.ServicePointManager]::SecurityProtocol -bor [System.Net.SecurityProtocolType]::Tls12
$headers = @{
    'Authorization' = 'Bearer {{apiToken}}'
    'Accept' = '*/*'
}
$request = @{
    Uri                = 'https://pets.example.com/v1/pets/42'
    Method             = 'Get'
    UseBasicParsing    = $true
    Headers            = $headers
    MaximumRedirection = 10  # newman's limit; Invoke-WebRequest allows 5
}
try {
    $webResponse = Invoke-WebRequest @request -ErrorAction Stop
} catch [System.Net.WebException] {
    # Windows PowerShell 5.1 throws on a 4xx or 5xx status (and on a 3xx
    # status with MaximumRedirection 0); the response is in the exception.
    $errorResponse = $_.Exception.Response
    if ($null -eq $errorResponse) { throw }
    $statusCode = [int]$errorResponse.StatusCode
    if ($statusCode -lt 400) {
        Write-Output "Received status $statusCode"
        exit 0
    }
    Write-Host "Request failed with status $statusCode"
    $errorResponse.Headers.ToString() | Write-Host
    $reader = New-Object System.IO.StreamReader($errorResponse.GetResponseStream(), [System.Text.Encoding]::UTF8)
    $errorBody = $reader.ReadToEnd()
    Write-Host $errorBody
    exit 1
}
