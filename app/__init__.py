"""HR Resume Search: candidate search for HR teams."""
