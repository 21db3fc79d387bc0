"""Typed provider errors. Each carries the service's own message so the user reads what the
service said, plus a hint of what to do next.

This is where every adapter's error text is made, so this is where API keys are taken out of
it: a service that echoes the key ("Incorrect API key provided: sk-…") cannot put it on a
screen, in a log or in the database, whichever adapter built the error."""

from __future__ import annotations

from app.secrets import KNOWN


class ProviderError(Exception):
    """Base of every error a provider adapter raises."""

    kind = "service_error"
    hint = "Try again later; if it keeps failing, check the service's status page."

    def __init__(
        self,
        message: str,
        *,
        provider: str = "",
        status: int | None = None,
        code: str | None = None,
        hint: str | None = None,
    ) -> None:
        message = KNOWN.redact(str(message))
        super().__init__(message)
        self.message = message
        self.provider = provider
        self.status = status
        self.code = code
        if hint:
            self.hint = hint

    def __str__(self) -> str:
        from app.providers.registry import display_name  # a person reads the service's name

        who = f"{display_name(self.provider)}: " if self.provider else ""
        status = f" (HTTP {self.status})" if self.status else ""
        # redacted again: a caller may have set `message` after construction
        return KNOWN.redact(f"{who}{self.message}{status}")

    def user_message(self) -> str:
        """What the UI and CLI show: which service, what it said, what to do."""
        return KNOWN.redact(f"{self}. {self.hint}")


class AuthError(ProviderError):
    kind = "auth"
    # true on every machine: `keys set` needs a system keyring, which many machines lack
    hint = ("Check the API key for this service: paste it again in Settings → API keys, or set "
            "its REELROOM_<SERVICE>_API_KEY environment variable.")


class PaymentError(ProviderError):
    kind = "payment"
    hint = "Your account is out of credits or over its plan; top up with the service, then retry."


class RateLimitedError(ProviderError):
    kind = "rate_limited"
    hint = "The service asked us to slow down; the request will be retried after the wait."

    def __init__(self, message: str, *, retry_after: float | None = None, **kw) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class NotReadyError(ProviderError):
    kind = "not_ready"
    hint = "The result is not ready yet; wait for the job to finish."


class UnsupportedMediaError(ProviderError):
    kind = "unsupported_media"
    hint = "Use a different file: the service cannot read this one."


class TooLargeError(ProviderError):
    kind = "too_large"
    hint = "Use a smaller or shorter file, or a plan that allows larger input."


class RetiredError(ProviderError):
    kind = "retired"
    hint = (
        "This hosted service has been retired. Point the provider's base URL at a compatible "
        "host in Settings, or choose another provider."
    )


class NotFoundError(ProviderError):
    kind = "not_found"
    hint = "The item no longer exists on the service (it may have expired or been deleted)."


class ValidationFailed(ProviderError):
    """Input refused before any request was sent (or a 400/422 from the service)."""

    kind = "invalid_input"
    hint = "Fix the named field and try again."


class ServiceError(ProviderError):
    kind = "service_error"


class UnknownStatusError(ProviderError):
    """The service kept reporting a status this version does not know, for longer than a job
    is waited on: the job may still be running there."""

    kind = "unknown_status"
    hint = "Check the job on the service's site; retry later to fetch it."


class JobFailedError(ServiceError):
    """The service says this job, or the result it made, failed: final, in its own words
    (not a transient error to wait out)."""

    kind = "job_failed"
    hint = "The service could not make this result; change the request or generate it again."


class TransportError(ProviderError):
    """The connection failed or dropped; nothing definite is known about the server side."""

    kind = "transport"
    hint = "Check your network connection; the request can be retried."


class AmbiguousSubmitError(ProviderError):
    """A create request may have reached the server but no answer came back. It is never
    re-sent blindly: the job must be reconciled (list endpoint) or decided by the user."""

    kind = "ambiguous_submit"
    hint = (
        "The service may have received this job. Check its history before sending it again, "
        "so you are not billed twice."
    )
