"""Every served kind through the real kubectl: create -f, get (table, wide), describe, explain,
the `get -o yaml | apply -f -` round trip, apply (client- and server-side) and delete.

Expected outputs are upstream's: the table cells its printers fill and the lines its describers
write from an object holding upstream's defaults. Where stead has no component yet that upstream
runs (admission plugins adding finalizers or token volumes, the PV controller), the comments say
which line a full cluster would print differently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from stead.testing.cluster import Cluster
from tests.e2e import manifests
from tests.e2e.output import cells, masked, single_row, table

pytestmark = pytest.mark.e2e

MISSING_LAST_APPLIED = (
    "Warning: resource {plural}/{name} is missing the "
    "kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl "
    "apply. kubectl apply should only be used on resources created declaratively by either "
    "kubectl create --save-config or kubectl apply. The missing annotation will be patched "
    "automatically."
)
ENDPOINTS_DEPRECATED = (
    "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"
)


@dataclass(frozen=True)
class Kind:
    manifest: str
    resource: str
    """What a user types after `kubectl get`."""
    name: str
    reference: str
    """How kubectl names the object in create/apply output: `persistentvolume/pv-1`."""
    plural: str
    row: list[tuple[str, str]]
    """`kubectl get` cells, time columns as `<age>`."""
    wide: list[tuple[str, str]]
    """The extra `-o wide` cells."""
    describe: str
    """`kubectl describe`, volatile values masked, the test namespace as `<ns>`."""
    explain: tuple[str, ...]
    reapplied: str = "unchanged"
    """What a second `kubectl apply -f` of the same manifest prints."""
    namespaced: bool = True
    warnings: tuple[str, ...] = field(default=())
    """Warnings the server sends on every request for this kind."""

    def text(self, namespace: str) -> str:
        """The manifest to send; Events name the namespace of the object they are about."""
        return self.manifest.format(namespace=namespace)

    def deleted(self, namespace: str) -> str:
        kind = self.reference.partition("/")[0]
        where = f" from {namespace} namespace" if self.namespaced else ""
        return f'{kind} "{self.name}" deleted{where}'


def explained(kind: str, group: str = "") -> tuple[str, ...]:
    head = (f"GROUP:      {group}",) if group else ()
    return (*head, f"KIND:       {kind}", "VERSION:    v1")


NAMESPACE = Kind(
    manifest=manifests.KIND_NAMESPACE,
    resource="namespace",
    name="kinds-ns",
    reference="namespace/kinds-ns",
    plural="namespaces",
    namespaced=False,
    row=[("NAME", "kinds-ns"), ("STATUS", "Active"), ("AGE", "<age>")],
    wide=[],
    # A full cluster also prints "No resource quota." and "No LimitRange resource.": kubectl
    # lists resourcequotas and limitranges, which stead does not serve (404 hides both parts).
    describe="""\
Name:         kinds-ns
Labels:       kubernetes.io/metadata.name=kinds-ns
              team=storage
Annotations:  <none>
Status:       Active
""",
    explain=explained("Namespace"),
)

NODE = Kind(
    manifest=manifests.KIND_NODE,
    resource="node",
    name="k8s-master",
    reference="node/k8s-master",
    plural="nodes",
    namespaced=False,
    row=[("NAME", "k8s-master"), ("STATUS", "Unknown"), ("ROLES", "control-plane"),
         ("AGE", "<age>"), ("VERSION", "v1.37.1")],
    wide=[("INTERNAL-IP", "192.168.10.2"), ("EXTERNAL-IP", "<none>"),
          ("OS-IMAGE", "Debian GNU/Linux 13 (trixie)"), ("KERNEL-VERSION", "6.12.0"),
          ("CONTAINER-RUNTIME", "containerd://2.1.0")],
    describe="""\
Name:               k8s-master
Roles:              control-plane
Labels:             kubernetes.io/hostname=k8s-master
                    node-role.kubernetes.io/control-plane=
Annotations:        <none>
CreationTimestamp:  <time>
Taints:             <none>
Unschedulable:      false
Lease:              Failed to get lease: leases.coordination.k8s.io "k8s-master" not found
Addresses:
  InternalIP:  192.168.10.2
  Hostname:    k8s-master
