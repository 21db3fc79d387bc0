"""`.reelroom` bundles: a project and its media out and back in as a NEW project, and every way
a bad bundle is refused without changing anything."""

from __future__ import annotations

import json
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from app.domain import Comment, Element, Take, Transition
from app.interchange.bundle import VERSION, BundleError, export_bundle, import_bundle
from app.storage.comments import CommentRepository
from app.storage.elements import ElementRepository
from app.storage.shots import ShotRepository
from app.storage.takes import TakeRepository


@pytest.fixture
def made(studio, tmp_path):
    """A project with takes (one media file used twice), reference images and comments."""
    src = tmp_path / "src"
    src.mkdir()
    clip = src / "clip.mp4"
    clip.write_bytes(b"\x00video-bytes" * 5000)
    other = src / "other.mp4"
    other.write_bytes(b"\x01other-bytes" * 3000)
    face = src / "mara.png"
    face.write_bytes(b"\x89PNG mara")
    ref = src / "mood.jpg"
    ref.write_bytes(b"\xff\xd8 mood")
    project = studio.create_project("Film", fps=25.0, aspect="9:16")
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [
        doc.new_shot(title="One", prompt="@Mara walks", duration=3.5,
                     transition=Transition.DISSOLVE, reference_media=[str(ref)],
                     params={"seed": 7}, template_values={"mood": "grim"}),
        doc.new_shot(title="Two", prompt="sea", duration=2.0),
        doc.new_shot(title="Three", prompt="end", duration=5.0),
    ])
    ids = doc.shots.ids()
    doc.add_take(Take(shot_id=ids[0], media_path=str(clip), duration=3.0, provider="platform",
                      cost=21, cost_currency="credits"))
    second = doc.add_take(Take(shot_id=ids[0], media_path=str(other), favourite=True))
    doc.update_shot(ids[0], selected_take_id=second.id)
    doc.add_take(Take(shot_id=ids[1], media_path=str(clip)))  # same bytes: stored once
    doc.put_element(Element(project_id=project.id, name="Mara", description="a keeper",
                            reference_image=str(face)))
    doc.put_comment(Comment(shot_id=ids[1], author="Ann", text="darker"))
    return doc


def snapshot(db, project_id):
    shots = ShotRepository(db).for_project(project_id)
    takes = {s.title: [(t.number, t.provider, t.cost, t.favourite, t.duration,
                        Path(t.media_path).read_bytes() if t.media_path else None,
                        t.id == s.selected_take_id)
                       for t in TakeRepository(db).for_shot(s.id)] for s in shots}
    rows = [(s.title, s.prompt, s.duration, s.transition, s.params, s.template_values,
             [Path(p).read_bytes() for p in s.reference_media]) for s in shots]
    elements = [(e.name, e.description, Path(e.reference_image).read_bytes())
                for e in ElementRepository(db).for_project(project_id)]
    comments = [(c.author, c.text) for s in shots for c in CommentRepository(db).for_shot(s.id)]
    return rows, takes, elements, comments


def library_state(studio):
    projects = sorted(p.id for p in studio.list_projects())
    folder = studio.paths.data / "projects"
    files = sorted(str(p) for p in folder.rglob("*")) if folder.exists() else []
    return projects, files


async def test_round_trip_gives_an_equal_new_project(studio, made, tmp_path):
    out = tmp_path / "film.reelroom"
    report = await export_bundle(studio.db, made.project.id, out)
    assert (report.shots, report.takes, report.media_files) == (3, 3, 4)  # clip stored once
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["format"] == "reelroom-bundle" and manifest["version"] == VERSION
        assert len([n for n in zf.namelist() if n.startswith("media/")]) == 4

    imported = await import_bundle(studio.db, studio.paths, out)
    new = imported.project
    assert new.id != made.project.id and new.name == "Film (imported)"
    assert (new.fps, new.aspect) == (25.0, "9:16")
    assert snapshot(studio.db, new.id) == snapshot(studio.db, made.project.id)
    # new ids everywhere, and the media lives in the new project's own folder
    old_ids = set(made.shots.ids())
    new_shots = ShotRepository(studio.db).for_project(new.id)
    assert not old_ids & {s.id for s in new_shots}
    take = TakeRepository(studio.db).for_shot(new_shots[0].id)[0]
    assert Path(take.media_path).is_relative_to(studio.paths.data / "projects" / new.id)

    again = await import_bundle(studio.db, studio.paths, out)
    assert again.project.id not in (new.id, made.project.id)
    assert again.project.name == "Film (imported 2)"
    assert len(studio.list_projects()) == 3


