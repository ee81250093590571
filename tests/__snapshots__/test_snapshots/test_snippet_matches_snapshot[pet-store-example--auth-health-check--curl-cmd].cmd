@echo off
REM Auth/Health check
curl.exe "https://pets.example.com/health" ^
  --head ^
  --location ^
  --max-redirs "10" ^
  --referer ";auto"
