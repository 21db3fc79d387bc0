"""Audio and subtitle tracks in the library: defaults, names, clips, cues, undo, and the
CLI that reaches them."""

from __future__ import annotations

import asyncio
import json

import pytest

from app.domain.soundtrack import AudioClip, SubtitleCue
from app.interchange.subtitle_files import CueText, parse_subtitles, to_srt, to_vtt
from app.services import soundtrack
from app.services.commands.sound import (
    AddAudioClips,
    AddCues,
    AddTrack,
    RemoveTrack,
    UpdateAudioClip,
    UpdateCue,
    UpdateTrack,
)
from app.services.history import History
from app.storage.database import Database
from tests.core.test_cli import cli


@pytest.fixture
def doc(studio):
    project = studio.create_project("Film")
    return studio.open_project(project.id)


def test_a_project_starts_with_the_default_tracks(studio, doc):
    names = [(t.kind, t.name) for t in doc.sound.tracks]
    assert names == [("audio", "Music"), ("audio", "Narration"), ("audio", "Audio description"),
                     ("subtitle", "Subtitles"), ("subtitle", "Audio description")]
    # asking again does not add a second set
    assert len(soundtrack.tracks(studio.db, doc.project.id)) == 5


@pytest.mark.parametrize("name, kind, expected", [
    ("music", None, ("audio", "Music")),
    ("NARRATION", "audio", ("audio", "Narration")),
    ("description", "audio", ("audio", "Audio description")),
    ("description", "subtitle", ("subtitle", "Audio description")),
    ("subtitles", None, ("subtitle", "Subtitles")),
    ("audio", "audio", ("audio", "Audio description")),
    ("drums", None, None),
])
def test_tracks_are_found_by_name_in_any_case(studio, doc, name, kind, expected):
    found = soundtrack.find_track(studio.db, doc.project.id, name, kind)
    assert (found and (found.kind, found.name)) == (expected or None)


def test_a_word_two_tracks_share_names_neither(studio, doc):
    soundtrack.add_track(studio.db, doc.project.id, "Narration two", "audio")
    assert soundtrack.find_track(studio.db, doc.project.id, "narration").name == "Narration"
    assert soundtrack.find_track(studio.db, doc.project.id, "two").name == "Narration two"
    soundtrack.add_track(studio.db, doc.project.id, "Two drums", "audio")
    assert soundtrack.find_track(studio.db, doc.project.id, "two", "audio") is None


def test_a_missing_track_is_named_with_the_ones_there_are(studio, doc):
    with pytest.raises(soundtrack.TrackNotFound) as err:
        soundtrack.require_track(studio.db, doc.project.id, "drums", "audio")
    assert "'drums'" in str(err.value) and "Music, Narration, Audio description" in str(err.value)


def test_adding_an_audio_file_copies_it_into_the_project(studio, doc, sounds, tmp_path):
    original = tmp_path / "bed.wav"
    original.write_bytes(sounds["sine"].read_bytes())
    clip = asyncio.run(soundtrack.add_audio_clip(
        studio.db, studio.paths, doc.project.id, "music", original, 0.0, document=doc))
    original.unlink()  # the clip plays the library's copy
    assert clip.media_path != str(original)
    assert (studio.paths.project_media(doc.project.id) in
            __import__("pathlib").Path(clip.media_path).parents)
    assert abs(clip.length - 6.0) < 0.05
    music = doc.sound.of_kind("audio")[0]
    assert doc.sound.clips(music.id) == [clip]  # the open document followed at once


