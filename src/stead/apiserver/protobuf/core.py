"""Field tables of the core/v1 and policy/v1 kinds kubectl's generators send as protobuf.

From k8s.io/api `core/v1/generated.proto` and `policy/v1/generated.proto`, with each field's
presence taken from the Go declaration in `types.go` (see `model`), in Go declaration order.
"""

from __future__ import annotations

from stead.apiserver.protobuf.meta import (
    CONDITION,
    DELETE_OPTIONS,
    INT_OR_STRING,
    OBJECT_META,
    TIME,
)
from stead.apiserver.protobuf.model import (
    BOOL,
    BYTES,
    INT32,
    STRING,
    Message,
    always,
    map_of,
    omitempty,
    pointer,
    repeated,
)

NAMESPACE_CONDITION = Message(
    "NamespaceCondition",
    (
        always(1, "type", STRING),
        always(2, "status", STRING),
        omitempty(4, "lastTransitionTime", TIME),
        omitempty(5, "reason", STRING),
        omitempty(6, "message", STRING),
    ),
)

NAMESPACE = Message(
    "Namespace",
    (
        always(1, "metadata", OBJECT_META),
        always(2, "spec", Message("NamespaceSpec", (repeated(1, "finalizers", STRING),))),
        always(
            3,
            "status",
            Message(
                "NamespaceStatus",
                (omitempty(1, "phase", STRING), repeated(2, "conditions", NAMESPACE_CONDITION)),
            ),
        ),
    ),
)

SERVICE_PORT = Message(
    "ServicePort",
    (
        omitempty(1, "name", STRING),
        omitempty(2, "protocol", STRING),
        pointer(6, "appProtocol", STRING),
        always(3, "port", INT32),
        always(4, "targetPort", INT_OR_STRING),
        omitempty(5, "nodePort", INT32),
    ),
)

SESSION_AFFINITY_CONFIG = Message(
    "SessionAffinityConfig",
    (
        pointer(
            1,
            "clientIP",
            Message("ClientIPConfig", (pointer(1, "timeoutSeconds", INT32),)),
        ),
    ),
)

SERVICE_SPEC = Message(
    "ServiceSpec",
    (
        repeated(1, "ports", SERVICE_PORT),
        map_of(2, "selector", STRING),
        omitempty(3, "clusterIP", STRING),
        repeated(18, "clusterIPs", STRING),
        omitempty(4, "type", STRING),
        repeated(5, "externalIPs", STRING),
        omitempty(7, "sessionAffinity", STRING),
        omitempty(8, "loadBalancerIP", STRING),
        repeated(9, "loadBalancerSourceRanges", STRING),
        omitempty(10, "externalName", STRING),
        omitempty(11, "externalTrafficPolicy", STRING),
        omitempty(12, "healthCheckNodePort", INT32),
        omitempty(13, "publishNotReadyAddresses", BOOL),
        pointer(14, "sessionAffinityConfig", SESSION_AFFINITY_CONFIG),
        repeated(19, "ipFamilies", STRING),
        pointer(17, "ipFamilyPolicy", STRING),
        pointer(20, "allocateLoadBalancerNodePorts", BOOL),
        pointer(21, "loadBalancerClass", STRING),
        pointer(22, "internalTrafficPolicy", STRING),
        pointer(23, "trafficDistribution", STRING),
    ),
)

PORT_STATUS = Message(
    "PortStatus",
    (always(1, "port", INT32), always(2, "protocol", STRING), pointer(3, "error", STRING)),
)

LOAD_BALANCER_INGRESS = Message(
    "LoadBalancerIngress",
    (
        omitempty(1, "ip", STRING),
        omitempty(2, "hostname", STRING),
        pointer(3, "ipMode", STRING),
        repeated(4, "ports", PORT_STATUS),
    ),
)

SERVICE_STATUS = Message(
    "ServiceStatus",
    (
        always(
            1,
            "loadBalancer",
            Message("LoadBalancerStatus", (repeated(1, "ingress", LOAD_BALANCER_INGRESS),)),
        ),
        repeated(2, "conditions", CONDITION),
    ),
)

SERVICE = Message(
    "Service",
    (
        always(1, "metadata", OBJECT_META),
        always(2, "spec", SERVICE_SPEC),
        always(3, "status", SERVICE_STATUS),
    ),
)

CONFIG_MAP = Message(
    "ConfigMap",
    (
        always(1, "metadata", OBJECT_META),
        pointer(4, "immutable", BOOL),
        map_of(2, "data", STRING),
        map_of(3, "binaryData", BYTES),
    ),
)

SECRET = Message(
    "Secret",
    (
        always(1, "metadata", OBJECT_META),
        pointer(5, "immutable", BOOL),
        map_of(2, "data", BYTES),
        map_of(4, "stringData", STRING),
        omitempty(3, "type", STRING),
    ),
)

EVICTION = Message(
    "Eviction",
    (always(1, "metadata", OBJECT_META), pointer(2, "deleteOptions", DELETE_OPTIONS)),
)
"""policy/v1 Eviction, posted to a pod's `eviction` subresource."""
