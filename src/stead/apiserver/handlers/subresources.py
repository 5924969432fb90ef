"""Subresources beyond status: `statefulsets/scale` and `pods/binding`; and the access reviews."""

from __future__ import annotations

from typing import Any

from stead.api import errors
from stead.api.validation import qualified_name_errors
from stead.apiserver import admission, bodies, patch, views
from stead.apiserver.admission import WriteOptions
from stead.apiserver.auth import UserInfo
from stead.apiserver.handlers.writes import (
    JSON_PATCH,
    MERGE_PATCH,
    STRATEGIC_PATCH,
    WriteContext,
    record_ownership,
    remove_if_finalized,
)
from stead.apiserver.http import Request, Response, json_response
from stead.apiserver.registry import scale_from_statefulset, validate_binding, validate_scale
from stead.apiserver.routing import ResourcePath

Object = dict[str, Any]


async def get_scale(ctx: WriteContext, path: ResourcePath) -> Response:
    sts = await ctx.objects.get(path.resource, path.namespace, path.name)
    return json_response(scale_from_statefulset(sts))


def _desired_scale(request: Request, current: Object) -> Object:
    """The Scale the client wants: the PUT body, or the current Scale with the patch applied."""
    if request.method == "PUT":
        return bodies.parse_object(request)
    body = bodies.parse(request)
    content_type = request.content_type
    if content_type == JSON_PATCH and isinstance(body, list):
        result = patch.apply_json_patch(current, body)
    elif content_type in (MERGE_PATCH, STRATEGIC_PATCH) and isinstance(body, dict):
        # Scale has no merge keys: a strategic patch of it is a merge patch.
        result = patch.apply_merge_patch(current, body)
    else:
        raise errors.UnsupportedMediaType(
            f"the body of the request was in an unknown format - accepted media types include: "
            f"{JSON_PATCH}, {MERGE_PATCH}, {STRATEGIC_PATCH}"
        )
    if not isinstance(result, dict):
        raise errors.BadRequest("the patch did not produce a Scale object")
    return result


async def write_scale(ctx: WriteContext, request: Request, path: ResourcePath) -> Response:
    """Set `spec.replicas` of the StatefulSet from a Scale; answers the resulting Scale."""
    resource = path.resource
    options = WriteOptions.from_request(request, now=ctx.now)
    record = record_ownership(options, subresource="scale")

    def mutate(current: Object) -> Object:
        scale = _desired_scale(request, scale_from_statefulset(current))
        problems = validate_scale(scale)
        if problems:
            raise errors.object_invalid("autoscaling", "Scale", path.name, problems)
        wanted_version = scale.get("metadata", {}).get("resourceVersion")
        if wanted_version not in (None, "", current["metadata"]["resourceVersion"]):
            raise errors.object_conflict(
                resource.group, resource.plural, path.name, errors.STALE_OBJECT
            )
        desired = views.private_copy(current)
        desired.setdefault("spec", {})["replicas"] = scale.get("spec", {}).get("replicas", 0)
        new = admission.admit_update(resource, desired, current, options=options)
        record(new, current)
        return new

    if options.dry_run:
        current = await ctx.objects.get(resource, path.namespace, path.name)
        return json_response(scale_from_statefulset(mutate(current)))
    _, new = await ctx.objects.update(resource, path.namespace, path.name, mutate)
    return json_response(scale_from_statefulset(new))


async def bind_pod(ctx: WriteContext, request: Request, path: ResourcePath) -> Response:
    """Assign a pod to a node (`pods/binding`); a pod already on a node cannot be moved."""
    binding = bodies.parse_object(request)
    problems = validate_binding(binding)
    if problems:
        raise errors.object_invalid("", "Binding", path.name, problems)
    node = binding["target"]["name"]

    def mutate(current: Object) -> Object:
        spec = current.setdefault("spec", {})
        if current["metadata"].get("deletionTimestamp"):
            raise errors.object_conflict(
                "", "pods/binding", path.name, "pod is being deleted, cannot be assigned to a host"
            )
        if spec.get("nodeName"):
            raise errors.object_conflict(
                "", "pods/binding", path.name,
                f"pod {path.name} is already assigned to node \"{spec['nodeName']}\"",
            )  # fmt: skip
        spec["nodeName"] = node
        return current

    await ctx.objects.update(path.resource, path.namespace, path.name, mutate)
    return json_response({"kind": "Status", "apiVersion": "v1", "metadata": {},
                          "status": "Success", "code": 201}, status=201)  # fmt: skip


async def finalize_namespace(ctx: WriteContext, request: Request, path: ResourcePath) -> Response:
    """Set a namespace's `spec.finalizers` (the namespace controller removes `kubernetes`)."""
    body = bodies.parse_object(request)
    wanted = body.get("spec", {}).get("finalizers") if isinstance(body.get("spec"), dict) else None
    wanted = wanted or []
    bad = [f for f in wanted if not isinstance(f, str) or qualified_name_errors(f)]
    if not isinstance(wanted, list) or bad:
        problem = errors.invalid("spec.finalizers", wanted, "must be a list of qualified names")
        raise errors.object_invalid("", "Namespace", path.name, [problem])
    options = WriteOptions.from_request(request, now=ctx.now)
    record = record_ownership(options, subresource="finalize")

    def mutate(current: Object) -> Object:
        new = views.private_copy(current)
        new.setdefault("spec", {})["finalizers"] = list(wanted)
        if not wanted:
            del new["spec"]["finalizers"]
        record(new, current)
        return new

    _, new = await ctx.objects.update(path.resource, path.namespace, path.name, mutate)
    return json_response(await remove_if_finalized(ctx.objects, path.resource, new))


def review(path: ResourcePath, request: Request, user: UserInfo) -> Response:
    """Access reviews: every authenticated user of stead is an administrator."""
    body = bodies.parse_object(request)
    admission.check_type(path.resource, body)
    kind = path.resource.kind
    status: dict[str, Any]
    if kind == "SelfSubjectAccessReview":
        status = {"allowed": True, "reason": "stead grants authenticated users full access"}
    elif kind == "SelfSubjectRulesReview":
        rules = [{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}]
        non_resource = [{"verbs": ["*"], "nonResourceURLs": ["*"]}]
        status = {"resourceRules": rules, "nonResourceRules": non_resource, "incomplete": False}
    else:
        status = {"userInfo": user.to_dict()}
    answer = {**body, "apiVersion": path.resource.api_version, "kind": kind, "status": status}
    answer.setdefault("metadata", {})
    return json_response(answer, status=201)
