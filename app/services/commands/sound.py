"""Reversible edits of the film's sound and words (app.services.sound_document): tracks,
audio clips and subtitle cues. Each keeps what it replaced, so undo restores it exactly and
redo reproduces the same ids."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.soundtrack import AudioClip, SoundTrack, SubtitleCue
from app.services.commands.base import Command
from app.services.project_document import ProjectDocument


class AddTrack(Command):
    def __init__(self, track: SoundTrack) -> None:
        self.track = track
        self.text = f"Add {track.kind} track “{track.name}”"

    def do(self, doc: ProjectDocument) -> None:
        doc.sound.put_track(self.track)

    def undo(self, doc: ProjectDocument) -> None:
        doc.sound.remove_track(self.track.id)


class RemoveTrack(Command):
    def __init__(self, track: SoundTrack) -> None:
        self.track = track
        self.text = f"Remove track “{track.name}”"
        self._kept: tuple | None = None

    def do(self, doc: ProjectDocument) -> None:
        self._kept = doc.sound.remove_track(self.track.id)

    def undo(self, doc: ProjectDocument) -> None:
        assert self._kept is not None
        doc.sound.restore_track(*self._kept)


class UpdateTrack(Command):
    """Rename, mute, solo or set a track's volume."""

    def __init__(self, before: SoundTrack, **changes) -> None:
        self.before = before
        self.after = SoundTrack.model_validate({**before.model_dump(), **changes})
        what = ", ".join(sorted(changes))
        self.text = f"Change {what} of “{before.name}”"

    def do(self, doc: ProjectDocument) -> None:
        doc.sound.put_track(self.after)

    def undo(self, doc: ProjectDocument) -> None:
        doc.sound.put_track(self.before)


class AddAudioClips(Command):
    def __init__(self, clips: Sequence[AudioClip], text: str | None = None) -> None:
        self.clips = list(clips)
        names = ", ".join(c.name for c in self.clips if c.name)
        self.text = text or f"Add audio {names}".strip()

    def do(self, doc: ProjectDocument) -> None:
        doc.sound.put_clips(self.clips)

    def undo(self, doc: ProjectDocument) -> None:
        doc.sound.remove_clips([c.id for c in self.clips])


class RemoveAudioClips(Command):
    def __init__(self, clips: Sequence[AudioClip]) -> None:
        self.clips = list(clips)
        self.text = "Remove audio clip" + ("s" if len(self.clips) != 1 else "")

    def do(self, doc: ProjectDocument) -> None:
        doc.sound.remove_clips([c.id for c in self.clips])

    def undo(self, doc: ProjectDocument) -> None:
        doc.sound.put_clips(self.clips)


class UpdateAudioClip(Command):
    """Move, trim, fade or set the volume of a clip; a drag's many steps merge into one."""

    def __init__(self, before: AudioClip, **changes) -> None:
        self.before = before
        self.after = AudioClip.model_validate({**before.model_dump(), **changes})
        self.merge_key = ("audio-clip", before.id, tuple(sorted(changes)))
        self.text = f"Change {', '.join(sorted(changes))} of {before.name or 'audio clip'}"

    def do(self, doc: ProjectDocument) -> None:
        doc.sound.put_clips([self.after])

    def undo(self, doc: ProjectDocument) -> None:
        doc.sound.put_clips([self.before])

    def merge(self, other: Command) -> bool:
        if not isinstance(other, UpdateAudioClip) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True


class AddCues(Command):
    def __init__(self, cues: Sequence[SubtitleCue], text: str | None = None) -> None:
        self.cues = list(cues)
        self.text = text or f"Add {len(self.cues)} subtitle cue" + (
            "s" if len(self.cues) != 1 else "")

    def do(self, doc: ProjectDocument) -> None:
        doc.sound.put_cues(self.cues)

    def undo(self, doc: ProjectDocument) -> None:
        for track_id in {c.track_id for c in self.cues}:
            doc.sound.remove_cues(track_id, [c.id for c in self.cues if c.track_id == track_id])


class RemoveCues(Command):
    def __init__(self, cues: Sequence[SubtitleCue]) -> None:
        self.cues = list(cues)
        self.text = "Remove subtitle cue" + ("s" if len(self.cues) != 1 else "")

    def do(self, doc: ProjectDocument) -> None:
        for track_id in {c.track_id for c in self.cues}:
            doc.sound.remove_cues(track_id, [c.id for c in self.cues if c.track_id == track_id])

    def undo(self, doc: ProjectDocument) -> None:
        doc.sound.put_cues(self.cues)


class UpdateCue(Command):
    """Edit a cue's text or times; typing in one cell merges into one step."""

    def __init__(self, before: SubtitleCue, **changes) -> None:
        self.before = before
        self.after = SubtitleCue.model_validate({**before.model_dump(), **changes})
        self.merge_key = ("cue", before.id, tuple(sorted(changes)))
        self.text = f"Edit subtitle {', '.join(sorted(changes))}"

    def do(self, doc: ProjectDocument) -> None:
        doc.sound.put_cues([self.after])

    def undo(self, doc: ProjectDocument) -> None:
        doc.sound.put_cues([self.before])

    def merge(self, other: Command) -> bool:
        if not isinstance(other, UpdateCue) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True
