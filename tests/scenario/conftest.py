"""Scenario stories share the end-to-end fixtures: a real `stead up` per module, a namespace per
story."""

from tests.e2e.conftest import namespace, stead

__all__ = ["namespace", "stead"]
