#!/usr/bin/env bash
# `make k8s-check`: the generated monitoring objects match monitoring/, then every overlay renders and each
# object in it is valid against the Kubernetes core schemas and the operators' CRD schemas, offline, strict
# (an unknown field is an error). Exits non-zero on the first overlay that fails, printing why.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
K8S="$ROOT/deploy/kubernetes"
PYTHON="${PYTHON:-python3}"
KUBERNETES_VERSION="${KUBERNETES_VERSION:-1.34.0}"
export KUBERNETES_VERSION PYTHON
BIN="$("$K8S/tools/install.sh")"
TOOLS_DIR="$(dirname "$BIN")"
OUT="$TOOLS_DIR/rendered"
mkdir -p "$OUT"

"$PYTHON" "$K8S/tools/generate_monitoring.py" --check

status=0
for overlay in dev production production-custom-metrics; do
    rendered="$OUT/$overlay.yaml"
    if ! "$BIN/kustomize" build "$K8S/overlays/$overlay" > "$rendered"; then
        echo "k8s-check: overlays/$overlay does not render" >&2
        status=1
        continue
    fi
    echo -n "overlays/$overlay: "
    if ! "$BIN/kubeconform" -strict -summary \
        -schema-location "$TOOLS_DIR/k8s-schemas/v$KUBERNETES_VERSION/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
        -schema-location "$K8S/schemas/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json" \
        "$rendered"; then
        echo "k8s-check: overlays/$overlay has invalid objects (above; rendered in $rendered)" >&2
        status=1
    fi
done
exit "$status"
