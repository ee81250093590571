# Pets/List pets
# Note: Invoke-WebRequest sends no Referer header after a redirect, unlike newman.
# Note: .NET Framework's System.Uri may rewrite the URL before sending it
# (it resolves "." and ".." segments and unescapes some %XX sequences).
[System.Net.ServicePointManager]::SecurityProtocol = [System.Net.ServicePointManager]::SecurityProtocol -bor [System.Net.SecurityProtocolType]::Tls12
$headers = @{
   'Accept' = 'application/json'
   'Authorization' = 'Bearer {{apiToken}}'
}
$request = @{
   Uri                = 'https://pets.example.com/v1/pets?species=cat&name=Tom%20O%27Malley&tag'
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

# Invoke-WebRequest decodes the body with the charset of the response, or
# ISO-8859-1 without one; the bytes are read as UTF-8 here.
$content = [System.Text.Encoding]::UTF8.GetString($webResponse.RawContentStream.ToArray())
$response = $content | ConvertFrom-Json
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
