"""Query strings of list, watch and deletecollection requests: selectors, paging and
resource versions, mostly wrong."""

from __future__ import annotations

import base64
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.harness import dumps

_LABEL_TERMS = [
    "a=b", "a==b", "a!=b", "a in (x,y)", "a notin (x)", "!a", "a", "a=", "=b", "a in x",
    "a in ()", "a in (", "(", ")", "a,b", ",", "a=b,", "a=b,,c", "x" * 70 + "=b", "a=" + "v" * 70,
    "a/b/c=d", "example.com/a=b", "a>1", "a<1", "a gt 1", "a=b=c", "\u00e9=1", "a in (b c)",
    "a notin", "!", "!!a", "a!", "a =  b", "a\\=b", "app=fuzz", "app in (fuzz)", "-a=b",
]  # fmt: skip
_FIELD_TERMS = [
    "metadata.name=x", "metadata.name==x", "metadata.namespace!=y", "spec.nodeName=",
    "status.phase=Running", "bogus=x", "metadata.name", "=x", "a==b==c", "metadata.name in (x)",
    "metadata.name=a\\,b", "metadata.name=a\\", "metadata.name=\\x", "spec.unschedulable=true",
    "type=Normal", "involvedObject.kind=Pod", "spec.schedulerName=x", "status.podIP=1.2.3.4",
    "metadata.uid=1", "spec.restartPolicy=Always", "reason=x", "source=y", ",", "",
]  # fmt: skip
_INTEGERS = ["0", "1", "-1", "500", "abc", "1.5", "", "0x10", "\uff11", "1_000", " 2", "9" * 30,
             "-9" * 3, "\u00b2", "1e3", "+3", "٣"]  # fmt: skip
_VERSIONS = ["", "0", "1", "2", "abc", "-1", "9" * 25, "\u00b2", " 1", "1.0", "\u0661",
             "18446744073709551616", "9223372036854775808"]  # fmt: skip
_MATCH = ["", "NotOlderThan", "Exact", "exact", "Bogus"]
_FLAGS = ["true", "false", "1", "0", "yes", "", "TRUE"]


def selector(terms: list[str]) -> st.SearchStrategy[str]:
    term = st.one_of(st.sampled_from(terms), st.text(max_size=8))
    return st.lists(term, min_size=1, max_size=3).map(",".join)


def continue_tokens() -> st.SearchStrategy[str]:
    payloads: st.SearchStrategy[Any] = st.fixed_dictionaries(
        {},
        optional={
            "v": st.sampled_from(["meta.k8s.io/v1", "x"]),
            "rv": st.one_of(st.integers(), st.sampled_from(["1", "x", None, 10**30, -(2**70)])),
            "start": st.one_of(st.text(max_size=8), st.sampled_from(["../", "\x00", "a/b", None])),
        },
    )  # fmt: skip
    encoded = payloads.map(lambda payload: base64.urlsafe_b64encode(dumps(payload)).decode())
    raw = st.binary(max_size=24).map(lambda raw: base64.urlsafe_b64encode(raw).decode())
    return st.one_of(encoded, raw, st.text(max_size=12), st.sampled_from(["=", "a", "e30", "!!"]))


def list_params() -> st.SearchStrategy[list[tuple[str, str]]]:
    """A random subset of the list/watch parameters, with random values."""
    choices: dict[str, st.SearchStrategy[str]] = {
        "labelSelector": selector(_LABEL_TERMS),
        "fieldSelector": selector(_FIELD_TERMS),
        "limit": st.sampled_from(_INTEGERS),
        "continue": continue_tokens(),
        "resourceVersion": st.sampled_from(_VERSIONS),
        "resourceVersionMatch": st.sampled_from(_MATCH),
        "timeoutSeconds": st.sampled_from(_INTEGERS),
        "allowWatchBookmarks": st.sampled_from(_FLAGS),
        "sendInitialEvents": st.sampled_from(_FLAGS),
        "includeObject": st.sampled_from(["Object", "None", "Metadata", "bogus"]),
    }
    return st.fixed_dictionaries({}, optional=choices).map(lambda params: list(params.items()))
