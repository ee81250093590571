"""Run the command line with `python -m generator`."""

from .cli import main

main(prog_name="postman-snippets")
