"""Every new job kind survives a SIGKILL while running and lands once: music, TTS, subtitles of
a take and of the film, translation, burn, and ViddyScribe text, audio, narrated video and EDL
are queued, `reelroom-cli queue run` is killed once all of them are running at the services,
and a second run fetches each (never re-created) and lands it exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from app.services import soundtrack
from app.services.queue import JobState
from app.services.queue.job_store import JobStore
from app.services.queue.ledger import Ledger
from app.services.sound_jobs import Placement, SoundJobs
from app.storage.sound_tracks import SoundTrackRepository
from app.storage.takes import TakeRepository
from tests.sound_jobs.conftest import project_with_takes

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]


def _env(home, services) -> dict[str, str]:
    return {**os.environ, **services.env(), "REELROOM_HOME": str(home),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


async def test_each_sound_job_kind_survives_sigkill_while_running(studio, services,
                                                                   sample_clip, reelroom_home):
    services.platform.tier = "pro"
    doc = project_with_takes(studio, sample_clip)
    queue = services.queue(studio)
    jobs = SoundJobs(queue)
    # a subtitle file on the platform, for the translation and the burn to use
    await jobs.send([await jobs.subtitles_for_shot(doc, doc.shots[0])])
    try:
        await queue.run_until_idle()
    finally:
        await queue.stop()
    for name in ("platform", "viddyscribe"):  # all at once, so all are running at the kill
        studio.settings.providers[name].concurrency = 16
    studio.save_settings()
    services.platform.queue_ahead, services.platform.work_polls = 4, 2  # ~7 polls of 1 s
    services.viddyscribe.switches["job_polls"] = 8
    film = await jobs.export_preview(doc)
    s1, s2, s3 = doc.shots
    specs = [
        jobs.music(doc, "rain on a tin roof", 6, where=Placement(0.5)),
        jobs.speech(doc, "Once upon a time", "en_gb_female", where=Placement(1.0)),
        await jobs.subtitles_for_shot(doc, s2),
        jobs.subtitles_for_film(doc, film, language="de", track="Subtitles"),
        jobs.translation(doc, "fr"),
        await jobs.burn(doc, s1, style="bold-yellow"),
        jobs.describe_shot(doc, s2, "text", {"format": "vtt"}),
        jobs.describe_shot(doc, s3, "audio", {}),
        jobs.describe_shot(doc, s3, "video", {}),
        jobs.describe_shot(doc, s1, "text", {"format": "edl"}),
    ]
    queue = services.queue(studio)
    sent = await SoundJobs(queue).send(specs)
    await queue.stop()
    store = JobStore(studio.db)
    creates_before = len(services.platform.jobs), len(services.viddyscribe.jobs)

    proc = subprocess.Popen([sys.executable, "-m", "app.cli.main", "queue", "run"],
                            env=_env(reelroom_home, services), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        states = {store.get(j.id).state for j in sent}
        if states == {JobState.RUNNING} or any(s.finished for s in states):
            break
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed = {j.id: store.get(j.id) for j in sent}
    assert {j.state for j in killed.values()} == {JobState.RUNNING}, \
        [(j.model, j.state, j.last_error) for j in killed.values()]
    assert all(j.handle is not None for j in killed.values())

    final = subprocess.run([sys.executable, "-m", "app.cli.main", "queue", "run"],
                           env=_env(reelroom_home, services), capture_output=True, text=True,
                           timeout=150)
    assert final.returncode == 0, final.stdout + final.stderr
    ledger = Ledger(studio.db)
    for job in sent:
        done = store.get(job.id)
        assert done.state == JobState.DONE, (done.model, done.last_error)
        assert done.handle.remote_id == killed[job.id].handle.remote_id  # fetched, not re-sent
        assert ledger.creates(job.id) == 1
    # the services were asked once per job: nothing paid twice
    assert len(services.platform.jobs) == creates_before[0] + 6
    assert len(services.viddyscribe.jobs) == creates_before[1] + 4
    db, pid = studio.db, doc.project.id
    repo = SoundTrackRepository(db)

    def clips(track: str):
        return repo.clips(soundtrack.find_track(db, pid, track, "audio").id)

    assert [c.job_id for c in clips("Music")] == [sent[0].id]
    assert [c.job_id for c in clips("Narration")] == [sent[1].id]
    assert [c.job_id for c in clips("Audio description")] == [sent[7].id]
    # shot 1's own (before), shot 2's first line, and the film's two lines: once each
    assert len(soundtrack.cues(db, pid, "Subtitles")) == 1 + 1 + 2
    assert len(soundtrack.cues(db, pid, "Subtitles (fr)")) == 1
    assert len(soundtrack.cues(db, pid, "Audio description")) == 1
    takes = TakeRepository(db)
    assert len(takes.for_shot(s1.id)) == 2 and len(takes.for_shot(s3.id)) == 2  # burn, video
    assert len(list(studio.paths.project(pid).glob("*.edl"))) == 1
