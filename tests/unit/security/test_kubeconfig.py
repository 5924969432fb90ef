from __future__ import annotations

import base64
import stat
from pathlib import Path

import yaml

from stead.apiserver.certs import ensure_pki
from stead.cli.kubeconfig import write_kubeconfig


def test_https_kubeconfig_embeds_ca_and_token(tmp_path: Path) -> None:
    files = ensure_pki(tmp_path / "pki", hosts=[])
    path = tmp_path / "kubeconfig"

    write_kubeconfig(path, server="https://127.0.0.1:6443", ca_cert=files.ca_cert, token="tok")

    assert yaml.safe_load(path.read_text()) == {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {
                "name": "stead",
                "cluster": {
                    "server": "https://127.0.0.1:6443",
                    "certificate-authority-data": base64.b64encode(
                        files.ca_cert.read_bytes()
                    ).decode(),
                },
            }
        ],
        "users": [{"name": "stead", "user": {"token": "tok"}}],
        "contexts": [{"name": "stead", "context": {"cluster": "stead", "user": "stead"}}],
        "current-context": "stead",
        "preferences": {},
    }
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_plain_http_kubeconfig_has_no_ca_and_no_token(tmp_path: Path) -> None:
    path = tmp_path / "kubeconfig"
    write_kubeconfig(path, server="http://127.0.0.1:8080", ca_cert=None, token=None, name="dev")

    config = yaml.safe_load(path.read_text())
    assert config["clusters"] == [{"name": "dev", "cluster": {"server": "http://127.0.0.1:8080"}}]
    assert config["users"] == [{"name": "dev", "user": {}}]
    assert config["current-context"] == "dev"


def test_rewriting_replaces_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "kubeconfig"
    path.write_text("stale: true\n" * 100)
    path.chmod(0o644)

    write_kubeconfig(path, server="http://127.0.0.1:1", ca_cert=None, token=None)

    assert "stale" not in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["kubeconfig"]
