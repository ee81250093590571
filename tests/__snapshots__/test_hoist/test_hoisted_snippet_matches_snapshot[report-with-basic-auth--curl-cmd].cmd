@echo off
REM Report with basic auth
REM Note: these variables are written out as sent in some places (where the request
REM encodes or trims them, or in a name, content type or file path): {{url}}.
REM The variables below end with this batch file.
setlocal
REM Postman's {{baseUrl}}
set "base_url=http://127.0.0.1:9/api"
REM Postman's {{orderId}}
set "order_id=1042"
REM Postman's {{user}}
set "user=reporter"
REM Postman's {{password}}
set "password=pw-81d3"
curl.exe "%base_url%/reports/%order_id%?label=shadows%%20the%%20snippet%%27s%%20own%%20url%%20variable" ^
  --location ^
  --max-redirs "10" ^
  --referer ";auto" ^
  --user "%user%:%password%"
