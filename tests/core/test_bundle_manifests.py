"""Every malformed bundle manifest is refused in one line naming what is wrong, and leaves the
library exactly as it was — through the core and through `reelroom-cli bundle import`."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json

import pytest

from app.cli.main import main
from app.interchange.bundle import (
    BundleError,
    collect,
    export_bundle,
    import_bundle,
    write_bundle,
)
from tests.core.test_bundle import library_state, made, rewrite  # noqa: F401 (fixture)


def _media_key(m):
    return next(iter(m["media"]))


def _set_size(value):
    def change(m):
        m["media"][_media_key(m)]["size"] = value
    return change


def _replace(key, value):
    def change(m):
        m[key] = value
    return change


def _entry_is(value):
    def change(m):
        m["media"][_media_key(m)] = value
    return change


def _rename_media(m):
    m["media"]["media/not-a-hash.mp4"] = m["media"].pop(_media_key(m))


def _dangling_file(m):
    m["files"]["/somewhere/else.mp4"] = "media/" + "0" * 64 + ".mp4"


MALFORMED = {
    "size is text": (_set_size("abc"), "size must be a whole number (got 'abc')"),
    "size is negative": (_set_size(-1), "size must be at least 0 (got -1)"),
    "size is missing": (lambda m: m["media"][_media_key(m)].pop("size"), "size is required"),
    "media is a list": (_replace("media", [1, 2]), "media must be a mapping"),
    "files is a list": (_replace("files", ["a"]), "files must be a mapping"),
    "files is missing": (lambda m: m.pop("files"), "files is required"),
    "a media entry is a list": (_entry_is(["x"]), "must be a mapping"),
    "a name is a number": (lambda m: m["media"][_media_key(m)].update(name=5),
                           "name must be text"),
    "version is text": (_replace("version", "one"), "version must be a whole number"),
    "version is zero": (_replace("version", 0), "version must be at least 1"),
    "a media name is not a hash": (_rename_media, "names an unexpected file"),
    "a file points at nothing": (_dangling_file, "which the bundle does not hold"),
    "the manifest is a list": (lambda m: [m], "is not a Reelroom project bundle"),
    "the format is missing": (lambda m: m.pop("format"), "is not a Reelroom project bundle"),
}


def _malformed(out, dest, change):
    def edit(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            changed = change(manifest)
            data = json.dumps(changed if isinstance(changed, list) else manifest).encode()
        return name, data
    return rewrite(out, dest, edit)


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_manifest_is_one_line_and_changes_nothing(studio, made, tmp_path,  # noqa: F811
                                                              case):
    change, words = MALFORMED[case]
    out = tmp_path / "film.reelroom"
    write_bundle(collect(studio.db, made.project.id), out)
    bundle = _malformed(out, tmp_path / "bad.reelroom", change)
    before = library_state(studio)
    with pytest.raises(BundleError) as refused:
        asyncio.run(import_bundle(studio.db, studio.paths, bundle))
    message = refused.value.message
    assert words in message
    assert "\n" not in message and "Nothing was changed" in message.replace("nothing", "Nothing")
    assert library_state(studio) == before

    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        code = main(["bundle", "import", str(bundle)])
    lines = said.getvalue().strip().splitlines()
    assert code == 1 and len(lines) == 1 and lines[0].startswith("error: ")
    assert words in lines[0] and "Traceback" not in said.getvalue()
    assert library_state(studio) == before


async def test_the_manifest_model_still_reads_a_good_bundle(studio, made, tmp_path):  # noqa: F811
    out = tmp_path / "film.reelroom"
    await export_bundle(studio.db, made.project.id, out)
    report = await import_bundle(studio.db, studio.paths, out)
    assert report.shots == 3 and report.takes == 3 and report.media_files == 4
