from __future__ import annotations

from typing import Any

import pytest

from stead.apiserver.tables import printer_for
from tests.unit.apiserver.tables.helpers import ago, cells, named_cells, resource

POD_COLUMNS = [
    ("Name", 0),
    ("Ready", 0),
    ("Status", 0),
    ("Restarts", 0),
    ("Age", 0),
    ("IP", 1),
    ("Node", 1),
    ("Nominated Node", 1),
    ("Readiness Gates", 1),
]


def pod(
    *,
    phase: str = "Running",
    containers: tuple[str, ...] = ("nginx",),
    init_containers: tuple[dict[str, Any], ...] = (),
    statuses: list[dict[str, Any]] | None = None,
    init_statuses: list[dict[str, Any]] | None = None,
    conditions: list[dict[str, Any]] | None = None,
    **status: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {"phase": phase, **status}
    if statuses is not None:
        body["containerStatuses"] = statuses
    if init_statuses is not None:
        body["initContainerStatuses"] = init_statuses
    if conditions is not None:
        body["conditions"] = conditions
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "web-0", "namespace": "default", "creationTimestamp": ago(hours=2)},
        "spec": {
            "containers": [{"name": name, "image": "nginx:1.27"} for name in containers],
            "initContainers": list(init_containers),
            "nodeName": "node-1",
        },
        "status": body,
    }


def running(name: str = "nginx", *, ready: bool = True, restarts: int = 0) -> dict[str, Any]:
    return {
        "name": name,
        "ready": ready,
        "started": True,
        "restartCount": restarts,
        "state": {"running": {"startedAt": ago(hours=1)}},
    }


def waiting(name: str, reason: str, *, restarts: int = 0, **last: Any) -> dict[str, Any]:
    status: dict[str, Any] = {
        "name": name,
        "ready": False,
        "restartCount": restarts,
        "state": {"waiting": {"reason": reason}},
    }
    if last:
        status["lastState"] = {"terminated": last}
    return status


def terminated(name: str, **state: Any) -> dict[str, Any]:
    return {"name": name, "ready": False, "restartCount": 0, "state": {"terminated": state}}


def summary(obj: dict[str, Any]) -> tuple[str, str, str]:
    row = named_cells("", "Pod", obj)
    return row["Ready"], row["Status"], row["Restarts"]


READY = {"type": "Ready", "status": "True"}
INITIALIZED = {"type": "Initialized", "status": "True"}


def test_pod_columns_and_wide_priorities() -> None:
    printer = printer_for(resource("", "Pod"))
    assert [(c.name, c.priority) for c in printer.columns] == POD_COLUMNS
    assert [c.type for c in printer.columns] == ["string"] * len(POD_COLUMNS)
    assert printer.columns[0].format == "name"


def test_running_pod_row() -> None:
    obj = pod(statuses=[running()], conditions=[READY], podIP="10.0.0.10")
    obj["status"]["podIPs"] = [{"ip": "10.0.0.10"}]
    assert cells("", "Pod", obj) == [
        "web-0", "1/1", "Running", "0", "120m", "10.0.0.10", "node-1", "<none>", "<none>",
    ]  # fmt: skip


def test_unscheduled_pending_pod_has_placeholders() -> None:
    obj = pod(phase="Pending")
    del obj["spec"]["nodeName"]
    assert cells("", "Pod", obj)[1:] == [
        "0/1", "Pending", "0", "120m", "<none>", "<none>", "<none>", "<none>",
    ]  # fmt: skip


def test_container_creating_shows_the_waiting_reason() -> None:
    obj = pod(phase="Pending", statuses=[waiting("nginx", "ContainerCreating")])
    assert summary(obj) == ("0/1", "ContainerCreating", "0")


def test_crash_loop_shows_restarts_and_when_the_last_one_ended() -> None:
    crashing = waiting(
        "nginx", "CrashLoopBackOff", restarts=4, exitCode=1, finishedAt=ago(minutes=5)
    )
    assert summary(pod(statuses=[crashing])) == ("0/1", "CrashLoopBackOff", "4 (5m ago)")


