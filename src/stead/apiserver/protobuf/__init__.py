"""Decoding of `application/vnd.kubernetes.protobuf` request bodies (kubectl >= 1.32 sends them).

Only the kinds kubectl's typed clients post are decoded (see `envelope.KINDS`); responses stay
JSON. `decode_object(body)` gives the same dict a JSON body for the object would.
"""

from stead.apiserver.protobuf.envelope import (
    KINDS,
    UNSUPPORTED_KIND_MESSAGE,
    decode_object,
)

__all__ = ["KINDS", "UNSUPPORTED_KIND_MESSAGE", "decode_object"]
