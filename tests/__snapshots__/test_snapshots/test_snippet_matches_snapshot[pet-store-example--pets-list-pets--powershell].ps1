# Pets/List pets
# Note: Invoke-RestMethod sends no Referer header after a redirect, unlike newman.
$headers = [ordered]@{
    'Accept' = 'application/json'
    'Authorization' = 'Bearer {{apiToken}}'
}
$request = @{
    Uri                = 'https://pets.example.com/v1/pets?species=cat&name=Tom%20O%27Malley&tag'
    Method             = 'Get'
    Headers            = $headers
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

$items = $response.items  # [object[]]
foreach ($item in $items) {
    $id = $item.id  # [long]
    $name = $item.name  # [string]
    $species = $item.species  # [string]
    $tags = $item.tags  # [object[]]
    foreach ($tag in $tags) {
        Write-Output $tag  # [string]
    }
    $owner = $item.owner  # [pscustomobject] or $null
    $ownerId = $owner.id  # [long]
    $ownerName = $owner.name  # [string]
    $weight = $item.weight  # [double]
    $class = $item.'class'  # [string] or $null
}
$total = $response.total  # [long]
$field2fa = $response.'2fa'  # [bool]
$firstName = $response.'first-name'  # [string]
$ref = $response.'$ref'  # [string]
