"""`reelroom-cli export … --to platform`: the studio platform renders the project from its own
generations (shots linked by file name) and the film is downloaded where --out says."""

from __future__ import annotations

import asyncio
import contextlib
import io

from app.cli.main import main
from app.services.queue import JobState
from tests.queue.conftest import make_project
from tests.queue.services import enqueue, running


def test_cli_export_to_the_platform(studio, sample_clip, tmp_path, monkeypatch):
    project, (first, second) = make_project(studio, 2, provider="platform",
                                            params={"frames": 9, "steps": 1})
    with running("platform", sample_clip) as svc:
        queue = svc.queue(studio)

        async def take_of_first():
            try:
                (job,) = await enqueue(queue, project.id, first, svc)
                await queue.run_until_idle()
                return queue.store.get(job.id)
            finally:
                await queue.stop()

        assert asyncio.run(take_of_first()).state == JobState.DONE
        monkeypatch.setenv("REELROOM_PLATFORM_BASE_URL", svc.config.base_url)
        monkeypatch.setenv("REELROOM_PLATFORM_API_KEY", svc.config.api_key or "")
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["export", project.name, "--out", str(tmp_path / "film.mp4"),
                         "--to", "platform"])
        (remote,) = svc.fake.projects.values()
    assert code == 0, err.getvalue()
    assert "rendered by platform" in out.getvalue()
    assert "left out shot 2" in err.getvalue()  # no platform take: said, not hidden
    assert [s["filename"] is not None for s in remote["shots"]] == [True, False]
    assert (tmp_path / "film.mp4").stat().st_size > 0
