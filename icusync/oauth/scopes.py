"""The scopes our own tokens carry, for MCP clients."""

READ = "read"
WRITE = "write"
# Claude asks for offline_access on some flows; we accept it and it grants nothing extra.
OFFLINE = "offline_access"
ALL = (READ, WRITE, OFFLINE)
DEFAULT = (READ, WRITE)
