"""The built-in animatic provider end to end through the queue."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.media.probe import probe
from app.providers.animatic import Animatic
from app.providers.base import GenerationRequest, ProviderConfig
from app.providers.errors import ValidationFailed
from app.services.queue import JobState, Queue
from app.storage.shots import ShotRepository
from app.storage.takes import TakeRepository
from tests.queue.conftest import make_project

pytestmark = pytest.mark.timeout(30)



async def test_generate_missing_makes_one_take_per_shot_with_the_shots_length(studio):
    project, ids = make_project(studio, 3)
    shots = ShotRepository(studio.db)
    shots.update(shots.get(ids[1]).edited(duration=2.0))
    queue = Queue(studio, poll_interval=0.02)
    jobs = await queue.generate_missing(project.id)
    assert len(jobs) == 3 and all(j.estimated_cost == 0 for j in jobs)
    assert await queue.generate_missing(project.id) == []  # already on their way
    await queue.run_until_idle()
    await queue.stop()
    takes = TakeRepository(studio.db)
    for sid, want in zip(ids, [1.0, 2.0, 1.0], strict=True):
        [take] = takes.for_shot(sid)
        info = await probe(take.media_path)
        assert info.duration == pytest.approx(want, abs=0.1)
        assert Path(take.thumbnail_path).exists()
        assert Path(take.media_path).parent == studio.paths.cache / "media"
        assert shots.get(sid).selected_take_id == take.id
    assert {j.state for j in queue.store.list()} == {JobState.DONE}


async def test_animatic_validates_and_reconciles_only_a_rendered_file(tmp_path):
    provider = Animatic(ProviderConfig(name="animatic", base_url="",
                                       extra={"cache_dir": str(tmp_path)}))
    with pytest.raises(ValidationFailed, match="width"):
        await provider.validate(GenerationRequest(model="card", params={"width": 33}))
    request = GenerationRequest(model="card", prompt="a cat",
                                params={"width": 64, "height": 36, "fps": 8, "duration": 0.5})
    assert await provider.reconcile(request, 0) is None
    handle = await provider.submit(request)
    events = [e.status async for e in provider.progress(handle)]
    assert events[-1] == "succeeded"
    found = await provider.reconcile(request, 0)
    assert found is not None and found.remote_id == handle.remote_id
    [out] = await provider.results(handle)
    dest = await provider.download(out, tmp_path / "copy" / "x.mp4")
    assert (await probe(dest)).duration == pytest.approx(0.5, abs=0.1)
    # a fresh process (new instance) polls the same handle: the file is there, no re-render
    again = Animatic(ProviderConfig(name="animatic", base_url="",
                                    extra={"cache_dir": str(tmp_path)}))
    assert [e.status async for e in again.progress(handle)] == ["succeeded"]
