@echo off
REM GraphQL pets
REM Note: curl also sends the Content-Type header on the GET that a 301, 302 or 303
REM turns this request into. After a 300, 304, 305 or 306 it sends the POST again with
REM its body, where newman sends a GET without body or Content-Type.
curl.exe "https://pets.example.com/graphql" ^
  --location ^
  --max-redirs "10" ^
  --referer ";auto" ^
  --header "Content-Type: application/json" ^
  --header "Authorization: Bearer {{apiToken}}" ^
  --data-raw ^"{\^"query\^":\^"query Pets^($first: Int^) {\n  pets^(first: $first^) { id name }\n}\^",\^"variables\^":{\^"first\^": 10}}^"
