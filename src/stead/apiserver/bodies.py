"""Request bodies to JSON values: JSON, YAML (apply patches), Kubernetes protobuf."""

from __future__ import annotations

from typing import Any

import orjson
import yaml

from stead.api import errors
from stead.apiserver.http import PROTOBUF, YAML, Request
from stead.apiserver.protobuf import decode_object

MAX_BODY_BYTES = 3 * 1024 * 1024
"""Upstream's request body limit; etcd keeps objects under 1.5 MB anyway."""

_YAML_TYPES = (YAML, "application/apply-patch+yaml", "application/x-yaml", "text/yaml")


def parse_json(raw: bytes) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as bad:
        raise errors.BadRequest(f"the body of the request was not valid JSON: {bad}") from None


def parse_yaml(raw: bytes) -> Any:
    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError as bad:
        raise errors.BadRequest(f"error converting YAML to JSON: {bad}") from None


def parse(request: Request) -> Any:
    """The request body as a JSON value, decoded by its Content-Type."""
    content_type = request.content_type
    if content_type == PROTOBUF:
        return decode_object(request.body)
    if content_type in _YAML_TYPES:
        return parse_yaml(request.body)
    return parse_json(request.body)


def parse_object(request: Request) -> dict[str, Any]:
    body = parse(request)
    if not isinstance(body, dict):
        raise errors.BadRequest(
            "the body of the request must be a JSON object, "
            f"got {type(body).__name__ if body is not None else 'null'}"
        )
    return body
