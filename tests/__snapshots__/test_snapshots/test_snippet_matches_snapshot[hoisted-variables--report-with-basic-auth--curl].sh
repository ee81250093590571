# Report with basic auth
curl 'http://127.0.0.1:9/api/reports/1042?label=shadows%20the%20snippet%27s%20own%20url%20variable' \
  --no-progress-meter \
  --location \
  --max-redirs 10 \
  --referer ';auto' \
  --user reporter:pw-81d3
