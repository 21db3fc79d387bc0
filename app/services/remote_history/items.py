"""One row of a service's history, the same for every service: what the list shows, what
import keeps on the take, and what the row can do (import, delete, favourite, share)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass
class RemoteItem:
    provider: str
    remote_id: str  # what `reelroom-cli history import|delete` take
    kind: str = "video"  # video | image | task | file | description
    prompt: str = ""
    model: str = ""
    status: str = ""
    created: datetime | None = None
    params: dict[str, Any] = field(default_factory=dict)  # as the service gave them
    importable: bool = False
    deletable: bool = False
    favourite: bool | None = None  # None: the service has no favourites
    public: bool | None = None
    share_url: str | None = None
    made_here: bool = False  # a job of this studio made it (others came from elsewhere)
    raw: dict[str, Any] = field(default_factory=dict)

    def matches(self, text: str) -> bool:
        """Search by prompt (and model / id, which people also type)."""
        words = text.casefold().split()
        hay = f"{self.prompt} {self.model} {self.remote_id}".casefold()
        return all(w in hay for w in words)

    @property
    def when_text(self) -> str:
        return self.created.astimezone().strftime("%Y-%m-%d %H:%M") if self.created else ""


def when(value: Any) -> datetime | None:
    """ISO-8601 text or a Unix timestamp; naive times are UTC."""
    if value in (None, ""):
        return None
    try:
        if isinstance(value, (int, float)):
            return datetime.fromtimestamp(float(value), UTC)
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (TypeError, ValueError, OSError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass
class HistoryPage:
    items: list[RemoteItem]
    cursor: Any = None  # give it back for the next page; None: this was the last
