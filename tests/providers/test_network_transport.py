"""The providers' HTTP runs on the network thread (app.providers.network_loop,
app.providers.network_transport): every outcome comes back to its caller, in order, with the
errors httpx raises; a cancelled caller stops the work there before it returns; a streamed
upload (with its progress callbacks) stays on the caller's loop; nothing is sent twice."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest

from app.providers.errors import AmbiguousSubmitError
from app.providers.network_loop import NETWORK, NetworkLoop
from app.providers.network_transport import READ_WHOLE_MAX, NetworkTransport
from tests.providers.conftest import ExampleJobs


@pytest.fixture
def sent_from(monkeypatch) -> list[int]:
    """The threads httpx's own transport sent each request from."""
    threads: list[int] = []
    send = httpx.AsyncHTTPTransport.handle_async_request

    async def recorded(self, request):
        threads.append(threading.get_ident())
        return await send(self, request)

    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", recorded)
    return threads


async def test_requests_are_sent_from_the_network_thread(client, fake: ExampleJobs,
                                                         sent_from):
    small = await client.request("POST", "/jobs", json={"prompt": "a cat"}, idempotent=False)
    got = await client.request("GET", f"/jobs/{small.json()['id']}")
    assert got.json()["prompt"] == "a cat"
    here = threading.get_ident()
    assert len(sent_from) == 2 and here not in sent_from


async def test_long_answers_arrive_whole_and_in_order(client, fake: ExampleJobs, sent_from):
    body = bytes(range(256)) * (3 * READ_WHOLE_MAX // 256 + 7)  # past what is read whole
    fake.files["big.bin"] = body
    read = await client.request("GET", "/files/big.bin")
    assert read.content == body
    async with client.stream("GET", "/files/big.bin") as resp:
        parts = [part async for part in resp.aiter_bytes()]
    assert b"".join(parts) == body and len(parts) > 1
    assert threading.get_ident() not in sent_from


async def test_a_streamed_upload_is_sent_from_the_callers_loop(client, fake: ExampleJobs,
                                                               sent_from):
    progress: list[int] = []

    async def chunks():
        for n in range(3):
            progress.append(threading.get_ident())  # a progress callback's thread
            yield b'{"prompt": "x"}' if n == 0 else b" "

    resp = await client.request("POST", "/jobs", content=chunks, idempotent=False,
                                headers={"content-type": "application/json"})
    assert resp.json()["prompt"] == "x"
    assert set(progress) == {threading.get_ident()} == set(sent_from)


async def test_a_create_cancelled_in_flight_is_sent_once_and_stopped(client,
                                                                     fake: ExampleJobs):
    fake.delay(0.5, method="POST")
    task = asyncio.ensure_future(client.request("POST", "/jobs", json={}, idempotent=False))
    while not fake.requests_to("POST", "/jobs"):
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(fake.requests_to("POST", "/jobs")) == 1
    assert _pending_on(NETWORK) == 0  # stopped there before the caller heard


async def test_a_dropped_create_is_still_ambiguous_and_sent_once(client, fake: ExampleJobs):
    fake.drop_before_response(method="POST")
    with pytest.raises(AmbiguousSubmitError):
        await client.request("POST", "/jobs", json={}, idempotent=False)
    assert len(fake.requests_to("POST", "/jobs")) == 1


async def test_closing_the_transport_closes_its_connections_there(fake: ExampleJobs):
    transport = NetworkTransport()
    async with httpx.AsyncClient(transport=transport) as client:
        assert (await client.get(fake.url("/echo"))).status_code == 200
    assert transport._remote is None


# -- the loop itself -----------------------------------------------------------------------


@pytest.fixture
def loop_thread():
    loop = NetworkLoop()
    yield loop
    loop.stop()


async def test_every_outcome_comes_back_to_its_caller(loop_thread):
    loop = loop_thread
    here = threading.get_ident()

    async def work(n: int) -> tuple[int, int]:
        await asyncio.sleep(0.001 * (n % 5))
        return n, threading.get_ident()

    results = await asyncio.gather(*(loop.call(lambda n=n: work(n)) for n in range(40)))
    assert [n for n, _ in results] == list(range(40))
    assert len({t for _, t in results}) == 1 and here not in {t for _, t in results}
    in_order = [await loop.call(lambda n=n: work(n)) for n in range(10)]
    assert [n for n, _ in in_order] == list(range(10))

    async def fails() -> None:
        raise httpx.ConnectError("refused")

    with pytest.raises(httpx.ConnectError, match="refused"):
        await loop.call(fails)


async def test_a_cancelled_caller_returns_once_the_work_has_stopped(loop_thread):
    loop = loop_thread
    started, stopped = threading.Event(), threading.Event()

    async def long() -> None:
        started.set()
        try:
            await asyncio.sleep(30)
        finally:
            stopped.set()

    task = asyncio.ensure_future(loop.call(long))
    while not started.is_set():
        await asyncio.sleep(0.005)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert stopped.is_set()


async def test_an_outcome_nobody_waits_for_is_handed_to_orphan(loop_thread):
    loop = loop_thread
    started = threading.Event()
    orphans: list[str] = []

    async def finishes_anyway() -> str:
        started.set()
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            return "an open answer"  # done before it heard: someone must close it
        return "unused"

    task = asyncio.ensure_future(loop.call(finishes_anyway, orphan=orphans.append))
    while not started.is_set():
        await asyncio.sleep(0.005)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert orphans == ["an open answer"]


def _pending_on(network: NetworkLoop) -> int:
    """Tasks still running on the network loop, counted there."""
    async def count() -> int:
        me = asyncio.current_task()
        return sum(1 for t in asyncio.all_tasks() if t is not me and not t.done())

    return asyncio.run_coroutine_threadsafe(count(), network.loop()).result(5)
