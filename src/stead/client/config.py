"""Where the API server is and how to authenticate to it: built in code or read from a kubeconfig.

Supported credentials are what stead serves: a bearer token (inline or `tokenFile`) over HTTPS
with a CA certificate (inline data or a file), or nothing over plain HTTP. Anything else in a
kubeconfig (client certificates, exec plugins, basic auth) is refused with a `ConfigError` that
names it, rather than silently connecting without credentials.
"""

from __future__ import annotations

import base64
import binascii
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_TIMEOUT = 30.0
_UNSUPPORTED_USER_FIELDS = (
    "client-certificate",
    "client-certificate-data",
    "client-key",
    "client-key-data",
    "exec",
    "auth-provider",
    "username",
    "password",
)


class ConfigError(Exception):
    """The client configuration cannot be used; the message says which part and why."""


@dataclass(frozen=True)
class ClientConfig:
    server: str
    """Base URL, `https://127.0.0.1:6443` (no trailing path)."""
    token: str | None = None
    ca_pem: bytes | None = None
    """PEM certificates trusted for the server; None uses the system trust store."""
    insecure_skip_verify: bool = False
    timeout: float = DEFAULT_TIMEOUT
    """Seconds for one ordinary request (watches have no read timeout)."""
    user_agent: str = ""
    """Sent as User-Agent; the server names unnamed field managers after it ("" = stead/x.y)."""

    @classmethod
    def for_server(
        cls,
        server: str,
        *,
        token: str | None = None,
        ca_file: Path | None = None,
        user_agent: str = "",
    ) -> ClientConfig:
        """A config for `server` with an optional bearer token and CA certificate file."""
        ca_pem = _read(ca_file, "certificate-authority") if ca_file is not None else None
        return cls(server=server.rstrip("/"), token=token, ca_pem=ca_pem, user_agent=user_agent)

    def ssl_context(self) -> ssl.SSLContext:
        """The TLS context for HTTPS servers: the configured CA (or the system's), verified."""
        context = ssl.create_default_context()
        if self.ca_pem is not None:
            try:
                context.load_verify_locations(cadata=self.ca_pem.decode("ascii"))
            except (ssl.SSLError, UnicodeDecodeError, ValueError) as failure:
                raise ConfigError(
                    f"certificate-authority: not a PEM certificate: {failure}"
                ) from None
        if self.insecure_skip_verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context


def from_kubeconfig(path: Path, *, context: str | None = None) -> ClientConfig:
    """The config of `context` (default: the current context) in the kubeconfig at `path`."""
    try:
        document = yaml.safe_load(path.read_text())
    except (OSError, UnicodeDecodeError) as failure:
        raise ConfigError(f"cannot read kubeconfig {path}: {failure}") from None
    except yaml.YAMLError as failure:
        raise ConfigError(f"kubeconfig {path} is not valid YAML: {failure}") from None
    if not isinstance(document, dict):
        raise ConfigError(f"kubeconfig {path} is not a mapping")
    wanted = context or document.get("current-context")
    if not isinstance(wanted, str) or not wanted:
        raise ConfigError(f"kubeconfig {path} has no current-context")
    chosen = _named(document, "contexts", wanted, "context")
    cluster = _named(document, "clusters", _text(chosen, "cluster"), "cluster")
    user = _named(document, "users", _text(chosen, "user"), "user") if chosen.get("user") else {}
    return _config(cluster, user, base=path.parent)


def _config(cluster: dict[str, Any], user: dict[str, Any], *, base: Path) -> ClientConfig:
    server = _text(cluster, "server")
    if not server:
        raise ConfigError("kubeconfig cluster has no server")
    refused = [name for name in _UNSUPPORTED_USER_FIELDS if user.get(name)]
    if refused:
        raise ConfigError(f"kubeconfig user credentials not supported: {', '.join(refused)}")
    token = _text(user, "token") or None
    if token is None and user.get("tokenFile"):
        token = _read(base / _text(user, "tokenFile"), "tokenFile").decode().strip()
    ca_pem: bytes | None = None
    if cluster.get("certificate-authority-data"):
        ca_pem = _decode(_text(cluster, "certificate-authority-data"))
    elif cluster.get("certificate-authority"):
        ca_pem = _read(base / _text(cluster, "certificate-authority"), "certificate-authority")
    return ClientConfig(
        server=server.rstrip("/"),
        token=token,
        ca_pem=ca_pem,
        insecure_skip_verify=cluster.get("insecure-skip-tls-verify") is True,
    )


def _named(document: dict[str, Any], section: str, name: str, field: str) -> dict[str, Any]:
    entries = document.get(section)
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and entry.get("name") == name:
            body = entry.get(field)
            return body if isinstance(body, dict) else {}
    raise ConfigError(f"kubeconfig has no {field} named {name!r}")


def _text(mapping: dict[str, Any], key: str) -> str:
    value = mapping.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ConfigError(f"kubeconfig field {key} must be a string")
    return value


def _decode(data: str) -> bytes:
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ConfigError("certificate-authority-data is not valid base64") from None


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as failure:
        raise ConfigError(f"cannot read {what} {path}: {failure.strerror or failure}") from None
