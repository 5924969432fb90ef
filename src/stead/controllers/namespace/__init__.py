"""The namespace controller: deletes the content of terminating namespaces, then finalizes them."""

from stead.controllers.namespace.controller import NamespaceController

__all__ = ["NamespaceController"]
