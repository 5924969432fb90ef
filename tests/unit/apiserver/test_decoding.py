"""Schema-checked decoding: unknown fields, Go-style type errors, nulls, normalised values."""

from __future__ import annotations

import copy
import time
from typing import Any

import orjson
import pytest

from stead.api import errors, schema
from stead.apiserver import decoding

STATEFULSET = orjson.loads(b"""
{"apiVersion": "apps/v1", "kind": "StatefulSet",
 "metadata": {"name": "web", "namespace": "default",
 "uid": "3f1d2c4b-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
  "resourceVersion": "811", "generation": 2, "creationTimestamp": "2024-05-01T10:00:00Z",
  "labels": {"app": "nginx"},
  "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}\\n"},
  "managedFields": [{"manager": "kubectl-client-side-apply", "operation": "Update",
   "apiVersion": "apps/v1", "time": "2024-05-01T10:00:00Z", "fieldsType": "FieldsV1",
   "fieldsV1": {"f:spec": {"f:replicas": {},
 "f:template": {"f:spec": {"k:{\\"name\\":\\"nginx\\"}": {}}}}}}]},
 "spec": {"replicas": 3, "serviceName": "nginx", "podManagementPolicy": "OrderedReady",
  "revisionHistoryLimit": 10, "minReadySeconds": 0,
  "selector": {"matchLabels": {"app": "nginx"},
   "matchExpressions": [{"key": "tier", "operator": "In", "values": ["web", "cache"]}]},
  "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0,
 "maxUnavailable": "50%"}},
  "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"},
  "ordinals": {"start": 0},
  "template": {"metadata": {"labels": {"app": "nginx", "tier": "web"},
    "annotations": {"kubectl.kubernetes.io/restartedAt": "2024-05-01T11:00:00Z"}},
   "spec": {"restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
    "dnsPolicy": "ClusterFirst", "schedulerName": "default-scheduler", "securityContext": {},
    "affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
     {"weight": 100, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname",
      "labelSelector": {"matchLabels": {"app": "nginx"}}}}]}},
    "initContainers": [{"name": "init", "image": "busybox:1.36", "command": ["sh", "-c", "true"],
     "imagePullPolicy": "IfNotPresent", "terminationMessagePath": "/dev/termination-log",
     "terminationMessagePolicy": "File", "resources": {}}],
    "containers": [{"name": "nginx", "image": "registry.k8s.io/nginx-slim:0.24",
     "imagePullPolicy": "IfNotPresent",
     "ports": [{"name": "web", "containerPort": 80, "protocol": "TCP"}],
     "env": [{"name": "MODE", "value": "prod"},
      {"name": "POD_IP", "valueFrom": {"fieldRef": {"apiVersion": "v1",
 "fieldPath": "status.podIP"}}}],
     "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}},
     "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}],
     "readinessProbe": {"httpGet": {"path": "/", "port": "web", "scheme": "HTTP"},
      "periodSeconds": 5, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3},
     "lifecycle": {"preStop": {"exec": {"command": ["nginx", "-s", "quit"]}}},
     "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}]}},
  "volumeClaimTemplates": [{"apiVersion": "v1", "kind": "PersistentVolumeClaim",
   "metadata": {"name": "www", "creationTimestamp": null},
   "spec": {"accessModes": ["ReadWriteOnce"], "volumeMode": "Filesystem",
    "resources": {"requests": {"storage": "1Gi"}}, "storageClassName": "standard"},
   "status": {"phase": "Pending"}}]},
 "status": {"observedGeneration": 2, "replicas": 3, "readyReplicas": 3, "currentReplicas": 3,
  "updatedReplicas": 3, "availableReplicas": 3, "currentRevision": "web-6d4f8b9c7",
  "updateRevision": "web-6d4f8b9c7", "collisionCount": 0,
  "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2024-05-01T10:00:09Z",
   "reason": "AllReady", "message": "ok"}]}}
""")  # fmt: skip

