# Upload note
# Note: Invoke-WebRequest sends no Referer header after a redirect, unlike newman.
# Note: .NET Framework's System.Uri may rewrite the URL before sending it
# (it resolves "." and ".." segments and unescapes some %XX sequences).
[System.Net.ServicePointManager]::SecurityProtocol = [System.Net.ServicePointManager]::SecurityProtocol -bor [System.Net.SecurityProtocolType]::Tls12
$headers = @{
    'Accept' = '*/*'
}
# The body is built as newman builds it: a boundary of 26 dashes and 24
# random digits, the names and file names written without escaping.
# Replace each file path with a file on your machine.
$boundary = ('-' * 26) + (-join (1..24 | ForEach-Object { Get-Random -Maximum 10 }))
$stream = New-Object System.IO.MemoryStream
function Add-Bytes([byte[]] $bytes) { $stream.Write($bytes, 0, $bytes.Length) }
Add-Bytes ([System.Text.Encoding]::UTF8.GetBytes('--' + $boundary + "`r`n" + 'Content-Disposition: form-data; name="author"' + "`r`n" + "`r`n"))
Add-Bytes ([System.Text.Encoding]::UTF8.GetBytes('Zoë O''Brien'))
Add-Bytes ([System.Text.Encoding]::UTF8.GetBytes("`r`n"))
Add-Bytes ([System.Text.Encoding]::UTF8.GetBytes('--' + $boundary + "`r`n" + 'Content-Disposition: form-data; name="currency"' + "`r`n" + "`r`n"))
Add-Bytes ([System.Text.Encoding]::UTF8.GetBytes('EUR'))
Add-Bytes ([System.Text.Encoding]::UTF8.GetBytes("`r`n"))
Add-Bytes ([System.Text.Encoding]::UTF8.GetBytes('--' + $boundary + "`r`n" + 'Content-Disposition: form-data; name="missing"' + "`r`n" + "`r`n"))
Add-Bytes ([System.Text.Encoding]::UTF8.GetBytes('{{undefinedVariable}}'))
Add-Bytes ([System.Text.Encoding]::UTF8.GetBytes("`r`n"))
Add-Bytes ([System.Text.Encoding]::UTF8.GetBytes('--' + $boundary + "--`r`n"))
$body = $stream.ToArray()
$request = @{
    Uri                = 'http://127.0.0.1:9/api/orders/1042/notes'
    Method             = 'Post'
    UseBasicParsing    = $true
    Headers            = $headers
    ContentType        = 'multipart/form-data; boundary=' + $boundary
    Body               = $body
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
