"""Candidate records: built from parsed resumes, read, edited and erased."""