Capacity:
  cpu:     4
  memory:  8Gi
  pods:    110
Allocatable:
  cpu:     4
  memory:  8Gi
  pods:    110
System Info:
  Machine ID:
  System UUID:
  Boot ID:
  Kernel Version:             6.12.0
  OS Image:                   Debian GNU/Linux 13 (trixie)
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://2.1.0
  Kubelet Version:            v1.37.1
PodCIDR:                      10.244.0.0/24
PodCIDRs:                     10.244.0.0/24
Non-terminated Pods:          (0 in total)
  Namespace                   Name    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----    ------------  ----------  ---------------  -------------  ---
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests  Limits
  --------           --------  ------
  cpu                0 (0%)    0 (0%)
  memory             0 (0%)    0 (0%)
  ephemeral-storage  0 (0%)    0 (0%)
Events:              <none>
""",
    explain=explained("Node"),
)  # fmt: skip

POD = Kind(
    manifest=manifests.KIND_POD,
    resource="pod",
    name="myapp",
    reference="pod/myapp",
    plural="pods",
    row=[("NAME", "myapp"), ("READY", "0/1"), ("STATUS", "Pending"), ("RESTARTS", "0"),
         ("AGE", "<age>")],
    wide=[("IP", "<none>"), ("NODE", "<none>"), ("NOMINATED NODE", "<none>"),
          ("READINESS GATES", "<none>")],
    # A full cluster's ServiceAccount admission also mounts a `kube-api-access-*` projected
    # volume (one more Mounts line and a Volumes section); stead mounts no token yet.
    describe="""\
Name:             myapp
Namespace:        <ns>
Priority:         0
Service Account:  default
Node:             <none>
Labels:           app=myapp-pod
Annotations:      <none>
Status:           Pending
IP:
IPs:              <none>
Containers:
  myapp:
    Image:        ikubernetes/myapp:v1
    Port:         80/TCP (web)
    Host Port:    0/TCP (web)
    Environment:  <none>
    Mounts:       <none>
Volumes:          <none>
QoS Class:        BestEffort
Node-Selectors:   <none>
Tolerations:      node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                  node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:           <none>
""",
    explain=explained("Pod"),
)  # fmt: skip

HEADLESS_SERVICE = Kind(
    manifest=manifests.KIND_HEADLESS_SERVICE,
    resource="service",
    name="myapp-headless-service",
    reference="service/myapp-headless-service",
    plural="services",
    row=[("NAME", "myapp-headless-service"), ("TYPE", "ClusterIP"), ("CLUSTER-IP", "None"),
         ("EXTERNAL-IP", "<none>"), ("PORT(S)", "80/TCP"), ("AGE", "<age>")],
    wide=[("SELECTOR", "app=myapp-pod")],
    describe="""\
Name:                     myapp-headless-service
Namespace:                <ns>
Labels:                   app=statefulset
Annotations:              <none>
Selector:                 app=myapp-pod
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       None
IPs:                      None
Port:                     web  80/TCP
TargetPort:               80/TCP
Endpoints:                <none>
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
""",
    explain=explained("Service"),
)  # fmt: skip

CLUSTER_IP_SERVICE = Kind(
    manifest=manifests.KIND_CLUSTER_IP_SERVICE,
    resource="svc",
    name="front",
    reference="service/front",
    plural="services",
    row=[("NAME", "front"), ("TYPE", "ClusterIP"), ("CLUSTER-IP", "10.96.100.20"),
         ("EXTERNAL-IP", "<none>"), ("PORT(S)", "80/TCP"), ("AGE", "<age>")],
    wide=[("SELECTOR", "app=front")],
    describe="""\
Name:                     front
Namespace:                <ns>
Labels:                   <none>
Annotations:              <none>
Selector:                 app=front
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.100.20
IPs:                      10.96.100.20
Port:                     http  80/TCP
TargetPort:               8080/TCP
Endpoints:                <none>
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
""",
    explain=explained("Service"),
)  # fmt: skip

ENDPOINTS = Kind(
    manifest=manifests.KIND_ENDPOINTS,
    resource="endpoints",
    name="front",
    reference="endpoints/front",
    plural="endpoints",
    row=[("NAME", "front"), ("ENDPOINTS", "10.244.0.5:8080,10.244.0.6:8080"), ("AGE", "<age>")],
    wide=[],
    describe="""\
