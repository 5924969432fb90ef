"""Pure helpers for object metadata the server owns: timestamps, uids, generated names."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

# Upstream's generateName alphabet: no vowels (no words), no look-alike characters.
_NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
_GENERATED_SUFFIX_LENGTH = 5
_MAX_GENERATE_NAME_PREFIX = 58  # 63 - 5: the result must still fit a DNS label


def rfc3339(moment: datetime) -> str:
    """Second precision UTC, `2026-11-23T18:39:01Z`, as creationTimestamp is written upstream."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def rfc3339_micro(moment: datetime) -> str:
    """Microsecond precision (MicroTime), `2026-11-23T18:39:01.123456Z`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime | None:
    """Parse an RFC 3339 timestamp as found in objects; None when it is not one."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def new_uid() -> str:
    return str(uuid.uuid4())


def generated_name(prefix: str) -> str:
    """`prefix` (cut to leave room) plus five random characters from upstream's alphabet."""
    suffix = "".join(secrets.choice(_NAME_ALPHABET) for _ in range(_GENERATED_SUFFIX_LENGTH))
    return prefix[:_MAX_GENERATE_NAME_PREFIX] + suffix


def metadata(obj: dict[str, Any]) -> dict[str, Any]:
    """The object's metadata dict, created when absent or not a mapping."""
    meta = obj.get("metadata")
    if not isinstance(meta, dict):
        meta = {}
        obj["metadata"] = meta
    return meta


def labels_of(obj: dict[str, Any]) -> dict[str, str]:
    labels = obj.get("metadata", {}).get("labels")
    return labels if isinstance(labels, dict) else {}
