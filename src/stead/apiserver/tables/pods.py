"""The pod table: READY, STATUS and RESTARTS summarised from container statuses as upstream does.

STATUS starts from `status.reason` (else the phase), is overridden by the first init container
still blocking initialisation (`Init:1/2`, `Init:CrashLoopBackOff`, `Init:ExitCode:1`), then, once
initialised, by the first container reporting a waiting or terminated reason; deletion turns
it into `Terminating` (or `Unknown` for pods on a lost node). READY counts regular containers
that are ready and running plus started, ready sidecars (restartable init containers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from stead.apiserver.tables.access import (
    Object,
    dig,
    integer,
    is_deleting,
    is_true,
    mapping,
    mappings,
    name_of,
    text,
)
from stead.apiserver.tables.columns import AGE, NAME, Cell, Column, Condition, Doc, Printer, age
from stead.apiserver.tables.duration import age_of, parse_time

_POD_SPEC = "io.k8s.api.core.v1.PodSpec"
_POD_STATUS = "io.k8s.api.core.v1.PodStatus"
_NODE_LOST = "NodeLost"
_TERMINAL_PHASES = ("Succeeded", "Failed")
_COMPLETED = {
    "Succeeded": "The pod has completed successfully.",
    "Failed": "The pod failed.",
}


@dataclass
class _Restarts:
    """Restart counts summed over containers, with the latest last-termination time seen."""

    count: int = 0
    last: datetime | None = None

    def add(self, container_status: Object) -> None:
        self.count += integer(container_status.get("restartCount"))
        finished = parse_time(dig(container_status, "lastState", "terminated", "finishedAt"))
        if finished is not None and (self.last is None or self.last < finished):
            self.last = finished

    def copy(self) -> _Restarts:
        return _Restarts(self.count, self.last)


@dataclass
class _Summary:
    reason: str
    ready: int = 0
    initializing: bool = False


def _restartable_init_names(spec: Object) -> set[str]:
    return {
        text(container.get("name"))
        for container in mappings(spec.get("initContainers"))
        if container.get("restartPolicy") == "Always"
    }


def _initial_reason(status: Object) -> str:
    gated = any(
        condition.get("type") == "PodScheduled" and condition.get("reason") == "SchedulingGated"
        for condition in mappings(status.get("conditions"))
    )
    return "SchedulingGated" if gated else text(status.get("reason")) or text(status.get("phase"))


def _terminated_reason(terminated: Object, prefix: str) -> str:
    reason = text(terminated.get("reason"))
    if reason:
        return prefix + reason
    signal = integer(terminated.get("signal"))
    if signal:
        return f"{prefix}Signal:{signal}"
    return f"{prefix}ExitCode:{integer(terminated.get('exitCode'))}"


def _scan_init_containers(
    pod: Object, summary: _Summary, *, every: _Restarts, sidecars: _Restarts
) -> None:
    """Walk init container statuses in order until one still blocks initialisation."""
    spec = mapping(pod.get("spec"))
    restartable = _restartable_init_names(spec)
    declared = len(mappings(spec.get("initContainers")))
    for index, container in enumerate(mappings(dig(pod, "status", "initContainerStatuses"))):
        every.add(container)
        is_sidecar = text(container.get("name")) in restartable
        if is_sidecar:
            sidecars.add(container)
        state = mapping(container.get("state"))
        terminated = state.get("terminated")
        waiting_reason = text(dig(state, "waiting", "reason"))
        if terminated is not None and integer(dig(terminated, "exitCode")) == 0:
            continue
        if is_sidecar and is_true(container.get("started")):
            summary.ready += is_true(container.get("ready"))
            continue
        if terminated is not None:
            summary.reason = _terminated_reason(mapping(terminated), "Init:")
        elif waiting_reason and waiting_reason != "PodInitializing":
            summary.reason = "Init:" + waiting_reason
        else:
            summary.reason = f"Init:{index}/{declared}"
        summary.initializing = True
        return


def _scan_containers(pod: Object, summary: _Summary, restarts: _Restarts) -> None:
    """Walk regular container statuses from last to first; the first one's reason wins."""
    status = mapping(pod.get("status"))
    has_running = False
    for container in reversed(mappings(status.get("containerStatuses"))):
        restarts.add(container)
        state = mapping(container.get("state"))
        waiting_reason = text(dig(state, "waiting", "reason"))
        terminated = state.get("terminated")
        if waiting_reason:
            summary.reason = waiting_reason
        elif terminated is not None:
            summary.reason = _terminated_reason(mapping(terminated), "")
        elif is_true(container.get("ready")) and state.get("running") is not None:
            has_running = True
            summary.ready += 1
    # A container that completed beside others still running does not make the pod Completed.
    if summary.reason == "Completed" and has_running:
        summary.reason = "Running" if _condition_true(status, "Ready") else "NotReady"


