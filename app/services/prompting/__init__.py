"""Prompt composition: how the prompt a user writes for a shot becomes the exact text a service
receives (placeholders filled, @elements expanded, shot type and camera phrased in)."""

from app.services.prompting.compose import ComposedPrompt, PromptWarning, compose_prompt
from app.services.prompting.references import (
    Reference,
    find_element_refs,
    find_placeholders,
    placeholder_names,
)

__all__ = [
    "ComposedPrompt",
    "PromptWarning",
    "Reference",
    "compose_prompt",
    "find_element_refs",
    "find_placeholders",
    "placeholder_names",
]
