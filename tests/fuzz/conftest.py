from __future__ import annotations

from collections.abc import Iterator

import pytest

from stead.testing import cluster
from tests.fuzz import seeds
from tests.fuzz.harness import Api


@pytest.fixture(scope="package")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One real `stead up --insecure-http` for every fuzz module; it must survive them all."""
    running = cluster.start(
        tmp_path_factory.mktemp("fuzz") / "data", extra_args=["--insecure-http"]
    )
    with running.http() as client:
        yield Api(client)
    assert running.stop() == 0


@pytest.fixture(autouse=True)
def stays_up(api: Api) -> Iterator[None]:
    """After every test the server still answers /healthz."""
    yield
    assert api.healthy(), "the server stopped answering /healthz"


@pytest.fixture(scope="module")
def namespace(api: Api, request: pytest.FixtureRequest) -> str:
    """A namespace per test module holding one seed object of every stored resource."""
    name = "fuzz-" + str(request.module.__name__).rpartition(".")[2].removeprefix("test_")
    name = name.replace("_", "-")
    api.create("/api/v1/namespaces", {"metadata": {"name": name}})
    for resource in seeds.STORED:
        url, body = seeds.plant(resource, name)
        api.create(url, body)
    return name