def test_latest_termination_across_containers_dates_the_restarts() -> None:
    first = waiting("a", "CrashLoopBackOff", restarts=2, finishedAt=ago(minutes=50))
    second = running("b", restarts=1)
    second["lastState"] = {"terminated": {"exitCode": 137, "finishedAt": ago(seconds=30)}}
    obj = pod(containers=("a", "b"), statuses=[first, second], conditions=[READY])
    assert summary(obj) == ("1/2", "CrashLoopBackOff", "3 (30s ago)")


def test_restarts_without_a_termination_time_print_the_bare_count() -> None:
    assert summary(pod(statuses=[running(restarts=3)])) == ("1/1", "Running", "3")


def test_first_init_container_pending() -> None:
    obj = pod(
        phase="Pending",
        init_containers=({"name": "init"},),
        init_statuses=[waiting("init", "PodInitializing")],
        statuses=[waiting("nginx", "PodInitializing")],
    )
    assert summary(obj) == ("0/1", "Init:0/1", "0")


def test_second_init_container_running_counts_finished_ones() -> None:
    done = terminated("one", exitCode=0, reason="Completed")
    obj = pod(
        phase="Pending",
        init_containers=({"name": "one"}, {"name": "two"}),
        init_statuses=[done, running("two", ready=False)],
    )
    assert summary(obj) == ("0/1", "Init:1/2", "0")


def test_init_crash_loop_counts_init_restarts() -> None:
    crashing = waiting("init", "CrashLoopBackOff", restarts=3, finishedAt=ago(minutes=2))
    obj = pod(
        phase="Pending",
        init_containers=({"name": "init"},),
        init_statuses=[crashing],
        statuses=[waiting("nginx", "PodInitializing", restarts=7)],
    )
    assert summary(obj) == ("0/1", "Init:CrashLoopBackOff", "3 (2m ago)")


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ({"exitCode": 2, "reason": "Error"}, "Init:Error"),
        ({"exitCode": 2}, "Init:ExitCode:2"),
        ({"exitCode": 137, "signal": 9}, "Init:Signal:9"),
    ],
)
def test_failed_init_container(state: dict[str, Any], expected: str) -> None:
    obj = pod(
        phase="Pending",
        init_containers=({"name": "init"},),
        init_statuses=[terminated("init", **state)],
    )
    assert summary(obj)[1] == expected


def test_started_sidecar_counts_towards_ready_and_total() -> None:
    sidecar = running("proxy")
    obj = pod(
        init_containers=({"name": "proxy", "restartPolicy": "Always"},),
        init_statuses=[sidecar],
        statuses=[running()],
        conditions=[INITIALIZED, READY],
    )
    assert summary(obj) == ("2/2", "Running", "0")


def test_sidecar_restarts_count_after_initialisation() -> None:
    sidecar = running("proxy", restarts=2)
    sidecar["lastState"] = {"terminated": {"exitCode": 1, "finishedAt": ago(minutes=3)}}
    plain_init = terminated("setup", exitCode=0, reason="Completed")
    plain_init["restartCount"] = 5
    obj = pod(
        init_containers=({"name": "setup"}, {"name": "proxy", "restartPolicy": "Always"}),
        init_statuses=[plain_init, sidecar],
        statuses=[running(restarts=1)],
        conditions=[INITIALIZED, READY],
    )
    assert summary(obj) == ("2/2", "Running", "3 (3m ago)")