def test_a_videos_sound_on_a_track_lasts_as_long_as_its_sound(studio, doc, tmp_path):
    """A take lasts its picture's length; the same file as a sound clip keeps its sound's
    (here 60 ms past the picture), as a sound-only item does."""
    from tests.media.conftest import ff

    video = tmp_path / "take.mp4"
    ff("-f", "lavfi", "-i", "testsrc2=s=160x90:r=24:d=3", "-f", "lavfi",
       "-i", "sine=r=48000:d=3.06", "-c:v", "libx264", "-preset", "ultrafast",
       "-pix_fmt", "yuv420p", "-c:a", "aac", str(video))
    clip = asyncio.run(soundtrack.add_audio_clip(
        studio.db, studio.paths, doc.project.id, "music", video, 0.0, document=doc))
    assert abs(clip.length - 3.06) < 0.03


def test_a_job_lands_its_clip_once(studio, doc, sounds):
    pid = doc.project.id
    first = asyncio.run(soundtrack.add_audio_clip(
        studio.db, studio.paths, pid, "narration", sounds["voice"], 1.0, job_id="job-1"))
    again = asyncio.run(soundtrack.add_audio_clip(
        studio.db, studio.paths, pid, "narration", sounds["voice"], 1.0, job_id="job-1"))
    assert again.id == first.id
    assert sum(len(c) for _, c in soundtrack.list_audio(studio.db, pid)) == 1


def test_a_file_without_sound_is_refused_in_words(studio, doc, tmp_path):
    text = tmp_path / "notes.mp3"
    text.write_text("not audio at all")
    with pytest.raises(soundtrack.SoundError) as err:
        asyncio.run(soundtrack.add_audio_clip(studio.db, studio.paths, doc.project.id,
                                              "music", text, 0.0))
    assert "notes.mp3" in str(err.value)
    assert soundtrack.list_audio(studio.db, doc.project.id)[0][1] == []


def test_clips_and_cues_survive_reopening_the_library(studio, doc, sounds):
    music = doc.sound.of_kind("audio")[0]
    subs = doc.sound.of_kind("subtitle")[0]
    doc.sound.put_clips([AudioClip(track_id=music.id, media_path=str(sounds["sine"]),
                                   start=2.5, src_in=0.5, src_out=3.0, volume=0.4,
                                   fade_in=0.2, fade_out=0.7)])
    doc.sound.put_cues([SubtitleCue(track_id=subs.id, start=1, end=2, text="Hi")])
    path = studio.db.path
    again = Database(path)
    try:
        from app.storage.sound_tracks import SoundTrackRepository

        repo = SoundTrackRepository(again)
        (clip,) = repo.clips(music.id)
        assert (clip.start, clip.src_in, clip.src_out, clip.volume, clip.fade_in,
                clip.fade_out, clip.length) == (2.5, 0.5, 3.0, 0.4, 0.2, 0.7, 2.5)
        assert [q.text for q in repo.cues(subs.id)] == ["Hi"]
    finally:
        again.close()


def test_every_sound_edit_undoes_and_redoes(studio, doc, sounds):
    from app.domain.soundtrack import SoundTrack

    history = History(doc)
    music = doc.sound.of_kind("audio")[0]
    clip = AudioClip(track_id=music.id, media_path=str(sounds["sine"]), media_duration=6,
                     name="bed")
    history.execute(AddAudioClips([clip]))
    history.execute(UpdateAudioClip(clip, start=1.0))
    history.execute(UpdateAudioClip(doc.sound.clip(clip.id), start=2.0))  # a drag: one step
    assert doc.sound.clip(clip.id).start == 2.0
    history.undo()
    assert doc.sound.clip(clip.id).start == 0.0
    history.undo()
    assert doc.sound.clips(music.id) == []
    history.redo()
    history.redo()
    assert doc.sound.clip(clip.id).start == 2.0

    history.execute(UpdateTrack(music, muted=True))
    assert doc.sound.track(music.id).muted and music not in doc.sound.audible()
    history.undo()
    assert not doc.sound.track(music.id).muted

    history.execute(RemoveTrack(doc.sound.track(music.id)))
    assert doc.sound.track(music.id) is None
    history.undo()  # back with its clip
    assert doc.sound.clip(clip.id).start == 2.0

    extra = SoundTrack(project_id=doc.project.id, kind="audio", name="Foley", position=9)
    history.execute(AddTrack(extra))
    assert soundtrack.find_track(studio.db, doc.project.id, "foley").id == extra.id
    history.undo()
    assert soundtrack.find_track(studio.db, doc.project.id, "foley") is None

    subs = doc.sound.of_kind("subtitle")[0]
    cue = SubtitleCue(track_id=subs.id, start=1, end=2, text="Hi")
    history.execute(AddCues([cue]))
    history.execute(UpdateCue(cue, text="Hello"))
    assert [q.text for q in doc.sound.cues(subs.id)] == ["Hello"]
    history.undo()
    history.undo()
    assert doc.sound.cues(subs.id) == []


