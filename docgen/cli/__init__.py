"""The docgen command line: Typer commands, each one call into the library (imported by each command when it
runs, so help pages load none of it), and one error handler."""

from __future__ import annotations

# Importing a command module registers its commands; `docgen --help` lists them in this order.
from . import workbooks, making, last_year, collect, serve  # noqa: F401  isort: skip
from .app import app, exit_code, main

__all__ = ["app", "exit_code", "main"]
