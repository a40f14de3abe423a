"""Build tools that are not part of docgen at run time."""
