"""The bin's model reads a project's items unbuilt (MediaLibrary.rows) and builds each when a
view first asks for more than its name, kind or path: every role it answers, its drag data
and its item list equal those of the items read eagerly, built rows or not, and an import
after the read lands in the same sorted place."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.media_item import MediaItem
from app.services.media_library import MediaLibrary
from app.services.studio import Studio
from ui.media_bin.model import (
    MEDIA_MIME,
    DetailsRole,
    ItemRole,
    KindRole,
    MediaBinModel,
    PathRole,
)

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, KindRole, PathRole,
         DetailsRole, ItemRole)


def eager_data(item: MediaItem, role) -> object:
    return {
        Qt.ItemDataRole.DisplayRole: item.name,
        Qt.ItemDataRole.ToolTipRole: f"{item.name}\n{item.kind} · {item.details()}\n"
                                     "Double-click to play; drag onto a shot to use it",
        KindRole: item.kind, PathRole: item.path, DetailsRole: item.details(), ItemRole: item,
    }[role]


def test_the_bin_model_over_unbuilt_rows_answers_as_the_eager_items(qapp, tmp_path):
    studio = Studio.open(tmp_path)
    project = studio.create_project("Bin")
    library = MediaLibrary.for_studio(studio, project.id)
    for i in range(6):
        library.repo.add(MediaItem(
            project_id=project.id, sha256=f"{i:064x}", kind=("video", "image", "audio")[i % 3],
            name=f"file {i}", path=str(tmp_path / f"m{i}"), size=2048 * (i + 1),
            duration=1.5 * i if i % 3 != 1 else None, width=320 if i % 3 != 2 else None,
            height=180 if i % 3 != 2 else None, video_codec="h264" if i % 3 == 0 else None,
            created=50.0 + i // 2))
    eager = library.items()
    model = MediaBinModel()
    model.set_library(library)
    assert model.rowCount() == len(eager) == 6
    # names, kinds and paths first (what a first paint and a drag-over read), nothing built
    for role in (Qt.ItemDataRole.DisplayRole, KindRole, PathRole):
        assert [model.index(r).data(role) for r in range(6)] == [
            eager_data(i, role) for i in eager]
    assert not any(isinstance(e, MediaItem) for e in model._items)
    mime = model.mimeData([model.index(4), model.index(1)])
    assert bytes(mime.data(MEDIA_MIME)).decode() == f'["{eager[1].id}", "{eager[4].id}"]'
    assert [u.toLocalFile() for u in mime.urls()] == [eager[1].path, eager[4].path]
    for role in ROLES:
        assert [model.index(r).data(role) for r in range(6)] == [
            eager_data(i, role) for i in eager], role
    assert model.items() == eager and [model.row_of(i.id) for i in eager] == list(range(6))
    # an item imported after the read sorts among rows and items alike
    fresh = MediaLibrary.for_studio(studio, project.id)
    model.set_library(fresh)
    late = MediaItem(project_id=project.id, sha256="e" * 64, kind="image", name="late",
                     path=str(tmp_path / "late"), size=1, created=51.5)
    fresh.repo.add(late)
    fresh.item_added.emit(late)
    assert model.items() == fresh.items() and model.row_of(late.id) == 4
    studio.close()


def test_the_bins_row_count_kept_in_cpp_follows_every_import_and_removal(qapp, tmp_path):
    """The row count the views read lives on the C++ side (no Python rowCount per item of a
    layout); through a read, imports and removals it equals the items read eagerly, each
    change announced as the one row it is, and views cannot add or remove rows themselves."""
    studio = Studio.open(tmp_path)
    project = studio.create_project("Bin")
    library = MediaLibrary.for_studio(studio, project.id)

    def item(i: int, created: float) -> MediaItem:
        return MediaItem(project_id=project.id, sha256=f"{i:064x}", kind="image",
                         name=f"file {i}", path=str(tmp_path / f"m{i}"), size=i + 1,
                         created=created)

    for i in range(5):
        library.repo.add(item(i, 10.0 + i))
    model = MediaBinModel()
    resets, inserted, removed = [], [], []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))

    def same_as_eager() -> bool:
        eager = library.items()
        return (model.rowCount() == len(eager)
                and [model.index(r).data(ItemRole) for r in range(model.rowCount())] == eager
                and not model.index(len(eager)).isValid())

    model.set_library(library)
    assert resets == [5] and same_as_eager()
    late = item(7, 12.5)
    library.repo.add(late)
    library.item_added.emit(late)
    assert inserted == [(3, 3)] and same_as_eager()
    gone = library.items()[1]
    library.repo.set_deleted(gone.id, True)
    library.item_removed.emit(gone.id)
    assert removed == [(1, 1)] and same_as_eager()
    assert not model.insertRows(0, 1) and not model.removeRows(0, 2) and same_as_eager()
    model.set_library(None)
    assert resets == [5, 0] and model.rowCount() == 0
    studio.close()
