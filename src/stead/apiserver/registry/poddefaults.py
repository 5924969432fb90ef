"""Defaults of a PodSpec, wherever it is embedded (a Pod, a StatefulSet's template).

Upstream `SetDefaults_PodSpec`, `_Container`, `_Probe`, `_Volume` and friends (core/v1). The
Pod-only defaults (service links, requests from limits, admission plugins) live in `pods.py`.
"""

from __future__ import annotations

import re
from typing import Any

from stead.api import quantity
from stead.apiserver.registry.claims import default_claim_spec
from stead.apiserver.registry.fields import as_dict, as_list, child, ensure, is_unset
from stead.apiserver.registry.resources import canonicalize_list

Object = dict[str, Any]

_CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")
_FILE_MODE_DEFAULT = 0o644
_MODE_DEFAULTED_SOURCES = ("secret", "configMap", "downwardAPI", "projected")
_VOLUME_SOURCES = (
    "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret",
    "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder",
    "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume",
    "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO",
    "storageos", "csi", "ephemeral", "image",
)  # fmt: skip

# The image reference grammar of the container runtime (distribution/reference), used only to
# find the tag: `nginx` and `nginx:latest` are pulled Always, `nginx:1.25` IfNotPresent.
_DOMAIN_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"(?:{_DOMAIN_PART}(?:\.{_DOMAIN_PART})*|\[[0-9a-fA-F:.]+\])(?::[0-9]+)?"
_PATH_PART = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_NAME = rf"(?:{_DOMAIN}/)?{_PATH_PART}(?:/{_PATH_PART})*"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
_REFERENCE = re.compile(rf"{_NAME}(?::(?P<tag>\w[\w.-]{{0,127}}))?(?:@(?P<digest>{_DIGEST}))?",
                        re.ASCII)  # fmt: skip


def image_pull_policy(image: str) -> str:
    """`Always` for a `latest` (or absent) tag, else `IfNotPresent` (also for unparseable)."""
    match = _REFERENCE.fullmatch(image)
    if match is None or len(image) > 255:
        return "IfNotPresent"
    tag = match["tag"] or ("" if match["digest"] else "latest")
    return "Always" if tag == "latest" else "IfNotPresent"


def default_pod_spec(spec: Object) -> None:
    """`SetDefaults_PodSpec` and everything nested in a PodSpec."""
    for key, value in (
        ("dnsPolicy", "ClusterFirst"),
        ("restartPolicy", "Always"),
        ("schedulerName", "default-scheduler"),
    ):
        if is_unset(spec, key):
            spec[key] = value
    if spec.get("terminationGracePeriodSeconds") is None:
        spec["terminationGracePeriodSeconds"] = 30
    ensure(spec, "securityContext")
    _sync_service_account(spec)
    for key in _CONTAINER_LISTS:
        for container in as_list(spec.get(key)):
            if isinstance(container, dict):
                default_container(container)
    for volume in as_list(spec.get("volumes")):
        if isinstance(volume, dict):
            default_volume(volume)
    canonicalize_list(child(spec, "overhead"))
    if isinstance(spec.get("resources"), dict):
        _canonicalize_requirements(spec["resources"])


def _sync_service_account(spec: Object) -> None:
    # v1 keeps the deprecated `serviceAccount` alias equal to `serviceAccountName`.
    if is_unset(spec, "serviceAccountName") and not is_unset(spec, "serviceAccount"):
        spec["serviceAccountName"] = spec["serviceAccount"]
    if not is_unset(spec, "serviceAccountName"):
        spec["serviceAccount"] = spec["serviceAccountName"]


def default_container(container: Object) -> None:
    """`SetDefaults_Container` plus its ports, probes, lifecycle hooks and env."""
    if is_unset(container, "imagePullPolicy"):
        image = container.get("image")
        container["imagePullPolicy"] = image_pull_policy(image if isinstance(image, str) else "")
    if is_unset(container, "terminationMessagePath"):
        container["terminationMessagePath"] = "/dev/termination-log"
    if is_unset(container, "terminationMessagePolicy"):
        container["terminationMessagePolicy"] = "File"
    for port in as_list(container.get("ports")):
        if isinstance(port, dict) and is_unset(port, "protocol"):
            port["protocol"] = "TCP"
    _canonicalize_requirements(ensure(container, "resources"))
    for key in ("livenessProbe", "readinessProbe", "startupProbe"):
        if isinstance(container.get(key), dict):
            default_probe(container[key])
    lifecycle = child(container, "lifecycle")
    for key in ("postStart", "preStop"):
        _default_http_get(child(lifecycle, key))
    for env in as_list(container.get("env")):
        _default_field_ref(child(child(env, "valueFrom"), "fieldRef"))


def _canonicalize_requirements(resources: Object) -> None:
    canonicalize_list(resources.get("limits"))
    canonicalize_list(resources.get("requests"))


def default_probe(probe: Object) -> None:
    """`SetDefaults_Probe`: zero timings become 1s timeout, 10s period, thresholds 1 and 3."""
    for key, value in (
        ("timeoutSeconds", 1),
        ("periodSeconds", 10),
        ("successThreshold", 1),
        ("failureThreshold", 3),
    ):
        if probe.get(key) in (None, 0):
            probe[key] = value
    _default_http_get(probe)


def _default_http_get(handler: Object) -> None:
    action = handler.get("httpGet")
    if isinstance(action, dict):
        if is_unset(action, "path"):
            action["path"] = "/"
        if is_unset(action, "scheme"):
            action["scheme"] = "HTTP"


def _default_field_ref(ref: Object) -> None:
    if ref and is_unset(ref, "apiVersion"):
        ref["apiVersion"] = "v1"


def default_volume(volume: Object) -> None:
    """`SetDefaults_Volume` and its sources: no source means an emptyDir; file modes 0644."""
    if not any(volume.get(key) is not None for key in _VOLUME_SOURCES):
        volume["emptyDir"] = {}
    for key in _MODE_DEFAULTED_SOURCES:
        source = volume.get(key)
        if isinstance(source, dict) and source.get("defaultMode") is None:
            source["defaultMode"] = _FILE_MODE_DEFAULT
    host_path = volume.get("hostPath")
    if isinstance(host_path, dict) and host_path.get("type") is None:
        host_path["type"] = ""
    empty_dir = child(volume, "emptyDir")
    if "sizeLimit" in empty_dir:
        empty_dir["sizeLimit"] = quantity.canonicalize(empty_dir["sizeLimit"])
    for item in as_list(child(volume, "downwardAPI").get("items")):
        _default_field_ref(child(item, "fieldRef"))
    _default_projections(child(volume, "projected"))
    template = child(child(volume, "ephemeral"), "volumeClaimTemplate")
    if isinstance(template.get("spec"), dict):
        default_claim_spec(template["spec"])


def _default_projections(projected: Object) -> None:
    for source in as_list(projected.get("sources")):
        token = as_dict(source).get("serviceAccountToken")
        if isinstance(token, dict) and token.get("expirationSeconds") is None:
            token["expirationSeconds"] = 3600
        for item in as_list(child(source, "downwardAPI").get("items")):
            _default_field_ref(child(item, "fieldRef"))
