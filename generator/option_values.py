"""Accepted values of the snippet style options, shared by the command line and the option file.

This module imports nothing, so the command line can declare its options
without loading the generator.
"""

# --curl-option-names: "long" writes --header, --request, ...; "short" writes
# -H, -X, ... where curl has a short name with the same meaning.
CURL_OPTION_NAMES = ("long", "short")
# --curl-layout: one curl option per continuation line, or the whole command on one line.
CURL_LAYOUTS = ("multi-line", "single-line")
# --indent: spaces per indentation level.
MIN_INDENT = 1
MAX_INDENT = 8
# --timeout: the longest request timeout, in seconds. .NET's HttpClient,
# under Invoke-RestMethod, takes at most Int32.MaxValue milliseconds.
MAX_TIMEOUT = 2_147_483