POD = orjson.loads(b"""
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-0","namespace":"default",
 "uid":"0b4f1c2e-5d1b-4c6a-9c53-1f2d3e4a5b6c","resourceVersion":"1234",
 "creationTimestamp":"2024-05-01T10:00:00Z","generateName":"web-","labels":{"app":"nginx",
 "controller-revision-hash":"web-6d4f8b9c7","statefulset.kubernetes.io/pod-name":"web-0",
 "apps.kubernetes.io/pod-index":"0"},
 "annotations":{"kubectl.kubernetes.io/restartedAt":"2024-05-01T10:00:00Z"},
 "ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"web",
 "uid":"1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f","controller":true,"blockOwnerDeletion":true}],
 "managedFields":[{"manager":"kube-controller-manager","operation":"Update","apiVersion":"v1",
 "time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1",
 "fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}}}}]},
"spec":{"hostname":"web-0","subdomain":"nginx","restartPolicy":"Always",
 "terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default",
 "serviceAccount":"default","nodeName":"node-1","securityContext":{"runAsUser":1000,
 "fsGroup":2000},"schedulerName":"default-scheduler","enableServiceLinks":true,
 "preemptionPolicy":"PreemptLowerPriority","priority":0,
"tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute",
 "tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists",
 "effect":"NoExecute","tolerationSeconds":300}],
"containers":[{"name":"nginx","image":"registry.k8s.io/nginx-slim:0.24",
 "imagePullPolicy":"IfNotPresent","command":["nginx","-g","daemon off;"],"args":["--port","80"],
 "env":[{"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1",
 "fieldPath":"metadata.name"}}},{"name":"MODE","value":"prod"}],"ports":[{"name":"web",
 "containerPort":80,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"},
 "requests":{"cpu":"250m","memory":"64Mi"}},"volumeMounts":[{"name":"www",
 "mountPath":"/usr/share/nginx/html"},{"name":"kube-api-access",
 "mountPath":"/var/run/secrets/kubernetes.io/serviceaccount","readOnly":true}],
 "readinessProbe":{"httpGet":{"path":"/","port":80,"scheme":"HTTP"},"initialDelaySeconds":5,
 "periodSeconds":10,"timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},
 "livenessProbe":{"tcpSocket":{"port":"web"},"periodSeconds":10},
 "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
"volumes":[{"name":"www","persistentVolumeClaim":{"claimName":"www-web-0"}},
 {"name":"kube-api-access","projected":{"defaultMode":420,
 "sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},
 {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},
 {"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1",
 "fieldPath":"metadata.namespace"}}]}}]}}]},
"status":{"phase":"Running","qosClass":"Burstable","hostIP":"10.0.0.1","podIP":"10.244.0.5",
 "podIPs":[{"ip":"10.244.0.5"}],"startTime":"2024-05-01T10:00:01Z",
 "conditions":[{"type":"PodScheduled","status":"True",
 "lastTransitionTime":"2024-05-01T10:00:00Z"},{"type":"Initialized","status":"True",
 "lastTransitionTime":"2024-05-01T10:00:01Z"},{"type":"ContainersReady","status":"True",
 "lastTransitionTime":"2024-05-01T10:00:05Z"},{"type":"Ready","status":"True",
 "lastTransitionTime":"2024-05-01T10:00:05Z"}],"containerStatuses":[{"name":"nginx","ready":true,
 "started":true,"restartCount":0,"image":"registry.k8s.io/nginx-slim:0.24",
 "imageID":"sha256:abcdef0123456789","containerID":"stead://nginx-web-0",
 "state":{"running":{"startedAt":"2024-05-01T10:00:02Z"}}}]}}
""")  # fmt: skip

SERVICE = orjson.loads(b"""
{"apiVersion": "v1", "kind": "Service",
 "metadata": {"name": "nginx", "namespace": "default",
 "uid": "7a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
  "resourceVersion": "700", "creationTimestamp": "2024-05-01T09:59:00Z",
 "labels": {"app": "nginx"}},
 "spec": {"clusterIP": "None", "clusterIPs": ["None"], "type": "ClusterIP",
  "selector": {"app": "nginx"}, "sessionAffinity": "None", "ipFamilies": ["IPv4"],
  "ipFamilyPolicy": "SingleStack", "internalTrafficPolicy": "Cluster",
 "publishNotReadyAddresses": false,
  "ports": [{"name": "web", "port": 80, "targetPort": 80, "protocol": "TCP"},
   {"name": "metrics", "port": 9113, "targetPort": "metrics", "protocol": "TCP",
 "appProtocol": "http"}]},
 "status": {"loadBalancer": {}}}
""")  # fmt: skip

PVC = orjson.loads(b"""
{"apiVersion": "v1", "kind": "PersistentVolumeClaim",
 "metadata": {"name": "www-web-0", "namespace": "default",
 "uid": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
  "resourceVersion": "820", "creationTimestamp": "2024-05-01T10:00:00Z",
  "labels": {"app": "nginx"}, "finalizers": ["kubernetes.io/pvc-protection"],
  "annotations": {"pv.kubernetes.io/bind-completed": "yes",
   "volume.kubernetes.io/storage-provisioner": "stead.io/local-path"}},
 "spec": {"accessModes": ["ReadWriteOnce"], "volumeMode": "Filesystem",
 "volumeName": "pvc-9f8e7d6c",
  "storageClassName": "standard", "resources": {"requests": {"storage": "1Gi"}}},
 "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}}}
""")  # fmt: skip

