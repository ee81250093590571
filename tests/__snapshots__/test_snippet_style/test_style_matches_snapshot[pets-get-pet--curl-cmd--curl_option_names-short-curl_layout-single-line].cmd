@echo off
REM Pets/Get pet
curl.exe "https://pets.example.com/v1/pets/42" -L --max-redirs "10" -e ";auto" -H "Authorization: Bearer {{apiToken}}"
