"""Containers of a PodSpec: regular and init containers, their ports, environment, mounts,
probes, lifecycle hooks, resources and security context (upstream `validateContainers`,
`validateInitContainers`, `validateContainerCommon` and the helpers they call)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from stead.api.errors import (
    FieldError,
    duplicate,
    forbidden,
    invalid,
    not_found,
    not_supported,
    required,
)
from stead.api.validation import dns1123_label_errors, port_name_errors, port_num_errors
from stead.apiserver.registry.containerchecks import (
    env_errors,
    env_from_errors,
    lifecycle_errors,
    probe_errors,
    security_context_errors,
)
from stead.apiserver.registry.fields import (
    child,
    enumerate_items,
    items,
    number,
    objects,
    text,
)
from stead.apiserver.registry.formats import local_descending_path_errors
from stead.apiserver.registry.resources import requirements_errors
from stead.apiserver.registry.volumes import PULL_POLICIES, claim_backed, image_source

Object = dict[str, Any]

PROTOCOLS = ("SCTP", "TCP", "UDP")
_MESSAGE_POLICIES = ("File", "FallbackToLogsOnError")
_PROPAGATIONS = ("Bidirectional", "HostToContainer", "None")
_RECURSIVE_READ_ONLY = ("Disabled", "Enabled", "IfPossible")
_RESIZE_RESOURCES = ("cpu", "memory")
_RESIZE_POLICIES = ("NotRequired", "RestartContainer")
_INIT_ONLY_HOOKS = ("lifecycle", "livenessProbe", "readinessProbe", "startupProbe")


@dataclass(frozen=True)
class PodContext:
    """What a container's rules need to know about the pod around it."""

    volumes: dict[str, Object]
    grace_period: int | None
    restart_policy: str
    claim_names: Collection[str] = ()
    host_users: bool = True


def containers_errors(containers: object, path: str, *, pod: PodContext) -> list[FieldError]:
    """`validateContainers`: at least one; unique names; probes and hooks allowed."""
    listed = objects(containers)
    if not listed:
        return [required(path)]
    errors: list[FieldError] = []
    names: set[str] = set()
    for index, container in enumerate(listed):
        where = f"{path}[{index}]"
        errors.extend(_common_errors(container, where, pod=pod))
        name = text(container, "name")
        if name in names:
            errors.append(duplicate(f"{where}.name", name))
        names.add(name)
        errors.extend(_hook_errors(container, where, grace=pod.grace_period))
        if container.get("restartPolicy") is not None:
            detail = "may not be set for non-init containers"
            errors.append(forbidden(f"{where}.restartPolicy", detail))
    return errors + host_port_conflicts(listed, path)


def init_containers_errors(
    containers: object, regular: object, *, path: str, pod: PodContext
) -> list[FieldError]:
    """`validateInitContainers`: names unique across init and regular containers; hooks and
    probes only for restartable (sidecar) init containers."""
    names = {text(c, "name") for c in objects(regular)}
    errors: list[FieldError] = []
    for index, container in enumerate(objects(containers)):
        where = f"{path}[{index}]"
        errors.extend(_common_errors(container, where, pod=pod))
        policy = container.get("restartPolicy")
        if isinstance(policy, str) and policy != "Always":
            errors.append(not_supported(f"{where}.restartPolicy", policy, ["Always"]))
        name = text(container, "name")
        if name in names:
            errors.append(duplicate(f"{where}.name", name))
        elif name:
            names.add(name)
        errors.extend(host_port_conflicts([container], path))
        if policy == "Always":
            errors.extend(_hook_errors(container, where, grace=pod.grace_period))
        else:
            detail = "may not be set for init containers without restartPolicy=Always"
            errors.extend(
                forbidden(f"{where}.{key}", detail)
                for key in _INIT_ONLY_HOOKS
                if container.get(key) is not None
            )
    return errors


def _hook_errors(container: Object, path: str, *, grace: int | None) -> list[FieldError]:
    errors: list[FieldError] = []
    if isinstance(container.get("lifecycle"), dict):
        errors.extend(lifecycle_errors(container["lifecycle"], f"{path}.lifecycle", grace=grace))
    for key in ("livenessProbe", "readinessProbe", "startupProbe"):
        probe = container.get(key)
        if isinstance(probe, dict):
            errors.extend(probe_errors(probe, f"{path}.{key}", grace=grace, kind=key))
    return errors


