"""Readers: one module per input format, each turning a file into ArgumentMaps with only the
thread, authors, comments and quotes filled in."""
