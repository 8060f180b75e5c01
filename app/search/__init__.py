"""Candidate search: scored bool queries in OpenSearch, cached in Redis."""