def _common_errors(container: Object, path: str, *, pod: PodContext) -> list[FieldError]:
    """`validateContainerCommon`."""
    errors: list[FieldError] = []
    name = text(container, "name")
    if not name:
        errors.append(required(f"{path}.name"))
    else:
        errors.extend(invalid(f"{path}.name", name, m) for m in dns1123_label_errors(name))
    if not text(container, "image"):
        errors.append(required(f"{path}.image"))
    errors.extend(
        _choice_errors(container, "terminationMessagePolicy", path=path, choices=_MESSAGE_POLICIES)
    )
    errors.extend(ports_errors(container.get("ports"), f"{path}.ports"))
    errors.extend(env_errors(container.get("env"), f"{path}.env"))
    errors.extend(env_from_errors(container.get("envFrom"), f"{path}.envFrom"))
    errors.extend(_mount_errors(container, f"{path}.volumeMounts", volumes=pod.volumes))
    errors.extend(_device_errors(container, f"{path}.volumeDevices", volumes=pod.volumes))
    errors.extend(_choice_errors(container, "imagePullPolicy", path=path, choices=PULL_POLICIES))
    errors.extend(
        requirements_errors(
            container.get("resources"), f"{path}.resources", claim_names=pod.claim_names
        )
    )
    errors.extend(
        _resize_policy_errors(container, f"{path}.resizePolicy", restart_policy=pod.restart_policy)
    )
    security = container.get("securityContext")
    if isinstance(security, dict):
        where = f"{path}.securityContext"
        errors.extend(security_context_errors(security, where, host_users=pod.host_users))
    return errors


def _choice_errors(
    holder: Object, key: str, *, path: str, choices: tuple[str, ...]
) -> list[FieldError]:
    value = text(holder, key)
    if not value:
        return [required(f"{path}.{key}")]
    if value not in choices:
        return [not_supported(f"{path}.{key}", value, choices)]
    return []


def ports_errors(ports: object, path: str) -> list[FieldError]:
    """`validateContainerPorts`."""
    errors: list[FieldError] = []
    names: set[str] = set()
    for index, port in enumerate(objects(ports)):
        where = f"{path}[{index}]"
        if name := text(port, "name"):
            if problems := port_name_errors(name):
                errors.extend(invalid(f"{where}.name", name, msg) for msg in problems)
            elif name in names:
                errors.append(duplicate(f"{where}.name", name))
            else:
                names.add(name)
        container_port = number(port, "containerPort")
        if container_port == 0:
            errors.append(required(f"{where}.containerPort"))
        else:
            errors.extend(
                invalid(f"{where}.containerPort", container_port, msg)
                for msg in port_num_errors(container_port)
            )
        if host_port := number(port, "hostPort"):
            errors.extend(
                invalid(f"{where}.hostPort", host_port, msg) for msg in port_num_errors(host_port)
            )
        errors.extend(_choice_errors(port, "protocol", path=where, choices=PROTOCOLS))
    return errors


def host_port_conflicts(containers: list[Object], path: str) -> list[FieldError]:
    """`checkHostPortConflicts`: one (protocol, hostIP, hostPort) per pod."""
    seen: set[str] = set()
    errors: list[FieldError] = []
    for index, container in enumerate(containers):
        for port_index, port in enumerate_items(container, "ports"):
            host_port = number(port, "hostPort")
            if host_port == 0:
                continue
            key = f"{text(port, 'protocol')}/{text(port, 'hostIP')}/{host_port}"
            if key in seen:
                where = f"{path}[{index}].ports[{port_index}].hostPort"
                errors.append(duplicate(where, key))
            seen.add(key)
    return errors


def _mount_errors(container: Object, path: str, *, volumes: dict[str, Object]) -> list[FieldError]:
    """`ValidateVolumeMounts` (some paths carry no index, as upstream's do)."""
    devices = {text(d, "name"): text(d, "devicePath") for d in items(container, "volumeDevices")}
    privileged = child(container, "securityContext").get("privileged") is True
    errors: list[FieldError] = []
    mount_paths: set[str] = set()
    for index, mount in enumerate_items(container, "volumeMounts"):
        where = f"{path}[{index}]"
        name, mount_path = text(mount, "name"), text(mount, "mountPath")
        if not name:
            errors.append(required(f"{where}.name"))
        if name not in volumes:
            errors.append(not_found(f"{where}.name", name))
        if not mount_path:
            errors.append(required(f"{where}.mountPath"))
        if mount_path in mount_paths:
            errors.append(invalid(f"{where}.mountPath", mount_path, "must be unique"))
        mount_paths.add(mount_path)
        if name in devices:
            detail = "must not already exist in volumeDevices"
            errors.append(invalid(f"{where}.name", name, detail))
        if mount_path in devices.values():
            detail = "must not already exist as a path in volumeDevices"
            errors.append(invalid(f"{where}.mountPath", mount_path, detail))
        errors.extend(_sub_path_errors(mount, where, path=path, volume=volumes.get(name)))
        errors.extend(_propagation_errors(mount, path, privileged=privileged))
    return errors


