"""What a project open reads lazily or in lean SQL for speed (benchmarks/library.py) equals
what the full models say when read eagerly:

- ProjectDocument.cut_lengths (the selected takes' trims in one query) equals each shot's
  cut_span built from the shot and its take, through every kind of shot: no take, a take
  without media or without a probed length, trimmed in and out, a deleted selected take, a
  take chosen after the first read, a deleted shot; and after a move and its undo, where the
  lengths read before follow their shots instead of being read again;
- the open's one read of the shots (app.storage.project_open) equals the rows, take counts
  and the rule over the selected takes' trims read one by one, and the lengths and joins a
  fresh document gives from it equal the eager rule whatever changed before they were first
  asked (an insert, a removal, a move, a take deleted, trimmed or newly chosen, a shot's
  duration);
- ProjectDocument.selected_take (only the selected takes read, then one at a time) equals
  the take read by id, or None when it is not live;
- JobStore.latest_per_shot equals the newest job per shot found by walking every job (and
  JobStore.latest_mark, its narrow read of one shot, that shot's mark or None), and
  JobStore.current_and_recent the unfinished jobs plus the newest finished ones, filtered
  from every job;
- MediaLibrary.rows (the bin's items read unbuilt) build into exactly MediaLibrary.items, in
  the same order, with a deleted item left out of both."""

from __future__ import annotations

from app.domain import Take
from app.domain.cut import cut_span, lengths_of
from app.domain.media_item import MediaItem
from app.providers.base import GenerationRequest
from app.services.media_library import MediaLibrary
from app.services.project_document import ProjectDocument
from app.services.queue.job_store import JobMark, JobStore
from app.services.queue.jobs import Job, JobState
from app.services.studio import Studio
from app.storage.project_open import read_opened
from app.storage.shots import ShotRepository
from app.storage.takes import TakeRepository


def eager_lengths(doc: ProjectDocument) -> list[float]:
    takes = {t.id: t for s in doc.shots for t in doc.takes(s.id)}
    return [cut_span(s, takes.get(s.selected_take_id)).length for s in doc.shots]


def build(tmp_path):
    studio = Studio.open(tmp_path)
    project = studio.create_project("Lazy")
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title=f"S{i}", duration=1.5 + i) for i in range(7)])
    s = list(doc.shots)
    add = doc.add_take
    add(Take(shot_id=s[1].id, media_path="/m/1.mp4", duration=6.0))  # plays whole
    add(Take(shot_id=s[2].id, media_path="/m/2.mp4", duration=6.0, trim_in=1.25,
             trim_out=4.0))  # trimmed both ends
    add(Take(shot_id=s[3].id, media_path=None, duration=6.0))  # no media: planned length
    add(Take(shot_id=s[4].id, media_path="/m/4.mp4", duration=None))  # never probed
    gone = add(Take(shot_id=s[5].id, media_path="/m/5.mp4", duration=3.0))
    add(Take(shot_id=s[6].id, media_path="/m/6.mp4", duration=9.0, trim_in=8.999))
    return studio, doc, gone


def test_cut_lengths_read_lean_equal_the_eager_rule(tmp_path):
    studio, doc, gone = build(tmp_path)
    assert doc.cut_lengths() == eager_lengths(doc)
    lengths = doc.cut_lengths()
    assert lengths[0] == 1.5 and lengths[1] == 6.0 and lengths[2] == 2.75
    doc.set_take_deleted(gone, True)  # its shot falls back to its planned duration
    assert doc.cut_lengths() == eager_lengths(doc)
    assert doc.cut_lengths()[5] == 1.5 + 5
    # a second take chosen for shot 1 after the lengths were read
    shot = doc.shots[1]
    second = doc.add_take(Take(shot_id=shot.id, media_path="/m/1b.mp4", duration=2.5))
    doc.update_shot(shot.id, selected_take_id=second.id)
    assert doc.cut_lengths() == eager_lengths(doc)
    assert doc.cut_total() == sum(eager_lengths(doc))
    # and a fresh document reads the same from the library
    fresh = ProjectDocument(studio.db, doc.project)
    assert fresh.cut_lengths() == eager_lengths(fresh) == doc.cut_lengths()
    studio.close()


