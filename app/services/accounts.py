"""Each service's account, as the studio shows it: connected or not, and for the platform its
tier, balance, allowance, credit history, GPU backend and queue. Also the gate every platform
job passes before it is sent (the tier rules in app.services.tier_rules, applied to the
account's tier as last read).

All calls are async and go through the same adapters the queue uses (`adapter_for`), so the
key is attached by the HTTP layer and never handled here; messages are the adapters' typed
errors, which are redacted at the source.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from psygnal import Signal

from app.domain.service_errors import ProviderError
from app.services.tier_rules import PlanLimits, check, feature_for_endpoint

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Connection:
    provider: str
    ok: bool
    words: str  # what the service answered, for a person


@dataclass(frozen=True)
class CreditEntry:
    amount: float | None
    reason: str
    when: str  # as the service wrote it
    balance: float | None = None


@dataclass
class PlatformAccount:
    """One look at the platform: each part may fail on its own (`problems`)."""

    tier: str | None = None
    username: str | None = None
    credits: float | None = None
    monthly_credits: int | None = None
    max_frames: int | None = None
    max_resolution: str | None = None
    history: list[CreditEntry] = field(default_factory=list)
    gpu_online: bool | None = None
    queue_length: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def limits(self) -> PlanLimits:
        return PlanLimits(tier=self.tier, max_frames=self.max_frames)


def credit_entries(payload: Any) -> list[CreditEntry]:
    """/api/credits/history, whose shape is unpublished: a list, or a dict holding one under
    a usual key; each entry's amount/reason/time under the names such ledgers use."""
    if isinstance(payload, dict):
        payload = next((payload[k] for k in ("history", "transactions", "items", "data",
                                               "entries") if isinstance(payload.get(k), list)),
                       [])
    if not isinstance(payload, list):
        return []
    out = []
    for row in payload:
        if not isinstance(row, dict):
            continue
        amount = next((row[k] for k in ("amount", "credits", "delta", "change")
                       if isinstance(row.get(k), (int, float)) and not isinstance(row[k], bool)),
                      None)
        balance = row.get("balance_after", row.get("balance"))
        out.append(CreditEntry(
            amount=float(amount) if amount is not None else None,
            reason=str(row.get("description") or row.get("reason") or row.get("type")
                       or row.get("kind") or ""),
            when=str(row.get("created_at") or row.get("timestamp") or row.get("date") or ""),
            balance=float(balance) if isinstance(balance, (int, float)) else None,
        ))
    return out


class Accounts:
    """`adapter_for(name)` gives the (shared) adapter of a service; `has_key(name)` whether
    the user has a key for it."""

    platform_changed = Signal(object)  # PlatformAccount, after every look at the platform

    def __init__(self, adapter_for: Callable[[str], Any],
                 has_key: Callable[[str], bool] | None = None,
                 fresh: Callable[[str], Any] | None = None) -> None:
        self._adapter_for = adapter_for
        self._has_key = has_key or (lambda name: True)
        # a new adapter on the settings and key as they are now (closed after use): a key
        # just saved in Settings is the one "Test connection" tries
        self._fresh = fresh
        self.platform_last: PlatformAccount | None = None

    def has_key(self, name: str) -> bool:
        return self._has_key(name)

    # -- connections ---------------------------------------------------------------------
    async def test_connection(self, name: str) -> Connection:
        """One harmless authenticated read (each adapter's `check_connection`)."""
        if not self._has_key(name):
            return Connection(name, False, "no API key: add one in Settings → API keys")
        adapter = None
        try:
            adapter = self._fresh(name) if self._fresh else self._adapter_for(name)
            words = await adapter.check_connection()
        except ProviderError as exc:
            return Connection(name, False, exc.user_message())
        except Exception as exc:  # noqa: BLE001 - shown as the one line it is
            log.info("connection test of %s failed: %s", name, type(exc).__name__)
            return Connection(name, False, f"could not reach the service ({type(exc).__name__})")
        finally:
            if self._fresh and adapter is not None:
                await adapter.aclose()
        return Connection(name, True, words)

    # -- the platform --------------------------------------------------------------------
    async def platform_account(self) -> PlatformAccount:
        """Account and credits, credit history, GPU backend, queue: each read on its own so
        one failing part leaves the others shown. An auth failure is raised (nothing else
        can work then)."""
        from app.domain.service_errors import AuthError

        platform = self._adapter_for("platform")
        view = PlatformAccount()
        try:
            account = await platform.account()
        except AuthError:
            raise
        except ProviderError as exc:
            view.problems.append(f"account: {exc.user_message()}")
        else:
            view.tier, view.username = account.tier, account.username
            view.credits, view.monthly_credits = account.credits, account.monthly_credits
            view.max_frames, view.max_resolution = account.max_frames, account.max_resolution
        for label, read in (("credit history", self._history), ("GPU backend", self._gpu),
                            ("queue", self._queue)):
            try:
                await read(platform, view)
            except ProviderError as exc:
                view.problems.append(f"{label}: {exc.user_message()}")
        self.platform_last = view
        self.platform_changed.emit(view)
        return view

    @staticmethod
    async def _history(platform: Any, view: PlatformAccount) -> None:
        view.history = credit_entries(await platform.credit_history())

    @staticmethod
    async def _gpu(platform: Any, view: PlatformAccount) -> None:
        view.gpu_online = await platform.backend_online()

    @staticmethod
    async def _queue(platform: Any, view: PlatformAccount) -> None:
        view.queue_length = (await platform.queue()).length

    async def refresh_balance(self) -> float | None:
        """The balance alone (after a job): /api/credits through the account call."""
        account = await self._adapter_for("platform").account()
        view = self.platform_last or PlatformAccount()
        view.tier, view.credits = account.tier or view.tier, account.credits
        view.monthly_credits = account.monthly_credits or view.monthly_credits
        view.max_frames = account.max_frames or view.max_frames
        self.platform_last = view
        self.platform_changed.emit(view)
        return account.credits

    # -- the tier gate -------------------------------------------------------------------
    async def plan_limits(self, *, refresh: bool = False) -> PlanLimits:
        """The account's plan as last read; read once (/api/auth/check, /api/credits) when
        it never was. Those are reads: no job is sent to learn the tier."""
        if refresh or self.platform_last is None or self.platform_last.tier is None:
            try:
                await self.refresh_balance()
            except ProviderError as exc:
                # the plan cannot be read: the service still enforces it, in its own words
                log.info("platform plan not known (%s): not checked here", exc.kind)
                return PlanLimits()
        assert self.platform_last is not None
        return self.platform_last.limits

    async def check_job(self, provider: str, params: Any = None, *,
                        feature: str | None = None, endpoint: str | None = None) -> None:
        """Raise TierLimitExceeded when the platform's plan refuses this job (a generation's
        frames, a tier-gated feature or endpoint). Other services have no tiers here."""
        if provider != "platform":
            return
        feature = feature or (feature_for_endpoint(endpoint) if endpoint else None)
        frames = _frames(params)
        if feature is None and frames is None:
            return
        check(await self.plan_limits(), feature=feature, frames=frames)


def _frames(params: Any) -> int | None:
    value = params.get("frames") if isinstance(params, dict) else getattr(params, "frames", None)
    try:
        return int(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None
