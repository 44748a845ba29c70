"""A JSON Schema checker for the subset the document schemas use (tests only: no third-party package here).

The schemas in docs/schemas are generated from the zod schemas of libs/contracts; the tests check
that what the Python runner writes (the dataset report) and reads (the run manifest, the plan)
has exactly those shapes. Unknown keywords fail loudly, so a richer schema cannot pass unchecked.
"""

import json
import os
import re

from helpers import PROJECT

SCHEMAS = os.path.join(os.path.dirname(os.path.dirname(PROJECT)), "docs", "schemas")
_ANNOTATIONS = {"$schema", "title", "description", "format", "propertyNames"}
_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def load(name: str) -> dict:
    with open(os.path.join(SCHEMAS, f"{name}.schema.json"), encoding="utf-8") as f:
        return json.load(f)


def errors(schema: dict, value, path: str = "$") -> list:
    """Every way ``value`` breaks ``schema``, as ``path: problem`` lines (empty when it conforms)."""
    found = []
    for keyword, rule in schema.items():
        if keyword in _ANNOTATIONS or keyword in ("properties", "required", "additionalProperties", "items"):
            continue
        if keyword == "type":
            types = rule if isinstance(rule, list) else [rule]
            if not any(_TYPES[t](value) for t in types):
                return [f"{path}: expected {' or '.join(types)}, got {json.dumps(value)[:60]}"]
        elif keyword == "enum":
            if value not in rule:
                found.append(f"{path}: {json.dumps(value)} is not one of {rule}")
        elif keyword == "const":
            if value != rule:
                found.append(f"{path}: expected {json.dumps(rule)}")
        elif keyword == "anyOf":
            if all(errors(option, value, path) for option in rule):
                found.append(f"{path}: matches none of {len(rule)} alternatives")
        elif keyword == "minimum":
            if isinstance(value, (int, float)) and value < rule:
                found.append(f"{path}: below {rule}")
        elif keyword == "maximum":
            if isinstance(value, (int, float)) and value > rule:
                found.append(f"{path}: above {rule}")
        elif keyword == "exclusiveMinimum":
            if isinstance(value, (int, float)) and value <= rule:
                found.append(f"{path}: not above {rule}")
        elif keyword == "minLength":
            if isinstance(value, str) and len(value) < rule:
                found.append(f"{path}: shorter than {rule}")
        elif keyword == "pattern":
            if isinstance(value, str) and not re.search(rule, value):
                found.append(f"{path}: does not match {rule}")
        else:
            raise ValueError(f"{path}: schema keyword {keyword!r} is not supported by this checker")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                found.append(f"{path}.{name}: missing")
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            if name in properties:
                found += errors(properties[name], item, f"{path}.{name}")
            elif extra is False:
                found.append(f"{path}.{name}: not allowed")
            elif isinstance(extra, dict):
                found += errors(extra, item, f"{path}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            found += errors(schema["items"], item, f"{path}[{i}]")
    return found
