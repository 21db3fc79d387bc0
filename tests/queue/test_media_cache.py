"""The content-addressed media cache: dedupe, usage, LRU eviction that spares takes' media."""

from __future__ import annotations

import time

from app.domain import Take
from app.services.queue.media_cache import MediaCache
from app.storage.takes import TakeRepository
from tests.queue.conftest import make_project


async def test_put_dedupes_and_clean_up_evicts_lru_but_never_a_takes_media(studio, tmp_path):
    cache = MediaCache(studio.db, studio.paths.cache / "media", cap_bytes=2500)
    files = []
    for i in range(4):
        src = tmp_path / f"f{i}.mp4"
        src.write_bytes(bytes([i]) * 1000)
        files.append(await cache.put(src))
        time.sleep(0.01)  # distinct last-access times
    again = tmp_path / "again.mp4"
    again.write_bytes(bytes([3]) * 1000)
    assert await cache.put(again) == files[3] and not again.exists()  # same bytes, one file
    assert files[0].name.startswith(__import__("hashlib").sha256(b"\0" * 1000).hexdigest())
    project, [sid] = make_project(studio, 1)
    TakeRepository(studio.db).add(Take(shot_id=sid, media_path=str(files[0])))  # oldest
    cache.touch(files[1])  # now the most recently used
    usage = cache.cache_usage()
    assert (usage.files, usage.total_bytes, usage.needed_bytes) == (4, 4000, 1000)
    report = cache.clean_up()
    # over by 1500: f0 is needed, so f2 then f3 (least recently used) go; f1 was touched
    assert report.removed == 2 and report.remaining_bytes == 2000
    assert [f.exists() for f in files] == [True, True, False, False]
    assert cache.cache_usage().files == 2