def test_soloing_a_track_leaves_only_it_audible(doc):
    from app.services.commands.sound import UpdateTrack as Update

    history = History(doc)
    music, narration, desc = doc.sound.of_kind("audio")
    history.execute(Update(narration, solo=True))
    assert [t.name for t in doc.sound.audible()] == ["Narration"]


def test_srt_and_vtt_read_and_write():
    from tests.sound.conftest import SRT

    cues = parse_subtitles(SRT)
    assert cues == [CueText(0.5, 1.5, "Hello there"), CueText(2.0, 3.25, "Second line\nof two")]
    assert parse_subtitles(to_srt(cues)) == cues
    vtt = to_vtt(cues)
    assert vtt.startswith("WEBVTT\n\n00:00:00.500 --> 00:00:01.500\nHello there")
    assert parse_subtitles(vtt) == cues
    assert parse_subtitles("WEBVTT\n\n01:02.5 --> 01:04.000 align:start\n<v Bob>Yo</v>\n") == [
        CueText(62.5, 64.0, "Yo")]


def test_a_file_without_cues_is_refused():
    with pytest.raises(ValueError, match="has no subtitle cues"):
        parse_subtitles("just some text\n", "notes.srt")


def test_cli_audio_and_subtitles(reelroom_home, sounds, tmp_path):
    h = reelroom_home
    assert cli("project", "new", "Film", env_home=h).returncode == 0
    out = cli("audio", "import", "Film", str(sounds["sine"]), env_home=h)
    assert out.returncode == 0 and "Music" in out.stdout
    out = cli("audio", "import", "Film", str(sounds["voice"]), "--track", "NARRATION",
              "--at", "1.0", env_home=h)
    assert out.returncode == 0, out.stderr
    bad = cli("audio", "import", "Film", str(sounds["voice"]), "--track", "drums", env_home=h)
    assert bad.returncode == 1 and "no audio track named 'drums'" in bad.stderr
    assert "Traceback" not in bad.stderr
    neg = cli("audio", "import", "Film", str(sounds["voice"]), "--at", "-2", env_home=h)
    assert neg.returncode == 2 and "0 or more seconds" in neg.stderr
    assert cli("audio", "add-track", "Film", "Foley", env_home=h).returncode == 0
    listing = json.loads(cli("--json", "audio", "list", "Film", env_home=h).stdout)
    by_name = {t["track"]["name"]: t["clips"] for t in listing}
    assert [c["start"] for c in by_name["Narration"]] == [1.0]
    assert len(by_name["Music"]) == 1 and by_name["Foley"] == []

    out = cli("subtitles", "import", "Film", str(sounds["srt"]), env_home=h)
    assert out.returncode == 0 and "2 cues" in out.stdout
    vtt = tmp_path / "out.vtt"
    out = cli("subtitles", "export", "Film", "--out", str(vtt), env_home=h)
    assert out.returncode == 0, out.stderr
    assert parse_subtitles(vtt.read_text()) == parse_subtitles(sounds["srt"].read_text())
    refused = cli("subtitles", "import", "Film", str(sounds["sine"]), env_home=h)
    assert refused.returncode == 1 and "music.wav" in refused.stderr
