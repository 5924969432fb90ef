"""Bearer-token authentication: one admin token, kept in the data directory.

Every request must carry `Authorization: Bearer <token>`; anything else is anonymous and is
answered with `unauthorized_status()`, the Status upstream's authentication filter sends.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stead.api.errors import Unauthorized
from stead.apiserver.certs import write_file_atomically

ADMIN_USERNAME = "stead-admin"
ADMIN_GROUPS = ("system:masters", "system:authenticated")

# Fixed namespace for deriving the admin's uid from its token (any constant UUID would do).
_UID_NAMESPACE = uuid.UUID("5a1c6f0e-3f57-4d4b-9a8e-5e7ad0c1b0d7")


class TokenFileError(Exception):
    """The token file exists but holds no usable token."""


@dataclass(frozen=True)
class UserInfo:
    """Who made a request, as `status.userInfo` of a SelfSubjectReview reports it."""

    username: str
    uid: str
    groups: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The `authentication.k8s.io/v1` UserInfo object (`kubectl auth whoami` prints it)."""
        return {"username": self.username, "uid": self.uid, "groups": list(self.groups)}


@dataclass(frozen=True)
class TokenAuthenticator:
    """Accepts exactly one bearer token and maps it to the cluster admin."""

    token: str = field(repr=False)
    user: UserInfo

    @classmethod
    def load_or_create(cls, path: Path) -> TokenAuthenticator:
        """Read the token stored at `path`, or store a new random one there (mode 0600).

        The token is 256 random bits, URL-safe base64; it survives restarts so kubeconfigs stay
        valid. Raises `TokenFileError` when the file holds no usable token and `OSError` when it
        cannot be read or written.
        """
        if path.exists():
            token = _read_token(path)
        else:
            token = secrets.token_urlsafe(32)
            write_file_atomically(path, f"{token}\n".encode())
        return cls(token=token, user=_admin(token))

    def authenticate(self, headers: Sequence[tuple[bytes, bytes]]) -> UserInfo | None:
        """The user behind raw ASGI `headers`, or None when they carry no valid bearer token.

        As upstream does, the first Authorization header counts, the scheme is matched
        case-insensitively and the token is the word after it. The comparison takes the same
        time wherever the presented token first differs.
        """
        presented = _bearer_token(headers)
        if presented is None or not hmac.compare_digest(presented, self.token.encode()):
            return None
        return self.user


def unauthorized_status() -> dict[str, Any]:
    """The 401 Status upstream answers to anonymous requests and bad tokens."""
    return Unauthorized("Unauthorized").to_status()


def _bearer_token(headers: Sequence[tuple[bytes, bytes]]) -> bytes | None:
    value = next((v for k, v in headers if k.lower() == b"authorization"), None)
    if value is None:
        return None
    parts = value.strip().split(b" ")
    if len(parts) < 2 or parts[0].lower() != b"bearer" or not parts[1]:
        return None
    return parts[1]


def _read_token(path: Path) -> str:
    try:
        token = path.read_text(encoding="ascii").strip()
    except UnicodeDecodeError as exc:
        raise TokenFileError(f"token file {path} is not ASCII text") from exc
    if not token or not token.isprintable() or " " in token:
        raise TokenFileError(f"token file {path} holds no token (one word of printable ASCII)")
    return token


def _admin(token: str) -> UserInfo:
    # A uid stable for as long as the token is, that reveals nothing about the token.
    digest = hashlib.sha256(token.encode()).hexdigest()
    uid = str(uuid.uuid5(_UID_NAMESPACE, digest))
    return UserInfo(username=ADMIN_USERNAME, uid=uid, groups=ADMIN_GROUPS)
