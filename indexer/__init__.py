"""The indexer: keeps OpenSearch in step with Postgres."""