def _condition_true(status: Object, condition_type: str) -> bool:
    return any(
        condition.get("type") == condition_type and condition.get("status") == "True"
        for condition in mappings(status.get("conditions"))
    )


def _deletion_reason(pod: Object, reason: str) -> str:
    if not is_deleting(pod):
        return reason
    status = mapping(pod.get("status"))
    if status.get("reason") == _NODE_LOST:
        return "Unknown"
    if status.get("phase") not in _TERMINAL_PHASES:
        return "Terminating"
    return reason


def _restarts_cell(restarts: _Restarts, now: datetime) -> str:
    if restarts.count and restarts.last is not None:
        return f"{restarts.count} ({age_of(restarts.last, now)} ago)"
    return str(restarts.count)


def _readiness_gates(pod: Object) -> str:
    gates = mappings(dig(pod, "spec", "readinessGates"))
    if not gates:
        return "<none>"
    conditions = mappings(dig(pod, "status", "conditions"))
    passed = 0
    for gate in gates:
        match = next((c for c in conditions if c.get("type") == gate.get("conditionType")), None)
        passed += match is not None and match.get("status") == "True"
    return f"{passed}/{len(gates)}"


def _pod_ip(status: Object) -> str:
    # Upstream reads the internal podIPs, which the v1 `podIP` overrides when they differ.
    first = next(iter(mappings(status.get("podIPs"))), {})
    return text(status.get("podIP")) or text(first.get("ip")) or "<none>"


def _pod_cells(pod: Object, now: datetime) -> list[Cell]:
    spec = mapping(pod.get("spec"))
    status = mapping(pod.get("status"))
    summary = _Summary(_initial_reason(status))
    every, sidecars = _Restarts(), _Restarts()
    _scan_init_containers(pod, summary, every=every, sidecars=sidecars)
    restarts = every
    if not summary.initializing or _condition_true(status, "Initialized"):
        restarts = sidecars.copy()
        _scan_containers(pod, summary, restarts)
    total = len(mappings(spec.get("containers"))) + len(_restartable_init_names(spec))
    return [
        name_of(pod),
        f"{summary.ready}/{total}",
        _deletion_reason(pod, summary.reason),
        _restarts_cell(restarts, now),
        age(pod, now),
        _pod_ip(status),
        text(spec.get("nodeName")) or "<none>",
        text(status.get("nominatedNodeName")) or "<none>",
        _readiness_gates(pod),
    ]


def _pod_conditions(pod: Object) -> list[Condition]:
    phase = text(dig(pod, "status", "phase"))
    if phase not in _COMPLETED:
        return []
    return [{"type": "Completed", "status": "True", "reason": phase, "message": _COMPLETED[phase]}]


POD = Printer(
    columns=(
        NAME,
        Column("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        Column("Status", "The aggregate status of the containers in this pod."),
        Column(
            "Restarts",
            "The number of times the containers in this pod have been restarted and when the "
            "last container in this pod has restarted.",
        ),
        AGE,
        Column("IP", Doc(_POD_STATUS, "podIP"), priority=1),
        Column("Node", Doc(_POD_SPEC, "nodeName"), priority=1),
        Column("Nominated Node", Doc(_POD_STATUS, "nominatedNodeName"), priority=1),
        Column("Readiness Gates", Doc(_POD_SPEC, "readinessGates"), priority=1),
    ),
    cells=_pod_cells,
    conditions=_pod_conditions,
)
