from __future__ import annotations

import base64
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml

from stead.client.config import ClientConfig, ConfigError, from_kubeconfig


def write(tmp_path: Path, user: Mapping[str, object], cluster: Mapping[str, object]) -> Path:
    document = {
        "clusters": [{"name": "c", "cluster": {"server": "https://h:6443/", **cluster}}],
        "users": [{"name": "u", "user": user}],
        "contexts": [{"name": "x", "context": {"cluster": "c", "user": "u"}}],
        "current-context": "x",
    }
    path = tmp_path / "kubeconfig"
    path.write_text(yaml.safe_dump(document))
    return path


def test_token_and_inline_ca(tmp_path: Path) -> None:
    pem = b"-----BEGIN CERTIFICATE-----\n...\n"
    ca = {"certificate-authority-data": base64.b64encode(pem).decode()}
    config = from_kubeconfig(write(tmp_path, {"token": "t0k"}, ca))
    assert (config.server, config.token, config.ca_pem) == ("https://h:6443", "t0k", pem)


def test_files_are_relative_to_the_kubeconfig(tmp_path: Path) -> None:
    (tmp_path / "token").write_text("from-file\n")
    (tmp_path / "ca.crt").write_bytes(b"pem")
    path = write(tmp_path, {"tokenFile": "token"}, {"certificate-authority": "ca.crt"})
    config = from_kubeconfig(path)
    assert (config.token, config.ca_pem) == ("from-file", b"pem")


@pytest.mark.parametrize(
    ("user", "cluster", "problem"),
    [
        ({"client-certificate-data": "x"}, {}, "not supported: client-certificate-data"),
        ({}, {"certificate-authority-data": "!!"}, "not valid base64"),
        ({}, {"certificate-authority": "missing.crt"}, "cannot read certificate-authority"),
        ({"token": 5}, {}, "token must be a string"),
    ],
)
def test_unusable_configs_say_why(
    tmp_path: Path, user: dict[str, object], cluster: dict[str, object], problem: str
) -> None:
    with pytest.raises(ConfigError, match=problem):
        from_kubeconfig(write(tmp_path, user, cluster))


def test_unknown_context(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no context named 'nope'"):
        from_kubeconfig(write(tmp_path, {}, {}), context="nope")


def test_not_a_kubeconfig(tmp_path: Path) -> None:
    path = tmp_path / "kubeconfig"
    path.write_text("- just\n- a list\n")
    with pytest.raises(ConfigError, match="not a mapping"):
        from_kubeconfig(path)


def test_a_ca_that_is_not_pem(tmp_path: Path) -> None:
    (tmp_path / "ca.crt").write_text("not a certificate")
    config = ClientConfig.for_server("https://h", ca_file=tmp_path / "ca.crt")
    with pytest.raises(ConfigError, match="not a PEM certificate"):
        config.ssl_context()
