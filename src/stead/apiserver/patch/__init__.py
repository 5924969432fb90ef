"""Applying the three patch formats of PATCH requests to decoded objects.

Every function is pure: it takes decoded JSON and answers a new value, leaving its inputs
unchanged. Failures are `ApiError`s with upstream's status codes.
"""

from stead.apiserver.patch.jsonpatch import apply_json_patch
from stead.apiserver.patch.mergepatch import apply_merge_patch
from stead.apiserver.patch.strategic import apply_strategic_merge_patch

__all__ = ["apply_json_patch", "apply_merge_patch", "apply_strategic_merge_patch"]
