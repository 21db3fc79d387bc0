"""Jobs in words: what the queue table, its tooltips and the cost prompts say. Pure functions,
so every wording is tested without a window."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.service_models import CostEstimate
from app.services.queue import Job, JobState
from app.services.service_names import display_name

STATE_WORDS = {
    JobState.QUEUED: "queued",
    JobState.SUBMITTING: "sending",
    JobState.RUNNING: "generating",
    JobState.DOWNLOADING: "downloading",
    JobState.DONE: "done",
    JobState.FAILED: "failed",
    JobState.CANCELLED: "cancelled",
    JobState.NEEDS_ATTENTION: "needs attention",
}

BILLED_BY_SERVICE = "billed by the service"


def money(amount: float, currency: str = "USD") -> str:
    if currency == "USD":
        return f"${amount:,.2f}"
    return f"{amount:g} {currency}"


def state_text(job: Job) -> str:
    """The state, and for a job that did not end well what the service said."""
    word = STATE_WORDS[job.state]
    if job.state == JobState.RUNNING and job.queue_position is not None:
        word = "waiting at the service"
    error = (job.last_error or "").strip()
    if not error or job.state == JobState.DONE or not job.state.finished:
        return word
    if error.lower().startswith(word):
        return error  # "Cancelled before it was sent; not billed." says it already
    return f"{word} — {error}"


def cost_text(job: Job) -> str:
    """Before sending: an estimate. Once sent: what was booked, which the service may bill even
    if the job is cancelled later. Unknown prices say who decides them."""
    if job.handle is None and job.state in (JobState.CANCELLED, JobState.FAILED):
        return "not billed"  # it never reached the service (a refused send is not billed)
    if job.estimated_cost is None:
        return BILLED_BY_SERVICE
    if job.estimated_cost == 0:
        return "free"
    amount = money(job.estimated_cost, job.cost_currency)
    if job.handle is not None:
        return amount
    return f"≈ {amount}"


def cost_tooltip(job: Job) -> str:
    if job.handle is not None:
        return ("Booked when the service accepted the job: a job already sent may be billed "
                "even if it is cancelled.")
    if job.state == JobState.NEEDS_ATTENTION:
        return ("The service may have received this job and may bill for it; check its "
                "history before retrying.")
    if job.state in (JobState.CANCELLED, JobState.FAILED):
        return "It never reached the service, so nothing is billed."
    return "Estimated before sending; the service's own bill is what counts."


def duration_text(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    if h:
        return f"{h}:{m:02d}:{s:02d}"
    return f"{m}:{s:02d}"


def elapsed_text(job: Job, now: float) -> str:
    """How long it has been working (or worked): from the claim to now or to the end."""
    if job.started is None or job.state == JobState.QUEUED:
        return ""
    end = job.finished if job.finished is not None else now
    return duration_text(end - job.started)


def eta_text(job: Job, now: float) -> str:
    """The service's own estimate, counted down from when it said so."""
    if job.state.finished or job.eta is None:
        return ""
    left = job.eta - (now - job.updated)
    return "any moment" if left < 1 else f"~{duration_text(left)}"


def position_text(job: Job, local_rank: int | None, pending: int) -> str:
    """Where the job waits: in Reelroom's own line, or in the service's."""
    if job.state == JobState.QUEUED and local_rank is not None:
        return f"{local_rank} of {pending}"
    if job.state in (JobState.RUNNING, JobState.SUBMITTING) and job.queue_position is not None:
        return f"{job.queue_position} at {display_name(job.provider)}"
    return ""


def progress_text(job: Job) -> str:
    if job.state.finished:
        return "100%" if job.state == JobState.DONE else ""
    if job.percent is None:
        return "" if job.state == JobState.QUEUED else "working…"
    return f"{job.percent:.0f}%"


def estimate_summary(estimates: Sequence[CostEstimate]) -> tuple[str, bool]:
    """(what a batch will cost in words, whether the user should confirm it first). A batch
    that is free says so and needs no question; an unknown price always asks."""
    totals: dict[str, float] = {}
    unknown = 0
    for e in estimates:
        if e.amount is None:
            unknown += 1
        else:
            totals[e.currency] = totals.get(e.currency, 0.0) + e.amount
    parts = [money(v, c) for c, v in sorted(totals.items()) if v > 0]
    if unknown:
        parts.append(f"{unknown} job{'s' if unknown != 1 else ''} {BILLED_BY_SERVICE} at a "
                     "price it does not publish")
    if not parts:
        return "free", False
    return " + ".join(parts), True
