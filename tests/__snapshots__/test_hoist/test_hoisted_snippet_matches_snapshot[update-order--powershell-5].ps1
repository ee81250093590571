# Update order
# Note: these variables are empty, so they are sent empty as Postman does: {{note}}.
# Note: these variables are written out as sent in some places (where the request
# encodes or trims them, or in a name, content type or file path): {{search}}.
# Note: Invoke-WebRequest sends no Referer header after a redirect, unlike newman.
# Note: .NET Framework's System.Uri may rewrite the URL before sending it
# (it resolves "." and ".." segments and unescapes some %XX sequences).
[System.Net.ServicePointManager]::SecurityProtocol = [System.Net.ServicePointManager]::SecurityProtocol -bor [System.Net.SecurityProtocolType]::Tls12
$dynamicRandomInt = [string](Get-Random -Minimum 0 -Maximum 1001)  # Postman's {{$randomInt}}, fresh for each run
$baseUrl = 'http://127.0.0.1:9/api'  # Postman's {{baseUrl}}
$orderId = '1042'  # Postman's {{orderId}}
$currency = 'EUR'  # Postman's {{currency}}
$apiKey = 'k-5f2a9c'  # Postman's {{apiKey}}
$requestId = ('req-1042-' + $dynamicRandomInt)  # Postman's {{requestId}}
$note = ''  # Postman's {{note}}
$customerName = 'Zoë O''Brien'  # Postman's {{customer name}}
$headers = @{
    'X-Api-Key' = $apiKey
    'X-Request-Id' = $requestId
    'X-Note' = $note
    'Accept' = '*/*'
}
$body = [System.Text.Encoding]::UTF8.GetBytes(('{"customer": "' + $customerName + '", "currency": "' + $currency + '", "order": ' + $orderId + '}'))
$request = @{
    Uri                = ('' + $baseUrl + '/orders/' + $orderId + '?q=blue%20shoes&currency=' + $currency)
    Method             = 'Put'
    UseBasicParsing    = $true
    Headers            = $headers
    ContentType        = 'application/json'
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