def test_cut_lengths_follow_their_shots_through_a_move_without_reading_again(tmp_path):
    studio, doc, _gone = build(tmp_path)
    doc.update_shot(doc.shots[2].id, transition="dissolve")
    doc.cut_lengths()  # read once; a move must not read the trims or walk the rule again
    reads = []
    real = doc._takes.selected_trims
    doc._takes.selected_trims = lambda *a: reads.append(a) or real(*a)
    ids = doc.shots.ids()
    old = doc.move_shots([ids[1], ids[2]], 6)
    second = doc.move_shots([ids[3]], 0)  # two drags before the lengths are asked again
    assert reads == []
    assert doc.cut_lengths() == eager_lengths(doc)
    doc.restore_order(second)
    assert doc.cut_lengths() == eager_lengths(doc)
    assert doc.cut_total() == ProjectDocument(studio.db, doc.project).cut_total()
    assert doc.cut_starts() == ProjectDocument(studio.db, doc.project).cut_starts()
    doc.restore_order(old)  # the undo of the move
    assert reads == [] and doc.shots.ids() == ids
    assert doc.cut_lengths() == eager_lengths(doc)
    assert doc.cut_starts() == ProjectDocument(studio.db, doc.project).cut_starts()
    # lengths not read before a move are read after it, as they are stored
    doc._forget_total()
    doc.move_shots([ids[0]], 7)
    assert doc.cut_lengths() == eager_lengths(doc) and len(reads) == 1
    studio.close()


def test_selected_take_read_lazily_equals_the_take_by_id(tmp_path):
    studio, doc, gone = build(tmp_path)
    fresh = ProjectDocument(studio.db, doc.project)
    for shot in fresh.shots:
        expected = fresh.take(shot.selected_take_id) if shot.selected_take_id else None
        assert fresh.selected_take(shot) == expected
    doc.set_take_deleted(gone, True)
    fresh = ProjectDocument(studio.db, doc.project)
    shot = fresh.shots[5]
    assert shot.selected_take_id == gone.id and fresh.selected_take(shot) is None
    studio.close()


def test_latest_job_per_shot_equals_walking_every_job(tmp_path):
    studio, doc, _ = build(tmp_path)
    shots = list(doc.shots)
    request = GenerationRequest(model="m", prompt="p")
    jobs = []
    for i in range(40):
        jobs.append(Job(project_id=doc.project.id, shot_id=shots[i % 5].id if i % 9 else None,
                        provider="openai", model="m", request=request,
                        state=[JobState.DONE, JobState.FAILED, JobState.QUEUED][i % 3],
                        priority=i % 2, position=float(40 - i),
                        created=1000.0 + (i * 7) % 23,  # out of order, with ties
                        updated=2000.0 + i, finished=3000.0 + (i * 11) % 41 if i % 3 == 0
                        else None))
    store = JobStore(studio.db)
    store.add(jobs)
    other = studio.create_project("Other")
    store.add([Job(project_id=other.id, shot_id=shots[0].id, provider="openai", model="m",
                   request=request, created=5000.0)])
    walked: dict[str, Job] = {}
    for job in store.list(project_id=doc.project.id):  # what JobBadges did before
        if job.shot_id is None:
            continue
        current = walked.get(job.shot_id)
        if current is not None and current.id != job.id and current.created > job.created:
            continue
        walked[job.shot_id] = job
    latest = {j.shot_id: j for j in store.latest_per_shot(doc.project.id)}
    assert latest == walked
    marks = {s.id: store.latest_mark(doc.project.id, s.id) for s in shots}
    assert marks == {s.id: JobMark.of(walked[s.id]) if s.id in walked else None for s in shots}
    assert sum(m is not None for m in marks.values()) == 5
    assert all(isinstance(m.state, JobState) for m in marks.values() if m is not None)
    for n in (0, 3, 12, 100):
        every = store.list()
        finished = sorted((j for j in every if j.state.finished),
                          key=lambda j: j.finished or j.updated, reverse=True)
        keep = {j.id for j in finished[:n]}
        assert store.current_and_recent(n) == [j for j in every
                                               if not j.state.finished or j.id in keep]
    studio.close()


