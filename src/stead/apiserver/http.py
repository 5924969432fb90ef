"""Requests and responses as the handlers see them, and content negotiation.

Kept free of any server library: the ASGI adapter in `app.py` builds `Request`s and sends
`Response`s, so handlers are plain async functions that tests can call directly.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import orjson

from stead.api import errors

JSON = "application/json"
PROTOBUF = "application/vnd.kubernetes.protobuf"
YAML = "application/yaml"
TABLE_MEDIA = "application/json;as=Table;v=v1;g=meta.k8s.io"


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header: `application/json;as=Table;v=v1;g=meta.k8s.io`."""

    type: str
    params: Mapping[str, str]

    def is_json(self) -> bool:
        return self.type in ("application/json", "*/*", "application/*")


def parse_accept(header: str) -> list[MediaRange]:
    ranges = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";") if p.strip()]
        if not pieces:
            continue
        params = {}
        for piece in pieces[1:]:
            key, _, value = piece.partition("=")
            params[key.strip().lower()] = value.strip().strip('"')
        ranges.append(MediaRange(pieces[0].lower(), params))
    return ranges


@dataclass
class Request:
    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]
    body: bytes = b""
    user: Any = None

    @classmethod
    def build(
        cls, *, method: str, path: str, query_string: bytes, headers: Mapping[str, str]
    ) -> Request:
        query = parse_qs(query_string.decode("latin-1"), keep_blank_values=True)
        return cls(method=method, path=path, query=query, headers=headers)

    def param(self, name: str, default: str = "") -> str:
        values = self.query.get(name)
        return values[-1] if values else default

    def params(self, name: str) -> list[str]:
        return list(self.query.get(name, []))

    def flag(self, name: str) -> bool:
        return self.param(name).lower() in ("true", "1")

    def int_param(self, name: str, default: int = 0) -> int:
        raw = self.param(name)
        if raw == "":
            return default
        try:
            return int(raw)
        except ValueError:
            raise errors.BadRequest(f"invalid value for {name}: {raw!r}") from None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def accept(self) -> list[MediaRange]:
        return parse_accept(self.headers.get("accept", "") or JSON)

    def wants_table(self) -> bool:
        """True when the first acceptable media type is a meta.k8s.io Table (kubectl get)."""
        for media in self.accept():
            if media.params.get("as") == "Table" and media.params.get("g") == "meta.k8s.io":
                return True
            if media.is_json() or media.type == PROTOBUF:
                return False
        return False


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = JSON
    headers: list[tuple[str, str]] = field(default_factory=list)
    stream: AsyncIterator[bytes] | None = None
    """When set, the body is streamed chunk by chunk (watches, followed logs)."""


def json_response(obj: Any, *, status: int = 200, warnings: list[str] | None = None) -> Response:
    response = Response(status=status, body=orjson.dumps(obj))
    for warning in warnings or []:
        response.headers.append(("warning", warning_header(warning)))
    return response


def warning_header(text: str) -> str:
    """A `Warning` header value carrying `text` as a properly escaped quoted-string."""
    return f'299 - "{_escape_warning(text)}"'


def error_response(error: errors.ApiError) -> Response:
    return Response(status=error.code, body=orjson.dumps(error.to_status()))


def _escape_warning(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
