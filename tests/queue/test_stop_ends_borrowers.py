"""stop() ends the other tasks using the queue's adapters (the catalog's listing, the balance)
before closing the adapters: a request still waiting on the service is cancelled and its
socket closed, never left open behind a closed client."""

from __future__ import annotations

import asyncio
import gc
import socket
import threading
import warnings

import pytest

from app.services.queue import Queue
from tests.fakes.platform import API_KEY


@pytest.fixture
def silent_service(monkeypatch):
    """A 127.0.0.1 service that takes the connection and the request, and never answers."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    got_request = threading.Event()

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            accepted.append(conn)
            conn.recv(65536)
            got_request.set()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    monkeypatch.setenv("REELROOM_PLATFORM_BASE_URL", f"http://127.0.0.1:{server.getsockname()[1]}")
    monkeypatch.setenv("REELROOM_PLATFORM_API_KEY", API_KEY)
    yield got_request, accepted
    server.shutdown(socket.SHUT_RDWR)  # wakes the accept() in progress
    server.close()
    for conn in accepted:
        conn.close()
    thread.join(timeout=5)


async def test_stop_cancels_a_borrowed_request_and_closes_its_socket(studio, silent_service):
    got_request, accepted = silent_service
    queue = Queue(studio)
    await queue.start()
    balance = asyncio.ensure_future(queue.accounts.refresh_balance())
    while not got_request.is_set():  # the request is on the wire, its answer never comes
        await asyncio.sleep(0.01)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always", ResourceWarning)
        await queue.stop()
        assert balance.cancelled()
        for _ in range(3):  # the transport's close runs one loop step later
            await asyncio.sleep(0)
        del balance
        gc.collect()
    assert not [w for w in seen if issubclass(w.category, ResourceWarning)]
    assert queue._providers == {}
    assert accepted[0].recv(1) == b""  # the client closed its end: the server reads EOF


async def test_stop_leaves_the_caller_running(studio, silent_service):
    """The task that calls stop() may have used an adapter itself (the CLI's main task)."""
    queue = Queue(studio)
    queue.provider("platform")
    await queue.stop()  # it would cancel itself if it counted the caller as a borrower
    assert queue._providers == {}
