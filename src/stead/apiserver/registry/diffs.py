"""The diff appended to "may not change" messages (pod spec, claim spec, volume source).

Upstream prints a unified diff of the two objects as indented JSON (one-space indent, three
lines of context, `-` for the stored value and `+` for the requested one). Its JSON uses Go's
internal field names; ours uses the API's, which is what the user wrote.
"""

from __future__ import annotations

import difflib
import json


def spec_diff(old: object, new: object) -> str:
    """Hunks only (no file header lines), joined by newlines; "" when equal."""
    before = _lines(old)
    after = _lines(new)
    hunks = difflib.unified_diff(before, after, n=3, lineterm="")
    return "\n".join(line for index, line in enumerate(hunks) if index >= 2)


def _lines(value: object) -> list[str]:
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False, default=str).split("\n")
