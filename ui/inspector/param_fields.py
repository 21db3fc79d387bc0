"""What a model's pydantic parameter model asks for, in the terms a form needs: which widget,
its bounds and choices, and the check of one edited value. No Qt here, so it is tested on its
own and the form stays a thin view.

A choice list comes from a `Literal`/`Enum` type (the only values there are: a fixed combo) or
from a JSON-schema `enum` that a validator enforces (OpenAI's `seconds` and `size`): those are
shown as an editable combo, because the validator — and its message naming the allowed values —
is the rule, not the list."""

from __future__ import annotations

import enum
import types
import typing
from dataclasses import dataclass
from typing import Any

import annotated_types as at
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from app.domain.param_checks import validation_failed

INT_LIMIT = 2_147_483_647  # what a spin box can hold


@dataclass(frozen=True)
class ParamField:
    name: str
    kind: str  # int | float | bool | choice | text | list
    default: Any = None
    optional: bool = False
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    choices: tuple[Any, ...] = ()
    fixed_choices: bool = True  # False: the list is a suggestion checked by a validator
    value_type: type = str  # what a typed choice is converted to
    description: str = ""

    @property
    def label(self) -> str:
        text = self.name.replace("_", " ")
        return text[:1].upper() + text[1:]


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        return (args[0] if len(args) == 1 else typing.Union[tuple(args)]), optional  # noqa: UP007
    return annotation, False


def _bounds(info: FieldInfo) -> tuple[float | None, float | None, float | None]:
    lo = hi = step = None
    for m in info.metadata:
        if isinstance(m, at.Ge):
            lo = m.ge
        elif isinstance(m, at.Gt):
            lo = m.gt  # a spin box has no open bound; the validator refuses the edge itself
        elif isinstance(m, at.Le):
            hi = m.le
        elif isinstance(m, at.Lt):
            hi = m.lt
        elif isinstance(m, at.MultipleOf):
            step = m.multiple_of
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    lo = extra.get("minimum", lo) if lo is None else lo
    hi = extra.get("maximum", hi) if hi is None else hi
    return lo, hi, step


def describe(name: str, info: FieldInfo) -> ParamField:
    annotation, optional = _unwrap_optional(info.annotation)
    default = None if info.is_required() else info.get_default(call_default_factory=True)
    optional = optional or default is None
    lo, hi, step = _bounds(info)
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    common = {"default": default, "optional": optional, "description": info.description or ""}
    if typing.get_origin(annotation) is typing.Literal:
        values = typing.get_args(annotation)
        return ParamField(name, "choice", choices=values, value_type=type(values[0]), **common)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        values = tuple(m.value for m in annotation)
        return ParamField(name, "choice", choices=values, value_type=type(values[0]), **common)
    if annotation is bool:
        return ParamField(name, "bool", **common)
    if isinstance(extra.get("enum"), list) and annotation in (int, float, str):
        return ParamField(name, "choice", choices=tuple(extra["enum"]), fixed_choices=False,
                          value_type=annotation, **common)
    if annotation is int:
        return ParamField(name, "int", minimum=lo, maximum=hi, step=step, value_type=int,
                          **common)
    if annotation is float:
        return ParamField(name, "float", minimum=lo, maximum=hi, step=step, value_type=float,
                          **common)
    if typing.get_origin(annotation) is list:
        return ParamField(name, "list", **common)
    return ParamField(name, "text", **common)


def describe_params(model: type[BaseModel], hidden: frozenset[str] = frozenset()
                    ) -> list[ParamField]:
    return [describe(n, f) for n, f in model.model_fields.items() if n not in hidden]


def convert(field: ParamField, raw: Any) -> Any:
    """A value typed into a text-like widget, as the model's type; raises ValueError saying
    what was expected."""
    if field.kind == "list":
        return [p.strip() for p in str(raw).split(",") if p.strip()]
    if not isinstance(raw, str) or field.value_type is str:
        return raw
    text = raw.strip()
    try:
        return field.value_type(text)
    except ValueError:
        what = "a whole number" if field.value_type is int else "a number"
        raise ValueError(f"{field.name} must be {what} (got {text!r})") from None


def current_params(model: type[BaseModel], params: dict[str, Any]) -> dict[str, Any]:
    """The part of `params` this model has fields for (others belong to another model)."""
    return {k: v for k, v in params.items() if k in model.model_fields}


def check_edit(model: type[BaseModel], provider: str, params: dict[str, Any], name: str,
               value: Any) -> tuple[dict[str, Any] | None, str | None]:
    """(new params, None) when setting `name` to `value` (None: unset) gives valid parameters;
    (None, message) otherwise, the message naming the field and what it allows."""
    candidate = current_params(model, params)
    if value is None:
        candidate.pop(name, None)
    else:
        candidate[name] = value
    try:
        model.model_validate(candidate)
    except ValidationError as exc:
        return None, validation_failed(exc, provider).message
    return candidate, None


def fit_params(model: type[BaseModel], params: dict[str, Any]) -> dict[str, Any]:
    """The values of `params` a newly chosen model accepts, one by one (a size kept when
    switching between two models that both offer it; anything else dropped)."""
    kept: dict[str, Any] = {}
    for name, value in current_params(model, params).items():
        trial, error = check_edit(model, "", kept, name, value)
        if error is None and trial is not None:
            kept = trial
    return kept
