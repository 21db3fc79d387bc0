"""`.reelroom` bundles: a project with its media in one zip, to move it to another machine.

Layout: `manifest.json` (format name and version, which file each path was), the rows as JSON
(`project.json`, `shots.json`, `takes.json`, `elements.json`, `comments.json`, `sound.json`) and each media
file once, named by its sha256 (`media/<sha256><ext>`). Media is streamed in and out in chunks,
so memory does not grow with file size.

Import never overwrites: it creates a NEW project (new ids, so importing twice gives two
projects) and copies media into that project's own folder. Everything is checked before the
library changes — entry names (no `../`), the format version, the rows, each file's hash — the
media is unpacked into a staging folder, moved into place in one rename, and the rows are
written in one transaction; if anything fails the staging folder is removed and the library is
as it was."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import shutil
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from app import __version__
from app.domain import Comment, Element, Project, Shot, Take
from app.domain.ids import new_id
from app.domain.shot_inputs import remote_reference
from app.fsutil import COPY_CHUNK as CHUNK
from app.interchange.bundle_manifest import FORMAT, MEDIA_ENTRY, VERSION, Manifest
from app.interchange.bundle_sound import ENTRY as SOUND_ENTRY
from app.interchange.bundle_sound import SoundRows, collect_sound, renumbered, write_sound
from app.interchange.errors import InterchangeError
from app.interchange.media_store import PREFIX
from app.paths import Paths
from app.services.media_files import sha256_file
from app.storage.comments import CommentRepository
from app.storage.database import Database
from app.storage.elements import ElementRepository
from app.storage.projects import ProjectRepository
from app.storage.shots import ShotRepository
from app.storage.takes import TakeRepository
from app.validation_text import one_line

SUFFIX = ".reelroom"
MANIFEST = "manifest.json"
ROWS = ("project", "shots", "takes", "elements", "comments")
_MEDIA_ENTRY = MEDIA_ENTRY


class BundleError(InterchangeError):
    pass


# -- export -------------------------------------------------------------------------------


@dataclass
class BundleContent:
    project: Project
    shots: list[Shot]
    takes: list[Take]
    elements: list[Element]
    comments: list[Comment]
    sound: SoundRows = field(default_factory=SoundRows)

    def paths(self) -> list[str]:
        """Every file the project refers to: takes' media, reference images, element images."""
        found: list[str] = []
        for take in self.takes:
            found.append(take.media_path or "")
            found.extend(take.assets.values())
        for shot in self.shots:
            found.extend(shot.reference_media)
            found.extend(p for p in shot.inputs.values() if not remote_reference(p))
        for element in self.elements:
            found.append(element.reference_image or "")
        found.extend(self.sound.paths())
        return list(dict.fromkeys(p for p in found if p))


@dataclass
class BundleReport:
    path: Path
    project: Project
    shots: int = 0
    takes: int = 0
    media_files: int = 0
    media_bytes: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self, verb: str = "Wrote") -> str:
        text = (f"{verb} “{self.project.name}”: {self.shots} shot(s), {self.takes} take(s), "
                f"{self.media_files} media file(s) ({self.media_bytes / 2**20:.1f} MB) — "
                f"{self.path}")
        return text + ("\n" + "\n".join(self.warnings) if self.warnings else "")


def collect(db: Database, project_id: str) -> BundleContent:
    """The project's live rows (deleted shots and takes stay behind)."""
    project = ProjectRepository(db).get(project_id)
    if project is None:
        raise BundleError(f"There is no project with id {project_id}.")
    shots = ShotRepository(db).for_project(project_id)
    takes_repo, comments_repo = TakeRepository(db), CommentRepository(db)
    takes = [t for s in shots for t in takes_repo.for_shot(s.id)]
    comments = [c for s in shots for c in comments_repo.for_shot(s.id)]
    return BundleContent(project, shots, takes, ElementRepository(db).for_project(project_id),
                         comments, collect_sound(db, project_id))


def _rows(models: list[BaseModel]) -> bytes:
    return json.dumps([m.model_dump(mode="json") for m in models], indent=1).encode()