EXAMPLES = {
    ("apps", "v1", "StatefulSet"): STATEFULSET,
    ("", "v1", "Pod"): POD,
    ("", "v1", "Service"): SERVICE,
    ("", "v1", "PersistentVolumeClaim"): PVC,
}


def _schema(group: str, version: str, kind: str) -> schema.Schema:
    found = schema.load().for_kind(group, version, kind)
    assert found is not None
    return found


STS = _schema("apps", "v1", "StatefulSet")


def _check_sts(obj: dict[str, Any]) -> decoding.DecodeReport:
    return decoding.check_object(obj, STS)


@pytest.mark.parametrize("gvk", EXAMPLES, ids=lambda gvk: gvk[2])
def test_real_objects_report_nothing_and_stay_as_they_are(gvk: tuple[str, str, str]) -> None:
    obj = copy.deepcopy(EXAMPLES[gvk])
    report = decoding.check_object(obj, _schema(*gvk))
    assert report == decoding.DecodeReport([], [])
    expected = copy.deepcopy(EXAMPLES[gvk])
    if gvk[2] == "StatefulSet":
        # A null field reads as absent, as Go's decoder leaves a zero value behind.
        del expected["spec"]["volumeClaimTemplates"][0]["metadata"]["creationTimestamp"]
    assert obj == expected


def test_unknown_fields_are_removed_and_reported_with_upstream_paths() -> None:
    obj = copy.deepcopy(STATEFULSET)
    obj["spec"]["foo"] = 1
    obj["spec"]["template"]["spec"]["containers"][0]["bogus"] = {"x": 1}
    obj["metadata"]["labels"]["anything/goes"] = "here"
    obj["spec"]["bar"] = [1]
    report = _check_sts(obj)
    assert report.unknown_fields == [
        "spec.template.spec.containers[0].bogus",
        "spec.foo",
        "spec.bar",
    ]
    assert report.type_errors == []
    assert "foo" not in obj["spec"]
    assert "bar" not in obj["spec"]
    assert "bogus" not in obj["spec"]["template"]["spec"]["containers"][0]
    assert obj["metadata"]["labels"]["anything/goes"] == "here"


def test_strict_error_and_warnings_read_like_upstream() -> None:
    report = decoding.DecodeReport(["spec.foo", "spec.bar"], [])
    error = decoding.decode_error("StatefulSet", "v1", report)
    assert isinstance(error, errors.BadRequest)
    assert error.code == 400
    assert error.message == (
        'StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: '
        'unknown field "spec.foo", unknown field "spec.bar"'
    )
    assert decoding.unknown_field_warnings(report) == [
        'unknown field "spec.foo"',
        'unknown field "spec.bar"',
    ]


def test_a_type_error_wins_over_unknown_fields() -> None:
    report = _check_sts({"spec": {"foo": 1, "replicas": "three"}})
    assert report.unknown_fields == ["spec.foo"]
    assert decoding.decode_error("StatefulSet", "v1", report).message == (
        'StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal '
        "string into Go struct field StatefulSetSpec.spec.replicas of type int32"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"spec": {"template": {"spec": {"containers": {}}}}},
            "json: cannot unmarshal object into Go struct field "
            "PodSpec.spec.template.spec.containers of type []v1.Container",
        ),
        (
            {"spec": {"template": {"spec": {"containers": ["nginx"]}}}},
            "json: cannot unmarshal string into Go struct field "
            "PodSpec.spec.template.spec.containers of type v1.Container",
        ),
        (
            {"metadata": {"labels": {"app": 1}}},
            "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels "
            "of type string",
        ),
        (
            {"spec": {"replicas": 2147483648}},
            "json: cannot unmarshal number 2147483648 into Go struct field "
            "StatefulSetSpec.spec.replicas of type int32",
        ),
        (
            {"spec": {"replicas": 1.5}},
            "json: cannot unmarshal number 1.5 into Go struct field "
            "StatefulSetSpec.spec.replicas of type int32",
        ),
        (
            {"spec": {"replicas": True}},
            "json: cannot unmarshal bool into Go struct field StatefulSetSpec.spec.replicas "
            "of type int32",
        ),
        (
            {"spec": {"serviceName": 7}},
            "json: cannot unmarshal number into Go struct field StatefulSetSpec.spec.serviceName "
            "of type string",
        ),
        (
            {"metadata": "web"},
            "json: cannot unmarshal string into Go struct field StatefulSet.metadata "
            "of type v1.ObjectMeta",
        ),
        (
            {
                "spec": {
                    "template": {"spec": {"containers": [{"ports": [{"containerPort": "80"}]}]}}
                }
            },
            "json: cannot unmarshal string into Go struct field "
            "ContainerPort.spec.template.spec.containers.ports.containerPort of type int32",
        ),
        (
            {"spec": {"template": {"spec": {"containers": [{"stdin": "yes"}]}}}},
            "json: cannot unmarshal string into Go struct field "
            "Container.spec.template.spec.containers.stdin of type bool",
        ),
        (
            {"spec": {"updateStrategy": {"rollingUpdate": {"maxUnavailable": [1]}}}},
            "json: cannot unmarshal array into Go struct field "
            "RollingUpdateStatefulSetStrategy.spec.updateStrategy.rollingUpdate.maxUnavailable "
            "of type int32",
        ),
        (
            {"metadata": {"creationTimestamp": "yesterday"}},
            'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": '
            'cannot parse "yesterday" as "2006"',
        ),
        (
            {
                "spec": {
                    "template": {"spec": {"containers": [{"resources": {"limits": {"cpu": "x"}}}]}}
                }
            },
            "quantities must match the regular expression "
            "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        ),
        ([], "json: cannot unmarshal array into Go value of type v1.StatefulSet"),
    ],
)
def test_type_errors_read_like_gos_decoder(body: Any, message: str) -> None:
    assert _check_sts(body).type_errors == [message]


