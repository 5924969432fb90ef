from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from stead.testing import cluster


@pytest.fixture(scope="module")
def stead(tmp_path_factory: pytest.TempPathFactory) -> Iterator[cluster.Cluster]:
    """A real `stead up` (HTTPS, token auth) shared by the tests of one module."""
    running = cluster.start(tmp_path_factory.mktemp("stead") / "data")
    yield running
    assert running.stop() == 0


@pytest.fixture
def namespace(stead: cluster.Cluster, request: pytest.FixtureRequest) -> str:
    """A fresh namespace per test, so tests sharing one server do not see each other."""
    # Parametrized ids (`test_x[pod]`) hold characters a namespace name may not.
    name = re.sub(r"[^a-z0-9-]+", "-", str(request.node.name).lower())[:50].strip("-")
    stead.kubectl("create", "namespace", name)
    return name


def manifest(tmp_path: Path, text: str) -> str:
    path = tmp_path / "manifest.yaml"
    path.write_text(text)
    return str(path)
