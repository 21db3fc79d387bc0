"""Parameter checks every adapter shares: pydantic's errors turned into one ValidationFailed
that names each bad field and what it allows, and the prompt length rule."""

from __future__ import annotations

from pydantic import ValidationError

from app.domain.service_errors import ValidationFailed


def validation_failed(exc: ValidationError, provider: str) -> ValidationFailed:
    """One message naming each bad field with pydantic's noise ("Value error, ") removed."""
    parts = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err.get("loc", ())) or "params"
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        if err.get("type") == "extra_forbidden":
            msg = "is not a parameter of this model"
        parts.append(f"{field} {msg}")
    return ValidationFailed("; ".join(parts), provider=provider)


def check_prompt(prompt: str, provider: str, maximum: int) -> None:
    if not 1 <= len(prompt) <= maximum:
        raise ValidationFailed(
            f"prompt must be 1–{maximum} characters (got {len(prompt)})", provider=provider
        )
