"""Prometheus metrics, with the names the operations guide uses. Labels never carry PII.

Every family is declared here once (in the default registry, which tests read), but each process exports only
the families it writes (`exposition`), beside the shared ones: a worker's target offered the API's request
series, empty, and the API's a resume queue of 0 beside the worker's real one.
"""

from __future__ import annotations

import platform
from collections.abc import Iterable

from prometheus_client import (
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
)
from prometheus_client.registry import Collector

from app.cli import version

# Latency buckets from 1 ms to 10 s: searches live in the low milliseconds, uploads and parsing higher.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

HTTP_REQUEST_DURATION = Histogram(
    "http_request_duration_seconds",
    "HTTP request latency by route template.",
    ["method", "endpoint"],
    buckets=LATENCY_BUCKETS,
)
HTTP_REQUESTS = Counter(
    "http_requests_total", "HTTP requests by route template and status.", ["method", "endpoint", "status"]
)
HTTP_REQUESTS_ACTIVE = Gauge("http_requests_active", "HTTP requests in flight.", ["endpoint"])

SEARCH_REQUESTS = Counter(
    "search_requests_total", "Searches by type and caller role.", ["search_type", "user_type"]
)
SEARCH_DURATION = Histogram(
    "search_request_duration_seconds", "Search latency end to end.", ["search_type"], buckets=LATENCY_BUCKETS
)
SEARCH_RESULTS = Histogram(
    # Not `search_results_count`: the histogram's own count series would be `search_results_count_count`.
    "search_results_returned",
    "Results returned per search.",
    ["search_type"],
    buckets=(0, 1, 5, 10, 20, 50, 100),
)
SEARCH_MATCH_SCORES = Histogram(
    "search_match_scores",
    "Normalized match scores of returned results.",
    ["search_type"],
    buckets=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
)
SEARCH_CACHE_OPERATIONS = Counter(
    "search_cache_operations_total", "Cache hits, misses and errors.", ["operation", "cache_type"]
)
SEARCH_COUNTED_IN_FULL = Counter(
    "search_counted_in_full_total",
    "Uncached searches counted and faceted in full because their filters let in few candidates, by type and "
    "by what told it (the skill counts, or a count of the ticked filters).",
    ["search_type", "by"],
)
SEARCH_ENGINE_DURATION = Histogram(
    "search_engine_query_duration_seconds", "Time spent in OpenSearch per query.", buckets=LATENCY_BUCKETS
)

DATABASE_CONNECTIONS_ACTIVE = Gauge("database_connections_active", "Pooled connections checked out.")
DATABASE_CONNECTIONS_IDLE = Gauge("database_connections_idle", "Pooled connections idle.")
DATABASE_QUERY_DURATION = Histogram(
    "database_query_duration_seconds",
    "Database query latency.",
    ["operation", "table"],
    buckets=LATENCY_BUCKETS,
)
DATABASE_SLOW_QUERIES = Counter("database_slow_queries_total", "Database queries slower than 1 s.")

RESUME_PROCESSING_DURATION = Histogram(
    "resume_processing_duration_seconds",
    "Time to extract and parse one resume.",
    ["status"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)
RESUME_PARSING_ERRORS = Counter(
    "resume_parsing_errors_total", "Resume parsing failures by kind.", ["error_type"]
)
FILE_UPLOAD_SIZE = Histogram(
    "file_upload_size_bytes",
    "Size of uploaded files.",
    buckets=(1024, 10_240, 102_400, 512_000, 1_048_576, 5_242_880, 10_485_760, 52_428_800),
)
FILE_PROCESSING_QUEUE_LENGTH = Gauge("file_processing_queue_length", "Resumes waiting to be parsed.")

# The MCP server's tool calls: the tool's name (one of the server's, "unknown" for any other name a client
# sends, so a client cannot grow the label's values) and the outcome, never the arguments (search text, ids).
MCP_TOOL_CALLS = Counter(
    "mcp_tool_calls_total",
    "MCP tool calls by tool and outcome: ok; refused (the caller's arguments, key or rights); failed (the "
    "server's side: a dependency down, an internal error).",
    ["tool", "outcome"],
)
MCP_TOOL_DURATION = Histogram(
    "mcp_tool_call_duration_seconds", "MCP tool call latency by tool.", ["tool"], buckets=LATENCY_BUCKETS
)

AUTH_TOKEN_GENERATION_DURATION = Histogram(
    "auth_token_generation_duration_seconds", "Time to issue a token pair.", buckets=LATENCY_BUCKETS
)
AUTH_FAILED_ATTEMPTS = Counter("auth_failed_attempts_total", "Failed authentications by reason.", ["reason"])

# 1, labelled with the release and the Python it runs on: every process that imports this module says
# which version it is (`hr_resume_search_build_info{version="0.1.0"}`), for dashboards and upgrades.
BUILD_INFO = Gauge(
    "hr_resume_search_build_info",
    "The running release: always 1, labelled by version.",
    ["version", "python"],
)
BUILD_INFO.labels(version=version(), python=platform.python_version()).set(1)

# What every process exports: its release, its database queries, its memory, CPU and garbage collections.
SHARED_FAMILIES: tuple[Collector, ...] = (
    BUILD_INFO,
    DATABASE_QUERY_DURATION,
    DATABASE_SLOW_QUERIES,
    PROCESS_COLLECTOR,
    PLATFORM_COLLECTOR,
    GC_COLLECTOR,
)
# What the search and upload use cases write, in whichever process runs them (the API, the MCP server).
USE_CASE_FAMILIES: tuple[Collector, ...] = (
    SEARCH_REQUESTS,
    SEARCH_DURATION,
    SEARCH_RESULTS,
    SEARCH_MATCH_SCORES,
    SEARCH_CACHE_OPERATIONS,
    SEARCH_COUNTED_IN_FULL,
    SEARCH_ENGINE_DURATION,
    FILE_UPLOAD_SIZE,
)
# The API's own (app/search/events.py adds the search events'); the pool gauges are set when it is scraped.
API_FAMILIES: tuple[Collector, ...] = (
    HTTP_REQUEST_DURATION,
    HTTP_REQUESTS,
    HTTP_REQUESTS_ACTIVE,
    *USE_CASE_FAMILIES,
    DATABASE_CONNECTIONS_ACTIVE,
    DATABASE_CONNECTIONS_IDLE,
    AUTH_TOKEN_GENERATION_DURATION,
    AUTH_FAILED_ATTEMPTS,
)
# The worker's: parsing time and failures (Claude's included), the queue it reads.
WORKER_FAMILIES: tuple[Collector, ...] = (
    RESUME_PROCESSING_DURATION,
    RESUME_PARSING_ERRORS,
    FILE_PROCESSING_QUEUE_LENGTH,
)

# The MCP server's: its tool calls, and the searches and uploads its tools run through the API's use cases.
MCP_FAMILIES: tuple[Collector, ...] = (MCP_TOOL_CALLS, MCP_TOOL_DURATION, *USE_CASE_FAMILIES)


def exposition(owned: Iterable[Collector]) -> CollectorRegistry:
    """A registry of one process's /metrics: the families it owns and the shared ones."""
    registry = CollectorRegistry(auto_describe=True)
    for family in (*SHARED_FAMILIES, *owned):
        registry.register(family)
    return registry
