# Bulk v1/Bulk Job Batches
# Note: Invoke-WebRequest sends no Referer header after a redirect, unlike newman.
# Note: .NET Framework's System.Uri may rewrite the URL before sending it
# (it resolves "." and ".." segments and unescapes some %XX sequences).
[System.Net.ServicePointManager]::SecurityProtocol = [System.Net.ServicePointManager]::SecurityProtocol -bor [System.Net.SecurityProtocolType]::Tls12
$headers = @{
    'X-SFDC-Session' = '{{_accessToken}}'
    'Accept' = '*/*'
}
$request = @{
    Uri                = 'https://example.my.salesforce.com/services/async/59.0/job/{{_jobId}}/batch?limit=50&state=InProgress'
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
    $response = $errorBody | ConvertFrom-Json
    $exceptionCode = $response.exceptionCode  # [string] or $null
    $exceptionMessage = $response.exceptionMessage  # [string] or $null
    exit 1
}

# Invoke-WebRequest decodes the body with the charset of the response, or
# ISO-8859-1 without one; the bytes are read as UTF-8 here.
$content = [System.Text.Encoding]::UTF8.GetString($webResponse.RawContentStream.ToArray())
$response = $content | ConvertFrom-Json
$batchInfo = $response.batchInfo  # [object[]]
foreach ($item in $batchInfo) {
    $id = $item.id  # [string]
    $jobId = $item.jobId  # [string]
    $state = $item.state  # [string]
    $numberRecordsProcessed = $item.numberRecordsProcessed  # [long]
    $totalProcessingTime = $item.totalProcessingTime  # [double]
    $stateMessage = $item.stateMessage  # [string] or $null
}
$nextRecordsUrl = $response.nextRecordsUrl  # $null in the example