def test_an_error_that_stops_go_early_comes_first() -> None:
    body = {"spec": {"replicas": "x", "updateStrategy": {"rollingUpdate": {"maxUnavailable": 1.5}}}}
    assert _check_sts(body).type_errors == [
        "json: cannot unmarshal number 1.5 into Go struct field "
        "RollingUpdateStatefulSetStrategy.spec.updateStrategy.rollingUpdate.maxUnavailable "
        "of type int32",
        "json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas "
        "of type int32",
    ]


def test_nulls_act_like_go_decoding() -> None:
    obj: dict[str, Any] = {
        "metadata": {"name": "web", "labels": {"a": None}, "annotations": None},
        "spec": {
            "replicas": None,
            "template": {"spec": {"containers": [None, {"name": "c", "args": [None, "x"]}]}},
        },
    }
    assert _check_sts(obj) == decoding.DecodeReport([], [])
    assert obj == {
        "metadata": {"name": "web", "labels": {"a": ""}},
        "spec": {"template": {"spec": {"containers": [{}, {"name": "c", "args": ["", "x"]}]}}},
    }


def test_values_are_normalised_as_upstream_writes_them_back() -> None:
    limits: dict[str, Any] = {"cpu": 1.5, "memory": 1000}
    obj: dict[str, Any] = {
        "spec": {
            "replicas": 3.0,
            "updateStrategy": {"rollingUpdate": {"maxUnavailable": 2.0, "partition": 1}},
            "template": {"spec": {"containers": [{"resources": {"limits": limits}}]}},
        }
    }
    assert _check_sts(obj) == decoding.DecodeReport([], [])
    assert obj["spec"]["replicas"] == 3
    assert type(obj["spec"]["replicas"]) is int
    assert obj["spec"]["updateStrategy"]["rollingUpdate"]["maxUnavailable"] == 2
    assert limits == {"cpu": "1500m", "memory": "1k"}


def test_open_fields_take_any_json() -> None:
    revision = _schema("apps", "v1", "ControllerRevision")
    obj: dict[str, Any] = {"revision": 2, "data": {"spec": {"anything": [1, {"a": None}]}}}
    assert decoding.check_object(obj, revision) == decoding.DecodeReport([], [])
    assert obj["data"] == {"spec": {"anything": [1, {"a": None}]}}


def test_secret_data_must_be_base64() -> None:
    secret = _schema("", "v1", "Secret")
    assert decoding.check_object({"data": {"k": "aGVsbG8="}}, secret).type_errors == []
    report = decoding.check_object({"data": {"k": "not base64!"}}, secret)
    assert report.type_errors == ["illegal base64 data at input byte 3"]


def test_micro_time_wants_six_fraction_digits() -> None:
    lease = _schema("coordination.k8s.io", "v1", "Lease")
    good = {"spec": {"renewTime": "2024-05-01T10:00:00.000000Z"}}
    assert decoding.check_object(good, lease).type_errors == []
    bad = {"spec": {"renewTime": "2024-05-01T10:00:00Z"}}
    assert decoding.check_object(bad, lease).type_errors == [
        'parsing time "2024-05-01T10:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": '
        'cannot parse "Z" as ".000000"'
    ]


def test_a_pod_checks_in_well_under_a_millisecond() -> None:
    pod = _schema("", "v1", "Pod")
    assert len(orjson.dumps(POD)) > 3000
    decoding.check_object(copy.deepcopy(POD), pod)
    batches = []
    for _ in range(5):
        objs = [copy.deepcopy(POD) for _ in range(50)]
        start = time.perf_counter()
        for obj in objs:
            decoding.check_object(obj, pod)
        batches.append((time.perf_counter() - start) / len(objs))
    assert min(batches) < 0.001
