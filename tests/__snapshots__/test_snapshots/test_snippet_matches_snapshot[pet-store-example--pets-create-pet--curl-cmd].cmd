@echo off
REM Pets/Create pet
REM Note: curl also sends the Content-Type header on the GET that a 301, 302 or 303
REM turns this request into. After a 300, 304, 305 or 306 it sends the POST again with
REM its body, where newman sends a GET without body or Content-Type.
REM Postman's dynamic variable, fresh for each run, computed by Windows PowerShell.
for /f "usebackq delims=" %%v in (`powershell.exe -NoProfile -NonInteractive -Command "[guid]::NewGuid().ToString()"`) do set "dynamicGuid=%%v"
REM A cmd.exe command line cannot hold a line break or more than 8191
REM characters, so curl.exe reads the body from a temporary file. The file is
REM written as base64, whose characters echo writes unchanged, and decoded by
REM certutil, which is part of Windows, so the body arrives byte for byte.
set "bodyFile=%TEMP%\postman-snippet-%RANDOM%%RANDOM%.bin"
(
echo ewogIAogICJuYW1lIjogIlpvw6siLAogICJzcGVjaWVzIjogImNhdCIsCiAgImFnZSI6IDMKfQ==
) > "%bodyFile%.b64"
certutil -f -decode "%bodyFile%.b64" "%bodyFile%" >nul || exit /b 1
curl.exe "https://pets.example.com/v1/pets" ^
  --location ^
  --max-redirs "10" ^
  --referer ";auto" ^
  --header "X-Request-Id: %dynamicGuid%" ^
  --header "Content-Type: application/json" ^
  --header "Authorization: Bearer {{apiToken}}" ^
  --data-binary "@%bodyFile%"
set "curlStatus=%ERRORLEVEL%"
del "%bodyFile%" "%bodyFile%.b64"
exit /b %curlStatus%
