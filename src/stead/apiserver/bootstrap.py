"""Objects every cluster has from its first start: the system namespaces.

Created through the server's own request path, so they get exactly the defaults, validation and
metadata a client-created namespace would.
"""

from __future__ import annotations

import orjson

from stead.api import errors
from stead.apiserver.app import ApiServer
from stead.apiserver.auth import UserInfo
from stead.apiserver.http import Request

SYSTEM_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")
_APISERVER = UserInfo(username="system:apiserver", uid="", groups=("system:masters",))


async def ensure_system_namespaces(server: ApiServer) -> None:
    for name in SYSTEM_NAMESPACES:
        body = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}
        request = Request(
            method="POST",
            path="/api/v1/namespaces",
            query={"fieldManager": ["stead-bootstrap"]},
            headers={"content-type": "application/json"},
            body=orjson.dumps(body),
            user=_APISERVER,
        )
        try:
            await server.route(request)
        except errors.AlreadyExists:
            continue
