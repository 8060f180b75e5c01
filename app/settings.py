"""One settings object for the API, the worker, the indexer and the MCP server, read from the environment."""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Where the checkout lives: default storage sits beside it, never inside the package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Shortest JWT_SECRET accepted: HS256 wants a key at least as long as its 256-bit hash.
MIN_JWT_SECRET_BYTES = 32
# libpq's sslmode values, which asyncpg's `ssl` keyword takes too.
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
# The highest MAX_UPLOAD_BYTES: 100 MiB, ten times the default.
MAX_UPLOAD_LIMIT = 100 * 1024 * 1024
# Longest retention: a century. Beyond it, dates before year 1 ended maintenance in a traceback.
MAX_RETENTION_DAYS = 36_500
# Secrets that were ever written in this repository (defaults, compose examples): public, so refused.
PUBLISHED_JWT_SECRETS = frozenset(
    {"dev-only-change-me-dev-only-change-me", "change-me-in-production-please-32-bytes", "change-me"}
)


class ConfigurationError(Exception):
    """A setting a process needs is missing or unfit; the message is one line naming the variable."""


class Settings(BaseSettings):
    """Every knob of the service; each field maps to an upper-case environment variable."""

    # No inf or nan for any number: "inf" seconds passed the bounds below and ended the worker in an
    # OverflowError traceback at its first job.
    model_config = SettingsConfigDict(
        env_prefix="", case_sensitive=False, extra="ignore", allow_inf_nan=False
    )

    # Postgres, the record system (SQLAlchemy async URL, asyncpg driver).
    database_url: str = "postgresql+asyncpg://hr:hr@127.0.0.1:5432/hr"
    # Redis: search cache, index epoch, rate limits and locks.
    redis_url: str = "redis://127.0.0.1:6379/0"
    # OpenSearch node the search runs on, or several nodes of one cluster separated by commas (the clients
    # try the next node when one does not answer).
    opensearch_url: str = "http://127.0.0.1:9200"
    # Alias of the candidates index that searches read and the indexer writes behind.
    index_alias: str = Field(default="candidates", pattern=r"^[a-z0-9][a-z0-9_.-]{0,100}$")
    # Claude parses resumes and smart-search requests when set; the offline parser is used otherwise.
    anthropic_api_key: SecretStr | None = None
    # Claude model used for parsing and for smart search.
    anthropic_model: str = "claude-sonnet-4-5"
    # Seconds one Claude request may take before it is retried, and a resume's parse with its retries.
    anthropic_timeout_seconds: float = Field(default=60.0, gt=0, le=600)
    # Retries of a Claude request on 429, 5xx and time-outs (with backoff).
    anthropic_max_retries: int = Field(default=3, ge=0, le=10)
    # Seconds a smart search waits for Claude, its retries included, before the offline rules read the
    # request: a recruiter is waiting (the worker's parses take the timeout and retries above).
    anthropic_search_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    # Seconds Claude's reading of a smart search's sentence is kept in Redis, by the sentence with its case
    # and spacing folded: the same sentence is not sent, paid for and waited for again (0: not kept).
    anthropic_search_reading_ttl_seconds: int = Field(default=86_400, ge=0, le=2_592_000)
    # Characters of resume text sent to Claude at most.
    anthropic_max_input_chars: int = Field(default=60_000, gt=1000)
    # Secret that signs the API's JWTs: random, at least 32 bytes, never one written in the repository. No
    # default: the API refuses to start without it (`make run` generates one and keeps it in .devstack/).
    jwt_secret: SecretStr | None = None
    # Minutes an access token lives.
    jwt_access_ttl_minutes: int = Field(default=15, gt=0, le=1440)
    # Days a refresh token lives.
    jwt_refresh_ttl_days: int = Field(default=14, gt=0, le=365)
    # Seconds after a refresh during which the refresh token just rotated, presented again, gets the same
    # new refresh token (and a fresh access token) instead of ending the login as a stolen token's reuse:
    # the page reloaded before that refresh's answer arrived, and lost it. Only while the new token is
    # unused and Redis remembers the rotation. 0: no grace (any second use ends the login).
    jwt_refresh_reuse_grace_seconds: int = Field(default=10, ge=0, le=60)
    # Seconds a process trusts an API key it checked without asking the database again; a key revoked
    # through another process (another replica, the MCP server) works there for at most this long. 0: never.
    api_key_cache_seconds: float = Field(default=30.0, ge=0, le=300)
    # Address the API listens on.
    api_host: str = "127.0.0.1"
    # Browser origins (scheme://host[:port]) whose pages may call the API (CORS), separated by commas. None
    # by default: the recruiter's page at / is same-origin and needs none.
    cors_origins: str = ""
    # Port the API listens on.
    api_port: int = Field(default=8080, ge=1, le=65535)
    # Port of the Prometheus /metrics endpoint (a separate listener).
    metrics_port: int = Field(default=9090, ge=0, le=65535)
    # Address every /metrics listener binds (API, worker, indexer daemon): loopback unless a scraper on
    # another host needs it, whatever API_HOST says (the API may face the world, its metrics should not).
    metrics_host: str = "127.0.0.1"
    # Port `hr-mcp --transport http` listens on (streamable HTTP at /mcp).
    mcp_port: int = Field(default=8090, ge=1, le=65535)
    # Port of the /metrics endpoint of `hr-mcp --transport http` (with /live beside it); 0: none.
    mcp_metrics_port: int = Field(default=9094, ge=0, le=65535)
    # Port of the worker's /metrics endpoint.
    worker_metrics_port: int = Field(default=9091, ge=0, le=65535)
    # Port of the indexer daemon's /metrics endpoint.
    indexer_metrics_port: int = Field(default=9092, ge=0, le=65535)
    # Where uploaded resume files are stored, content-addressed.
    storage_dir: Path = PROJECT_ROOT / ".devstack" / "storage"
    # Largest upload accepted, in bytes: at most 100 MiB, since each upload in hand is held in memory (up
    # to twice its size, UPLOAD_CONCURRENCY at once); a limit of gigabytes let one upload exhaust the API.
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, gt=0, le=MAX_UPLOAD_LIMIT)
    # Uploads one API process reads and stores at once (each holds up to twice its size in memory while it
    # is checked); the rest wait their turn, first come first served.
    upload_concurrency: int = Field(default=4, ge=1, le=256)
    # Seconds an upload may wait for its turn before the API answers 503 (busy, with Retry-After).
    upload_queue_timeout_seconds: float = Field(default=30.0, gt=0, le=300)
    # Resumes parsed at once by one worker process.
    worker_concurrency: int = Field(default=2, ge=1, le=64)
    # Seconds a worker holds a job before another worker may take it over (a killed worker's job).
    worker_visibility_timeout_seconds: float = Field(default=300.0, gt=0, le=86_400)
    # Tries of one resume before it is marked failed.
    worker_max_attempts: int = Field(default=5, ge=1, le=50)
    # Seconds text extraction and parsing of one file may take.
    parse_time_limit_seconds: float = Field(default=60.0, gt=0, le=3600)
    # Seconds one search may spend in OpenSearch before the API answers 504.
    search_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    # OpenSearch requests one API process has in flight; the rest wait their turn, first come first served.
    search_concurrency: int = Field(default=10, ge=1, le=256)
    # Seconds a search may wait for its turn before the API answers 503 (busy, with Retry-After).
    search_queue_timeout_seconds: float = Field(default=15.0, gt=0, le=120)
    # Matches a search counts exactly before it answers "at least N" (total_relation "gte"): past it the
    # engine may skip documents that cannot reach the page. Requests with exact_total count them all.
    search_total_hits_cap: int = Field(default=1_000, ge=1, le=1_000_000)
    # A skills search whose skill filters let in at most this many candidates (by the index's skill
    # counts) counts every match: scoring them all is cheaper than pruning there. 0: never.
    search_exact_count_below: int = Field(default=50_000, ge=0)
    # ... and at most this share of the index's candidates (a smaller index prunes sooner).
    search_exact_count_share: float = Field(default=0.1, gt=0, le=1)
    # Seconds the index's skill counts (read for the above) are used before they are read again.
    search_skill_counts_seconds: float = Field(default=300.0, gt=0, le=86_400)
    # Seconds a cached search response lives (the index epoch invalidates it sooner on any change).
    search_cache_ttl_seconds: int = Field(default=300, ge=1, le=604_800)
    # Seconds /ready waits for its checks, which run at once (Postgres, Redis, OpenSearch, the index alias).
    ready_timeout_seconds: float = Field(default=2.0, gt=0, le=60)
    # Log level of every process.
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Prefix of the daily search analytics indexes, `<prefix>YYYY.MM.DD` (tests use their own).
    search_events_prefix: str = Field(default="search-events-", pattern=r"^[a-z0-9][a-z0-9_.-]{0,60}-$")
    # Days search analytics events are kept (ISM policy when the plugin exists, `hr-indexer maintenance`).
    search_events_retention_days: int = Field(default=90, ge=1, le=MAX_RETENTION_DAYS)
    # Days per-user search history is kept before `hr-indexer maintenance` removes it.
    search_history_retention_days: int = Field(default=90, ge=1, le=MAX_RETENTION_DAYS)
    # Days a failed resume and its file are kept for inspection before `hr-indexer maintenance` removes them.
    failed_resume_retention_days: int = Field(default=7, ge=1, le=MAX_RETENTION_DAYS)
    # Previous candidate indexes kept for rollback besides the live one, after a reindex and by maintenance.
    index_rollback_keep: int = Field(default=1, ge=0, le=10)
    # Segments a freshly built index is force-merged into before the alias moves to it (0: left as the bulk
    # load wrote it). A bulk load leaves dozens, and each is searched on its own: at 1M candidates 29 segments
    # cost 17 engine CPU-ms per search where 4 cost 13, and 8 cost 14 (benchmarks/README.md).
    index_merge_segments: int = Field(default=4, ge=0, le=1000)
    # First admin, created at start-up when no user exists yet.
    admin_email: str | None = None
    admin_password: SecretStr | None = None

    @field_validator("database_url")
    @classmethod
    def _async_postgres(cls, value: str) -> str:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            value = "postgresql+asyncpg://" + value.split("://", 1)[1]
        if not value.startswith("postgresql+asyncpg://"):
            raise ValueError("must be a postgresql:// or postgresql+asyncpg:// URL")
        # A port that is no number ended every command in a ValueError traceback on first use.
        try:
            _ = urlsplit(value).port  # raises on "host:abc" and "host:99999"
        except ValueError:
            raise ValueError("has a port that is not a number from 0 to 65535") from None
        return _with_sslmode(value)

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str) -> str:
        if not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must be a redis:// or rediss:// URL")
        if value.startswith("unix://"):
            return value
        # redis-py reads "/abc" as no database at all (so database 0, another's perhaps), and a port that is
        # no number as a traceback on first use.
        parts = urlsplit(value)
        try:
            _ = parts.port  # raises on "host:abc" and "host:99999"
        except ValueError:
            raise ValueError("has a port that is not a number from 0 to 65535") from None
        if parts.path.strip("/") and not parts.path.strip("/").isdigit():
            raise ValueError(f"names database {parts.path.strip('/')!r}: a database is a number (/0, /9)")
        return value

    @field_validator("opensearch_url")
    @classmethod
    def _http_urls(cls, value: str) -> str:
        urls = [url.strip().rstrip("/") for url in value.split(",")]
        for url in urls:
            if not _is_http_url(url):
                raise ValueError(
                    f"{url!r} is not an http:// or https:// URL with a host "
                    "(several nodes: separate their URLs with commas)"
                )
        return ",".join(urls)

    @field_validator("api_host", "metrics_host")
    @classmethod
    def _an_address(cls, value: str) -> str:
        # An empty host binds every interface (IPv6 too): API_HOST= or METRICS_HOST= left blank in a .env or a
        # ConfigMap put /metrics, meant for loopback, on the network without a word.
        if not value.strip():
            raise ValueError(
                "is empty, which listens on every interface: write 0.0.0.0 for that, or 127.0.0.1"
            )
        return value.strip()

    @field_validator("anthropic_api_key", mode="before")
    @classmethod
    def _no_blank_key(cls, value: object) -> object:
        # compose.yaml passes an empty ANTHROPIC_API_KEY when none is set: no key, for the API's smart
        # search as for the worker (which parsed offline while the API sent each sentence to be refused).
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("anthropic_model")
    @classmethod
    def _a_model_name(cls, value: str) -> str:
        # A blank or spaced name ("", "claude sonnet") reached Claude with every resume, each failing after
        # its retries; ids are one word ("claude-sonnet-4-5", "anthropic.claude-...:0", "...@20241022").
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}", value):
            raise ValueError(f"{value!r} is not a Claude model id (such as claude-sonnet-4-5)")
        return value

    @field_validator("jwt_secret")
    @classmethod
    def _unpublished_and_long(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        secret = value.get_secret_value()
        if secret.strip() in PUBLISHED_JWT_SECRETS:
            raise ValueError("was published in the repository; set a random one (openssl rand -hex 32)")
        if len(secret.encode()) < MIN_JWT_SECRET_BYTES:
            raise ValueError(
                f"is shorter than {MIN_JWT_SECRET_BYTES} bytes; set a random one (openssl rand -hex 32)"
            )
        return value

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, value: str) -> str:
        origins = [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        for origin in origins:
            parts = urlsplit(origin)
            if not _is_http_url(origin) or parts.path or parts.query or parts.fragment:
                raise ValueError(
                    f"{origin!r} is not an origin: scheme://host[:port], no path (no '*' either)"
                )
        return ",".join(origins)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _lease_outlasts_a_parse(self) -> Settings:
        # A lease shorter than a job let another slot take over a resume still being parsed, and parse it
        # again (with Claude, paid again), until one finished while no slot was free to take it.
        longest = self.parse_time_limit_seconds + (
            self.anthropic_timeout_seconds if self.anthropic_api_key else 0
        )
        if self.worker_visibility_timeout_seconds <= longest:
            claude = " plus a Claude call (ANTHROPIC_TIMEOUT_SECONDS)" if self.anthropic_api_key else ""
            lease = self.worker_visibility_timeout_seconds
            raise ValueError(
                f"WORKER_VISIBILITY_TIMEOUT_SECONDS: {lease:g} s is no longer than a parse may take, "
                f"{longest:g} s (PARSE_TIME_LIMIT_SECONDS{claude}): another worker would take over a resume "
                "still being parsed and parse it again; make it longer"
            )
        return self

    @property
    def opensearch_hosts(self) -> list[str]:
        """The node URLs of OPENSEARCH_URL, for the clients' connection pools."""
        return self.opensearch_url.split(",")

    @property
    def cors_origin_set(self) -> frozenset[str]:
        """CORS_ORIGINS as a set, lower-cased as browsers send the Origin header."""
        return frozenset(origin.lower() for origin in self.cors_origins.split(",") if origin)

    @property
    def jwt_signing_key(self) -> str:
        """JWT_SECRET, or ConfigurationError: a process that signs or checks tokens cannot run without it."""
        if self.jwt_secret is None:
            raise ConfigurationError(
                "invalid configuration: JWT_SECRET: not set; the API needs a random secret of at least "
                f"{MIN_JWT_SECRET_BYTES} bytes (`make run` generates one in .devstack/jwt_secret)"
            )
        return self.jwt_secret.get_secret_value()

    @property
    def sync_database_url(self) -> str:
        """The same database for libpq-style tools (psql, plain asyncpg)."""
        return "postgresql://" + self.database_url.split("://", 1)[1]


def _with_sslmode(url: str) -> str:
    """`url` with its TLS choice written as libpq's `sslmode` (what psql and asyncpg's own URL parser read),
    also when it came as SQLAlchemy's `ssl=...`; an unknown mode is refused here rather than by the first
    connection."""
    query = _renamed_query(url, "ssl", "sslmode")
    if query is None:
        return url
    for key, value in query:
        if key == "sslmode" and value not in SSL_MODES:
            raise ValueError(f"has sslmode={value}; use one of {', '.join(SSL_MODES)}")
    return urlunsplit(urlsplit(url)._replace(query=urlencode(query, quote_via=quote)))


def engine_url(database_url: str) -> str:
    """`database_url` for SQLAlchemy's asyncpg dialect, which passes query parameters to asyncpg.connect as
    keywords: `sslmode=require` (the form every managed Postgres documents) becomes `ssl=require`, since
    `sslmode` is no keyword of asyncpg.connect (a TypeError traceback on the first connection before)."""
    query = _renamed_query(database_url, "sslmode", "ssl")
    if query is None:
        return database_url
    return urlunsplit(urlsplit(database_url)._replace(query=urlencode(query, quote_via=quote)))


def _renamed_query(url: str, old: str, new: str) -> list[tuple[str, str]] | None:
    """The URL's query parameters with `old` renamed `new`; None when it has neither (left as written)."""
    query = parse_qsl(urlsplit(url).query, keep_blank_values=True)
    if not any(key in (old, new) for key, _ in query):
        return None
    return [(new if key == old else key, value) for key, value in query]


def _is_http_url(url: str) -> bool:
    """http(s)://host[:port][/prefix], the form opensearch-py takes a node in."""
    try:
        parts = urlsplit(url)
        port = parts.port  # ValueError unless a number from 0 to 65535
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and port != 0


def describe_errors(error: ValidationError) -> str:
    """One line per bad variable, naming it the way the user set it."""
    lines = []
    for item in error.errors():
        # A validator's own sentence, without pydantic's "Value error, " before it; one of several variables
        # together (no location) names them itself.
        problem = item["msg"].removeprefix("Value error, ")
        name = f"{str(item['loc'][0]).upper()}: " if item["loc"] else ""
        lines.append(f"invalid configuration: {name}{problem}")
    return "\n".join(lines)


def load_settings() -> Settings:
    """Read the environment, or stop the process with one clear line per bad variable."""
    try:
        return Settings()
    except ValidationError as error:
        print(describe_errors(error), file=sys.stderr)
        raise SystemExit(2) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings for command-line entry points."""
    return load_settings()
