# Bulk v1/Bulk Close Job
# Note: Invoke-RestMethod sends no Referer header after a redirect, unlike newman.
$headers = [ordered]@{
    'X-SFDC-Session' = '{{_accessToken}}'
    'charset' = 'UTF-8'
    'Accept' = '*/*'
}
$body = @'
{
   "state" : "Closed"
}
'@
$request = @{
    Uri                = 'https://example.my.salesforce.com/services/async/59.0/job/{{_jobId}}'
    Method             = 'Post'
    Headers            = $headers
    ContentType        = 'application/json'
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

$apexProcessingTime = $response.apexProcessingTime  # [long]
$apiActiveProcessingTime = $response.apiActiveProcessingTime  # [long]
$apiVersion = $response.apiVersion  # [double]
$assignmentRuleId = $response.assignmentRuleId  # $null in the example
$concurrencyMode = $response.concurrencyMode  # [string]
$contentType = $response.contentType  # [string]
$createdById = $response.createdById  # [string]
$createdDate = $response.createdDate  # [string]
$externalIdFieldName = $response.externalIdFieldName  # $null in the example
$fastPathEnabled = $response.fastPathEnabled  # [bool]
$id = $response.id  # [string]
$numberBatchesCompleted = $response.numberBatchesCompleted  # [long]
$numberBatchesFailed = $response.numberBatchesFailed  # [long]
$numberBatchesInProgress = $response.numberBatchesInProgress  # [long]
$numberBatchesQueued = $response.numberBatchesQueued  # [long]
$numberBatchesTotal = $response.numberBatchesTotal  # [long]
$numberRecordsFailed = $response.numberRecordsFailed  # [long]
$numberRecordsProcessed = $response.numberRecordsProcessed  # [long]
$numberRetries = $response.numberRetries  # [long]
$object = $response.object  # [string]
$operation = $response.operation  # [string]
$state = $response.state  # [string]
$systemModstamp = $response.systemModstamp  # [string]
$totalProcessingTime = $response.totalProcessingTime  # [long]
