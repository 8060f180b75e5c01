"""Turn CustomResourceDefinitions into the JSON schemas kubeconform reads, one file per kind and version.

Run by hand when an operator is upgraded (see deploy/kubernetes/schemas/SOURCES.md):

    python deploy/kubernetes/tools/crd_schemas.py CRD.yaml [CRD.yaml ...] --out deploy/kubernetes/schemas

Each served version becomes `<out>/<group>/<kind>_<version>.json` (lower-case kind), the layout of
kubeconform's `{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json` schema location. The schemas are
strict: an object that lists its properties refuses others (a misspelt field is an error here, where the API
server would drop it without a word), unless the CRD says it keeps unknown fields.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

# OpenAPI extensions the API server understands and JSON Schema does not: dropped once translated.
_DROPPED_PREFIX = "x-kubernetes-"


def to_json_schema(node: Any) -> Any:
    """One OpenAPI v3 schema node as JSON Schema (int-or-string, nullable, strict objects)."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {
        key: to_json_schema(value)
        for key, value in node.items()
        if not key.startswith(_DROPPED_PREFIX) and key != "nullable"
    }
    if node.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out.pop("format", None)
        out["oneOf"] = [{"type": "string"}, {"type": "integer"}]
    if node.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    keeps_unknown = node.get("x-kubernetes-preserve-unknown-fields", False)
    if "properties" in out and "additionalProperties" not in out and not keeps_unknown:
        out["additionalProperties"] = False
    return out


def convert(crd: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """File name (relative to the output folder) -> schema, for every served version of one CRD."""
    group = crd["spec"]["group"]
    kind = crd["spec"]["names"]["kind"]
    schemas = {}
    for version in crd["spec"]["versions"]:
        if not version.get("served", True):
            continue
        schema = to_json_schema(version["schema"]["openAPIV3Schema"])
        properties = schema.setdefault("properties", {})
        properties["apiVersion"] = {"type": "string", "enum": [f"{group}/{version['name']}"]}
        properties["kind"] = {"type": "string", "enum": [kind]}
        # ObjectMeta is checked by the API server, not described in a CRD: any metadata object passes.
        properties["metadata"] = {"type": "object"}
        schema["description"] = f"{kind} {group}/{version['name']}, from the CustomResourceDefinition"
        schemas[f"{group}/{kind.lower()}_{version['name']}.json"] = schema
    return schemas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("crds", nargs="+", type=Path, help="CustomResourceDefinition YAML files")
    parser.add_argument("--out", type=Path, required=True, help="folder to write <group>/<kind>_<v>.json")
    args = parser.parse_args(argv)
    for path in args.crds:
        for document in yaml.safe_load_all(path.read_text()):
            if not document or document.get("kind") != "CustomResourceDefinition":
                continue
            for name, schema in convert(document).items():
                target = args.out / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n")
                print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
