"""Entry: the `icusync` command, its admin commands, serving under Hypercorn and the demo wiring."""

from icusync.cli.main import main, parser

__all__ = ["main", "parser"]
