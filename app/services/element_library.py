"""A project's elements (characters, props, locations): checking what the user typed before a
command is made, and taking a copy of each reference image so the library owns it.

Reference images are copied to `<data>/elements/<project id>/<sha256 prefix><ext>`: the user
may move or delete the original, and the same picture chosen twice is stored once. Copying
reads and hashes the whole file, so the UI runs `import_reference_image` in an executor.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pydantic import ValidationError

from app.domain import Element, ElementKind
from app.services.media_files import sha256_file
from app.services.project_document import ProjectDocument

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp")


def elements_folder(data_dir: Path, project_id: str) -> Path:
    return data_dir / "elements" / project_id


def import_reference_image(data_dir: Path, project_id: str, source: Path) -> Path:
    """Copy `source` into the project's elements folder (content-addressed, written to a
    .part file then renamed so a crash leaves no half image); returns the library's copy."""
    source = Path(source)
    if not source.is_file():
        raise ValueError(f"{source}: no such image file; choose another one")
    if source.suffix.lower() not in IMAGE_SUFFIXES:
        raise ValueError(f"{source.name}: not an image Reelroom can show; use "
                         f"{', '.join(s.lstrip('.').upper() for s in IMAGE_SUFFIXES[:4])}")
    folder = elements_folder(data_dir, project_id)
    if source.resolve().parent == folder.resolve():
        return source.resolve()  # already the library's copy
    digest = sha256_file(source)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{digest[:20]}{source.suffix.lower()}"
    if not target.exists():
        part = target.with_name(target.name + ".part")
        shutil.copyfile(source, part)
        os.replace(part, target)
    return target


def build_element(doc: ProjectDocument, *, name: str, kind: ElementKind | str,
                  description: str = "", reference_image: str | None = None,
                  element_id: str | None = None) -> Element:
    """The element the user described, checked: a one-word name not used by another element
    of this project. Raises ValueError saying what to change."""
    name = name.strip().lstrip("@")
    clash = doc.element_named(name) if name else None
    if clash is not None and clash.id != element_id:
        raise ValueError(f"this project already has an element named @{clash.name}: "
                         "choose another name (names are unique, ignoring case)")
    fields = {"project_id": doc.project.id, "name": name, "kind": ElementKind(kind),
              "description": description.strip(), "reference_image": reference_image or None}
    if element_id is not None:
        fields["id"] = element_id
    try:
        return Element(**fields)
    except ValidationError as exc:
        raise ValueError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None