def _sub_path_errors(
    mount: Object, where: str, *, path: str, volume: Object | None
) -> list[FieldError]:
    sub_path, expression = text(mount, "subPath"), text(mount, "subPathExpr")
    errors: list[FieldError] = []
    if volume is not None and image_source(volume):
        for key, value in (("subPath", sub_path), ("subPathExpr", expression)):
            if value:
                detail = "not allowed in image volume sources"
                errors.append(invalid(f"{where}.{key}", value, detail))
    if sub_path:
        errors.extend(local_descending_path_errors(f"{path}.subPath", sub_path))
    if expression:
        if sub_path:
            detail = "subPathExpr and subPath are mutually exclusive"
            errors.append(invalid(f"{where}.subPathExpr", expression, detail))
        errors.extend(local_descending_path_errors(f"{path}.subPathExpr", expression))
    return errors


def _propagation_errors(mount: Object, path: str, *, privileged: bool) -> list[FieldError]:
    errors: list[FieldError] = []
    propagation = mount.get("mountPropagation")
    if isinstance(propagation, str):
        where = f"{path}.mountPropagation"
        if propagation not in _PROPAGATIONS:
            errors.append(not_supported(where, propagation, _PROPAGATIONS))
        if propagation == "Bidirectional" and not privileged:
            detail = "Bidirectional mount propagation is available only to privileged containers"
            errors.append(forbidden(where, detail))
    recursive = mount.get("recursiveReadOnly")
    if isinstance(recursive, str) and recursive != "Disabled":
        where = f"{path}.recursiveReadOnly"
        if recursive not in _RECURSIVE_READ_ONLY:
            errors.append(not_supported(where, recursive, _RECURSIVE_READ_ONLY))
        else:
            if mount.get("readOnly") is not True:
                errors.append(forbidden(where, "may only be specified when readOnly is true"))
            if propagation not in (None, "None"):
                detail = "may only be specified when mountPropagation is None or not specified"
                errors.append(forbidden(where, detail))
    return errors


def _device_errors(container: Object, path: str, *, volumes: dict[str, Object]) -> list[FieldError]:
    """`ValidateVolumeDevices`: block devices come from claims only."""
    mounts = {text(m, "name"): text(m, "mountPath") for m in items(container, "volumeMounts")}
    errors: list[FieldError] = []
    names: set[str] = set()
    device_paths: set[str] = set()
    for index, device in enumerate_items(container, "volumeDevices"):
        where = f"{path}[{index}]"
        name, device_path = text(device, "name"), text(device, "devicePath")
        volume = volumes.get(name)
        if not name:
            errors.append(required(f"{where}.name"))
        if name in names:
            errors.append(invalid(f"{where}.name", name, "must be unique"))
        if volume is not None and not claim_backed(volume):
            detail = (
                "can only use volume source type of PersistentVolumeClaim or Ephemeral for "
                "block mode"
            )
            errors.append(invalid(f"{where}.name", name, detail))
        if volume is None:
            errors.append(not_found(f"{where}.name", name))
        if not device_path:
            errors.append(required(f"{where}.devicePath"))
        if device_path in device_paths:
            errors.append(invalid(f"{where}.devicePath", device_path, "must be unique"))
        if device_path and ".." in device_path.split("/"):
            detail = "can not contain backsteps ('..')"
            errors.append(invalid(f"{where}.devicePath", device_path, detail))
        else:
            device_paths.add(device_path)
        if name in mounts:
            errors.append(invalid(f"{where}.name", name, "must not already exist in volumeMounts"))
        if device_path in mounts.values():
            detail = "must not already exist as a path in volumeMounts"
            errors.append(invalid(f"{where}.devicePath", device_path, detail))
        if name:
            names.add(name)
    return errors


def _resize_policy_errors(container: Object, path: str, *, restart_policy: str) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[str] = set()
    for index, policy in enumerate_items(container, "resizePolicy"):
        resource, restart = text(policy, "resourceName"), text(policy, "restartPolicy")
        if resource in seen:
            errors.append(duplicate(f"{path}[{index}]", resource))
        seen.add(resource)
        if not resource:
            errors.append(required(path))
        elif resource not in _RESIZE_RESOURCES:
            errors.append(not_supported(path, resource, _RESIZE_RESOURCES))
        if not restart:
            errors.append(required(path))
        elif restart not in _RESIZE_POLICIES:
            errors.append(not_supported(path, restart, _RESIZE_POLICIES))
        if restart_policy == "Never" and restart != "NotRequired":
            detail = "must be 'NotRequired' when `restartPolicy` is 'Never'"
            errors.append(invalid(path, restart, detail))
    return errors


def image_whitespace_errors(containers: object, path: str) -> list[FieldError]:
    """Pods only (`validateContainersOnlyForPod`): no whitespace around an image."""
    return [
        invalid(f"{path}[{index}].image", image, "must not have leading or trailing whitespace")
        for index, container in enumerate(objects(containers))
        if (image := text(container, "image")) != image.strip()
    ]
