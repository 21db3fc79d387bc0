"""Queuing generations from the window: plan the jobs, price them, ask before spending, queue
exactly what was priced. Every refusal (a parameter the service would reject, the budget cap,
a service without a key) comes back as a message box that names the problem."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.service_errors import ProviderError
from app.services.library_reads import shots_of, take_counts
from app.services.queue import BudgetExceeded, Job, JobSpec, JobState, MissingKey
from app.services.service_names import display_name
from app.validation_text import user_text
from ui.queue import asking
from ui.queue.texts import estimate_summary

BILLING_NOTE = ("A job sent to a service may be billed even if you cancel it later. "
                "The animatic (offline) is always free.")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


class Generator:
    def __init__(self, queue, parent: QWidget) -> None:
        self.queue = queue
        self.parent = parent
        self.last_notice: QMessageBox | None = None  # what the user was last told (tests)

    # -- what to queue ---------------------------------------------------------------------
    def missing_shot_ids(self, project_id: str) -> list[str]:
        """Shots with no take and none on its way (what "Generate all shots without a take"
        means; the same rule as Queue.generate_missing)."""
        have = set(take_counts(self.queue.db, project_id))
        coming = {j.shot_id for j in self.queue.store.list(
            project_id=project_id,
            states=[JobState.QUEUED, JobState.SUBMITTING, JobState.RUNNING,
                    JobState.DOWNLOADING])}
        return [s.id for s in shots_of(self.queue.db, project_id)
                if s.id not in have and s.id not in coming]

    async def takes(self, project_id: str, shot_ids: Sequence[str], count: int = 1
                    ) -> list[Job]:
        if not shot_ids:
            self.notice("Nothing to generate",
                        "Select the shots to generate in the timeline first (click a shot; "
                        "Ctrl+click to add more).", icon=QMessageBox.Icon.Information)
            return []
        try:
            # the queue's own planning, so what is priced here is exactly what gets queued
            specs = await self.queue._shot_specs(project_id, list(shot_ids), count, None, None)
        except ProviderError as exc:
            self.notice("Cannot queue these takes", exc.user_message())
            return []
        except (KeyError, ValueError, LookupError, ImportError) as exc:
            self.notice("Cannot queue these takes", user_text(exc))
            return []
        what = (_plural(count, "take") if len(shot_ids) == 1
                else f"{_plural(count, 'take')} of {len(shot_ids)} shots")
        return await self.send(specs, what)

    async def missing(self, project_id: str) -> list[Job]:
        ids = self.missing_shot_ids(project_id)
        if not ids:
            self.notice("Nothing to generate",
                        "Every shot already has a take or one on its way.",
                        icon=QMessageBox.Icon.Information)
            return []
        return await self.takes(project_id, ids, 1)

    # -- price, ask, queue -----------------------------------------------------------------
    async def send(self, specs: Sequence[JobSpec], what: str) -> list[Job]:
        try:
            estimates = await self.queue.estimate(specs)
        except MissingKey as exc:
            await self.offer_settings(str(exc))
            return []
        except ProviderError as exc:
            self.notice("Cannot queue " + what, exc.user_message())
            return []
        except (ValueError, KeyError, LookupError, ImportError) as exc:
            self.notice("Cannot queue " + what, user_text(exc))
            return []
        cost, ask = estimate_summary(estimates)
        if ask:
            providers = sorted({display_name(s.provider) for s in specs})
            ok = await asking.confirm(
                self.parent, "Queue generations",
                f"Queue {what} on {', '.join(providers)}?\n\nEstimated cost: {cost}",
                f"Queue {_plural(len(specs), 'job')}", informative=BILLING_NOTE)
            if not ok:
                return []
        try:
            return await self.queue.enqueue(specs)
        except BudgetExceeded as exc:
            self.notice("Over the budget cap",
                        f"{exc}.\n\nRaise or remove the cap in Settings, or queue fewer takes.")
        except ProviderError as exc:
            self.notice("Cannot queue " + what, exc.user_message())
        except (ValueError, KeyError, LookupError, ImportError) as exc:
            self.notice("Cannot queue " + what, user_text(exc))
        return []

    async def offer_settings(self, text: str) -> None:
        """Refused before anything is priced or sent; the way to fix it is one click away."""
        show = getattr(self.parent, "show_settings", None)
        if show is None:
            self.notice("No API key", text)
            return
        if await asking.confirm(self.parent, "No API key", text + ".", "Open Settings",
                                informative="Nothing was queued or sent."):
            show()

    def notice(self, title: str, text: str, *, icon=QMessageBox.Icon.Warning) -> None:
        self.last_notice = asking.tell(self.parent, title, text, icon=icon)
