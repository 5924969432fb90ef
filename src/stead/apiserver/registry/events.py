"""Events, served as core/v1 and as events.k8s.io/v1 from one storage (core/v1 shape).

Core writes get upstream's lenient legacy checks only (old clients send anything); writes
through events.k8s.io/v1 get the strict ones. The events.k8s.io strategy takes and returns
objects in that API's shape; the handlers convert at the storage boundary with
`core_event_to_events_v1` / `events_v1_to_core_event`.
"""

from __future__ import annotations

from typing import Any

from stead.api.errors import FieldError, invalid, required
from stead.api.validation import dns1123_subdomain_errors, qualified_name_errors
from stead.apiserver.registry.base import BaseStrategy
from stead.apiserver.registry.fields import as_dict, child, clone, number, text
from stead.apiserver.registry.objectmeta import core_object_meta_update_errors, immutable

Object = dict[str, Any]

# core/v1 field -> events.k8s.io/v1 field, for the fields that were renamed.
_RENAMED = {
    "involvedObject": "regarding",
    "message": "note",
    "source": "deprecatedSource",
    "firstTimestamp": "deprecatedFirstTimestamp",
    "lastTimestamp": "deprecatedLastTimestamp",
    "count": "deprecatedCount",
    "reportingComponent": "reportingController",
}
_SHARED = ("metadata", "eventTime", "series", "reportingInstance", "action", "reason",
           "related", "type")  # fmt: skip
_LIMITS = {"reportingInstance": 128, "action": 128, "reason": 128}
_NOTE_LIMIT = 1024
_IMMUTABLE_FIELDS = ("involvedObject", "reason", "message", "source", "firstTimestamp",
                     "lastTimestamp", "count", "type", "eventTime", "action", "related",
                     "reportingComponent", "reportingInstance")  # fmt: skip
_INTERNAL_NAMES = {"reportingComponent": "reportingController"}


def core_event_to_events_v1(event: Object) -> Object:
    """A stored core/v1 Event as events.k8s.io/v1 serves it."""
    served: Object = {"kind": "Event", "apiVersion": "events.k8s.io/v1"}
    for key in _SHARED:
        if key in event:
            served[key] = clone(event[key])
    for core_key, new_key in _RENAMED.items():
        if core_key in event:
            served[new_key] = clone(event[core_key])
    return served


def events_v1_to_core_event(event: Object) -> Object:
    """An events.k8s.io/v1 Event in the core/v1 shape it is stored in."""
    stored: Object = {"kind": "Event", "apiVersion": "v1"}
    for key in _SHARED:
        if key in event:
            stored[key] = clone(event[key])
    for core_key, new_key in _RENAMED.items():
        if new_key in event:
            stored[core_key] = clone(event[new_key])
    return stored


def _legacy_errors(event: Object) -> list[FieldError]:
    """`legacyValidateEvent`, over the core/v1 shape."""
    namespace = text(child(event, "metadata"), "namespace")
    involved_namespace = text(child(event, "involvedObject"), "namespace")
    mismatch = invalid(
        "involvedObject.namespace", involved_namespace, "does not match event.namespace"
    )
    errors: list[FieldError] = []
    if not event.get("eventTime"):
        expected = ("", "default") if not involved_namespace else (involved_namespace,)
        if namespace not in expected:
            errors.append(mismatch)
    else:
        if not involved_namespace and namespace not in ("default", "kube-system"):
            errors.append(mismatch)
        errors.extend(_reporting_errors(event))
    errors.extend(invalid("namespace", namespace, m) for m in dns1123_subdomain_errors(namespace))
    return errors


def _reporting_errors(event: Object) -> list[FieldError]:
    controller = text(event, "reportingComponent")
    errors: list[FieldError] = []
    if not controller:
        errors.append(required("reportingController"))
    errors.extend(
        invalid("reportingController", controller, m) for m in qualified_name_errors(controller)
    )
    for key, limit in _LIMITS.items():
        value = text(event, key)
        if not value:
            errors.append(required(key))
        if len(value) > limit:
            errors.append(invalid(key, "", f"can have at most {limit} characters"))
    if len(text(event, "message")) > _NOTE_LIMIT:
        errors.append(invalid("message", "", f"can have at most {_NOTE_LIMIT} characters"))
    return errors


def _series_errors(event: Object) -> list[FieldError]:
    series = event.get("series")
    if not isinstance(series, dict):
        return []
    errors: list[FieldError] = []
    if number(series, "count") < 2:
        errors.append(invalid("series.count", "", "should be at least 2"))
    if not series.get("lastObservedTime"):
        errors.append(required("series.lastObservedTime"))
    return errors


class CoreEventStrategy(BaseStrategy):
    """core/v1 Events: legacy checks only, then the generic metadata checks."""

    def validate_object(self, obj: Object) -> list[FieldError]:
        return _legacy_errors(obj)

    def validate_object_update(self, new: Object, old: Object) -> list[FieldError]:
        return _legacy_errors(new)


class EventsV1Strategy(BaseStrategy):
    """events.k8s.io/v1 Events (objects in that API's shape)."""

    def validate_object(self, obj: Object) -> list[FieldError]:
        event = events_v1_to_core_event(obj)
        errors = _legacy_errors(event) + self.meta_errors(event) + _series_errors(event)
        if not event.get("eventTime"):
            errors.append(required("eventTime"))
        kind = text(event, "type")
        if kind not in ("Normal", "Warning"):
            errors.append(invalid("type", "", f"has invalid value: {kind}"))
        for key in ("firstTimestamp", "lastTimestamp"):
            if event.get(key):
                errors.append(invalid(key, "", "needs to be unset"))
        if number(event, "count"):
            errors.append(invalid("count", "", "needs to be unset"))
        source = child(event, "source")
        if text(source, "component") or text(source, "host"):
            errors.append(invalid("source", "", "needs to be unset"))
        return errors

    def validate_object_update(self, new: Object, old: Object) -> list[FieldError]:
        event, old_event = events_v1_to_core_event(new), events_v1_to_core_event(old)
        errors = _legacy_errors(event) + core_object_meta_update_errors(event, old_event)
        if as_dict(event.get("series")) != as_dict(old_event.get("series")):
            errors.extend(_series_errors(event))
        for key in _IMMUTABLE_FIELDS:
            name = _INTERNAL_NAMES.get(key, key)
            errors.extend(immutable(name, event.get(key), old=old_event.get(key)))
        return errors
