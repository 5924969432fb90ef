"""StatefulSet validation: every rule of spec §2.2 to §2.4 with upstream's exact text."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from stead.api.validation import label_value_errors, qualified_name_errors
from tests.unit.apiserver.registry.objects import (
    created,
    invalid_message,
    rendered,
    statefulset,
    stored,
    strategy,
    update_errors,
    updated,
)

Object = dict[str, Any]
Mutation = Callable[[Object], None]

NEGATIVE = "must be greater than or equal to 0"
LABEL = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
PERCENT = (
    "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or "
    "'93%', regex used for validation is '[0-9]+%')"
)
IMMUTABLE_SPEC = (
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', "
    "'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' "
    "and 'minReadySeconds' are forbidden"
)
RU = "spec.updateStrategy.rollingUpdate"


def _errors(mutate: Mutation) -> list[str]:
    obj = created("apps", "StatefulSet", statefulset())
    mutate(obj)
    return rendered(strategy("apps", "StatefulSet").validate(obj))


def _set(path: str, value: object) -> Mutation:
    def mutate(obj: Object) -> None:
        *parents, last = path.split(".")
        target = obj
        for key in parents:
            target = target.setdefault(key, {})
        target[last] = value

    return mutate


def _drop(path: str) -> Mutation:
    def mutate(obj: Object) -> None:
        *parents, last = path.split(".")
        target = obj
        for key in parents:
            target = target[key]
        del target[last]

    return mutate


def _container(**fields: object) -> Mutation:
    def mutate(obj: Object) -> None:
        obj["spec"]["template"]["spec"]["containers"][0].update(fields)

    return mutate


CREATE_CASES: list[tuple[str, Mutation, list[str]]] = [
    ("valid", lambda obj: None, []),
    ("1 name not a label", _set("metadata.name", "Web_1"),
     [f'metadata.name: Invalid value: "Web_1": {LABEL}']),
    ("1 name too long", _set("metadata.name", "a" * 64),
     [f'metadata.name: Invalid value: "{"a" * 64}": must be no more than 63 characters']),
    ("2 policy empty", _set("spec.podManagementPolicy", ""),
     ["spec.podManagementPolicy: Required value"]),
    ("3 policy unknown", _set("spec.podManagementPolicy", "Sometimes"),
     ['spec.podManagementPolicy: Invalid value: "Sometimes": must be \'OrderedReady\' or '
      "'Parallel'"]),
    ("4 strategy type empty", _set("spec.updateStrategy", {}),
     ["spec.updateStrategy: Required value"]),
    ("5 OnDelete with rollingUpdate",
     _set("spec.updateStrategy", {"type": "OnDelete", "rollingUpdate": {"partition": 0}}),
     [f'{RU}: Invalid value: {{"partition":0}}: only allowed for updateStrategy '
      "'RollingUpdate'"]),
    ("6 negative partition", _set(f"{RU}.partition", -1),
     [f"{RU}.partition: Invalid value: -1: {NEGATIVE}"]),
    ("7 maxUnavailable not a percent", _set(f"{RU}.maxUnavailable", "5"),
     [f'{RU}.maxUnavailable: Invalid value: "5": {PERCENT}']),
    ("7 maxUnavailable garbage also reads as 0", _set(f"{RU}.maxUnavailable", "x"),
     [f'{RU}.maxUnavailable: Invalid value: "x": {PERCENT}',
      f'{RU}.maxUnavailable: Invalid value: "x": cannot be 0']),
    ("8 maxUnavailable negative", _set(f"{RU}.maxUnavailable", -1),
     [f"{RU}.maxUnavailable: Invalid value: -1: {NEGATIVE}"]),
    ("9 maxUnavailable zero", _set(f"{RU}.maxUnavailable", 0),
     [f"{RU}.maxUnavailable: Invalid value: 0: cannot be 0"]),
    ("9 maxUnavailable zero percent", _set(f"{RU}.maxUnavailable", "0%"),
     [f'{RU}.maxUnavailable: Invalid value: "0%": cannot be 0']),
    ("10 maxUnavailable over 100%", _set(f"{RU}.maxUnavailable", "101%"),
     [f'{RU}.maxUnavailable: Invalid value: "101%": must not be greater than 100%']),
    ("10 maxUnavailable 100% is fine", _set(f"{RU}.maxUnavailable", "100%"), []),
    ("11 unknown strategy type", _set("spec.updateStrategy.type", "Sometimes"),
     ['spec.updateStrategy: Invalid value: {"rollingUpdate":{"maxUnavailable":1,"partition":0},'
      '"type":"Sometimes"}: must be \'RollingUpdate\' or \'OnDelete\'']),
    ("11 Recreate is alpha and off", _set("spec.updateStrategy", {"type": "Recreate"}),
     ['spec.updateStrategy: Invalid value: {"type":"Recreate"}: must be \'RollingUpdate\' or '
      "'OnDelete'"]),
    ("12 retention whenDeleted",
     _set("spec.persistentVolumeClaimRetentionPolicy.whenDeleted", "Keep"),
     ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": '
      'supported values: "Retain", "Delete"']),
    ("12 retention whenScaled", _set("spec.persistentVolumeClaimRetentionPolicy.whenScaled", "x"),
     ['spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: "x": '
      'supported values: "Retain", "Delete"']),
    ("13 negative replicas", _set("spec.replicas", -1),
     [f"spec.replicas: Invalid value: -1: {NEGATIVE}"]),
    ("14 negative minReadySeconds", _set("spec.minReadySeconds", -5),
     [f"spec.minReadySeconds: Invalid value: -5: {NEGATIVE}"]),
    ("15 negative ordinals.start", _set("spec.ordinals", {"start": -1}),
     [f"spec.ordinals.start: Invalid value: -1: {NEGATIVE}"]),
    ("16 no selector (and so no match)", _drop("spec.selector"),
     ["spec.selector: Required value",
      'spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match '
      "template `labels`"]),
    ("17 selector value not a label value", _set("spec.selector.matchLabels", {"app": "a b"}),
     [*(f'spec.selector.matchLabels: Invalid value: "a b": {m}' for m in label_value_errors("a b")),
      'spec.selector: Invalid value: {"matchLabels":{"app":"a b"}}']),
    ("18 empty selector", _set("spec.selector", {}),
     ["spec.selector: Invalid value: {}: empty selector is invalid for statefulset"]),
    ("19 selector not convertible",
     _set("spec.selector", {"matchExpressions": [{"key": "app", "operator": "Near"}]}),
     ['spec.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector '
      "operator",
      'spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"Near"}]}']),
    ("20 template labels do not match", _set("spec.template.metadata.labels", {"app": "other"}),
     ['spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match '
      "template `labels`"]),
    ("21 template label key", _set("spec.template.metadata.labels", {"app": "nginx", "-x": "y"}),
     [f'spec.template.labels: Invalid value: "-x": {m}' for m in qualified_name_errors("-x")]),
    ("21 template annotation key", _set("spec.template.metadata.annotations", {"a b": "c"}),
     [f'spec.template.annotations: Invalid value: "a b": {m}'
      for m in qualified_name_errors("a b")]),
    ("22 restartPolicy", _set("spec.template.spec.restartPolicy", "Never"),
     ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']),
    ("23 activeDeadlineSeconds", _set("spec.template.spec.activeDeadlineSeconds", 30),
     ["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet "
      "is not Supported"]),
    ("24 pod template: image required", _container(image=""),
     ["spec.template.spec.containers[0].image: Required value"]),
    ("24 pod template: mounts resolve to claim templates only",
     _container(volumeMounts=[{"name": "www", "mountPath": "/a"},
                              {"name": "x", "mountPath": "/b"}]),
     ['spec.template.spec.containers[0].volumeMounts[1].name: Not found: "x"']),
    ("24 pod template: no containers", _set("spec.template.spec.containers", []),
     ["spec.template.spec.containers: Required value"]),
    ("25 claim template without access modes",
     lambda obj: obj["spec"]["volumeClaimTemplates"][0]["spec"].pop("accessModes"),
     ["spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is "
      "required"]),
    ("25 claim template without storage",
     lambda obj: obj["spec"]["volumeClaimTemplates"][0]["spec"].pop("resources"),
     ["spec.volumeClaimTemplates[0].spec.resources[storage]: Required value"]),
    ("serviceName must be a label", _set("spec.serviceName", "Nginx"),
     [f'spec.serviceName: Invalid value: "Nginx": {LABEL}']),
    ("serviceName may be empty", _set("spec.serviceName", ""), []),
    ("negative revisionHistoryLimit only warns", _set("spec.revisionHistoryLimit", -1), []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [pytest.param(mutate, expected, id=name) for name, mutate, expected in CREATE_CASES],
)
def test_create_rule(mutate: Mutation, expected: list[str]) -> None:
    assert _errors(mutate) == expected


def test_several_errors_render_as_a_list_in_rule_order() -> None:
    obj = created("apps", "StatefulSet", statefulset())
    obj["spec"]["replicas"] = -1
    obj["spec"]["minReadySeconds"] = -1
    obj["spec"]["podManagementPolicy"] = "Sometimes"
    errors = strategy("apps", "StatefulSet").validate(obj)
    assert invalid_message("apps", "StatefulSet", "web", errors) == (
        'StatefulSet.apps "web" is invalid: ['
        "spec.podManagementPolicy: Invalid value: \"Sometimes\": must be 'OrderedReady' or "
        "'Parallel', "
        f"spec.replicas: Invalid value: -1: {NEGATIVE}, "
        f"spec.minReadySeconds: Invalid value: -1: {NEGATIVE}]"
    )


def test_one_error_renders_bare() -> None:
    obj = created("apps", "StatefulSet", statefulset())
    obj["spec"]["replicas"] = -1
    errors = strategy("apps", "StatefulSet").validate(obj)
    assert invalid_message("apps", "StatefulSet", "web", errors) == (
        f'StatefulSet.apps "web" is invalid: spec.replicas: Invalid value: -1: {NEGATIVE}'
    )


def test_negative_revision_history_limit_warns_on_create_and_update() -> None:
    rules = strategy("apps", "StatefulSet")
    obj = created("apps", "StatefulSet", statefulset())
    obj["spec"]["revisionHistoryLimit"] = -1
    warning = (
        "spec.revisionHistoryLimit: a negative value retains all historical revisions; a value "
        ">= 0 is recommended"
    )
    assert rules.warnings(obj, None) == [warning]
    assert rules.warnings(obj, obj) == [warning]
    obj["spec"]["revisionHistoryLimit"] = 0
    assert rules.warnings(obj, None) == []


# --- update (§2.3) ----------------------------------------------------------------------------


def _changed(mutate: Mutation) -> list[str]:
    old = stored("apps", "StatefulSet", statefulset())
    new = copy.deepcopy(old)
    mutate(new)
    return update_errors("apps", "StatefulSet", new, old)


def _template_image(obj: Object) -> None:
    obj["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.27"


def _new_selector(obj: Object) -> None:
    obj["spec"]["selector"] = {"matchLabels": {"app": "nginx", "tier": "web"}}
    obj["spec"]["template"]["metadata"]["labels"]["tier"] = "web"


def _bigger_claims(obj: Object) -> None:
    obj["spec"]["volumeClaimTemplates"][0]["spec"]["resources"]["requests"]["storage"] = "2Gi"


MUTABLE_CASES: list[tuple[str, Mutation]] = [
    ("replicas", _set("spec.replicas", 5)),
    ("template", _template_image),
    ("updateStrategy", _set("spec.updateStrategy", {"type": "OnDelete"})),
    ("revisionHistoryLimit", _set("spec.revisionHistoryLimit", 3)),
    ("minReadySeconds", _set("spec.minReadySeconds", 10)),
    ("ordinals", _set("spec.ordinals", {"start": 5})),
    ("retention", _set("spec.persistentVolumeClaimRetentionPolicy.whenScaled", "Delete")),
    ("labels only", _set("metadata.labels", {"team": "a"})),
]
IMMUTABLE_CASES: list[tuple[str, Mutation]] = [
    ("selector", _new_selector),
    ("serviceName", _set("spec.serviceName", "other")),
    ("volumeClaimTemplates", _bigger_claims),
    ("podManagementPolicy", _set("spec.podManagementPolicy", "Parallel")),
]


@pytest.mark.parametrize("mutate", [pytest.param(m, id=n) for n, m in MUTABLE_CASES])
def test_update_of_a_mutable_field_is_allowed(mutate: Mutation) -> None:
    assert _changed(mutate) == []


@pytest.mark.parametrize("mutate", [pytest.param(m, id=n) for n, m in IMMUTABLE_CASES])
def test_update_of_an_immutable_field_is_one_forbidden_error(mutate: Mutation) -> None:
    assert _changed(mutate) == [IMMUTABLE_SPEC]


def test_update_revalidates_the_spec_but_not_the_name() -> None:
    old = stored("apps", "StatefulSet", statefulset("a" * 64))
    new = copy.deepcopy(old)
    new["spec"]["replicas"] = -2
    assert update_errors("apps", "StatefulSet", new, old) == [
        f"spec.replicas: Invalid value: -2: {NEGATIVE}"
    ]


def test_a_stored_invalid_service_name_does_not_block_other_updates() -> None:
    old = stored("apps", "StatefulSet", statefulset())
    old["spec"]["serviceName"] = "Not_A_Label"
    new = copy.deepcopy(old)
    new["spec"]["replicas"] = 1
    assert update_errors("apps", "StatefulSet", new, old) == []


def test_a_stored_invalid_template_does_not_block_other_updates() -> None:
    old = stored("apps", "StatefulSet", statefulset())
    old["spec"]["template"]["spec"]["containers"][0]["image"] = ""
    new = copy.deepcopy(old)
    new["spec"]["replicas"] = 1
    assert update_errors("apps", "StatefulSet", new, old) == []
    valid_old = stored("apps", "StatefulSet", statefulset())
    assert update_errors("apps", "StatefulSet", new, valid_old) == [
        "spec.template.spec.containers[0].image: Required value"
    ]


def test_a_stored_recreate_strategy_may_stay() -> None:
    old = stored("apps", "StatefulSet", statefulset())
    old["spec"]["updateStrategy"] = {"type": "Recreate"}
    new = copy.deepcopy(old)
    new["spec"]["replicas"] = 1
    assert update_errors("apps", "StatefulSet", new, old) == []


def test_update_carries_status_and_bumps_generation_only_for_spec_changes() -> None:
    old = stored("apps", "StatefulSet", statefulset())
    old["status"] = {"replicas": 3, "availableReplicas": 3, "observedGeneration": 1}
    relabelled = copy.deepcopy(old)
    relabelled["metadata"]["labels"] = {"team": "a"}
    relabelled["status"] = {"replicas": 9}
    after = updated("apps", "StatefulSet", relabelled, old)
    assert after["metadata"]["generation"] == 1
    assert after["status"] == old["status"]
    rescaled = copy.deepcopy(old)
    rescaled["spec"]["replicas"] = 5
    assert updated("apps", "StatefulSet", rescaled, old)["metadata"]["generation"] == 2


def test_a_resubmitted_manifest_without_defaults_is_not_a_spec_change() -> None:
    old = stored("apps", "StatefulSet", statefulset())
    new = statefulset()
    new["metadata"].update(resourceVersion="1", uid="u-1")
    new["metadata"]["creationTimestamp"] = old["metadata"]["creationTimestamp"]
    assert updated("apps", "StatefulSet", new, old)["metadata"]["generation"] == 1
    assert update_errors("apps", "StatefulSet", new, old) == []


# --- status (§2.4) ----------------------------------------------------------------------------


def _status_errors(status: Object, old_status: Object | None = None) -> list[str]:
    rules = strategy("apps", "StatefulSet")
    old = stored("apps", "StatefulSet", statefulset())
    old["status"] = old_status or {"replicas": 0, "availableReplicas": 0}
    new = copy.deepcopy(old)
    new["status"] = status
    rules.prepare_for_status_update(new, old)
    return rendered(rules.validate_status_update(new, old))


STATUS_CASES: list[tuple[str, Object, list[str]]] = [
    ("valid", {"replicas": 3, "readyReplicas": 2, "availableReplicas": 1}, []),
    ("negative replicas (zero counts now exceed it)", {"replicas": -1},
     [f"status.replicas: Invalid value: -1: {NEGATIVE}",
      *(f"status.{key}: Invalid value: 0: cannot be greater than status.replicas"
        for key in ("readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas"))]),
    ("negative observedGeneration", {"replicas": 0, "observedGeneration": -1},
     [f"status.observedGeneration: Invalid value: -1: {NEGATIVE}"]),
    ("ready above replicas", {"replicas": 1, "readyReplicas": 2},
     ["status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas"]),
    ("current above replicas", {"replicas": 1, "currentReplicas": 2},
     ["status.currentReplicas: Invalid value: 2: cannot be greater than status.replicas"]),
    ("updated above replicas", {"replicas": 1, "updatedReplicas": 2},
     ["status.updatedReplicas: Invalid value: 2: cannot be greater than status.replicas"]),
    ("available above ready", {"replicas": 3, "readyReplicas": 1, "availableReplicas": 2},
     ["status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("status", "expected"),
    [pytest.param(status, expected, id=name) for name, status, expected in STATUS_CASES],
)
def test_status_rule(status: Object, expected: list[str]) -> None:
    assert _status_errors(status) == expected


def test_collision_count_may_not_decrease() -> None:
    assert _status_errors({"replicas": 0, "collisionCount": 1}, {"collisionCount": 2}) == [
        "status.collisionCount: Invalid value: 1: cannot be decremented"
    ]
    assert _status_errors({"replicas": 0}, {"collisionCount": 2}) == [
        "status.collisionCount: Invalid value: 0: cannot be decremented"
    ]
    assert _status_errors({"replicas": 0, "collisionCount": 3}, {"collisionCount": 2}) == []


def test_status_update_keeps_the_spec_and_takes_status_and_labels() -> None:
    rules = strategy("apps", "StatefulSet")
    old = stored("apps", "StatefulSet", statefulset())
    new = copy.deepcopy(old)
    new["spec"]["replicas"] = 7
    new["status"] = {"replicas": 3, "availableReplicas": 0, "observedGeneration": 1}
    new["metadata"]["labels"] = {"seen": "yes"}
    new["metadata"]["generation"] = 42
    rules.prepare_for_status_update(new, old)
    assert new["spec"] == old["spec"]
    assert new["status"]["replicas"] == 3
    assert new["metadata"]["labels"] == {"seen": "yes"}
    assert new["metadata"]["generation"] == old["metadata"]["generation"]