Name:         front
Namespace:    <ns>
Labels:       <none>
Annotations:  <none>
Subsets:
  Addresses:          10.244.0.5,10.244.0.6
  NotReadyAddresses:  <none>
  Ports:
    Name  Port  Protocol
    ----  ----  --------
    http  8080  TCP

Events:  <none>
""",
    explain=explained("Endpoints"),
    # `subsets` is an atomic list and the server defaults each port's protocol to TCP, so the
    # live list never equals the manifest's: kubectl replaces the whole list every time.
    reapplied="configured",
    warnings=(ENDPOINTS_DEPRECATED,),
)

ENDPOINT_SLICE = Kind(
    manifest=manifests.KIND_ENDPOINT_SLICE,
    resource="endpointslices",
    name="front-7vzhx",
    reference="endpointslice.discovery.k8s.io/front-7vzhx",
    plural="endpointslices",
    row=[("NAME", "front-7vzhx"), ("ADDRESSTYPE", "IPv4"), ("PORTS", "8080"),
         ("ENDPOINTS", "10.244.0.5"), ("AGE", "<age>")],
    wide=[],
    describe="""\
Name:         front-7vzhx
Namespace:    <ns>
Labels:       kubernetes.io/service-name=front
Annotations:  <none>
AddressType:  IPv4
Ports:
  Name  Port  Protocol
  ----  ----  --------
  http  8080  TCP
Endpoints:
  - Addresses:  10.244.0.5
    Conditions:
      Ready:   true
    Hostname:  <unset>
    NodeName:  k8s-master
    Zone:      <unset>
Events:        <none>
""",
    explain=explained("EndpointSlice", "discovery.k8s.io"),
)  # fmt: skip

PERSISTENT_VOLUME = Kind(
    manifest=manifests.KIND_PERSISTENT_VOLUME,
    resource="pv",
    name="pv-statefulset-03",
    reference="persistentvolume/pv-statefulset-03",
    plural="persistentvolumes",
    namespaced=False,
    # 0.1Gi has no exact binary form, so the server writes it back in milli-units, as the
    # seed's `kubectl get pv` shows. Pending is the phase a new volume gets from the API server;
    # a PV controller (not in stead yet) would make it Available.
    row=[("NAME", "pv-statefulset-03"), ("CAPACITY", "107374182400m"), ("ACCESS MODES", "RWO"),
         ("RECLAIM POLICY", "Recycle"), ("STATUS", "Pending"), ("CLAIM", ""),
         ("STORAGECLASS", ""), ("VOLUMEATTRIBUTESCLASS", "<unset>"), ("REASON", ""),
         ("AGE", "<age>")],
    wide=[("VOLUMEMODE", "Filesystem")],
    # A full cluster's StorageObjectInUseProtection admission adds the finalizer
    # kubernetes.io/pv-protection (the seed's describe shows it); stead has no such plugin yet.
    describe="""\
Name:            pv-statefulset-03
Labels:          release=stable
Annotations:     <none>
Finalizers:      []
StorageClass:
Status:          Pending
Claim:
Reclaim Policy:  Recycle
Access Modes:    RWO
VolumeMode:      Filesystem
Capacity:        107374182400m
Node Affinity:   <none>
Message:
Source:
    Type:          HostPath (bare host directory volume)
    Path:          /data/pod/volume3
    HostPathType:
Events:            <none>
""",
    explain=explained("PersistentVolume"),
    # The manifest says 0.1Gi, the live object 107374182400m: kubectl compares the strings.
    reapplied="configured",
)  # fmt: skip

PERSISTENT_VOLUME_CLAIM = Kind(
    manifest=manifests.KIND_PERSISTENT_VOLUME_CLAIM,
    resource="pvc",
    name="myappdata-pvc",
    reference="persistentvolumeclaim/myappdata-pvc",
    plural="persistentvolumeclaims",
    row=[("NAME", "myappdata-pvc"), ("STATUS", "Pending"), ("VOLUME", ""), ("CAPACITY", ""),
         ("ACCESS MODES", ""), ("STORAGECLASS", "local-path"),
         ("VOLUMEATTRIBUTESCLASS", "<unset>"), ("AGE", "<age>")],
    wide=[("VOLUMEMODE", "Filesystem")],
    # A full cluster adds the finalizer kubernetes.io/pvc-protection at admission.
    describe="""\
