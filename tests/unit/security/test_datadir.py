from __future__ import annotations

import stat
from pathlib import Path

import pytest

from stead.cli.datadir import DataDirError, default_data_dir, prepare_data_dir


def test_default_follows_xdg_data_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "stead"


@pytest.mark.parametrize("xdg", [None, "", "relative/path"])
def test_default_falls_back_to_local_share(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, xdg: str | None
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert default_data_dir() == tmp_path / ".local" / "share" / "stead"


def test_a_new_directory_is_owner_only(tmp_path: Path) -> None:
    path = prepare_data_dir(tmp_path / "a" / "b" / "stead")
    assert path == tmp_path / "a" / "b" / "stead"
    assert path.is_dir()
    assert stat.S_IMODE(path.stat().st_mode) == 0o700
    assert list(path.iterdir()) == []


def test_an_existing_directory_is_kept_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "keep").write_text("state")
    tmp_path.chmod(0o755)
    assert prepare_data_dir(tmp_path) == tmp_path
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755
    assert [p.name for p in tmp_path.iterdir()] == ["keep"]


def test_a_relative_path_comes_back_absolute(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert prepare_data_dir(Path("rel")) == tmp_path / "rel"


def test_a_path_under_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    path = tmp_path / "file" / "sub"
    with pytest.raises(DataDirError) as caught:
        prepare_data_dir(path)
    assert str(caught.value) == f"cannot use data directory {path}: Not a directory"


def test_a_file_in_place_of_the_directory_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(DataDirError, match="exists and is not a directory"):
        prepare_data_dir(tmp_path / "file")
