"""Threads started from the loop without waiting for them are counted while they run, so a
download or upload cancelled mid-body can be shown to have left no worker behind."""

from __future__ import annotations

import threading

from app import worker_threads


def test_a_thread_is_counted_until_it_returns_even_when_it_raises(caplog):
    release, ran = threading.Event(), []

    def work() -> None:
        release.wait(30)
        ran.append(threading.get_ident())
        raise RuntimeError("a worker's own failure")

    before = worker_threads.running("test-kind")
    worker_threads.start(work, "test-kind")
    worker_threads.start(work, "test-kind")
    assert worker_threads.running("test-kind") == before + 2
    assert worker_threads.running("other-kind") == 0
    release.set()
    for _ in range(3000):
        if worker_threads.running("test-kind") == before:
            break
        threading.Event().wait(0.01)
    assert worker_threads.running("test-kind") == before
    assert len(set(ran)) == 2 and threading.get_ident() not in ran
    assert [r.getMessage() for r in caplog.records] == ["a test-kind thread failed"] * 2