def write_bundle(content: BundleContent, dest: Path) -> BundleReport:
    """Blocking (run it in a thread): hash every file, then stream rows and media into
    `dest` through a `.part` file renamed into place at the end."""
    dest = Path(dest)
    report = BundleReport(dest, content.project, len(content.shots), len(content.takes))
    files: dict[str, str] = {}  # path as the rows say it -> sha256
    media: dict[str, Path] = {}  # entry name -> a file with that content
    for p in content.paths():
        path = Path(p)
        if not path.is_file():
            report.warnings.append(f"Not in the bundle (file missing): {p}")
            continue
        digest = sha256_file(path)
        entry = f"media/{digest}{path.suffix.lower()}"
        if not _MEDIA_ENTRY.match(entry):
            entry = f"media/{digest}"
        files[p] = entry
        media.setdefault(entry, path)
    manifest = {
        "format": FORMAT, "version": VERSION, "app_version": __version__,
        "created": time.time(), "project": content.project.name,
        "files": files,
        "media": {e: {"size": p.stat().st_size, "name": p.name} for e, p in media.items()},
    }
    takes = [t.model_copy(update={"thumbnail_path": None}) for t in content.takes]  # remade
    part = dest.with_name(dest.name + ".part")
    try:
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, indent=1))
            zf.writestr("project.json", content.project.model_dump_json(indent=1))
            zf.writestr("shots.json", _rows(content.shots))
            zf.writestr("takes.json", _rows(takes))
            zf.writestr("elements.json", _rows(content.elements))
            zf.writestr("comments.json", _rows(content.comments))
            zf.writestr(SOUND_ENTRY, content.sound.model_dump_json(indent=1))
            for entry, path in media.items():
                info = zipfile.ZipInfo(entry, time.localtime()[:6])
                info.compress_type = zipfile.ZIP_STORED  # video and images are compressed
                with open(path, "rb") as src, zf.open(info, "w", force_zip64=True) as out:
                    shutil.copyfileobj(src, out, CHUNK)
                report.media_files += 1
                report.media_bytes += path.stat().st_size
        with open(part, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(part, dest)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise BundleError(f"Could not write {dest}: {exc.strerror or exc}") from exc
    return report


async def export_bundle(db: Database, project_id: str, dest: Path) -> BundleReport:
    content = collect(db, project_id)  # on the caller's thread: the connection is shared
    return await asyncio.to_thread(write_bundle, content, Path(dest))


# -- import -------------------------------------------------------------------------------


@dataclass
class Staged:
    """A bundle checked and unpacked into `folder`, not yet in the library."""

    source: Path
    folder: Path  # becomes the new project's folder; holds media/<sha prefix>/<name>
    project: Project
    shots: list[Shot]
    takes: list[Take]
    elements: list[Element]
    comments: list[Comment]
    files: dict[str, str]  # path in the rows -> path relative to `folder`
    sound: SoundRows | None = None  # None: a bundle from before sound tracks


def _unsafe(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (name.startswith(("/", "\\")) or "\\" in name or ".." in parts
            or bool(re.match(r"^[A-Za-z]:", name)))


def _damaged(source: Path, why: str) -> BundleError:
    return BundleError(f"{source.name} is damaged and was not imported ({why}). "
                       "Nothing was changed; export the bundle again.")


def _load_json(zf: zipfile.ZipFile, source: Path, name: str) -> Any:
    try:
        return json.loads(zf.read(name))
    except KeyError:
        raise _damaged(source, f"{name} is missing") from None
    except (ValueError, zipfile.BadZipFile) as exc:
        raise _damaged(source, f"{name} cannot be read: {exc}") from None


def _models(kind: type[BaseModel], rows: Any, source: Path, name: str) -> list[Any]:
    if not isinstance(rows, list):
        raise _damaged(source, f"{name} is not a list")
    try:
        return [kind.model_validate(r) for r in rows]
    except ValidationError as exc:
        raise _damaged(source, f"{name}: {one_line(exc)}") from None


def _check_manifest(raw: Any, source: Path) -> Manifest:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BundleError(f"{source.name} is not a Reelroom project bundle. Nothing was changed.")
    version = raw.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise BundleError(
            f"{source.name} was made by a newer Reelroom (bundle format {version}; this "
            f"version reads up to {VERSION}). Update Reelroom to import it; nothing was changed.")
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        raise _damaged(source, f"its manifest: {one_line(exc)}") from None


def _extract(zf: zipfile.ZipFile, entry: str, size: int, dest: Path, source: Path) -> None:
    digest = entry.split("/", 1)[1].split(".", 1)[0]
    h = hashlib.sha256()
    written = 0
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        with zf.open(entry) as src, open(dest, "wb") as out:
            while block := src.read(CHUNK):
                h.update(block)
                written += len(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
    except KeyError:
        raise _damaged(source, f"{entry} is missing") from None
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise _damaged(source, f"{entry} cannot be read: {exc}") from None
    if h.hexdigest() != digest or written != size:
        raise _damaged(source, f"{entry} does not match its checksum")


def stage(source: Path, staging: Path) -> Staged:
    """Blocking (run it in a thread): check everything and unpack media into `staging`
    (which must not exist). On any problem `staging` is removed and BundleError raised."""
    source = Path(source)
    if not source.is_file():
        raise BundleError(f"{source} does not exist.")
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BundleError(f"{source.name} is not a Reelroom project bundle, or it is damaged "
                          f"({exc}). Nothing was changed.") from exc
    try:
        with zf:
            bad = [n for n in zf.namelist() if _unsafe(n)]
            if bad:
                raise BundleError(
                    f"{source.name} was refused: it holds a file named {bad[0]!r}, which points "
                    "outside its own folder. A genuine Reelroom bundle never does; nothing was "
                    "changed.")
            manifest = _check_manifest(_load_json(zf, source, MANIFEST), source)
            project = _models(Project, [_load_json(zf, source, "project.json")], source,
                              "project.json")[0]
            shots = _models(Shot, _load_json(zf, source, "shots.json"), source, "shots.json")
            takes = _models(Take, _load_json(zf, source, "takes.json"), source, "takes.json")
            elements = _models(Element, _load_json(zf, source, "elements.json"), source,
                               "elements.json")
            comments = _models(Comment, _load_json(zf, source, "comments.json"), source,
                               "comments.json")
            _check_links(source, shots, takes, comments)
            sound = None
            if SOUND_ENTRY in zf.namelist():
                try:
                    sound = SoundRows.model_validate(_load_json(zf, source, SOUND_ENTRY))
                except ValidationError as exc:
                    raise _damaged(source, f"{SOUND_ENTRY}: {one_line(exc)}") from None
            staging.mkdir(parents=True)
            try:
                placed = _unpack(zf, manifest, staging, source)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
    except zipfile.BadZipFile as exc:
        raise _damaged(source, str(exc)) from None
    files = {p: placed[e] for p, e in manifest.files.items() if e in placed}
    return Staged(source, staging, project, shots, takes, elements, comments, files, sound)


def _unpack(zf: zipfile.ZipFile, manifest: Manifest, staging: Path,
            source: Path) -> dict[str, str]:
    placed: dict[str, str] = {}
    for entry, info in manifest.media.items():
        digest = manifest.digest(entry)
        name = Path(info.name.replace("\\", "/")).name
        if name in ("", ".", ".."):
            name = "media"
        rel = f"media/{digest[:PREFIX]}/{name}"
        _extract(zf, entry, info.size, staging / rel, source)
        placed[entry] = rel
    return placed


def _check_links(source: Path, shots: list[Shot], takes: list[Take],
                 comments: list[Comment]) -> None:
    shot_ids = {s.id for s in shots}
    take_ids = {t.id for t in takes}
    if any(t.shot_id not in shot_ids for t in takes):
        raise _damaged(source, "a take belongs to no shot")
    if any(c.shot_id not in shot_ids for c in comments):
        raise _damaged(source, "a comment belongs to no shot")
    if any(s.selected_take_id and s.selected_take_id not in take_ids for s in shots):
        raise _damaged(source, "a shot selects a take it does not have")


def _free_name(projects: ProjectRepository, name: str) -> str:
    taken = {p.name for p in projects.all()}
    if name not in taken:
        return name
    n = 1
    while f"{name} (imported{'' if n == 1 else f' {n}'})" in taken:
        n += 1
    return f"{name} (imported{'' if n == 1 else f' {n}'})"


def commit(db: Database, paths: Paths, staged: Staged) -> BundleReport:
    """Give everything new ids, move the staged folder into place and write every row in one
    transaction. On failure the library and the projects folder are as they were."""
    projects = ProjectRepository(db)
    project = staged.project.model_copy(update={
        "id": new_id(), "name": _free_name(projects, staged.project.name)})
    final = paths.project(project.id)
    files = {p: str(final / rel) for p, rel in staged.files.items()}

    def moved(p: str | None) -> str | None:
        return files.get(p, p) if p else p

    shot_ids = {s.id: new_id() for s in staged.shots}
    take_ids = {t.id: new_id() for t in staged.takes}
    shots = [s.model_copy(update={
        "id": shot_ids[s.id], "project_id": project.id,
        "selected_take_id": take_ids.get(s.selected_take_id or ""),
        "reference_media": [moved(p) for p in s.reference_media],
        "inputs": {r: moved(p) for r, p in s.inputs.items()}}) for s in staged.shots]
    takes = [t.model_copy(update={"id": take_ids[t.id], "shot_id": shot_ids[t.shot_id],
                                  "media_path": moved(t.media_path), "thumbnail_path": None,
                                  "assets": {k: moved(p) for k, p in t.assets.items()}})
             for t in staged.takes]
    elements = [e.model_copy(update={"id": new_id(), "project_id": project.id,
                                     "reference_image": moved(e.reference_image)})
                for e in staged.elements]
    comments = [c.model_copy(update={"id": new_id(), "shot_id": shot_ids[c.shot_id]})
                for c in staged.comments]
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged.folder, final)  # a new id: nothing is there to overwrite
    try:
        with db.transaction():
            projects.add(project)
            ShotRepository(db).upsert(shots)
            take_repo = TakeRepository(db)
            for take in takes:
                take_repo.add(take)
            for element in elements:
                ElementRepository(db).put(element)
            for comment in comments:
                CommentRepository(db).put(comment)
            if staged.sound is not None:
                write_sound(db, renumbered(staged.sound, project.id,
                                           lambda p: moved(p) or p))
    except BaseException:
        shutil.rmtree(final, ignore_errors=True)
        raise
    report = BundleReport(staged.source, project, len(shots), len(takes),
                          media_files=len(set(staged.files.values())))
    report.media_bytes = sum(f.stat().st_size for f in final.rglob("*") if f.is_file())
    return report


async def import_bundle(db: Database, paths: Paths, source: Path) -> BundleReport:
    staging = paths.data / "projects" / f".incoming-{uuid.uuid4().hex}"
    staged = await asyncio.to_thread(stage, Path(source), staging)
    try:
        return commit(db, paths, staged)  # on the caller's thread: the connection is shared
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already unless commit failed early
