"""Prometheus metrics of the indexer (daemon and reindex); served on INDEXER_METRICS_PORT by `indexer run`."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram
from prometheus_client.registry import Collector

# Sync lag from a committed change to OpenSearch's acknowledgement: normally well under a second, minutes
# when the daemon was down or OpenSearch was slow.
LAG_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0)

DOCUMENTS_INDEXED = Counter(
    "indexer_documents_indexed_total",
    "Documents OpenSearch applied, by operation (index, delete) and source (daemon, reindex, repair).",
    ["operation", "source"],
)
VERSION_CONFLICTS = Counter(
    "indexer_version_conflicts_total",
    "Writes skipped because the index already held that version or a newer one.",
    ["source"],
)
BULK_FAILURES = Counter(
    "indexer_bulk_failures_total",
    "Bulk items and requests that failed, by OpenSearch error type or 'connection'.",
    ["reason"],
)
DEAD_LETTERS = Counter("indexer_dead_letters_total", "Outbox rows given up on after repeated failures.")
OUTBOX_BACKLOG = Gauge("indexer_outbox_backlog", "Outbox rows waiting to be applied.")
OUTBOX_OLDEST_AGE = Gauge("indexer_outbox_oldest_age_seconds", "Age of the oldest waiting outbox row.")
OUTBOX_DEAD = Gauge("indexer_outbox_dead_letters", "Outbox rows in the dead-letter state.")
SYNC_LAG = Histogram(
    "indexer_sync_lag_seconds",
    "Time from an outbox row's commit to OpenSearch acknowledging its change.",
    buckets=LAG_BUCKETS,
)
BATCH_DURATION = Histogram(
    "indexer_batch_duration_seconds",
    "Time to apply one outbox batch (lock, load, bulk, mark).",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
REINDEX_DURATION = Gauge("indexer_reindex_duration_seconds", "Duration of the last completed full reindex.")
REINDEX_DOCUMENTS = Gauge(
    "indexer_reindex_documents", "Documents written by the last completed full reindex."
)

# What the indexer daemon's /metrics exports beside the shared families (app.metrics.exposition).
INDEXER_FAMILIES: tuple[Collector, ...] = (
    DOCUMENTS_INDEXED,
    VERSION_CONFLICTS,
    BULK_FAILURES,
    DEAD_LETTERS,
    OUTBOX_BACKLOG,
    OUTBOX_OLDEST_AGE,
    OUTBOX_DEAD,
    SYNC_LAG,
    BATCH_DURATION,
    REINDEX_DURATION,
    REINDEX_DOCUMENTS,
)
