"""Documentation pages from a collection: the `docs` pages, an MkDocs plugin and a Sphinx extension.

Each snippet is generated with :func:`generator.api.generate`; secret
variables and auth credentials show as ``<NAME>`` placeholders unless the
caller opts in to real values.
"""
