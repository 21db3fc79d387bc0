"""Shared pieces for the paid sound and words jobs: the platform adapter on its fake."""

from __future__ import annotations

import pytest

from app.providers.http import RetryPolicy
from tests.providers.conftest import SleepRecorder, make_platform

FAST = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.005, jitter=0)


@pytest.fixture
async def platform(fake):
    adapter = make_platform(fake, FAST, SleepRecorder())
    yield adapter
    await adapter.aclose()


# -- a project whose shots have takes, and the two services' fakes -----------------------------

import contextlib  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

from app.domain import Take  # noqa: E402
from app.providers.base import ProviderConfig  # noqa: E402
from app.services.queue import Queue  # noqa: E402
from app.services.queue.runner import FetchPatience  # noqa: E402
from tests.fakes.platform import API_KEY, PlatformFake  # noqa: E402
from tests.fakes.platform_sound import tone  # noqa: E402
from tests.fakes.viddyscribe import KEY as VIDDY_KEY  # noqa: E402
from tests.fakes.viddyscribe import FakeViddyScribe  # noqa: E402

PATIENT = FetchPatience(window=1.5, base_delay=0.01, max_delay=0.05)


def project_with_takes(studio, clip: Path, shots: int = 3, *, trim_in: float = 0.0):
    """A project of `shots` 1 s shots, each with a selected take of `clip` that the platform
    holds as gen_source.mp4 (as if made there); returns the open document."""
    project = studio.create_project("Film")
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title=f"S{i + 1}", prompt=f"prompt {i + 1}", duration=1.0)
                         for i in range(shots)])
    for shot in list(doc.shots):
        take = doc.add_take(Take(shot_id=shot.id, provider="platform", model="wan-t2v",
                                 prompt=shot.prompt, media_path=str(clip), duration=1.0,
                                 remote_ids={"platform_filename": "gen_source.mp4"},
                                 trim_in=trim_in))
        doc.update_shot(shot.id, selected_take_id=take.id)
    return doc


@dataclass
class Services:
    platform: PlatformFake
    viddyscribe: FakeViddyScribe

    def config(self, name: str, poll: float = 0.005) -> ProviderConfig:
        if name == "platform":
            return ProviderConfig(name=name, base_url=self.platform.base_url, api_key=API_KEY,
                                  poll_interval=poll)
        return ProviderConfig(name=name, base_url=self.viddyscribe.base_url, api_key=VIDDY_KEY,
                              poll_interval=poll)

    def adapter(self, name: str):
        from app.providers import registry

        return registry.resolve(name)(self.config(name), retry=FAST)  # type: ignore[call-arg]

    def queue(self, studio, **kw) -> Queue:
        return Queue(studio, self.adapter, poll_interval=0.02, patience=PATIENT, **kw)

    def env(self) -> dict[str, str]:
        return {"REELROOM_PLATFORM_BASE_URL": self.platform.base_url,
                "REELROOM_PLATFORM_API_KEY": API_KEY,
                "REELROOM_VIDDYSCRIBE_BASE_URL": self.viddyscribe.base_url,
                "REELROOM_VIDDYSCRIBE_API_KEY": VIDDY_KEY}


@pytest.fixture
def services(sample_clip) -> Iterator[Services]:
    platform = PlatformFake()
    platform.queue_ahead, platform.work_polls = 0, 1
    platform.files["gen_source.mp4"] = sample_clip.read_bytes()
    viddy = FakeViddyScribe(job_polls=2, status_polls=1)
    viddy.result_media = sample_clip.read_bytes()
    with contextlib.ExitStack() as stack:
        stack.enter_context(platform)
        stack.enter_context(viddy)
        viddy.audio_media = tone(3.0, 330.0)
        yield Services(platform, viddy)
