"""The MCP server: the candidate search as tools for AI assistants (`hr-mcp`)."""
