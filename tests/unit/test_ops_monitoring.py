"""Prometheus configuration, alert rules and the Grafana dashboard: valid, tested, and wired together.

promtool comes from Debian's `prometheus` package; `monitoring/install-promtool.sh` extracts just the binary
when it is missing (no Prometheus server is installed). The tests skip only when that script cannot.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any

import pytest
import yaml
from prometheus_client.metrics import MetricWrapperBase

from tests.conftest import ROOT

MONITORING = ROOT / "monitoring"
DASHBOARD = MONITORING / "grafana" / "dashboards" / "hr-resume-search.json"
DATASOURCES = MONITORING / "grafana" / "provisioning" / "datasources" / "prometheus.yml"
OPERATIONS = ROOT / "docs" / "operations.md"
# The alerts the operations guide promises.
REQUIRED_ALERTS = {
    "HighResponseTime",
    "HighErrorRate",
    "DatabaseSlowQueries",
    "SearchPerformanceDegraded",
    "MemoryUsageHigh",
    "IndexerLagHigh",
    "OutboxBacklogGrowing",
    "DeadLettersPresent",
    "CacheHitRateLow",
    "ResumeQueueBacklog",
    "ResumeParseFailures",
    "AuthFailureSpike",
}
# Panels an operator looks for first, by a word of their title.
REQUIRED_PANELS = (
    "request rate by endpoint",
    "latency p50 / p95",
    "search rate",
    "search latency p95",
    "database query rate",
    "database query latency p95",
    "error rate",
    "cache hit rate",
    "indexer lag",
    "outbox backlog",
    "parsing throughput",
    "parsing failures",
)

# PromQL words that are not metric names: functions, aggregations, keywords.
# fmt: off
PROMQL_WORDS = {
    "abs", "absent", "absent_over_time", "and", "avg", "avg_over_time", "bool", "bottomk", "by", "ceil",
    "changes", "clamp", "clamp_max", "clamp_min", "count", "count_over_time", "count_values", "delta",
    "deriv", "exp", "floor", "group", "group_left", "group_right", "histogram_quantile", "holt_winters",
    "idelta", "ignoring", "increase", "inf", "irate", "label_join", "label_replace", "last_over_time", "ln",
    "log10", "log2", "max", "max_over_time", "min", "min_over_time", "nan", "offset", "on", "or",
    "predict_linear", "quantile", "quantile_over_time", "rate", "resets", "round", "scalar", "sort",
    "sort_desc", "sqrt", "stddev", "stdvar", "sum", "sum_over_time", "time", "timestamp", "topk", "unless",
    "vector", "without",
}
# fmt: on
# Series Prometheus makes itself rather than scraping them.
PROMETHEUS_SERIES = {"up", "scrape_duration_seconds", "scrape_samples_scraped"}


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression reads (a tokenizer, enough for the expressions kept here)."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # label values
    expr = re.sub(r"\{[^}]*\}", "", expr)  # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # range selectors, Grafana's $__rate_interval included
    expr = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", expr)  # label lists
    names = set()
    for match in re.finditer(r"(?<![\w.$])[A-Za-z_:][A-Za-z0-9_:]*", expr):
        word = match.group(0)
        if word.lower() in PROMQL_WORDS or expr[match.end() :].lstrip().startswith("("):
            continue
        names.add(word)
    return names


def load_rules() -> list[dict[str, Any]]:
    groups = yaml.safe_load((MONITORING / "alerts.yml").read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def dashboard_expressions() -> list[str]:
    panels = json.loads(DASHBOARD.read_text())["panels"]
    return [target["expr"] for panel in panels for target in panel.get("targets", [])]


def promql_in_use() -> dict[str, set[str]]:
    """Every metric name the rules and the dashboard read, with where it is read."""
    used: dict[str, set[str]] = {}
    for rule in load_rules():
        for name in metric_names(rule["expr"]):
            used.setdefault(name, set()).add(f"alert {rule['alert']}")
    for expr in dashboard_expressions():
        for name in metric_names(expr):
            used.setdefault(name, set()).add("grafana dashboard")
    return used


@pytest.fixture(scope="module")
def promtool() -> str:
    """A promtool binary: on PATH, or put in .devstack/bin by monitoring/install-promtool.sh."""
    found = shutil.which("promtool")
    if found:
        return found
    result = subprocess.run(
        [str(MONITORING / "install-promtool.sh")], capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        pytest.skip(f"promtool unavailable and could not be installed: {result.stderr.strip()}")
    return result.stdout.strip().splitlines()[-1]


def run_promtool(promtool: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [promtool, *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def test_metric_names_reads_names_not_functions_labels_or_variables() -> None:
    expr = (
        'histogram_quantile(0.95, sum by (job, le) (rate(http_request_duration_seconds_bucket{status=~"5.."}'
        "[$__rate_interval]))) > 2 and on (job) up == 1 or vector(0) * 1e9"
    )
    assert metric_names(expr) == {"http_request_duration_seconds_bucket", "up"}


def test_prometheus_config_is_valid_and_scrapes_the_four_processes(promtool: str) -> None:
    result = run_promtool(promtool, "check", "config", "monitoring/prometheus.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((MONITORING / "prometheus.yml").read_text())
    targets = {
        job["job_name"]: [t for group in job["static_configs"] for t in group["targets"]]
        for job in config["scrape_configs"]
    }
    # The MCP server's job was missing: its tool calls were exported to no one.
    assert targets == {
        "api": ["api:9090"],
        "worker": ["worker:9091"],
        "indexer": ["indexer:9092"],
        "mcp": ["mcp:9094"],
    }
    assert config["rule_files"] == ["alerts.yml"]
    managers = [
        t for m in config["alerting"]["alertmanagers"] for g in m["static_configs"] for t in g["targets"]
    ]
    assert managers == ["alertmanager:9093"]


def test_alert_rules_are_valid(promtool: str) -> None:
    result = run_promtool(promtool, "check", "rules", "monitoring/alerts.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_fires_in_the_promtool_unit_tests(promtool: str) -> None:
    result = run_promtool(promtool, "test", "rules", "monitoring/alerts_test.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    tests = yaml.safe_load((MONITORING / "alerts_test.yml").read_text())["tests"]
    fired = {
        case["alertname"] for test in tests for case in test["alert_rule_test"] if case.get("exp_alerts")
    }
    alerts = {rule["alert"] for rule in load_rules()}
    assert fired == alerts, f"alerts without a firing test: {alerts - fired}"


def test_the_required_alerts_exist_with_a_severity_and_a_runbook_section() -> None:
    rules = {rule["alert"]: rule for rule in load_rules()}
    assert REQUIRED_ALERTS <= set(rules), REQUIRED_ALERTS - set(rules)
    headings = {
        re.sub(r"[^a-z0-9 -]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        for line in OPERATIONS.read_text().splitlines()
        if line.startswith("#")
    }
    for name, rule in rules.items():
        assert rule["labels"]["severity"] in {"critical", "warning", "info"}, name
        runbook = rule["annotations"]["runbook_url"]
        assert runbook == f"docs/operations.md#{name.lower()}", name
        assert name.lower() in headings, f"docs/operations.md has no section for {name}"


def test_the_grafana_dashboard_has_the_panels_and_uses_the_provisioned_datasource() -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    datasource_uid = yaml.safe_load(DATASOURCES.read_text())["datasources"][0]["uid"]
    titles = [panel["title"].lower() for panel in dashboard["panels"]]
    for wanted in REQUIRED_PANELS:
        assert any(wanted in title for title in titles), f"no panel for {wanted}: {titles}"
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    for panel in dashboard["panels"]:
        assert panel["datasource"]["uid"] == datasource_uid, panel["title"]
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert metric_names(target["expr"]), f"{panel['title']}: {target['expr']} reads no metric"


# Gauges each process reads from the one database: every replica reports the same whole value (two workers
# each say "120 queued" of one queue of 120), so a sum over replicas counts it once per replica.
SHARED_GAUGES = {
    "file_processing_queue_length",
    "indexer_outbox_backlog",
    "indexer_outbox_oldest_age_seconds",
    "indexer_outbox_dead_letters",
}


def test_gauges_every_replica_reads_from_the_database_are_never_summed_over_replicas() -> None:
    # The dashboard's resume queue was sum(file_processing_queue_length): the production overlay's two
    # workers showed twice the queue (and the API, which exports the gauge at 0, nothing).
    expressions = [("grafana", expr) for expr in dashboard_expressions()]
    expressions += [(f"alert {rule['alert']}", rule["expr"]) for rule in load_rules()]
    for where, expr in expressions:
        for name in SHARED_GAUGES & metric_names(expr):
            summed = re.search(r"\bsum\b(?:\s*by\s*\([^)]*\))?\s*\([^()]*\b" + name + r"\b", expr)
            assert not summed, f"{where}: {expr} adds up {name} over the replicas that each report all of it"


def test_compose_mounts_the_rules_and_the_grafana_provisioning() -> None:
    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    assert "./monitoring/alerts.yml:/etc/prometheus/alerts.yml:ro" in services["prometheus"]["volumes"]
    assert (
        "./monitoring/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro"
        in (services["alertmanager"]["volumes"])
    )
    grafana = services["grafana"]["volumes"]
    assert "./monitoring/grafana/provisioning:/etc/grafana/provisioning:ro" in grafana
    provider = yaml.safe_load(
        (MONITORING / "grafana" / "provisioning" / "dashboards" / "hr-resume-search.yml").read_text()
    )
    path = provider["providers"][0]["options"]["path"]
    assert f"./monitoring/grafana/dashboards:{path}:ro" in grafana


def test_promql_names_are_plausible_metric_names() -> None:
    # The integration test checks them against live processes; this catches typos without the stack.
    for name, places in promql_in_use().items():
        assert re.fullmatch(r"[a-z_][a-z0-9_]*", name), (name, places)


def test_every_metric_the_processes_define_is_in_the_operations_table() -> None:
    # auth_token_generation_duration_seconds, indexer_dead_letters_total and indexer_version_conflicts_total
    # were exported but missing from docs/operations.md, the page an operator reads them from.
    import app.metrics
    import indexer.metrics

    table = (ROOT / "docs" / "operations.md").read_text()
    documented = set(re.findall(r"`([a-z_]+)`", table))
    defined = {
        metric.name
        for module in (app.metrics, indexer.metrics)
        for value in vars(module).values()
        if isinstance(value, MetricWrapperBase)
        for metric in value.describe()
    }
    # A counter's family is named without `_total`; the table gives the name a query uses.
    missing = sorted(
        name
        for name in defined
        if name not in documented and f"{name}_total" not in documented and not _documented_pair(name, table)
    )
    assert missing == []


def _documented_pair(name: str, table: str) -> bool:
    """`database_connections_active` / `_idle`: the second name of a pair written by its suffix."""
    stem, _, suffix = name.rpartition("_")
    return f"`{stem}_" in table and f"`_{suffix}`" in table
