"""stead: a Kubernetes-compatible control plane for stateful workloads."""

__version__ = "0.1.0"
