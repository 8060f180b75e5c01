"""Packaged data files: the skills catalogue and its attribution."""