Name:          myappdata-pvc
Namespace:     <ns>
StorageClass:  local-path
Status:        Pending
Volume:
Labels:        <none>
Annotations:   <none>
Finalizers:    []
Capacity:
Access Modes:
VolumeMode:    Filesystem
Used By:       <none>
Events:        <none>
""",
    explain=explained("PersistentVolumeClaim"),
    reapplied="configured",
)  # fmt: skip

STORAGE_CLASS = Kind(
    manifest=manifests.KIND_STORAGE_CLASS,
    resource="storageclass",
    name="local-path",
    reference="storageclass.storage.k8s.io/local-path",
    plural="storageclasses",
    namespaced=False,
    row=[("NAME", "local-path (default)"), ("PROVISIONER", "rancher.io/local-path"),
         ("RECLAIMPOLICY", "Delete"), ("VOLUMEBINDINGMODE", "WaitForFirstConsumer"),
         ("ALLOWVOLUMEEXPANSION", "false"), ("AGE", "<age>")],
    wide=[],
    describe="""\
Name:                  local-path
IsDefaultClass:        Yes
Annotations:           storageclass.kubernetes.io/is-default-class=true
Provisioner:           rancher.io/local-path
Parameters:            <none>
AllowVolumeExpansion:  <unset>
MountOptions:          <none>
ReclaimPolicy:         Delete
VolumeBindingMode:     WaitForFirstConsumer
Events:                <none>
""",
    explain=explained("StorageClass", "storage.k8s.io"),
)  # fmt: skip

CONFIG_MAP = Kind(
    manifest=manifests.KIND_CONFIG_MAP,
    resource="cm",
    name="settings",
    reference="configmap/settings",
    plural="configmaps",
    row=[("NAME", "settings"), ("DATA", "2"), ("AGE", "<age>")],
    wide=[],
    describe="""\
Name:         settings
Namespace:    <ns>
Labels:       <none>
Annotations:  <none>

Data
====
level:
----
3

mode:
----
fast


BinaryData
====

Events:  <none>
""",
    explain=explained("ConfigMap"),
)

SECRET = Kind(
    manifest=manifests.KIND_SECRET,
    resource="secret",
    name="creds",
    reference="secret/creds",
    plural="secrets",
    row=[("NAME", "creds"), ("TYPE", "Opaque"), ("DATA", "2"), ("AGE", "<age>")],
    wide=[],
    describe="""\
Name:         creds
Namespace:    <ns>
Labels:       <none>
Annotations:  <none>

Type:  Opaque

Data
====
password:  6 bytes
user:      5 bytes
""",
    explain=explained("Secret"),
)

CORE_EVENT = Kind(
    manifest=manifests.KIND_CORE_EVENT,
    resource="events",
    name="myapp.17f0c3b1d2a3e4f5",
    reference="event/myapp.17f0c3b1d2a3e4f5",
    plural="events",
    row=[("LAST SEEN", "<age>"), ("TYPE", "Normal"), ("REASON", "Scheduled"),
         ("OBJECT", "pod/myapp"), ("MESSAGE", "Successfully assigned <ns>/myapp to k8s-master")],
    wide=[("SUBOBJECT", ""), ("SOURCE", "default-scheduler"), ("FIRST SEEN", "<age>"),
          ("COUNT", "1"), ("NAME", "myapp.17f0c3b1d2a3e4f5")],
    describe="""\
Name:             myapp.17f0c3b1d2a3e4f5
Namespace:        <ns>
Labels:           <none>
Annotations:      <none>
API Version:      v1
Count:            1
First Timestamp:  <time>
Involved Object:
  API Version:   v1
  Kind:          Pod
  Name:          myapp
  Namespace:     <ns>
Kind:            Event
Last Timestamp:  <time>
Message:         Successfully assigned <ns>/myapp to k8s-master
Metadata:
  Creation Timestamp:  <time>
  Resource Version:    <rv>
  UID:                 <uid>