def test_media_rows_build_into_the_items_read_eagerly(tmp_path):
    studio = Studio.open(tmp_path)
    project = studio.create_project("Bin")
    library = MediaLibrary.for_studio(studio, project.id)
    kinds = [
        dict(kind="video", duration=2.5, width=1280, height=720, fps=24.0, video_codec="h264",
             audio_codec="aac", container="mov,mp4", thumbnail_path="/t/v.jpg",
             source_path="/from/v.mp4"),
        dict(kind="image", width=640, height=480, container="png_pipe"),  # no thumbnail
        dict(kind="audio", duration=9.0, audio_codec="mp3", container="mp3"),
    ]
    items = [MediaItem(project_id=project.id, sha256=f"{i:064x}", name=f"file {i}",
                       path=f"/lib/{i}", size=1000 * (i + 1), created=100.0 - i // 2,
                       **kinds[i % 3]) for i in range(7)]  # ties on created: then by id
    for item in items:
        library.repo.add(item)
    library.repo.set_deleted(items[3].id, True)
    other = studio.create_project("Other")
    library.repo.add(MediaItem(project_id=other.id, sha256="f" * 64, kind="image", name="x",
                               path="/lib/x", size=1))
    eager = library.items()
    assert len(eager) == 6 and items[3] not in eager and set(eager) <= set(items)
    rows = library.rows()
    assert [r.load() for r in rows] == eager
    assert [(r.id, r.name, r.kind, r.path, r.created) for r in rows] == [
        (i.id, i.name, i.kind, i.path, i.created) for i in eager]
    studio.close()


def test_the_opens_one_read_equals_the_reads_one_by_one(tmp_path):
    studio, doc, gone = build(tmp_path)
    doc.set_take_deleted(gone, True)  # a selected take not live: no trim
    s = list(doc.shots)
    doc.add_take(Take(shot_id=s[1].id, media_path="/m/1c.mp4", duration=4.0))  # 2 takes
    doc.remove_shots([s[2].id])  # deleted, its take kept: counted
    doc.update_shot(s[3].id, params={"transition": "wipe"})  # a key of that name, not its own
    doc.update_shot(s[4].id, transition="dissolve", params={"transition": "cut"})
    doc.update_shot(s[5].id, transition="wipe", prompt='say "transition": "cut"')
    other = studio.open_project(studio.create_project("Other").id)
    other.insert_shots(0, [other.new_shot(duration=9.0)])
    other.add_take(Take(shot_id=other.shots[0].id, media_path="/o.mp4", duration=1.0))
    opened = read_opened(studio.db, doc.project.id)
    rows = ShotRepository(studio.db).rows_for_project(doc.project.id)
    fields = ("id", "project_id", "position", "created", "updated", "data", "duration")
    assert [tuple(getattr(r, f) for f in fields) for r in opened.rows] == [
        tuple(getattr(r, f) for f in fields) for r in rows]
    takes = TakeRepository(studio.db)
    assert opened.take_counts == takes.counts_for_project(doc.project.id)
    assert s[2].id in opened.take_counts and opened.take_counts[s[1].id] == 2
    trims = takes.selected_trims(doc.project.id)
    assert opened.lengths == lengths_of([r.duration for r in rows],
                                        [trims.get(r.id) for r in rows])
    assert len(trims) < len(rows)
    kinds = {r.id: r.load().transition.value for r in rows}
    fresh = ProjectDocument(studio.db, doc.project)
    assert fresh.cut_lengths() == eager_lengths(fresh)
    assert fresh.cut_joins() == {i: kinds[r.id] for i, r in enumerate(rows)
                                 if kinds[r.id] != "cut"}
    studio.close()


def test_lengths_from_the_open_read_equal_the_rule_whatever_changed_first(tmp_path):
    studio, doc, gone = build(tmp_path)
    project = doc.project

    def fresh() -> ProjectDocument:
        return ProjectDocument(studio.db, project)

    assert fresh().cut_lengths() == eager_lengths(doc)
    changes = [
        lambda d: d.insert_shots(2, [d.new_shot(duration=3.25)]),
        lambda d: d.remove_shots([d.shots[1].id]),
        lambda d: d.move_shots([d.shots[0].id], 4),
        lambda d: d.set_take_deleted(d.take(d.shots[1].selected_take_id), True),
        lambda d: d.update_take(d.take(d.shots[2].selected_take_id).model_copy(
            update={"trim_in": 0.5, "trim_out": 2.0})),
        lambda d: d.update_shot(d.shots[1].id, selected_take_id=d.add_take(Take(
            shot_id=d.shots[1].id, media_path="/m/new.mp4", duration=1.75)).id),
        lambda d: d.update_shot(d.shots[0].id, duration=8.5),
    ]
    for change in changes:
        d = fresh()  # opened, then changed before its lengths were first asked
        change(d)
        assert d.cut_lengths() == eager_lengths(d) == eager_lengths(fresh())
        assert d.cut_total() == fresh().cut_total()
    studio.close()
