#!/usr/bin/env bash
# Puts promtool (Prometheus's rule and config checker) at .devstack/bin/promtool when it is not on PATH.
# Debian ships it in the `prometheus` package; only the binary is extracted from the .deb, so no Prometheus
# server gets installed or started (one would take port 9090, the API's metrics port).
#   monitoring/install-promtool.sh        prints the path of a working promtool, or one error line
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${DEVSTACK_DIR:-$ROOT/.devstack}/bin/promtool"

if command -v promtool >/dev/null 2>&1; then command -v promtool; exit 0; fi
if [ -x "$TARGET" ]; then echo "$TARGET"; exit 0; fi
command -v apt-get >/dev/null || { echo "promtool missing and apt-get not found: install Prometheus's promtool by hand" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download prometheus >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "promtool missing: run 'sudo apt-get install prometheus' (or apt-get update first)" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  apt-get download prometheus >/dev/null 2>&1 || { echo "apt-get download prometheus failed" >&2; exit 1; }
fi
dpkg-deb -x prometheus_*.deb extracted
mkdir -p "$(dirname "$TARGET")"
install -m 0755 extracted/usr/bin/promtool "$TARGET"
echo "$TARGET"
