"""What the export mixes: the audible tracks only (mute/solo), music ducked under the voices
when asked, each shot's take at its own level, loudness as chosen; and the studio follows
sound written by another process (reelroom-cli)."""

from __future__ import annotations

import subprocess

import pytest

from app.domain import Take
from app.domain.soundtrack import AudioClip
from app.media.export import export_project
from app.media.mix import MixClip, MixPlan, mix_filtergraph
from app.services import exporting
from app.services.commands.shots import UpdateShot
from app.services.commands.sound import UpdateTrack
from app.services.exporting import ExportError, export_film
from app.services.film_mix import mix_clips
from tests.sound.conftest import FFMPEG
from tests.sound.probing import rms, streams


def test_the_graph_ducks_only_beds_under_voices():
    bed = MixClip("m.wav", start=0, length=5, bus="bed")  # type: ignore[arg-type]
    voice = MixClip("v.wav", start=1, length=2, bus="voice", fade_in=0.2)  # type: ignore[arg-type]
    graph = mix_filtergraph(MixPlan(duration=5, clips=(bed, voice), loudness=-23))
    assert "sidechaincompress" in graph and "loudnorm=I=-23" in graph
    assert "adelay=delays=1000.000:all=1" in graph and "afade=t=in:st=0:d=0.200000" in graph
    assert "sidechaincompress" not in mix_filtergraph(
        MixPlan(duration=5, clips=(bed, voice), duck=False))
    assert "loudnorm" not in mix_filtergraph(MixPlan(duration=5, clips=(bed,)))


def test_only_audible_tracks_are_mixed(studio, sounds):
    doc = studio.open_project(studio.create_project("Mix").id)
    doc.insert_shots(0, [doc.new_shot(duration=4.0)])
    music, narration, _ = doc.sound.of_kind("audio")
    doc.sound.put_clips([AudioClip(track_id=t.id, media_path=str(sounds["voice"]),
                                   media_duration=1.5, volume=0.5) for t in (music, narration)])
    assert sorted(c.bus for c in mix_clips(doc, 4.0)) == ["bed", "voice"]
    UpdateTrack(music, muted=True).do(doc)
    assert [c.bus for c in mix_clips(doc, 4.0)] == ["voice"]
    UpdateTrack(doc.sound.track(narration.id), solo=True).do(doc)
    UpdateTrack(doc.sound.track(music.id), muted=False).do(doc)
    assert [c.bus for c in mix_clips(doc, 4.0)] == ["voice"]  # the solo wins


@pytest.mark.slow
async def test_a_muted_shot_is_silent_in_the_export(studio, tmp_path, monkeypatch):
    clips = []
    for n in range(2):
        path = tmp_path / f"{n}.mp4"
        subprocess.run([FFMPEG, "-loglevel", "error", "-f", "lavfi", "-i",
                        "color=c=blue:s=64x36:r=8:d=2", "-f", "lavfi", "-i",
                        "sine=f=440:r=48000:d=2", "-c:v", "libx264", "-preset", "ultrafast",
                        "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)],
                       check=True)
        clips.append(path)
    doc = studio.open_project(studio.create_project("Quiet", fps=8).id)
    doc.insert_shots(0, [doc.new_shot(duration=2.0), doc.new_shot(duration=2.0)])
    for shot, clip in zip(doc.shots, clips, strict=True):
        doc.add_take(Take(shot_id=shot.id, media_path=str(clip), duration=2.0))
    UpdateShot(doc, doc.shots[1].id, take_audio_muted=True).do(doc)
    out = tmp_path / "film.mp4"
    passes = []

    async def picture_pass(*args, **kwargs):
        passes.append((args[1].suffix, kwargs.get("intermediate", False)))
        return await export_project(*args, **kwargs)

    monkeypatch.setattr(exporting, "export_project", picture_pass)
    done = await export_film(doc, out, preset="480p", loudness="off")
    assert done.mixed
    # the picture is read whole by the mixing pass: only the film gets its index moved first,
    # and the takes' sound reaches the mix as PCM, not through one more AAC generation
    assert passes == [(".mov", True)]
    head = out.read_bytes()
    assert 0 <= head.find(b"moov") < head.find(b"mdat")
    assert rms(out, 0.3, 1.7) > 0.05 and rms(out, 2.3, 3.7) < 0.002
    assert streams(out)[1].count("Audio") == 1
    mkv = await export_film(doc, tmp_path / "film.mkv", preset="480p", loudness="off")
    assert mkv.mixed and passes[-1] == (".mov", True)
    length, kinds = streams(mkv.path)
    assert kinds == ["Video", "Audio"] and length == pytest.approx(4.0, abs=0.1)
    assert rms(mkv.path, 0.3, 1.7) > 0.05 and rms(mkv.path, 2.3, 3.7) < 0.002
    with pytest.raises(ExportError, match="has no cues"):
        await export_film(doc, tmp_path / "again.mp4", subtitles="soft")
    with pytest.raises(ExportError, match="loudness must be one of"):
        await export_film(doc, tmp_path / "again.mp4", loudness="-9")


def test_the_open_studio_follows_clips_the_cli_wrote(studio, sounds):
    from app.services import soundtrack
    from app.storage.database import Database

    doc = studio.open_project(studio.create_project("Live").id)
    narration = doc.sound.of_kind("audio")[1]
    other = Database(studio.db.path)  # another process's connection
    try:
        import asyncio

        asyncio.run(soundtrack.add_audio_clip(other, studio.paths, doc.project.id,
                                              "narration", sounds["voice"], 2.0))
    finally:
        other.close()
    assert doc.sound.clips(narration.id) == []
    seen = []
    doc.sound.clips_changed.connect(seen.append)
    report = doc.sync_from_library()
    assert report.sound and seen == [narration.id]
    assert [c.start for c in doc.sound.clips(narration.id)] == [2.0]
