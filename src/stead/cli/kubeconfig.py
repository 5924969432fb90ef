"""The kubeconfig `stead up` writes, for kubectl and client libraries to use unchanged."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import yaml

from stead.apiserver.certs import write_file_atomically


def write_kubeconfig(
    path: Path, *, server: str, ca_cert: Path | None, token: str | None, name: str = "stead"
) -> None:
    """Write a kubeconfig whose cluster, user and current context are all called `name`.

    The CA certificate (a PEM file) and the token are embedded, so the file works when copied
    elsewhere; it is written atomically with mode 0600 since it holds the token. For a plain-HTTP
    `server` pass `ca_cert=None`, and `token=None` as well: kubectl sends no bearer token over
    plain HTTP, so such a server cannot require one. Over HTTPS give a token: with no credentials
    at all kubectl prompts on stdin for a username and password.
    """
    cluster: dict[str, Any] = {"server": server}
    if ca_cert is not None:
        cluster["certificate-authority-data"] = base64.b64encode(ca_cert.read_bytes()).decode()
    user: dict[str, Any] = {} if token is None else {"token": token}
    document = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": name, "cluster": cluster}],
        "users": [{"name": name, "user": user}],
        "contexts": [{"name": name, "context": {"cluster": name, "user": name}}],
        "current-context": name,
        "preferences": {},
    }
    text = yaml.safe_dump(document, sort_keys=False, default_flow_style=False)
    write_file_atomically(path, text.encode())
