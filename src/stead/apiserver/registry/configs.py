"""ConfigMaps and Secrets: keys are config keys, at most 1 MiB of data, and once `immutable`
is set neither the data nor the flag may change. A Secret's `stringData` is folded into `data`
(base64) on write, as upstream's decoding does, and its `type` never changes."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from stead.api.errors import FieldError, forbidden, invalid, required, too_long
from stead.api.validation import config_map_key_errors
from stead.apiserver.registry.base import BaseStrategy
from stead.apiserver.registry.fields import as_dict, child, ensure, is_unset, string_map, text
from stead.apiserver.registry.objectmeta import IMMUTABLE, core_object_meta_update_errors

Object = dict[str, Any]

MAX_SIZE = 1024 * 1024
_IMMUTABLE_WHEN_SET = "field is immutable when `immutable` is set"
_REDACTED = "<secret contents redacted>"


def _decoded(value: object) -> bytes | None:
    if not isinstance(value, str):
        return b""
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


def _bad_base64_offset(value: str) -> int:
    """Where Go's decoder gives up on `value` (the first byte outside the alphabet)."""
    alphabet = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    for index, char in enumerate(value):
        if char not in alphabet:
            return index
    return len(value)


def _immutability_errors(new: Object, old: Object, *, keys: tuple[str, ...]) -> list[FieldError]:
    if old.get("immutable") is not True:
        return []
    errors = []
    if new.get("immutable") is not True:
        errors.append(forbidden("immutable", _IMMUTABLE_WHEN_SET))
    errors.extend(
        forbidden(key, _IMMUTABLE_WHEN_SET)
        for key in keys
        if as_dict(new.get(key)) != as_dict(old.get(key))
    )
    return errors


def _key_errors(keys: object, path: str) -> list[FieldError]:
    return [
        invalid(f"{path}[{key}]", key, msg)
        for key in as_dict(keys)
        for msg in config_map_key_errors(key)
    ]


class ConfigMapStrategy(BaseStrategy):
    def validate_object(self, obj: Object) -> list[FieldError]:
        errors = self.meta_errors(obj)
        data, binary = as_dict(obj.get("data")), as_dict(obj.get("binaryData"))
        size = 0
        for key, value in data.items():
            errors.extend(invalid(f"data[{key}]", key, m) for m in config_map_key_errors(key))
            if key in binary:
                errors.append(
                    invalid(f"data[{key}]", key, "duplicate of key present in binaryData")
                )
            size += len(value.encode()) if isinstance(value, str) else 0
        errors.extend(_key_errors(binary, "binaryData"))
        size += sum(len(_decoded(value) or b"") for value in binary.values())
        if size > MAX_SIZE:
            errors.append(too_long("", MAX_SIZE))
        return errors

    def validate_object_update(self, new: Object, old: Object) -> list[FieldError]:
        errors = core_object_meta_update_errors(new, old)
        errors.extend(_immutability_errors(new, old, keys=("data", "binaryData")))
        return errors + self.validate_object(new)


class SecretStrategy(BaseStrategy):
    def default(self, obj: Object) -> None:
        if is_unset(obj, "type"):
            obj["type"] = "Opaque"
        plain = obj.pop("stringData", None)
        if isinstance(plain, dict) and plain:
            data = ensure(obj, "data")
            for key, value in string_map(plain).items():
                data[key] = base64.b64encode(value.encode()).decode()

    def validate_object(self, obj: Object) -> list[FieldError]:
        errors = self.meta_errors(obj)
        data = as_dict(obj.get("data"))
        size = 0
        for key, value in data.items():
            errors.extend(invalid(f"data[{key}]", key, m) for m in config_map_key_errors(key))
            decoded = _decoded(value)
            if decoded is None:
                offset = _bad_base64_offset(str(value))
                detail = f"illegal base64 data at input byte {offset}"
                errors.append(invalid(f"data[{key}]", _REDACTED, detail))
            size += len(decoded or b"")
        if size > MAX_SIZE:
            errors.append(too_long("data", MAX_SIZE))
        return errors + _type_errors(obj, data)

    def validate_object_update(self, new: Object, old: Object) -> list[FieldError]:
        errors = core_object_meta_update_errors(new, old)
        if text(new, "type") != text(old, "type"):
            errors.append(invalid("type", text(new, "type"), IMMUTABLE))
        errors.extend(_immutability_errors(new, old, keys=("data",)))
        return errors + self.validate_object(new)


def _type_errors(obj: Object, data: Object) -> list[FieldError]:
    """What each well-known Secret type requires of its data."""
    kind = text(obj, "type")
    if kind == "kubernetes.io/service-account-token":
        annotations = as_dict(child(obj, "metadata").get("annotations"))
        if not annotations.get("kubernetes.io/service-account.name"):
            return [required("metadata.annotations[kubernetes.io/service-account.name]")]
        return []
    if kind in ("kubernetes.io/dockercfg", "kubernetes.io/dockerconfigjson"):
        key = ".dockercfg" if kind == "kubernetes.io/dockercfg" else ".dockerconfigjson"
        return _json_key_errors(data, key)
    if kind == "kubernetes.io/basic-auth":
        if "username" not in data and "password" not in data:
            return [required("data[username]"), required("data[password]")]
        return []
    if kind == "kubernetes.io/ssh-auth":
        return [] if _decoded(data.get("ssh-privatekey")) else [required("data[ssh-privatekey]")]
    if kind == "kubernetes.io/tls":
        return [required(f"data[{key}]") for key in ("tls.crt", "tls.key") if key not in data]
    return []


def _json_key_errors(data: Object, key: str) -> list[FieldError]:
    if key not in data:
        return [required(f"data[{key}]")]
    try:
        parsed = json.loads(_decoded(data[key]) or b"")
    except ValueError as error:
        return [invalid(f"data[{key}]", _REDACTED, str(error))]
    if not isinstance(parsed, dict):
        return [invalid(f"data[{key}]", _REDACTED, "json: cannot unmarshal into a map")]
    return []
