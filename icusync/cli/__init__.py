"""Entry: the `icusync` command (main.py), its admin commands, serving under Hypercorn and the demo wiring."""
