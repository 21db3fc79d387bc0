"""The five cloud services as the queue meets them in tests: each fake started with a real tiny
clip as its result, the real adapter pointed at it with fast retries, a request the service
accepts, where its create / poll / download go (for fault switches), and how many paid creates
the fake has recorded."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.providers.base import GenerationRequest, MediaInput, ProviderConfig
from app.providers.http import RetryPolicy
from app.services.queue import JobSpec, Queue
from app.services.queue.runner import FetchPatience
from tests.fakes.server import FakeService, Reply

FAST = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.005, jitter=0)
PATIENT = FetchPatience(window=1.5, base_delay=0.01, max_delay=0.05)
NAMES = ("openai", "shuttleai", "tellers", "viddyscribe", "platform")
KEYS = {"openai": "sk-openai-test-key-0001", "shuttleai": "shuttle-test-key-0001",
        "viddyscribe": "vsk_test_0123456789"}


@dataclass
class Service:
    name: str
    fake: FakeService
    config: ProviderConfig
    request: GenerationRequest
    create: tuple[str, str]  # (method, path) of the paid create on the fake
    poll: tuple[FakeService, str, str]  # (server, method, path) of a status poll
    download: tuple[FakeService, str, str]  # where the result's bytes come from
    count: Callable[[], int] = field(repr=False, default=lambda: 0)  # creates the fake holds
    listable: bool = False  # the service lists its jobs (a lost create answer is found)

    def adapter(self):
        from app.providers import registry

        cls = registry.resolve(self.name)
        return cls(self.config, retry=FAST)  # type: ignore[call-arg]

    def queue(self, studio, *, patience: FetchPatience = PATIENT, **kw) -> Queue:
        # a new adapter each time the queue asks (it keeps one until stop() closes it)
        return Queue(studio, lambda _name: self.adapter(), poll_interval=0.02,
                     patience=patience, **kw)

    def fault(self, where: str, kind: str | int, times: int) -> None:
        """`kind`: an HTTP status, or "drop" (the connection is reset, nothing answered)."""
        server, method, path = {"poll": self.poll, "download": self.download}.get(
            where, (self.fake, *self.create))
        reply = (Reply(no_response=True) if kind == "drop"
                 else Reply.error(int(kind), f"fault {kind} on {where}"))
        server.inject(reply, times=times, method=method, path=path)


def _cfg(name: str, fake: FakeService, key: str | None, **extra: Any) -> ProviderConfig:
    return ProviderConfig(name=name, base_url=fake.base_url, api_key=key, poll_interval=0.01,
                          extra=extra)


@contextlib.contextmanager
def running(name: str, clip: Path, *, image: bytes | None = None, **switches: Any
            ) -> Iterator[Service]:
    """The fake of `name` running, with `clip` as every video it hands out."""
    media = clip.read_bytes()
    if name == "openai":
        from tests.fakes.openai import FakeOpenAI

        fake: Any = FakeOpenAI(polls=2, poll_after_ms=1, **switches)
        svc = lambda: Service(  # noqa: E731
            name, fake, _cfg(name, fake, KEYS[name]),
            GenerationRequest(model="sora-2", prompt="a fox", params={"seconds": 4}),
            ("POST", "/videos"), (fake, "GET", "/videos/{id}"),
            (fake, "GET", "/videos/{id}/content"), lambda: len(fake.videos), listable=True)
    elif name == "shuttleai":
        from tests.fakes.shuttleai import FakeShuttleAI

        fake = FakeShuttleAI(statuses=["queued", "running"], **switches)
        svc = lambda: Service(  # noqa: E731
            name, fake, _cfg(name, fake, KEYS[name]),
            GenerationRequest(model="sora", prompt="a fox",
                              params={"width": 480, "height": 480, "n_seconds": 1}),
            ("POST", "/video/generations/jobs"), (fake, "GET", "/video/generations/jobs/{id}"),
            # the CDN and the service's own content endpoint both fail: nothing to fall back on
            (fake.cdn, "GET", "/blobs/{name}"), lambda: len(fake.jobs))
    elif name == "tellers":
        from tests.fakes.tellers import KEY, FakeTellers

        fake = FakeTellers(**switches)
        svc = lambda: Service(  # noqa: E731
            name, fake, _cfg(name, fake, KEY),
            GenerationRequest(model="agent", prompt="a fox", params={"quality": "720p"}),
            ("GET", "/create"), (fake, "GET", "/create"),
            (fake.storage, "GET", "/blobs/{name}"), lambda: len(fake.conversations))
    elif name == "viddyscribe":
        from tests.fakes.viddyscribe import FakeViddyScribe

        fake = FakeViddyScribe(job_polls=2, status_polls=1, **switches)
        svc = lambda: Service(  # noqa: E731
            name, fake, _cfg(name, fake, KEYS[name]),
            GenerationRequest(model="video", params={"language": "en-US"},
                              inputs=[MediaInput(role="video", path=str(clip))]),
            ("POST", "/generate_ad_video"), (fake, "GET", "/get_results"),
            (fake.storage, "GET", "/blobs/{name}"), lambda: len(fake.jobs))
    elif name == "platform":
        from tests.fakes.platform import API_KEY, PlatformFake

        fake = PlatformFake()
        fake.queue_ahead, fake.work_polls = 0, 1
        for key, value in switches.items():
            setattr(fake, key, value)
        svc = lambda: Service(  # noqa: E731
            name, fake, _cfg(name, fake, API_KEY),
            GenerationRequest(model="wan-t2v", prompt="a fox", params={"frames": 9, "steps": 1}),
            ("POST", "/api/generate"), (fake, "GET", "/api/status"),
            (fake, "GET", "/api/video/{name}"), lambda: len(fake.jobs), listable=True)
    else:
        raise KeyError(name)
    fake.result_media = media
    fake.result_image = image
    with fake:
        yield svc()


async def enqueue(queue: Queue, project_id: str, shot_id: str | None, service: Service,
                  n: int = 1, request: GenerationRequest | None = None):
    spec = JobSpec(project_id, shot_id, service.name, request or service.request)
    return await queue.enqueue([spec] * n)
