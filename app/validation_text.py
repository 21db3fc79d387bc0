"""The one translator from pydantic's validation errors to words: one line naming each bad
field and the rule it broke ("duration must be greater than 0 (got -5.0)").

The CLI, the GUI and the provider parameter checks (app/providers/params.py) all use it, so a
person never sees pydantic's four-line report or its errors.pydantic.dev link."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

_NOT_SHOWN = object()


def _field(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = str(part)
            if len(part) > 24:  # a long key (a file's hash name): enough of it to find it
                part = part[:16] + "…"
            out += f".{part}" if out else part
    return out or "value"


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _rule(err: dict[str, Any], extra_word: str) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    msg = str(err.get("msg", ""))
    bounds = {
        "greater_than": "must be greater than {gt}",
        "greater_than_equal": "must be at least {ge}",
        "less_than": "must be less than {lt}",
        "less_than_equal": "must be at most {le}",
        "too_short": "must have at least {min_length} item(s)",
        "too_long": "must have at most {max_length} item(s)",
        "string_too_short": "must be at least {min_length} character(s)",
        "string_too_long": "must be at most {max_length} character(s)",
        "literal_error": "must be one of {expected}",
        "enum": "must be one of {expected}",
        "multiple_of": "must be a multiple of {multiple_of}",
    }
    if kind in bounds:
        try:
            return bounds[kind].format(**{k: _number(v) for k, v in ctx.items()})
        except (KeyError, IndexError):
            pass
    fixed = {
        "missing": "is required",
        "extra_forbidden": extra_word,
        "int_parsing": "must be a whole number",
        "int_from_float": "must be a whole number",
        "int_type": "must be a whole number",
        "float_parsing": "must be a number",
        "float_type": "must be a number",
        "finite_number": "must be a finite number",
        "bool_parsing": "must be true or false",
        "string_type": "must be text",
        "dict_type": "must be a mapping of names to values",
        "model_type": "must be a mapping of names to values",
        "model_attributes_type": "must be a mapping of names to values",
        "list_type": "must be a list",
    }
    if kind in fixed:
        return fixed[kind]
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg.removeprefix(prefix)
    if msg.startswith("Input should be "):
        return "must be " + msg.removeprefix("Input should be ")
    return msg[:1].lower() + msg[1:]


def _shown_input(err: dict[str, Any]) -> Any:
    if err.get("type") in ("missing", "extra_forbidden") or str(err.get("msg", "")).startswith(
            "Value error, "):
        return _NOT_SHOWN
    value = err.get("input", _NOT_SHOWN)
    if isinstance(value, bool | int | float) or (isinstance(value, str) and len(value) <= 40):
        return value
    return _NOT_SHOWN


def problems(exc: ValidationError, extra_word: str = "is not allowed here") -> list[str]:
    """Each bad field and its rule, e.g. ["duration must be greater than 0 (got -5.0)"]."""
    out = []
    for err in exc.errors():
        text = f"{_field(tuple(err.get('loc', ())))} {_rule(err, extra_word)}"
        shown = _shown_input(err)
        if shown is not _NOT_SHOWN:
            text += f" (got {shown!r})"
        out.append(text)
    return out


def one_line(exc: ValidationError, extra_word: str = "is not allowed here") -> str:
    return "; ".join(problems(exc, extra_word)).replace("\n", " ")


def user_text(exc: BaseException) -> str:
    """One line for any error shown to a person: validation errors translated, the rest as
    their own message (first line)."""
    if isinstance(exc, ValidationError):
        return one_line(exc)
    user_message = getattr(exc, "user_message", None)
    if callable(user_message):
        return str(user_message()).splitlines()[0]
    text = str(exc).strip().strip("'\"")
    return text.splitlines()[0] if text else type(exc).__name__
