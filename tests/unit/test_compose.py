"""compose.yaml offers every service the code needs, wired by the variables the settings read."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from app.settings import Settings

COMPOSE = Path(__file__).resolve().parents[2] / "compose.yaml"
DEPENDENCIES = COMPOSE.parent / "deploy" / "kubernetes" / "components" / "dependencies"
APP_SERVICES = ("api", "worker", "indexer", "mcp")
# Variables every process needs to find its dependencies.
REQUIRED_ENV = {"DATABASE_URL", "REDIS_URL", "OPENSEARCH_URL", "JWT_SECRET", "STORAGE_DIR"}


def load() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_every_service_is_present() -> None:
    services = load()["services"]
    for name in (
        "postgres",
        "redis",
        "opensearch",
        "opensearch-dashboards",
        *APP_SERVICES,
        "prometheus",
        "grafana",
    ):
        assert name in services, f"compose.yaml lacks {name}"


def test_opensearch_is_a_3x_single_node_without_demo_security() -> None:
    service = load()["services"]["opensearch"]
    # The index definition needs 3.x (LegacyBM25, use_similarity): the same line as the devstack's node.
    assert service["image"].startswith("opensearchproject/opensearch:3.")
    assert service["environment"]["discovery.type"] == "single-node"
    assert service["environment"]["DISABLE_SECURITY_PLUGIN"] == "true"


def test_app_services_get_the_variables_the_settings_read() -> None:
    services = load()["services"]
    known = {name.upper() for name in Settings.model_fields}
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert REQUIRED_ENV <= set(env), f"{name} lacks {REQUIRED_ENV - set(env)}"
        unknown = set(env) - known
        assert not unknown, f"{name} sets variables no setting reads: {unknown}"
        assert env["OPENSEARCH_URL"] == "http://opensearch:9200"
        assert "@postgres:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"].startswith("redis://redis:6379")


def test_no_secret_or_admin_password_is_written_in_compose_or_the_image() -> None:
    """JWT_SECRET must come from the environment (compose stops without it); no admin has a known password."""
    env = load()["x-app-env"]
    assert env["JWT_SECRET"].startswith("${JWT_SECRET:?"), env["JWT_SECRET"]
    assert env["ADMIN_PASSWORD"] == "${ADMIN_PASSWORD:-}"
    assert env["ADMIN_EMAIL"] == "${ADMIN_EMAIL:-}"
    dockerfile = (COMPOSE.parent / "Dockerfile").read_text()
    assert "JWT_SECRET" not in dockerfile and "ADMIN_PASSWORD" not in dockerfile


def test_shell_healthchecks_run_one_command() -> None:
    """An unquoted `&` in a CMD-SHELL healthcheck (a URL's query) sends the check to the background and the
    shell exits 0 at once: the service reads healthy before it answers, `service_healthy` waits for none."""
    for name, service in load()["services"].items():
        test = service.get("healthcheck", {}).get("test", [])
        if test[:1] != ["CMD-SHELL"]:
            continue
        tokens = list(shlex.shlex(test[1], posix=True, punctuation_chars=True))
        operators = [token for token in tokens if set(token) <= set("&;|<>()")]
        assert not operators, f"{name}'s healthcheck has shell operators {operators}: quote its arguments"


def test_images_are_pinned_to_a_release_and_match_the_kubernetes_dependencies() -> None:
    """`postgres:16` or `redis:7` is whatever minor release was newest on the day of the pull: two machines
    run different servers. Each image names its minor release, Postgres and Redis those of k8s dev."""
    images = {name: s["image"] for name, s in load()["services"].items() if "image" in s}
    for name, image in images.items():
        assert re.search(r":v?\d+\.\d+", image), f"{name}: {image} floats: pin a release"
    postgres = re.search(r"imageName: \S+:(\S+)", (DEPENDENCIES / "postgres.yaml").read_text())
    redis = re.search(r"image: (redis:\S+)", (DEPENDENCIES / "redis.yaml").read_text())
    assert postgres is not None and redis is not None
    assert images["postgres"] == f"postgres:{postgres.group(1)}"
    assert images["redis"] == redis.group(1)


def test_the_image_is_built_on_one_exact_python_release() -> None:
    """`FROM python:3.11-slim` floats as compose's images once did: the build of one commit on two days could
    get two Pythons and two Debian releases. Every stage names a patch release and a Debian one, the same."""
    dockerfile = (COMPOSE.parent / "Dockerfile").read_text()
    arguments = dict(re.findall(r"^ARG (\w+)=(\S+)$", dockerfile, re.MULTILINE))
    bases = [
        re.sub(r"\$\{(\w+)\}", lambda found: arguments.get(found.group(1), found.group(0)), base)
        for base in re.findall(r"^FROM (\S+)", dockerfile, re.MULTILINE)
    ]
    assert len(bases) == 2, bases
    for base in bases:
        assert re.fullmatch(r"python:3\.11\.\d+-slim-[a-z]+", base), f"{base} floats: pin a release"
    assert len(set(bases)) == 1, f"the wheel is built on another Python than runs it: {bases}"


def test_the_backup_and_restore_commands_name_what_compose_runs() -> None:
    """docs/operations.md had no word on backups; its commands now name compose's containers, services,
    database, user and storage path, and the restore ends with the reindex that a restored database needs
    (tests/integration/test_ops_backup.py runs the pg_dump, pg_restore and hr-indexer steps)."""
    from indexer.cli import build_parser

    operations = (COMPOSE.parent / "docs" / "operations.md").read_text()
    section = operations.split("## Backup and restore\n", 1)[1].split("\n## ", 1)[0]
    lines = [
        line for block in re.findall(r"```sh\n(.*?)```", section, re.DOTALL) for line in block.splitlines()
    ]
    compose = load()
    services, postgres = compose["services"], compose["services"]["postgres"]["environment"]
    containers = [c for line in lines for c in re.findall(r"docker exec (?:-i )?(\S+)", line)]
    assert containers, lines
    for container in containers:
        service = re.fullmatch(rf"{compose['name']}-([a-z-]+)-1", container)
        assert service and service.group(1) in services, container
    for line in lines:
        if "docker compose run" in line:
            assert re.search(r"--no-deps (?:-T )?(\S+)", line).group(1) in services, line  # type: ignore[union-attr]
        if "docker compose stop" in line:
            assert set(line.split()[3:]) <= set(services), line
        if re.search(r"\bpg_(dump|restore)\b", line):
            assert f"-U {postgres['POSTGRES_USER']} -d {postgres['POSTGRES_DB']}" in line, line
        if " tar -C " in line:
            # Made in the storage directory's parent, of the directory itself; unpacked there again.
            parent, name = compose["x-app-env"]["STORAGE_DIR"].rsplit("/", 1)
            assert f" tar -C {parent} -cf - {name} " in line or f" tar -C {parent} -xf - " in line, line
        if "hr-indexer" in line:
            build_parser().parse_args(line.split("hr-indexer", 1)[1].split())
    restore = next(i for i, line in enumerate(lines) if "pg_restore" in line)
    assert any("hr-indexer reindex" in line for line in lines[restore:]), "a restore must end with a reindex"


def test_the_long_running_services_have_the_healthchecks_their_pods_have() -> None:
    """compose ran the API, the worker and the indexer daemon without a healthcheck: `docker compose ps` said
    nothing of an API that stopped answering or a worker whose loop was stuck. Each asks what its Kubernetes
    probe asks, on the port its settings give, with the Python the image has (no curl in it)."""
    services = load()["services"]
    expected = {"api": ("API_PORT", "/health"), "worker": ("WORKER_METRICS_PORT", "/live")}
    expected["indexer"] = ("INDEXER_METRICS_PORT", "/live")
    expected["mcp"] = ("MCP_METRICS_PORT", "/live")
    for name, (port_setting, path) in expected.items():
        service = services[name]
        test = service.get("healthcheck", {}).get("test", [])
        assert test[:3] == ["CMD", "python", "-c"], f"{name} has no healthcheck"
        url = f"http://127.0.0.1:{service['environment'][port_setting]}{path}"
        assert re.search(rf"urlopen\('{re.escape(url)}'", test[3]), f"{name}: {test[3]} is not {url}"
        compile(test[3], name, "exec")
