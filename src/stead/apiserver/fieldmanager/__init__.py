"""Server-side apply and `metadata.managedFields`: who owns which field of an object.

`apply` merges an applied configuration (PATCH `application/apply-patch+yaml`), `record_update`
updates ownership after any other write, `default_manager` names a client that gave no
`fieldManager`. `field_set` answers the fields a value specifies, `FieldSet.to_fields_v1` their
FieldsV1 encoding.
"""

from stead.apiserver.fieldmanager.fieldpath import FieldSet, from_fields_v1, path_string
from stead.apiserver.fieldmanager.operations import apply, default_manager, field_set, record_update

__all__ = [
    "FieldSet",
    "apply",
    "default_manager",
    "field_set",
    "from_fields_v1",
    "path_string",
    "record_update",
]
