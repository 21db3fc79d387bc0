"""The hand-off of a raw transfer to a worker thread (app.providers.socket_worker): reports
reach the loop in order before the outcome, a raising callback stops the work by shutting the
socket, and a thread that cannot start releases what its work would have."""

from __future__ import annotations

import socket
import threading

import pytest

from app import worker_threads
from app.providers import socket_worker


@pytest.fixture
def pair():
    a, b = socket.socketpair()
    yield a, b
    a.close()
    b.close()


async def test_reports_run_on_the_loop_in_order_before_the_result(pair):
    loop_thread = threading.get_ident()
    seen = []

    def work(report):
        for n in range(5):
            report(n)
        return "done"

    result = await socket_worker.hand_off(
        pair[0], "test", work, lambda n: seen.append((n, threading.get_ident() == loop_thread)))
    assert result == "done"
    assert seen == [(n, True) for n in range(5)]


async def test_the_works_own_error_is_raised(pair):
    def work(report):
        raise FileNotFoundError("gone")

    with pytest.raises(FileNotFoundError, match="gone"):
        await socket_worker.hand_off(pair[0], "test", work)


async def test_a_raising_callback_shuts_the_socket_and_is_what_the_caller_gets(pair):
    def work(report):
        report(1)
        return pair[0].recv(1)  # blocks until the socket is shut: b"" then

    def progress(n):
        raise KeyError("stop")

    with pytest.raises(KeyError, match="stop"):
        await socket_worker.hand_off(pair[0], "test", work, progress)


async def test_a_thread_that_cannot_start_releases_what_the_work_holds(pair, monkeypatch):
    released = []

    def no_thread(fn, kind):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(worker_threads, "start", no_thread)
    with pytest.raises(RuntimeError):
        await socket_worker.hand_off(pair[0], "test", lambda report: None,
                                     not_started=lambda: released.append(True))
    assert released == [True]
