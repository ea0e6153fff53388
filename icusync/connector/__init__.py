"""The MCP face: the server, its tools and prompts."""
