"""Provider errors live in app.domain.service_errors (the UI shows them without reaching into
the adapters); re-exported here for the adapters."""

from app.domain.service_errors import (  # noqa: F401
    AmbiguousSubmitError,
    AuthError,
    JobFailedError,
    NotFoundError,
    NotReadyError,
    PaymentError,
    ProviderError,
    RateLimitedError,
    RetiredError,
    ServiceError,
    TooLargeError,
    TransportError,
    UnknownStatusError,
    UnsupportedMediaError,
    ValidationFailed,
)
