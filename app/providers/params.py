"""Parameter checks live in app.domain.param_checks (the parameter form uses them too);
re-exported here for the adapters."""

from app.domain.param_checks import (  # noqa: F401
    check_prompt,
    validation_failed,
)
