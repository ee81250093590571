@echo off
REM Update order
REM Note: these variables are empty, so they are sent empty as Postman does: {{note}}.
REM Note: after a 301, 302 or 303 curl sends PUT again without a body, and after a 300,
REM 304, 305 or 306 with its body, but newman sends a GET without a body or
REM Content-Type.
REM Read the rest of this file as UTF-8.
chcp 65001 >nul
REM Postman's dynamic variable, fresh for each run, computed by Windows PowerShell.
for /f "usebackq delims=" %%v in (`powershell.exe -NoProfile -NonInteractive -Command "[string](Get-Random -Minimum 0 -Maximum 1001)"`) do set "dynamicRandomInt=%%v"
curl.exe "http://127.0.0.1:9/api/orders/1042?q=blue%%20shoes&currency=EUR" ^
  --request "PUT" ^
  --location ^
  --max-redirs "10" ^
  --referer ";auto" ^
  --header "X-Api-Key: k-5f2a9c" ^
  --header "X-Request-Id: req-1042-%dynamicRandomInt%" ^
  --header "X-Note;" ^
  --header "Content-Type: application/json" ^
  --data-raw ^"{\^"customer\^": \^"Zoë O'Brien\^", \^"currency\^": \^"EUR\^", \^"order\^": 1042}^"
