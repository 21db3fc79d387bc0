"""The generation queue: jobs in the library database, a scheduler, the spend ledger and the
content-addressed media cache."""

from app.services.queue.jobs import Job, JobState
from app.services.queue.ledger import BudgetExceeded, Ledger
from app.services.queue.media_cache import MediaCache
from app.services.queue.scheduler import JobSpec, MissingKey, Queue

__all__ = ["BudgetExceeded", "Job", "JobSpec", "JobState", "Ledger", "MediaCache", "MissingKey", "Queue"]
