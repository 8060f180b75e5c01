"""deploy/kubernetes: what an operator applying the overlays would notice, checked on the rendered output.

The overlays are rendered with the pinned kustomize that `deploy/kubernetes/tools/install.sh` puts in .tools/
(`make k8s-check`, run before the tests, has installed it; the first call here installs it otherwise).
Schema validation is `make k8s-check`'s job; these tests check the choices the schemas cannot see.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.settings import Settings
from indexer.cli import build_parser
from tests.conftest import ROOT

K8S = ROOT / "deploy" / "kubernetes"
OVERLAYS = ("dev", "production", "production-custom-metrics")
# The image's user (Dockerfile): every container of ours runs as it.
APP_UID = 10001
# Settings that must never be written into a manifest, only referenced from a Secret.
SECRET_SETTINGS = {"JWT_SECRET", "DATABASE_URL", "ANTHROPIC_API_KEY", "ADMIN_PASSWORD"}
# Names that look like a secret wherever they appear as a literal env value or ConfigMap key.
SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|API_KEY|DATABASE_URL", re.IGNORECASE)
# A URL with a password in it: user:password@host.
CREDENTIALS_IN_URL = re.compile(r"://[^/@\s:]+:[^/@\s]+@")
# Variables the ConfigMap may carry that are not Settings fields.
NON_SETTINGS_ENV = {"PYTHONDONTWRITEBYTECODE"}


@pytest.fixture(scope="session")
def kustomize() -> Path:
    environment = {**os.environ, "PYTHON": sys.executable}
    result = subprocess.run(
        [str(K8S / "tools" / "install.sh")], capture_output=True, text=True, env=environment, check=False
    )
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip()) / "kustomize"


@pytest.fixture(scope="session")
def rendered(kustomize: Path) -> dict[str, list[dict[str, Any]]]:
    """Overlay name -> its objects, as `kubectl apply -k` would send them."""
    out = {}
    for overlay in OVERLAYS:
        result = subprocess.run(
            [str(kustomize), "build", str(K8S / "overlays" / overlay)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        out[overlay] = [doc for doc in yaml.safe_load_all(result.stdout) if doc]
    return out


def objects(rendered: dict[str, list[dict[str, Any]]], overlay: str, kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in rendered[overlay] if o["kind"] == kind}


def pod_spec(obj: dict[str, Any]) -> dict[str, Any] | None:
    if obj["kind"] in ("Deployment", "StatefulSet", "Job"):
        return obj["spec"]["template"]["spec"]
    if obj["kind"] == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return None


def containers(obj: dict[str, Any]) -> Iterator[dict[str, Any]]:
    spec = pod_spec(obj) or {}
    yield from spec.get("initContainers", [])
    yield from spec.get("containers", [])


def workloads(rendered: dict[str, list[dict[str, Any]]], overlay: str) -> list[dict[str, Any]]:
    return [o for o in rendered[overlay] if pod_spec(o) is not None]


def load_generator() -> Any:
    path = K8S / "tools" / "generate_monitoring.py"
    spec = importlib.util.spec_from_file_location("generate_monitoring", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_has_requests_and_limits(rendered: dict, overlay: str) -> None:
    for obj in workloads(rendered, overlay):
        for container in containers(obj):
            resources = container.get("resources", {})
            for bound in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(resources.get(bound, {})), (obj["metadata"]["name"], bound)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_runs_unprivileged_on_a_read_only_root(rendered: dict, overlay: str) -> None:
    for obj in workloads(rendered, overlay):
        pod = pod_spec(obj) or {}
        assert pod["securityContext"]["runAsNonRoot"] is True, obj["metadata"]["name"]
        for container in containers(obj):
            context = container["securityContext"]
            where = (obj["metadata"]["name"], container["name"])
            assert context["allowPrivilegeEscalation"] is False, where
            assert context["readOnlyRootFilesystem"] is True, where
            assert context["capabilities"]["drop"] == ["ALL"], where
            assert context["runAsNonRoot"] is True, where
            if container["image"].split(":")[0].endswith("hr-resume-search"):
                assert context["runAsUser"] == APP_UID, where
                mounts = {m["mountPath"] for m in container.get("volumeMounts", [])}
                assert "/tmp" in mounts, where  # the one writable place besides resume storage


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_no_secret_is_written_into_the_manifests(rendered: dict, overlay: str) -> None:
    assert not objects(rendered, overlay, "Secret"), "Secrets are created by hand (docs/kubernetes.md)"
    for config_map in objects(rendered, overlay, "ConfigMap").values():
        leaked = {key for key in config_map.get("data", {}) if SECRET_NAME.search(key)}
        assert not leaked, (config_map["metadata"]["name"], leaked)
        with_password = {k for k, v in config_map.get("data", {}).items() if CREDENTIALS_IN_URL.search(v)}
        assert not with_password, (config_map["metadata"]["name"], with_password)
    for obj in workloads(rendered, overlay):
        for container in containers(obj):
            for variable in container.get("env", []):
                assert not ("value" in variable and SECRET_NAME.search(variable["name"])), variable
                if variable["name"] in SECRET_SETTINGS:
                    assert "secretKeyRef" in variable["valueFrom"], variable


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_process_finds_its_database_and_configuration(rendered: dict, overlay: str) -> None:
    config_maps = objects(rendered, overlay, "ConfigMap")
    for obj in workloads(rendered, overlay):
        for container in containers(obj):
            if not container["image"].split(":")[0].endswith("hr-resume-search"):
                continue
            names = {v["name"] for v in container.get("env", [])}
            assert "DATABASE_URL" in names, (obj["metadata"]["name"], container["name"])
            refs = [source["configMapRef"]["name"] for source in container["envFrom"]]
            assert refs and all(ref in config_maps for ref in refs)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_configuration_names_only_real_settings(rendered: dict, overlay: str) -> None:
    """A misspelt variable would be ignored by the processes without a word: none is."""
    settings = {name.upper() for name in Settings.model_fields}
    config = next(
        cm for name, cm in objects(rendered, overlay, "ConfigMap").items() if name.startswith("hr-config")
    )
    unknown = set(config["data"]) - settings - NON_SETTINGS_ENV
    assert not unknown
    assert config["data"]["METRICS_HOST"] == "0.0.0.0"  # Prometheus scrapes the pod's address
    Settings(**{k.lower(): v for k, v in config["data"].items() if k not in NON_SETTINGS_ENV})


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_resume_storage_is_mounted_at_storage_dir_wherever_files_are_read_or_removed(
    rendered: dict, overlay: str
) -> None:
    """A pod without the volume sees the image's empty STORAGE_DIR: uploads vanish with the pod, the worker
    fails every job after its retries, and `hr-indexer maintenance` run by hand where docs/kubernetes.md runs
    the indexer's commands (the daemon's pod) deletes failed resumes' rows and leaves their files for good."""
    config = next(
        cm for name, cm in objects(rendered, overlay, "ConfigMap").items() if name.startswith("hr-config")
    )
    claim = next(iter(objects(rendered, overlay, "PersistentVolumeClaim")))
    workloads_by_name = {**objects(rendered, overlay, "Deployment"), **objects(rendered, overlay, "CronJob")}
    for name in ("hr-api", "hr-worker", "hr-mcp", "hr-indexer", "hr-maintenance"):
        pod = pod_spec(workloads_by_name[name]) or {}
        volumes = {
            v["name"] for v in pod["volumes"] if v.get("persistentVolumeClaim", {}).get("claimName") == claim
        }
        mounts = {
            m["mountPath"] for c in pod["containers"] for m in c["volumeMounts"] if m["name"] in volumes
        }
        assert mounts == {config["data"]["STORAGE_DIR"]}, (name, mounts)
        assert pod["securityContext"]["fsGroup"] == APP_UID, name  # the volume writable by the image's user


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_indexer_daemon_never_runs_twice(rendered: dict, overlay: str) -> None:
    indexer = objects(rendered, overlay, "Deployment")["hr-indexer"]
    assert indexer["spec"]["replicas"] == 1
    assert indexer["spec"]["strategy"]["type"] == "Recreate"
    assert next(containers(indexer))["command"] == ["hr-indexer", "run"]
    scaled = {
        h["spec"]["scaleTargetRef"]["name"]
        for h in objects(rendered, overlay, "HorizontalPodAutoscaler").values()
    }
    assert "hr-indexer" not in scaled


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_api_has_its_probes_and_the_daemons_a_liveness_probe(rendered: dict, overlay: str) -> None:
    deployments = objects(rendered, overlay, "Deployment")
    api = next(containers(deployments["hr-api"]))
    assert api["livenessProbe"]["httpGet"]["path"] == "/health"
    assert api["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert api["startupProbe"]["httpGet"]["path"] == "/health"
    for deployment in deployments.values():
        for container in containers(deployment):
            assert "livenessProbe" in container, deployment["metadata"]["name"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_daemons_liveness_probes_ask_whether_their_loop_turns(rendered: dict, overlay: str) -> None:
    """/metrics is served by a thread that answers while the worker's or the daemon's event loop is stuck: a
    probe there never restarted a wedged one. /live on the same port answers 503 then (app/liveness.py)."""
    deployments = objects(rendered, overlay, "Deployment")
    for name in ("hr-worker", "hr-indexer"):
        container = next(containers(deployments[name]))
        probe = container["livenessProbe"]["httpGet"]
        assert probe["path"] == "/live", name
        ports = {port["name"]: port["containerPort"] for port in container["ports"]}
        assert probe["port"] in ("metrics", ports["metrics"]), name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_worker_has_time_to_finish_its_jobs_on_sigterm(rendered: dict, overlay: str) -> None:
    worker = objects(rendered, overlay, "Deployment")["hr-worker"]
    settings = Settings()
    needed = settings.parse_time_limit_seconds + settings.anthropic_timeout_seconds
    assert worker["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] >= needed


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_indexer_commands_of_the_jobs_exist(rendered: dict, overlay: str) -> None:
    """A CronJob or Job with a wrong subcommand would fail only when it first runs."""
    seen = set()
    for obj in workloads(rendered, overlay):
        for container in containers(obj):
            command = container.get("command", [])
            if command[:1] == ["hr-indexer"]:
                args = build_parser().parse_args(command[1:])
                seen.add(args.command)
    assert {"run", "create", "reindex", "maintenance"} <= seen


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_migrations_run_before_the_index_is_created(rendered: dict, overlay: str) -> None:
    job = objects(rendered, overlay, "Job")["hr-migrate"]
    spec = pod_spec(job) or {}
    assert [c["command"] for c in spec["initContainers"]] == [["hr-api", "migrate"]]
    assert [c["command"] for c in spec["containers"]] == [["hr-indexer", "create"]]


def test_production_runs_three_api_replicas_spread_with_a_budget(rendered: dict) -> None:
    deployments = objects(rendered, "production", "Deployment")
    api = deployments["hr-api"]
    # The HPA owns the replica count: an apply must not reset it.
    assert "replicas" not in api["spec"]
    affinity = api["spec"]["template"]["spec"]["affinity"]["podAntiAffinity"]
    assert affinity["preferredDuringSchedulingIgnoredDuringExecution"]
    hpa = objects(rendered, "production", "HorizontalPodAutoscaler")["hr-api"]
    assert hpa["spec"]["minReplicas"] >= 3
    assert [m["resource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu"]
    budget = objects(rendered, "production", "PodDisruptionBudget")["hr-api"]
    assert budget["spec"]["minAvailable"] >= 2
    latency_hpa = objects(rendered, "production-custom-metrics", "HorizontalPodAutoscaler")["hr-api"]
    assert {m["type"] for m in latency_hpa["spec"]["metrics"]} == {"Resource", "Pods"}


def test_production_takes_external_endpoints_and_dev_runs_them_in_the_cluster(rendered: dict) -> None:
    in_cluster = {"OpenSearchCluster", "Cluster", "StatefulSet"}
    assert not in_cluster & {o["kind"] for o in rendered["production"]}
    assert in_cluster <= {o["kind"] for o in rendered["dev"]}
    for deployment in objects(rendered, "dev", "Deployment").values():
        assert deployment["spec"]["replicas"] == 1
        database = next(v for v in next(containers(deployment))["env"] if v["name"] == "DATABASE_URL")
        # The Secret CloudNativePG writes for the application user.
        assert database["valueFrom"]["secretKeyRef"] == {"name": "hr-postgres-app", "key": "uri"}


def test_opensearch_matches_the_devstack(rendered: dict) -> None:
    devstack = (ROOT / "devstack" / "opensearch.sh").read_text()
    version = re.search(r'^DEFAULT_VERSION="([0-9.]+)"', devstack, re.MULTILINE)
    assert version is not None
    cluster = objects(rendered, "dev", "OpenSearchCluster")["hr-opensearch"]
    assert cluster["spec"]["general"]["version"] == version.group(1)
    assert cluster["spec"]["general"]["pluginsList"] == []
    assert sum(pool["replicas"] for pool in cluster["spec"]["nodePools"]) == 3
    config = next(
        cm for name, cm in objects(rendered, "dev", "ConfigMap").items() if name.startswith("hr-config")
    )
    assert config["data"]["OPENSEARCH_URL"] == f"http://{cluster['spec']['general']['serviceName']}:9200"


def test_committed_monitoring_objects_are_generated_from_monitoring() -> None:
    generator = load_generator()
    for path, text in generator.render().items():
        assert path.read_text() == text, f"{path}: run python deploy/kubernetes/tools/generate_monitoring.py"


def test_the_prometheus_rule_carries_every_alert_and_the_jobs_they_name(rendered: dict) -> None:
    alerts = yaml.safe_load((ROOT / "monitoring" / "alerts.yml").read_text())
    rule = objects(rendered, "production", "PrometheusRule")["hr-resume-search"]
    assert rule["spec"]["groups"] == alerts["groups"]
    # The ServiceMonitor's job label is each Service's component: the jobs of prometheus.yml and the alerts.
    monitor = objects(rendered, "production", "ServiceMonitor")["hr-resume-search"]
    selector = monitor["spec"]["selector"]["matchLabels"]
    scraped = [
        s
        for s in objects(rendered, "production", "Service").values()
        if selector.items() <= s["metadata"]["labels"].items()
    ]
    jobs = {s["metadata"]["labels"][monitor["spec"]["jobLabel"]] for s in scraped}
    prometheus = yaml.safe_load((ROOT / "monitoring" / "prometheus.yml").read_text())
    assert jobs == {job["job_name"] for job in prometheus["scrape_configs"]}
    for service in scraped:
        assert "metrics" in {p["name"] for p in service["spec"]["ports"]}


def test_the_grafana_dashboard_reaches_the_sidecar(rendered: dict) -> None:
    dashboard = objects(rendered, "production", "ConfigMap")["hr-grafana-dashboard"]
    assert dashboard["metadata"]["labels"]["grafana_dashboard"] == "1"
    text = (ROOT / "monitoring" / "grafana" / "dashboards" / "hr-resume-search.json").read_text()
    assert dashboard["data"]["hr-resume-search.json"] == text.rstrip("\n")


def test_the_guide_gives_the_reindex_time_the_reindex_job_is_sized_for() -> None:
    # docs/kubernetes.md said a 1M reindex "takes about 5 minutes" (an old synthetic-documents figure) while
    # the hr-reindex CronJob is sized for the 17 to 40 minutes the 1M benchmarks took, merges included: an
    # operator planned a maintenance window from the guide and found the reindex still running.
    template = (ROOT / "deploy" / "kubernetes" / "base" / "reindex.yaml").read_text()
    sized = re.search(r"took (\d+) to (\d+) minutes", template)
    assert sized, "the hr-reindex template no longer says what it is sized for"
    scaling = (ROOT / "docs" / "kubernetes.md").read_text().split("## Scaling", 1)[1]
    indexer = next(line for line in scaling.split("\n- ") if line.startswith("**Indexer**"))
    assert f"{sized[1]} to {sized[2]} minutes" in " ".join(indexer.split()), indexer
