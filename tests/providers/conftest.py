"""Fixtures every provider test can reuse: running fakes, a CDN origin, fast retries, and a
sleep that records what the client chose to wait."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator

import pytest

from app.providers.http import HttpClient, RetryPolicy
from tests.fakes.server import CdnOrigin, FakeService, Reply, Request, serve_file, sse_frame

API_KEY = "sk-test-0123456789abcdef-SECRET"


class ExampleJobs(FakeService):
    """A tiny job service exercising the harness (not a real provider): create a job, read
    it, fetch files with Range, stream events, echo headers."""

    name = "example"

    def setup(self) -> None:
        self.jobs: dict[str, dict] = {}
        self.files: dict[str, bytes] = {}
        self._ids = itertools.count(1)
        self.in_flight = 0
        self.max_in_flight = 0
        self._count_lock = threading.Lock()
        self.route("POST", "/jobs", self._create)
        self.route("GET", "/jobs/{id}", self._get)
        self.route("GET", "/files/{name}", self._file)
        self.route("GET", "/echo", lambda req: {"headers": req.headers, "query": req.query})
        self.route("GET", "/slow", self._slow)
        self.route("GET", "/events", self._events)

    def _create(self, req: Request) -> Reply:
        job = {"id": f"job_{next(self._ids)}", "status": "queued", **(req.json() or {})}
        self.jobs[job["id"]] = job
        return Reply.json(job, 201)

    def _get(self, req: Request) -> Reply | dict:
        job = self.jobs.get(req.params["id"])
        return job if job else Reply.error(404, f"job {req.params['id']} not found")

    def _file(self, req: Request) -> Reply:
        return serve_file(req, self.files[req.params["name"]])

    def _slow(self, req: Request) -> dict:
        # counts requests the server is handling at once, to check client-side limits
        with self._count_lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        time.sleep(0.05)
        with self._count_lock:
            self.in_flight -= 1
        return {"ok": True}

    def _events(self, req: Request) -> Reply:
        crlf = req.arg("crlf") == "1"
        return Reply.sse(
            iter(
                [
                    sse_frame({"status": "progressing", "progress": 10}, "job", crlf=crlf),
                    sse_frame("line one\nline two", "text", crlf=crlf),
                    sse_frame({"status": "done"}, "job", id="3", crlf=crlf),
                ]
            )
        )


class SleepRecorder:
    """Injectable sleep: records each wait; really sleeps only when `real` (so a 2 s HTTP-date
    hint can be checked without spending 2 s)."""

    def __init__(self, real: bool = False) -> None:
        self.waits: list[float] = []
        self.real = real

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(seconds if self.real else 0)


FAST_RETRY = RetryPolicy(
    max_attempts=4, base_delay=0.01, max_delay=0.05, max_total_wait=10.0, jitter=0.0
)


@pytest.fixture
def fast_retry() -> RetryPolicy:
    return FAST_RETRY


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def fake() -> Iterator[ExampleJobs]:
    with ExampleJobs() as svc:
        yield svc


@pytest.fixture
def cdn() -> Iterator[CdnOrigin]:
    with CdnOrigin() as svc:
        yield svc


@pytest.fixture
async def make_client(
    fast_retry: RetryPolicy, sleeps: SleepRecorder
) -> AsyncIterator[Callable[..., HttpClient]]:
    """Build HttpClients with the test key, fast retries and the recording sleep; all are
    closed after the test."""
    made: list[HttpClient] = []

    def make(base_url: str, auth: dict[str, str] | None = None, **kw) -> HttpClient:
        kw.setdefault("retry", fast_retry)
        kw.setdefault("sleep", sleeps)
        client = HttpClient(
            "example",
            base_url,
            {"Authorization": f"Bearer {API_KEY}"} if auth is None else auth,
            **kw,
        )
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


@pytest.fixture
async def client(fake: ExampleJobs, make_client: Callable[..., HttpClient]) -> HttpClient:
    return make_client(fake.base_url)


def make_platform(fake, retry: RetryPolicy, sleeps: SleepRecorder):
    """The studio platform's adapter on a PlatformFake, with fast retries and recorded sleeps."""
    from app.providers.base import ProviderConfig
    from app.providers.platform.adapter import Platform
    from tests.fakes.platform import API_KEY as PLATFORM_KEY

    config = ProviderConfig(name="platform", base_url=fake.base_url, api_key=PLATFORM_KEY,
                            poll_interval=0.001)
    return Platform(config, retry=retry, sleep=sleeps)


@pytest.fixture
async def platform(fake, fast_retry: RetryPolicy, sleeps: SleepRecorder):
    """For modules whose `fake` fixture is a PlatformFake (set up as each needs it)."""
    adapter = make_platform(fake, fast_retry, sleeps)
    yield adapter
    await adapter.aclose()
