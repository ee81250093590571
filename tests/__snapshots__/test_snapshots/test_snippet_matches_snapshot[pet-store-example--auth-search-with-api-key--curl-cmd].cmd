@echo off
REM Auth/Search with API key
curl.exe "https://pets.example.com/v1/search?q=grey%%20cat&api_key={{apiKey}}" ^
  --location ^
  --max-redirs "10" ^
  --referer ";auto" ^
  --globoff
