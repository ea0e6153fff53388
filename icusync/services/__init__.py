"""Use cases more than one face shares (pages, MCP tools, admin commands); no Quart, no MCP."""
