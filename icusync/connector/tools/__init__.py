"""One module per family of tools; each exposes `register(mcp, kit)`."""
