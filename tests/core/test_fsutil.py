"""Copies and writes that are never half-done: the target appears complete or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.fsutil import COPY_CHUNK, atomic_copy, atomic_write_bytes


def test_atomic_copy_streams_a_multi_chunk_file(tmp_path: Path):
    src = tmp_path / "src.bin"
    data = os.urandom(COPY_CHUNK * 2 + 123)
    src.write_bytes(data)
    dest = tmp_path / "deep" / "dest.bin"
    atomic_copy(src, dest)
    assert dest.read_bytes() == data
    assert sorted(p.name for p in dest.parent.iterdir()) == ["dest.bin"]


def test_a_failed_copy_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch):
    src = tmp_path / "src.bin"
    src.write_bytes(b"new" * 1000)
    dest = tmp_path / "dest.bin"
    atomic_write_bytes(dest, b"old")

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        atomic_copy(src, dest)
    assert dest.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dest.bin", "src.bin"]