async def test_a_corrupt_bundle_changes_nothing(studio, made, tmp_path):
    out = tmp_path / "film.reelroom"
    await export_bundle(studio.db, made.project.id, out)
    before = library_state(studio)
    cut = tmp_path / "cut.reelroom"
    cut.write_bytes(out.read_bytes()[: out.stat().st_size // 2])
    with pytest.raises(BundleError, match="not a Reelroom project bundle, or it is damaged"):
        await import_bundle(studio.db, studio.paths, cut)
    not_zip = tmp_path / "notes.reelroom"
    not_zip.write_text("hello")
    with pytest.raises(BundleError, match="notes.reelroom is not a Reelroom project bundle"):
        await import_bundle(studio.db, studio.paths, not_zip)
    assert library_state(studio) == before


def rewrite(src: Path, dest: Path, change) -> Path:
    """Copy a bundle entry by entry, letting `change(name, data)` alter or drop entries."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            out = change(info.filename, zin.read(info.filename))
            if out is not None:
                zout.writestr(out[0], out[1])
    return dest


async def test_a_newer_bundle_version_is_refused(studio, made, tmp_path):
    out = tmp_path / "film.reelroom"
    await export_bundle(studio.db, made.project.id, out)
    before = library_state(studio)

    def newer(name, data):
        if name == "manifest.json":
            m = json.loads(data)
            m["version"] = VERSION + 1
            data = json.dumps(m).encode()
        return name, data

    bundle = rewrite(out, tmp_path / "newer.reelroom", newer)
    with pytest.raises(BundleError, match=r"made by a newer Reelroom .*Update Reelroom"):
        await import_bundle(studio.db, studio.paths, bundle)
    assert library_state(studio) == before


async def test_zip_slip_names_are_refused(studio, made, tmp_path):
    out = tmp_path / "film.reelroom"
    await export_bundle(studio.db, made.project.id, out)
    before = library_state(studio)
    evil = tmp_path / "evil.reelroom"
    rewrite(out, evil, lambda n, d: (n, d))
    with zipfile.ZipFile(evil, "a") as zf:
        zf.writestr("../../escaped.txt", b"gotcha")
    with pytest.raises(BundleError, match=r"refused: it holds a file named '../../escaped.txt'"):
        await import_bundle(studio.db, studio.paths, evil)
    assert library_state(studio) == before
    assert not list(tmp_path.rglob("escaped.txt"))


async def test_tampered_media_is_caught_and_leaves_nothing(studio, made, tmp_path):
    out = tmp_path / "film.reelroom"
    await export_bundle(studio.db, made.project.id, out)
    before = library_state(studio)

    def tamper(name, data):
        return name, (data[:-1] + b"!" if name.startswith("media/") else data)

    bundle = rewrite(out, tmp_path / "tampered.reelroom", tamper)
    with pytest.raises(BundleError, match="does not match its checksum"):
        await import_bundle(studio.db, studio.paths, bundle)
    assert library_state(studio) == before  # the staging folder went too


async def test_media_is_streamed_not_held_in_memory(studio, tmp_path):
    project = studio.create_project("Big")
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title="Long")])
    big = tmp_path / "big.mp4"
    with open(big, "wb") as fh:
        for i in range(48):
            fh.write(bytes([i]) * (1024 * 1024))
    doc.add_take(Take(shot_id=doc.shots[0].id, media_path=str(big)))
    tracemalloc.start()
    try:
        await export_bundle(studio.db, project.id, tmp_path / "big.reelroom")
        result = await import_bundle(studio.db, studio.paths, tmp_path / "big.reelroom")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 12 * 1024 * 1024  # a 48 MB file went through in 1 MB chunks
    take = TakeRepository(studio.db).for_shot(
        ShotRepository(studio.db).for_project(result.project.id)[0].id)[0]
    assert Path(take.media_path).stat().st_size == 48 * 1024 * 1024


@pytest.mark.slow  # three CLI processes
def test_cli_moves_a_project_as_a_bundle(studio, made, reelroom_home, tmp_path):
    import os
    import subprocess
    import sys

    studio.close()

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "app.cli.main", *args],
                              capture_output=True, text=True, timeout=180,
                              env={**os.environ, "REELROOM_HOME": str(reelroom_home)})

    out = cli("bundle", "export", "Film", str(tmp_path / "f.reelroom"))
    assert out.returncode == 0, out.stderr
    assert "3 shot(s), 3 take(s), 4 media file(s)" in out.stdout
    out = cli("bundle", "import", str(tmp_path / "f.reelroom"))
    assert out.returncode == 0, out.stderr
    assert "Imported “Film (imported)”" in out.stdout
    assert "Film (imported)" in cli("project", "list").stdout
    (tmp_path / "bad.reelroom").write_text("nope")
    out = cli("bundle", "import", str(tmp_path / "bad.reelroom"))
    assert out.returncode == 1 and "not a Reelroom project bundle" in out.stderr
