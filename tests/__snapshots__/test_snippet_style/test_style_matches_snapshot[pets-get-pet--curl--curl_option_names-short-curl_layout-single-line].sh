# Pets/Get pet
curl https://pets.example.com/v1/pets/42 --no-progress-meter -L --max-redirs 10 -e ';auto' -H 'Authorization: Bearer {{apiToken}}'
