"""Adding an imported timeline to a project is one undoable step: its shots (and their takes)
appear together and go together. Ids are fixed up front so redo brings back the same shots,
and their takes, which the library keeps while the shots are undone."""

from __future__ import annotations

from app.domain import Shot, Take
from app.domain.soundtrack import AudioClip, SoundTrack, SubtitleCue
from app.interchange.otio_import import TimelineImport
from app.interchange.otio_sound import ImportedSound
from app.services.commands.base import Command
from app.services.project_document import ProjectDocument


class ImportTimeline(Command):
    def __init__(self, doc: ProjectDocument, prepared: TimelineImport,
                 index: int | None = None) -> None:
        self.index = len(doc.shots) if index is None else index
        self.shots: list[Shot] = []
        self.takes: list[Take] = []
        for item in prepared.shots:
            shot = doc.new_shot(**item.fields)
            if item.take is not None:
                take = Take(shot_id=shot.id, number=1, **item.take)
                shot = shot.model_copy(update={"selected_take_id": take.id})
                self.takes.append(take)
            self.shots.append(shot)
        self.text = f"Import {len(self.shots)} shot(s) from {prepared.source.name}"
        self.new_tracks, self.clips, self.cues = sound_rows(doc, prepared.sound, self.index)

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.shots]

    def do(self, doc: ProjectDocument) -> None:
        with doc.db.transaction():
            doc.insert_shots(self.index, self.shots)
            for take in self.takes:
                if doc.take(take.id) is None:
                    doc.add_take(take)
            for track in self.new_tracks:
                doc.sound.put_track(track)
            if self.clips:
                doc.sound.put_clips(self.clips)
            if self.cues:
                doc.sound.put_cues(self.cues)

    def undo(self, doc: ProjectDocument) -> None:
        with doc.db.transaction():
            doc.sound.remove_clips([c.id for c in self.clips])
            for track_id in {q.track_id for q in self.cues}:
                doc.sound.remove_cues(track_id, [q.id for q in self.cues
                                                 if q.track_id == track_id])
            for track in self.new_tracks:
                doc.sound.remove_track(track.id)
            doc.remove_shots(self.ids)


def sound_rows(doc: ProjectDocument, sound: ImportedSound, index: int
               ) -> tuple[list[SoundTrack], list[AudioClip], list[SubtitleCue]]:
    """The timeline's audio clips and cues on the project's tracks of the same names (made
    when missing), shifted to where the imported shots start in the film."""
    if not sound:
        return [], [], []
    offset = doc.cut_starts()[min(index, len(doc.shots))]
    existing = doc.sound.tracks
    made: list[SoundTrack] = []
    last = max((t.position for t in existing), default=-1.0)

    def track(name: str, kind: str) -> SoundTrack:
        nonlocal last
        for t in (*existing, *made):
            if t.kind == kind and t.name.casefold() == name.casefold():
                return t
        last += 1
        new = SoundTrack(project_id=doc.project.id, kind=kind, name=name, position=last,
                         muted=sound.muted.get(name, False) if kind == "audio" else False)
        made.append(new)
        return new

    clips = [AudioClip(track_id=track(c.track, "audio").id, media_path=str(c.media),
                       **{**c.fields, "start": c.fields["start"] + offset})
             for c in sound.clips if c.media is not None]
    cues = [SubtitleCue(track_id=track(q["track"], "subtitle").id, start=q["start"] + offset,
                        end=q["end"] + offset, text=q["text"]) for q in sound.cues]
    return made, clips, cues
