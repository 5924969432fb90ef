from tests.unit.client.localapi import api

__all__ = ["api"]
