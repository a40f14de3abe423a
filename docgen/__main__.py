"""Entry point for `python -m docgen`."""

from docgen.cli import main

# Guarded: worker processes started by "spawn" (Windows, macOS) import this module again.
if __name__ == "__main__":
    main()
