"""Where stead keeps its state (store, PKI, token, kubeconfig) on this machine."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class DataDirError(Exception):
    """The data directory cannot be created or written; the message names the path and why."""


def default_data_dir() -> Path:
    """`$XDG_DATA_HOME/stead`, else `~/.local/share/stead` (for root too, as the XDG spec says).

    A relative `$XDG_DATA_HOME` is ignored, as the XDG Base Directory spec requires.
    """
    xdg = os.environ.get("XDG_DATA_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / "stead"


def prepare_data_dir(path: Path) -> Path:
    """Create `path` (mode 0700 when new, parents as needed), check it is writable, return it.

    The result is absolute. An existing directory keeps its mode: it may be one the user chose
    and shares on purpose. Raises `DataDirError` when the directory cannot be made or written.
    """
    path = path.expanduser().absolute()
    if path.exists() and not path.is_dir():
        raise DataDirError(f"data directory {path} exists and is not a directory")
    try:
        _make(path)
        _probe_write(path)
    except OSError as exc:
        raise DataDirError(f"cannot use data directory {path}: {exc.strerror or exc}") from exc
    return path


def _make(path: Path) -> None:
    try:
        path.mkdir(parents=True)
    except FileExistsError:
        return
    # mkdir's mode is filtered by the umask; set the bits outright.
    path.chmod(0o700)


def _probe_write(path: Path) -> None:
    """Create and remove a file: `os.access` cannot tell, e.g. for root on a read-only mount."""
    with tempfile.TemporaryFile(dir=path):
        pass
