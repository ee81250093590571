@echo off
REM GraphQL pets
REM Note: curl also sends the Content-Type header on the GET that a 301, 302 or 303 turns this request into, and sends the POST
REM again with its body after a 300, 304, 305 or 306, but newman sends a GET without them.
curl.exe "https://pets.example.com/graphql" ^
  --location ^
  --max-redirs "10" ^
  --referer ";auto" ^
  --header "Content-Type: application/json" ^
  --header "Authorization: Bearer {{apiToken}}" ^
  --data-raw ^"{\^"query\^":\^"query Pets^($first: Int^) {\n  pets^(first: $first^) { id name }\n}\^",\^"variables\^":{\^"first\^": 10}}^"