def test_unstarted_sidecar_blocks_initialisation() -> None:
    obj = pod(
        phase="Pending",
        init_containers=({"name": "proxy", "restartPolicy": "Always"},),
        init_statuses=[waiting("proxy", "ContainerCreating")],
        statuses=[waiting("nginx", "PodInitializing")],
    )
    assert summary(obj) == ("0/2", "Init:ContainerCreating", "0")


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ({"exitCode": 0, "reason": "Completed"}, "Completed"),
        ({"exitCode": 1, "reason": "Error"}, "Error"),
        ({"exitCode": 1}, "ExitCode:1"),
        ({"exitCode": 143, "signal": 15}, "Signal:15"),
        ({"exitCode": 137, "reason": "OOMKilled"}, "OOMKilled"),
    ],
)
def test_terminated_container_reason(state: dict[str, Any], expected: str) -> None:
    assert summary(pod(phase="Failed", statuses=[terminated("nginx", **state)]))[1] == expected


def test_completed_container_beside_a_running_one() -> None:
    statuses = [terminated("job", exitCode=0, reason="Completed"), running("server")]
    ready = pod(containers=("job", "server"), statuses=statuses, conditions=[READY])
    not_ready = pod(containers=("job", "server"), statuses=statuses)
    assert summary(ready) == ("1/2", "Running", "0")
    assert summary(not_ready) == ("1/2", "NotReady", "0")


def test_first_container_reason_wins() -> None:
    statuses = [waiting("a", "ImagePullBackOff"), waiting("b", "CrashLoopBackOff")]
    assert summary(pod(containers=("a", "b"), statuses=statuses))[1] == "ImagePullBackOff"


def test_ready_but_not_running_is_not_counted() -> None:
    odd = {"name": "nginx", "ready": True, "state": {}}
    assert summary(pod(statuses=[odd]))[0] == "0/1"


def test_status_reason_and_scheduling_gate() -> None:
    evicted = pod(phase="Failed", reason="Evicted")
    gated = pod(
        phase="Pending",
        conditions=[{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}],
    )
    assert summary(evicted)[1] == "Evicted"
    assert summary(gated)[1] == "SchedulingGated"


def test_deleting_pods() -> None:
    terminating = pod(statuses=[running()])
    terminating["metadata"]["deletionTimestamp"] = ago(seconds=10)
    lost = pod(reason="NodeLost", statuses=[running()])
    lost["metadata"]["deletionTimestamp"] = ago(seconds=10)
    finished = pod(
        phase="Succeeded", statuses=[terminated("nginx", exitCode=0, reason="Completed")]
    )
    finished["metadata"]["deletionTimestamp"] = ago(seconds=10)
    assert summary(terminating)[1] == "Terminating"
    assert summary(lost)[1] == "Unknown"
    assert summary(finished)[1] == "Completed"


def test_completed_row_conditions() -> None:
    printer = printer_for(resource("", "Pod"))
    assert printer.conditions(pod(phase="Succeeded")) == [
        {
            "type": "Completed",
            "status": "True",
            "reason": "Succeeded",
            "message": "The pod has completed successfully.",
        }
    ]
    assert printer.conditions(pod(phase="Failed"))[0]["message"] == "The pod failed."
    assert printer.conditions(pod(phase="Running")) == []


def test_wide_cells() -> None:
    obj = pod(
        statuses=[running()],
        podIP="10.0.0.7",
        nominatedNodeName="node-2",
        conditions=[{"type": "example.com/gate", "status": "True"}, READY],
    )
    obj["status"]["podIPs"] = [{"ip": "10.0.0.7"}, {"ip": "fd00::7"}]
    obj["spec"]["readinessGates"] = [
        {"conditionType": "example.com/gate"},
        {"conditionType": "example.com/other"},
    ]
    assert cells("", "Pod", obj)[5:] == ["10.0.0.7", "node-1", "node-2", "1/2"]


def test_pod_ip_falls_back_to_pod_ips() -> None:
    obj = pod(statuses=[running()])
    obj["status"]["podIPs"] = [{"ip": "fd00::7"}]
    assert named_cells("", "Pod", obj)["IP"] == "fd00::7"


def test_bare_pod_never_raises() -> None:
    assert cells("", "Pod", {}) == [
        "", "0/0", "", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>",
    ]  # fmt: skip
