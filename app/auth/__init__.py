"""Users, tokens, API keys and roles."""
