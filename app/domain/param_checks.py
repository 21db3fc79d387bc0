"""Parameter checks every adapter shares: pydantic's errors turned into one ValidationFailed
that names each bad field and what it allows, and the prompt length rule."""

from __future__ import annotations

from pydantic import ValidationError

from app.domain.service_errors import ValidationFailed


def validation_failed(exc: ValidationError, provider: str) -> ValidationFailed:
    """One line naming each bad field and its rule (the translator the CLI and GUI use)."""
    from app.validation_text import one_line

    return ValidationFailed(one_line(exc, extra_word="is not a parameter of this model"),
                            provider=provider)


def check_prompt(prompt: str, provider: str, maximum: int) -> None:
    if not 1 <= len(prompt) <= maximum:
        raise ValidationFailed(
            f"prompt must be 1–{maximum} characters (got {len(prompt)})", provider=provider
        )