Reason:                Scheduled
Source:
  Component:  default-scheduler
Type:         Normal
Events:       <none>
""",
    explain=explained("Event"),
)  # fmt: skip

EVENTS_V1_EVENT = Kind(
    manifest=manifests.KIND_EVENTS_V1_EVENT,
    resource="events.events.k8s.io",
    name="myapp.17f0c3b1d2a3e4f6",
    reference="event.events.k8s.io/myapp.17f0c3b1d2a3e4f6",
    plural="events",
    # The events.k8s.io view shares core Events' printer: count 1 for a singleton, the source
    # from reportingController and reportingInstance.
    row=[("LAST SEEN", "<age>"), ("TYPE", "Normal"), ("REASON", "Pulled"),
         ("OBJECT", "pod/myapp"),
         ("MESSAGE", 'Container image "ikubernetes/myapp:v1" already present on machine')],
    wide=[("SUBOBJECT", "spec.containers{myapp}"), ("SOURCE", "kubelet, k8s-master"),
          ("FIRST SEEN", "<age>"), ("COUNT", "1"), ("NAME", "myapp.17f0c3b1d2a3e4f6")],
    describe="""\
Name:         myapp.17f0c3b1d2a3e4f6
Namespace:    <ns>
Labels:       <none>
Annotations:  <none>
Action:       Pulling
API Version:  events.k8s.io/v1
Event Time:   <time>
Kind:         Event
Metadata:
  Creation Timestamp:  <time>
  Resource Version:    <rv>
  UID:                 <uid>
Note:                  Container image "ikubernetes/myapp:v1" already present on machine
Reason:                Pulled
Regarding:
  API Version:         v1
  Field Path:          spec.containers{myapp}
  Kind:                Pod
  Name:                myapp
  Namespace:           <ns>
Reporting Controller:  kubelet
Reporting Instance:    k8s-master
Type:                  Normal
Events:                <none>
""",
    explain=explained("Event", "events.k8s.io"),
)  # fmt: skip

LEASE = Kind(
    manifest=manifests.KIND_LEASE,
    resource="lease",
    name="web-leader",
    reference="lease.coordination.k8s.io/web-leader",
    plural="leases",
    row=[("NAME", "web-leader"), ("HOLDER", "web-0"), ("AGE", "<age>")],
    wide=[],
    describe="""\
Name:         web-leader
Namespace:    <ns>
Labels:       <none>
Annotations:  <none>
API Version:  coordination.k8s.io/v1
Kind:         Lease
Metadata:
  Creation Timestamp:  <time>
  Resource Version:    <rv>
  UID:                 <uid>
Spec:
  Holder Identity:         web-0
  Lease Duration Seconds:  15
Events:                    <none>
""",
    explain=explained("Lease", "coordination.k8s.io"),
)

STATEFUL_SET = Kind(
    manifest=manifests.KIND_STATEFUL_SET,
    resource="sts",
    name="myapp-statefulset",
    reference="statefulset.apps/myapp-statefulset",
    plural="statefulsets",
    row=[("NAME", "myapp-statefulset"), ("READY", "0/2"), ("AGE", "<age>")],
    wide=[("CONTAINERS", "myapp"), ("IMAGES", "ikubernetes/myapp:v1")],
    # The seed's describe of this StatefulSet, plus what 1.37 adds (Service Name, Pod
    # Management Policy, MaxUnavailable, the retention policy) and with 0 pods (no controller).
    describe="""\
Name:                   myapp-statefulset
Namespace:              <ns>
CreationTimestamp:      <time>
Selector:               app=myapp-pod
Labels:                 <none>
Annotations:            <none>
Service Name:           myapp-headless-service
Pod Management Policy:  OrderedReady
Replicas:               2 desired | 0 total
Update Strategy:        RollingUpdate
  Partition:            0
  MaxUnavailable:       1
Persistent Volume Claim Retention Policy:
  WhenDeleted:  Retain
  WhenScaled:   Retain
