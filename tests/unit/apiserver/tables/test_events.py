from __future__ import annotations

from typing import Any

from stead.apiserver.tables import printer_for
from tests.unit.apiserver.tables.helpers import ago, cells, resource


def core_event(**fields: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {
            "name": "web-0.17c1a",
            "namespace": "default",
            "creationTimestamp": ago(minutes=9),
        },
        "involvedObject": {
            "kind": "Pod",
            "name": "web-0",
            "namespace": "default",
            "fieldPath": "spec.containers{nginx}",
        },
        "reason": "Pulled",
        "message": 'Container image "nginx:1.27" already present on machine\n',
        "source": {"component": "kubelet", "host": "node-1"},
        "firstTimestamp": ago(minutes=9),
        "lastTimestamp": ago(minutes=2),
        "count": 4,
        "type": "Normal",
        **fields,
    }


def test_event_columns() -> None:
    printer = printer_for(resource("", "Event"))
    assert [(c.name, c.priority, c.format) for c in printer.columns] == [
        ("Last Seen", 0, ""), ("Type", 0, ""), ("Reason", 0, ""), ("Object", 0, ""),
        ("Subobject", 1, ""), ("Source", 1, ""), ("Message", 0, ""), ("First Seen", 1, ""),
        ("Count", 1, ""), ("Name", 1, "name"),
    ]  # fmt: skip
    assert printer_for(resource("events.k8s.io", "Event")).columns == printer.columns


def test_core_event_row() -> None:
    assert cells("", "Event", core_event()) == [
        "2m", "Normal", "Pulled", "pod/web-0", "spec.containers{nginx}", "kubelet, node-1",
        'Container image "nginx:1.27" already present on machine', "9m", 4, "web-0.17c1a",
    ]  # fmt: skip


def test_event_from_the_newer_api_shape() -> None:
    obj = core_event(
        firstTimestamp=None,
        lastTimestamp=None,
        count=0,
        source={},
        eventTime="2025-06-01T11:59:00.000000Z",
        reportingComponent="statefulset-controller",
        reportingInstance="stead-1",
    )
    assert cells("", "Event", obj)[:9] == [
        "60s", "Normal", "Pulled", "pod/web-0", "spec.containers{nginx}",
        "statefulset-controller, stead-1", obj["message"].strip(), "60s", 1,
    ]  # fmt: skip


def test_series_overrides_last_seen_and_count() -> None:
    obj = core_event(series={"count": 12, "lastObservedTime": ago(seconds=20)})
    row = cells("", "Event", obj)
    assert (row[0], row[8]) == ("20s", 12)


def test_cluster_scoped_target_and_missing_times() -> None:
    obj = core_event(involvedObject={"kind": "Node"}, firstTimestamp=None, lastTimestamp=None)
    row = cells("", "Event", obj)
    assert row[3] == "node"
    assert (row[0], row[7]) == ("<unknown>", "<unknown>")


def test_events_api_event_prints_like_core() -> None:
    obj = {
        "apiVersion": "events.k8s.io/v1",
        "kind": "Event",
        "metadata": {
            "name": "web-0.17c1a",
            "namespace": "default",
            "creationTimestamp": ago(minutes=9),
        },
        "regarding": {"kind": "StatefulSet", "name": "web", "fieldPath": ""},
        "note": "create Pod web-0 in StatefulSet web successful",
        "reason": "SuccessfulCreate",
        "type": "Normal",
        "eventTime": ago(minutes=9),
        "reportingController": "statefulset-controller",
        "reportingInstance": "stead-1",
        "deprecatedSource": {"component": "statefulset-controller"},
        "deprecatedFirstTimestamp": ago(minutes=9),
        "deprecatedLastTimestamp": ago(minutes=1),
        "deprecatedCount": 3,
    }
    assert cells("events.k8s.io", "Event", obj) == [
        "60s", "Normal", "SuccessfulCreate", "statefulset/web", "",
        "statefulset-controller, stead-1", "create Pod web-0 in StatefulSet web successful",
        "9m", 3, "web-0.17c1a",
    ]  # fmt: skip


def test_each_event_resource_reads_the_other_shape_when_told() -> None:
    core = core_event()
    newer = {"apiVersion": "events.k8s.io/v1", "regarding": {"kind": "Pod", "name": "web-0"}}
    assert cells("events.k8s.io", "Event", core) == cells("", "Event", core)
    assert cells("", "Event", newer)[3] == "pod/web-0"
    assert (
        cells("events.k8s.io", "Event", {"regarding": {"kind": "Pod", "name": "p"}})[3] == "pod/p"
    )
