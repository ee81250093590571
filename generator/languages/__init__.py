"""Per-language preparation of template values: the decisions each client needs."""