Pods Status:    0 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=myapp-pod
  Containers:
   myapp:
    Image:        ikubernetes/myapp:v1
    Port:         80/TCP (web)
    Host Port:    0/TCP (web)
    Environment:  <none>
    Mounts:
      /usr/share/nginx/html from myappdata-pvc (rw)
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Volume Claims:
  Name:          myappdata-pvc
  StorageClass:
  Labels:        <none>
  Annotations:   <none>
  Capacity:      53687091200m
  Access Modes:  [ReadWriteOnce]
Events:          <none>
""",
    explain=explained("StatefulSet", "apps"),
    # volumeClaimTemplates is atomic and holds server defaults (volumeMode, status) and the
    # canonical 53687091200m for 0.05Gi: kubectl replaces it on every apply.
    reapplied="configured",
)  # fmt: skip

CONTROLLER_REVISION = Kind(
    manifest=manifests.KIND_CONTROLLER_REVISION,
    resource="controllerrevisions",
    name="myapp-statefulset-6d4cf56db6",
    reference="controllerrevision.apps/myapp-statefulset-6d4cf56db6",
    plural="controllerrevisions",
    row=[("NAME", "myapp-statefulset-6d4cf56db6"), ("CONTROLLER", "<none>"), ("REVISION", "1"),
         ("AGE", "<age>")],
    wide=[],
    describe="""\
Name:         myapp-statefulset-6d4cf56db6
Namespace:    <ns>
Labels:       app=myapp-pod
              controller.kubernetes.io/hash=6d4cf56db6
Annotations:  <none>
API Version:  apps/v1
Data:
  Spec:
    Template:
      $patch:  replace
      Metadata:
        Labels:
          App:  myapp-pod
      Spec:
        Containers:
          Image:  ikubernetes/myapp:v1
          Name:   myapp
Kind:             ControllerRevision
Metadata:
  Creation Timestamp:  <time>
  Resource Version:    <rv>
  UID:                 <uid>
