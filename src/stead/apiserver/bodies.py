"""Request bodies to JSON values: JSON, YAML (apply patches), Kubernetes protobuf.

Every value comes out a plain JSON tree nested at most `jsontree.MAX_DEPTH` levels deep.
"""

from __future__ import annotations

from typing import Any

import orjson
import yaml

from stead.api import errors
from stead.apiserver import jsontree
from stead.apiserver.http import PROTOBUF, YAML, Request
from stead.apiserver.protobuf import decode_object

MAX_BODY_BYTES = 3 * 1024 * 1024
"""Upstream's request body limit; etcd keeps objects under 1.5 MB anyway."""

_YAML_TYPES = (YAML, "application/apply-patch+yaml", "application/x-yaml", "text/yaml")


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_TOO_DEEP = f"exceeded max depth of {jsontree.MAX_DEPTH}"


class _YamlLoader(yaml.SafeLoader):
    """The safe loader, bounded in nesting before its recursive composer runs (and before its
    scanner goes quadratic in flow depth); timestamps stay the strings they were written as,
    as upstream's YAML-to-JSON conversion keeps them."""

    yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != _TIMESTAMP_TAG]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def fetch_flow_collection_start(self, TokenClass: Any) -> None:  # noqa: N803 (PyYAML's name)
        if self.flow_level >= jsontree.MAX_DEPTH:
            raise yaml.scanner.ScannerError(problem=f"yaml: {_TOO_DEEP}")
        super().fetch_flow_collection_start(TokenClass)

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= jsontree.MAX_DEPTH:
            raise yaml.scanner.ScannerError(problem=f"yaml: {_TOO_DEEP}")
        return bool(super().add_indent(column))


def parse_json(raw: bytes) -> Any:
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as bad:
        raise errors.BadRequest(f"the body of the request was not valid JSON: {bad}") from None
    if jsontree.too_deep(value):
        raise errors.BadRequest(f"the body of the request was not valid JSON: {_TOO_DEEP}")
    return value


def parse_yaml(raw: bytes) -> Any:
    try:
        document = yaml.load(raw, Loader=_YamlLoader)
        return jsontree.plain_json(document, source_size=len(raw))
    except (yaml.YAMLError, jsontree.Unrepresentable) as bad:
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
