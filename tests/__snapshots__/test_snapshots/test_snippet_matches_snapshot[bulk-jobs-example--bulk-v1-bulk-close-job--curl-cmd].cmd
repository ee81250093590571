@echo off
REM Bulk v1/Bulk Close Job
REM Note: curl also sends the Content-Type header on the GET that a 301, 302 or 303
REM turns this request into. After a 300, 304, 305 or 306 it sends the POST again with
REM its body, where newman sends a GET without body or Content-Type.
REM A cmd.exe command line cannot hold a line break or more than 8191
REM characters, so curl.exe reads the body from a temporary file. The file is
REM written as base64, whose characters echo writes unchanged, and decoded by
REM certutil, which is part of Windows, so the body arrives byte for byte.
set "bodyFile=%TEMP%\postman-snippet-%RANDOM%%RANDOM%.bin"
(
echo ewogICAic3RhdGUiIDogIkNsb3NlZCIKfQ==
) > "%bodyFile%.b64"
certutil -f -decode "%bodyFile%.b64" "%bodyFile%" >nul || exit /b 1
curl.exe "https://example.my.salesforce.com/services/async/59.0/job/{{_jobId}}" ^
  --location ^
  --max-redirs "10" ^
  --referer ";auto" ^
  --globoff ^
  --header "X-SFDC-Session: {{_accessToken}}" ^
  --header "Content-Type: application/json" ^
  --header "charset: UTF-8" ^
  --data-binary "@%bodyFile%"
set "curlStatus=%ERRORLEVEL%"
del "%bodyFile%" "%bodyFile%.b64"
exit /b %curlStatus%
