"""Measure what a client sends: a capture server, newman expectations and a comparison."""
