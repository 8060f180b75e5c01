"""Indexer benchmarks: full reindex throughput vs the raw _bulk floor, and sync lag."""
