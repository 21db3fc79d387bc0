"""One duration: a shot's Duration and a model's own length parameter are the same value.

Models name their length differently — OpenAI's `seconds` (4, 8 or 12), ShuttleAI's `n_seconds`
(whole seconds in a range), the studio platform's `frames` (at `frame_rate`, 24 by default per
its API docs), the animatic's `duration`. The shot's Duration is the one value a user sets; what
is sent is derived from it here, snapped to what the model allows, and the shot's Duration
follows the snap so the timeline shows what will come back. No Qt here: the inspector, the queue
and the CLI use the same mapping."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

SECONDS_NAMES = ("seconds", "n_seconds", "duration", "duration_seconds", "length_seconds")
FRAMES_NAMES = ("frames", "num_frames", "frame_count")
FPS_NAMES = ("frame_rate", "fps")
DEFAULT_FPS = 24.0  # the studio platform's documented default `frame_rate`
SNAP_TOLERANCE = 0.05  # seconds: a difference below this is rounding to a frame, not a snap


def _schema_of(model: type[BaseModel], name: str) -> dict[str, Any]:
    """The JSON schema of one field, with an Optional's null branch removed."""
    schema = dict(model.model_json_schema().get("properties", {}).get(name, {}))
    for branch in schema.pop("anyOf", []):
        if branch.get("type") != "null":
            schema.update(branch)
    return schema


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class LengthParam:
    """Where a model takes its length, and what values it allows there."""

    name: str
    unit: str  # "seconds" | "frames"
    integer: bool
    allowed: tuple[float, ...] = ()  # the only values (OpenAI's 4, 8, 12), in the param's unit
    minimum: float | None = None
    maximum: float | None = None
    fps_name: str | None = None
    default_fps: float = DEFAULT_FPS

    def fps(self, params: dict[str, Any]) -> float:
        value = _number(params.get(self.fps_name)) if self.fps_name else None
        return value if value and value > 0 else self.default_fps

    def to_seconds(self, value: float, params: dict[str, Any]) -> float:
        return value / self.fps(params) if self.unit == "frames" else float(value)

    def value_for(self, seconds: float, params: dict[str, Any]) -> int | float:
        """The value to send for `seconds`: the nearest allowed one (a tie goes to the
        longer), else within the bounds, whole when the parameter is whole."""
        raw = seconds * self.fps(params) if self.unit == "frames" else seconds
        if self.allowed:
            chosen = min(self.allowed, key=lambda a: (abs(a - raw), -a))
        else:
            chosen = raw
            if self.minimum is not None:
                chosen = max(chosen, self.minimum)
            if self.maximum is not None:
                chosen = min(chosen, self.maximum)
        if self.integer:
            whole = int(chosen + 0.5)
            if self.maximum is not None and whole > self.maximum:
                whole -= 1
            if self.minimum is not None and whole < self.minimum:
                whole += 1
            return whole
        return round(chosen, 3)

    def allowed_text(self, params: dict[str, Any]) -> str:
        """What the model takes, in seconds ("4, 8 or 12 seconds", "1 to 20 seconds")."""
        def sec(v: float) -> str:
            return f"{round(self.to_seconds(v, params), 2):g}"

        if self.allowed:
            values = [sec(v) for v in sorted(self.allowed)]
            listed = ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]
            return f"{listed} seconds"
        if self.minimum is not None and self.maximum is not None:
            return f"{sec(self.minimum)} to {sec(self.maximum)} seconds"
        if self.maximum is not None:
            return f"at most {sec(self.maximum)} seconds"
        if self.minimum is not None:
            return f"at least {sec(self.minimum)} seconds"
        return "any length"

    def sent_as(self, value: float, params: dict[str, Any]) -> str:
        """How the value goes out, in the service's own terms."""
        if self.unit == "frames":
            return f"{self.name} = {value:g} (at {self.fps(params):g} fps)"
        return f"{self.name} = {value:g}"


def length_param(model: type[BaseModel] | None) -> LengthParam | None:
    """The length parameter of a model's parameter model, or None when it has none. Worked
    out once per model (a parameter model is a class, its fields fixed): pydantic builds the
    whole JSON schema each time it is asked, and queueing 200 shots asked 200 times in a row
    on the GUI thread (tests/core/test_shot_length.py: the same as working it out anew)."""
    return None if model is None else _length_param(model)


@functools.lru_cache(maxsize=256)
def _length_param(model: type[BaseModel]) -> LengthParam | None:
    fields = model.model_fields
    fps_name = next((n for n in FPS_NAMES if n in fields), None)
    for names, unit in ((SECONDS_NAMES, "seconds"), (FRAMES_NAMES, "frames")):
        name = next((n for n in names if n in fields), None)
        if name is None:
            continue
        schema = _schema_of(model, name)
        allowed = tuple(v for v in (_number(x) for x in schema.get("enum") or ()) if v is not None)
        integer = schema.get("type") == "integer" or (
            bool(allowed) and all(float(v).is_integer() for v in allowed)
            and schema.get("type") != "number")
        default_fps = DEFAULT_FPS
        if fps_name is not None:
            default_fps = _number(fields[fps_name].default) or DEFAULT_FPS
        return LengthParam(name=name, unit=unit, integer=integer, allowed=allowed,
                           minimum=_number(schema.get("minimum", schema.get("exclusiveMinimum"))),
                           maximum=_number(schema.get("maximum", schema.get("exclusiveMaximum"))),
                           fps_name=fps_name if unit == "frames" else None,
                           default_fps=default_fps)
    return None


@dataclass(frozen=True)
class FittedLength:
    seconds: float  # the shot's Duration after the fit
    value: int | float  # what is sent as the model's length parameter
    snapped: bool  # the Duration had to change to something the model allows
    sent_as: str  # "seconds = 8"
    note: str  # said to the user when snapped, else ""


def fit_length(param: LengthParam, seconds: float, params: dict[str, Any],
               model_label: str = "This model") -> FittedLength:
    """The model's value for a Duration of `seconds`, and the Duration that value gives."""
    value = param.value_for(seconds, params)
    back = round(param.to_seconds(value, params), 3)
    snapped = abs(back - seconds) >= SNAP_TOLERANCE
    note = (f"{model_label} takes {param.allowed_text(params)}: Duration set to {back:g} s"
            if snapped else "")
    return FittedLength(seconds=back, value=value, snapped=snapped,
                        sent_as=param.sent_as(value, params), note=note)


def with_length(model: type[BaseModel] | None, seconds: float, params: dict[str, Any]
                ) -> tuple[dict[str, Any], FittedLength | None]:
    """`params` with the model's length parameter set from `seconds` (unchanged, and None,
    when the model has no length parameter)."""
    param = length_param(model)
    if param is None:
        return dict(params), None
    fitted = fit_length(param, seconds, params)
    return {**params, param.name: fitted.value}, fitted


def seconds_in(params: dict[str, Any]) -> float | None:
    """The length a set of parameters asks for, read by name alone (a take's stored params,
    whose model may no longer be listed): None when they name no length."""
    for name in SECONDS_NAMES:
        value = _number(params.get(name))
        if value is not None and value > 0:
            return value
    for name in FRAMES_NAMES:
        frames = _number(params.get(name))
        if frames is not None and frames > 0:
            fps = next((f for f in (_number(params.get(n)) for n in FPS_NAMES) if f), None)
            return round(frames / (fps or DEFAULT_FPS), 3)
    return None
