"""The order the Queue panel lists jobs in: what runs now, then what waits in the order it will
be sent, then what finished (newest first). The source model never moves rows; this proxy
re-sorts as states change, and hides finished jobs the user cleared from view."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel

from app.services.queue import Job
from ui.queue.model import SERVICE, JobTableModel, order_key


class JobOrderProxy(QSortFilterProxyModel):
    def __init__(self, source: JobTableModel, parent=None) -> None:
        super().__init__(parent)
        self.project_id: str | None = None  # None: every project's jobs
        self.setSourceModel(source)
        self.setDynamicSortFilter(True)
        # The order is order_key's whatever the column; the Service column is the one given
        # because only a job's own change repaints it (its whole row, so the order follows),
        # while the other repaints change no job's place: the Shot labels (a project open or
        # a shot edit), the Position cells each time a job starts (every waiting row, with
        # the State cells they are folded into) and the running clock. Qt re-sorts the rows
        # of every repaint that spans the sort column: with State given, each job that
        # started sorted every waiting job again (a quarter of the queue's GUI-thread work).
        self.sort(SERVICE)

    def set_project(self, project_id: str | None) -> None:
        """Show only this project's jobs (None: all projects)."""
        if project_id != self.project_id:
            # rows the filter lets in are sorted in among the others by their current order:
            # the source's untold changes of place first
            self.source().tell_views()
            self.beginFilterChange()
            self.project_id = project_id
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802 (Qt API)
        if self.project_id is None:
            return True
        return self.source().job_at(row).project_id == self.project_id

    def source(self) -> JobTableModel:
        return self.sourceModel()  # type: ignore[return-value]

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:
        model = self.source()
        return order_key(model.job_at(left.row())) < order_key(model.job_at(right.row()))

    def job_at(self, row: int) -> Job:
        return self.source().job_at(self.mapToSource(self.index(row, 0)).row())