Revision:              1
Events:                <none>
""",
    explain=explained("ControllerRevision", "apps"),
)  # fmt: skip

KINDS = {
    "namespace": NAMESPACE,
    "node": NODE,
    "pod": POD,
    "headless": HEADLESS_SERVICE,
    "clusterip": CLUSTER_IP_SERVICE,
    "endpoints": ENDPOINTS,
    "endpointslice": ENDPOINT_SLICE,
    "pv": PERSISTENT_VOLUME,
    "pvc": PERSISTENT_VOLUME_CLAIM,
    "storageclass": STORAGE_CLASS,
    "configmap": CONFIG_MAP,
    "secret": SECRET,
    "event": CORE_EVENT,
    "eventsv1": EVENTS_V1_EVENT,
    "lease": LEASE,
    "statefulset": STATEFUL_SET,
    "revision": CONTROLLER_REVISION,
}


def _live(stead: Cluster, kind: Kind, namespace: str) -> dict[str, Any]:
    out = stead.kubectl("get", kind.resource, kind.name, "-n", namespace, "-o", "json").stdout
    obj: dict[str, Any] = json.loads(out)
    return obj


def _without_apply_bookkeeping(obj: dict[str, Any]) -> dict[str, Any]:
    meta = {k: v for k, v in obj["metadata"].items() if k not in ("annotations", "resourceVersion")}
    return {**obj, "metadata": meta}


def _renamed(kind: Kind, namespace: str) -> tuple[str, str]:
    """The manifest under a second name, so cluster-scoped objects of two tests never meet."""
    other = f"{kind.name}-2"
    return kind.text(namespace).replace(f"name: {kind.name}\n", f"name: {other}\n", 1), other


@pytest.mark.parametrize("kind", KINDS.values(), ids=KINDS.keys())
def test_kind_lifecycle(stead: Cluster, namespace: str, kind: Kind) -> None:
    ns = ["-n", namespace]
    created = stead.kubectl("create", *ns, "-f", "-", stdin=kind.text(namespace))
    assert created.stdout == f"{kind.reference} created\n"
    assert created.stderr.splitlines() == list(kind.warnings)

    got = stead.kubectl("get", kind.resource, kind.name, *ns)
    expected_row = [(column, cell.replace("<ns>", namespace)) for column, cell in kind.row]
    assert cells(single_row(got.stdout)) == expected_row
    wide = stead.kubectl("get", kind.resource, kind.name, *ns, "-o", "wide").stdout
    expected_wide = [(column, cell.replace("<ns>", namespace)) for column, cell in kind.wide]
    assert sorted(cells(single_row(wide))) == sorted(expected_row + expected_wide)

    described = stead.kubectl("describe", kind.resource, kind.name, *ns).stdout
    assert masked(described) == kind.describe.replace("<ns>", namespace)

    explain_args = (
        ["events", "--api-version=events.k8s.io/v1"] if kind is EVENTS_V1_EVENT else [kind.resource]
    )
    explained_lines = stead.kubectl("explain", *explain_args).stdout.splitlines()
    assert tuple(explained_lines[: len(kind.explain)]) == kind.explain

    before = _live(stead, kind, namespace)
    as_yaml = stead.kubectl("get", kind.resource, kind.name, *ns, "-o", "yaml").stdout
    # The YAML carries no last-applied annotation: kubectl warns, adds one (the object minus
    # that annotation, with its resourceVersion) and reports "configured".
    first = stead.kubectl("apply", "-f", "-", stdin=as_yaml)
    assert first.stdout == f"{kind.reference} configured\n"
    missing = MISSING_LAST_APPLIED.format(plural=kind.plural, name=kind.name)
    assert first.stderr.splitlines() == [*kind.warnings, missing]
    after = _live(stead, kind, namespace)
    assert _without_apply_bookkeeping(after) == _without_apply_bookkeeping(before)

    if kind is NAMESPACE:
        return  # namespace deletion waits for the namespace controller; tested elsewhere
    deleted = stead.kubectl("delete", kind.resource, kind.name, *ns)
    assert deleted.stdout == kind.deleted(namespace) + "\n"
    missing_now = stead.kubectl("get", kind.resource, kind.name, *ns, check=False)
    assert missing_now.returncode == 1


def test_apply_every_kind_client_side_then_server_side(stead: Cluster, namespace: str) -> None:
    """One multi-document manifest of every kind (names suffixed `-2`), as `kubectl apply -f`
    sends each document in turn: created, then per kind unchanged or configured, deleted, and
    the same objects server-side applied from scratch, twice."""
    kinds = [kind for kind in KINDS.values() if kind is not NAMESPACE]
    renamed = [_renamed(kind, namespace) for kind in kinds]
    document = "---\n".join(text for text, _ in renamed)
    references = [
        kind.reference.replace(kind.name, name)
        for kind, (_, name) in zip(kinds, renamed, strict=True)
    ]
    ns = ["-n", namespace]

    created = stead.kubectl("apply", *ns, "-f", "-", stdin=document).stdout
    assert created.splitlines() == [f"{reference} created" for reference in references]
    again = stead.kubectl("apply", *ns, "-f", "-", stdin=document).stdout
    assert again.splitlines() == [
        f"{reference} {kind.reapplied}" for kind, reference in zip(kinds, references, strict=True)
    ]
    gone = stead.kubectl("delete", *ns, "-f", "-", stdin=document).stdout
    assert gone.splitlines() == [
        f'{reference.partition("/")[0]} "{name}" deleted'
        + (f" from {namespace} namespace" if kind.namespaced else "")
        for kind, reference, (_, name) in zip(kinds, references, renamed, strict=True)
    ]

    server_side = ["apply", "--server-side", *ns, "-f", "-"]
    for _ in range(2):
        applied = stead.kubectl(*server_side, stdin=document).stdout
        assert applied.splitlines() == [
            f"{reference} serverside-applied" for reference in references
        ]
    shown = stead.kubectl(
        "get", *ns, "-f", "-", "-o", "json", "--show-managed-fields", stdin=document
    ).stdout
    for item in json.loads(shown)["items"]:
        entries = item["metadata"]["managedFields"]
        assert [(e["manager"], e["operation"]) for e in entries] == [("kubectl", "Apply")]
    stead.kubectl("delete", *ns, "-f", "-", stdin=document)


def test_round_trip_of_an_applied_object_is_configured_again(
    stead: Cluster, namespace: str
) -> None:
    """The last-applied annotation a round trip writes holds the object's resourceVersion at
    the time; the next `get -o yaml` shows a newer one, so kubectl patches again."""
    ns = ["-n", namespace]
    stead.kubectl("apply", *ns, "-f", "-", stdin=manifests.KIND_CONFIG_MAP)
    for _ in range(2):
        as_yaml = stead.kubectl("get", "cm", "settings", *ns, "-o", "yaml").stdout
        again = stead.kubectl("apply", "-f", "-", stdin=as_yaml)
        assert (again.stdout, again.stderr) == ("configmap/settings configured\n", "")
    applied = stead.kubectl("apply", "view-last-applied", "cm/settings", *ns, "-o", "json").stdout
    recorded = json.loads(applied)["metadata"]["resourceVersion"]
    live = stead.kubectl("get", "cm", "settings", *ns, "-o", "jsonpath={.metadata.resourceVersion}")
    assert int(recorded) < int(live.stdout)


def test_applying_a_namespace(stead: Cluster) -> None:
    text = manifests.KIND_NAMESPACE.replace("name: kinds-ns", "name: kinds-ns-2")
    assert stead.kubectl("apply", "-f", "-", stdin=text).stdout == "namespace/kinds-ns-2 created\n"
    again = stead.kubectl("apply", "-f", "-", stdin=text).stdout
    assert again == "namespace/kinds-ns-2 unchanged\n"


_VERBS = "create,delete,deletecollection,get,list,patch,update,watch"
_NO_COLLECTION_DELETE = "create,delete,get,list,patch,update,watch"
API_RESOURCES = [
    ("configmaps", "cm", "v1", "true", "ConfigMap", _VERBS, ""),
    ("endpoints", "ep", "v1", "true", "Endpoints", _VERBS, ""),
    ("events", "ev", "v1", "true", "Event", _VERBS, ""),
    ("namespaces", "ns", "v1", "false", "Namespace", _NO_COLLECTION_DELETE, ""),
    ("nodes", "no", "v1", "false", "Node", _VERBS, ""),
    ("persistentvolumeclaims", "pvc", "v1", "true", "PersistentVolumeClaim", _VERBS, ""),
    ("persistentvolumes", "pv", "v1", "false", "PersistentVolume", _VERBS, ""),
    ("pods", "po", "v1", "true", "Pod", _VERBS, "all"),
    ("secrets", "", "v1", "true", "Secret", _VERBS, ""),
    ("services", "svc", "v1", "true", "Service", _VERBS, "all"),
    ("controllerrevisions", "", "apps/v1", "true", "ControllerRevision", _VERBS, ""),
    ("statefulsets", "sts", "apps/v1", "true", "StatefulSet", _VERBS, "all"),
    ("selfsubjectreviews", "", "authentication.k8s.io/v1", "false", "SelfSubjectReview",
     "create", ""),
    ("selfsubjectaccessreviews", "", "authorization.k8s.io/v1", "false",
     "SelfSubjectAccessReview", "create", ""),
    ("selfsubjectrulesreviews", "", "authorization.k8s.io/v1", "false",
     "SelfSubjectRulesReview", "create", ""),
    ("leases", "", "coordination.k8s.io/v1", "true", "Lease", _VERBS, ""),
    ("endpointslices", "", "discovery.k8s.io/v1", "true", "EndpointSlice", _VERBS, ""),
    ("events", "ev", "events.k8s.io/v1", "true", "Event", _VERBS, ""),
    ("storageclasses", "sc", "storage.k8s.io/v1", "false", "StorageClass", _VERBS, ""),
]  # fmt: skip
"""Upstream 1.37's `kubectl api-resources -o wide` lines for the resources stead serves."""


def test_api_resources_lists_every_kind(stead: Cluster) -> None:
    listed = stead.kubectl("api-resources", "-o", "wide").stdout
    assert [tuple(row.values()) for row in table(listed)] == API_RESOURCES
    names = stead.kubectl("api-resources", "--namespaced=false", "-o", "name").stdout
    assert names.splitlines() == [
        "namespaces", "nodes", "persistentvolumes",
        "selfsubjectreviews.authentication.k8s.io",
        "selfsubjectaccessreviews.authorization.k8s.io",
        "selfsubjectrulesreviews.authorization.k8s.io",
        "storageclasses.storage.k8s.io",
    ]  # fmt: skip
