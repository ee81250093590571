# Bulk v1/Bulk Job Batches
# Note: Invoke-RestMethod sends no Referer header after a redirect, unlike newman.
$headers = [ordered]@{
    'X-SFDC-Session' = '{{_accessToken}}'
    'Accept' = '*/*'
}
$request = @{
    Uri                = 'https://example.my.salesforce.com/services/async/59.0/job/{{_jobId}}/batch?limit=50&state=InProgress'
    Method             = 'Get'
    Headers            = $headers
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
    $exceptionCode = $response.exceptionCode  # [string] or $null
    $exceptionMessage = $response.exceptionMessage  # [string] or $null
    exit 1
}

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
