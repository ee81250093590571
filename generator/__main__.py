"""Run the command line with `python -m generator`."""

from .launch import main

main(prog_name="postman-snippets")
