"""The studio platform's model catalog → ModelInfo with a pydantic parameter model each.

The live catalog (/api/models, /api/image-models) has no published schema, so it is read
defensively: a parameter the catalog describes (min/max/default/options) overrides the seed's
field list below, a parameter only the catalog knows is added, and everything the catalog sent
is kept in `ModelInfo.extra["raw"]`. The parameter model is what refuses a bad value before any
request is sent, with a message naming the field and its allowed range.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from app.providers.base import Capability, ModelInfo
from app.providers.errors import ValidationFailed
from app.providers.platform.cost import IMAGE_CREDITS, VIDEO_RATES, rate_from_catalog

PROMPT_MAX = 2000  # "Text description (max 2000 chars)"
V2V_MODEL = "v2v"  # /api/generate-v2v takes no model: offered as a pseudo-model of its own

_TYPES: dict[str, type] = {
    "int": int, "integer": int, "float": float, "number": float, "str": str, "string": str,
    "bool": bool, "boolean": bool,
}  # fmt: skip


@dataclass(frozen=True)
class ParamSpec:
    """One parameter as the form shows it and the validator enforces it."""

    name: str
    type: type = int
    minimum: float | None = None
    maximum: float | None = None
    default: Any = None
    options: tuple[Any, ...] = ()
    description: str = ""

    def allowed(self) -> str:
        if self.options:
            return "one of " + ", ".join(str(o) for o in self.options)
        kind = {int: "an integer", float: "a number", bool: "true or false"}.get(self.type, "text")
        if self.minimum is not None and self.maximum is not None:
            return f"{kind} from {self.minimum:g} to {self.maximum:g}"
        if self.minimum is not None:
            return f"{kind} of at least {self.minimum:g}"
        if self.maximum is not None:
            return f"{kind} of at most {self.maximum:g}"
        return kind


def _p(name: str, typ: type, lo: float | None, hi: float | None, desc: str, default=None):
    return ParamSpec(name, typ, lo, hi, default, (), desc)


# POST /api/generate's optional fields (seed). Ranges are generous sanity bounds; the catalog's
# own ranges replace them, and frames are further capped by the account's tier (999 at most).
VIDEO_PARAMS: tuple[ParamSpec, ...] = (
    _p("width", int, 64, 3840, "Video width in pixels"),
    _p("height", int, 64, 2160, "Video height in pixels"),
    _p("frames", int, 1, 999, "Number of frames (tier-limited)"),
    _p("steps", int, 1, 100, "Inference steps — more = higher quality, higher cost"),
    _p("cfg", float, 0, 30, "Classifier-free guidance scale"),
    _p("seed", int, -1, 2**32 - 1, "Random seed (-1 for random)"),
    ParamSpec("sampler", str, description="Sampler name (e.g. sa_solver, euler, dpmpp_2m)"),
    ParamSpec("scheduler", str, description="Scheduler name (e.g. beta, normal, karras)"),
    _p("shift", float, 0, 100, "Flow-shift parameter"),
    _p("frame_rate", int, 1, 120, "Output frame rate (default 24)"),
    _p("project_id", int, 1, None, "Link generation to a studio project"),
)
# Only meaningful when extending a video (image-to-video models): /api/extend-video's field.
EXTEND_PARAMS = (_p("generation_id", int, 1, None, "Generation whose video is extended"),)
IMAGE_PARAMS: tuple[ParamSpec, ...] = (
    _p("width", int, 64, 4096, "Image width in pixels"),
    _p("height", int, 64, 4096, "Image height in pixels"),
    _p("steps", int, 1, 100, "Inference steps"),
    _p("cfg", float, 0, 30, "Guidance scale"),
    _p("seed", int, -1, 2**32 - 1, "Random seed (-1 for random)"),
)
V2V_PARAMS = (ParamSpec("strength", float, 0, 1, 0.6, (), "How far to move from the source"),)

# The seed's model tables: used when a catalog entry does not say what it does.
_T2V = {
    "wan-t2v", "ltx-t2v", "ltx-quality", "hunyuan-t2v", "hunyuan15-t2v", "cogvideo-t2v",
    "animatediff", "ltx-camera", "ltx-control", "wan-vace", "wan-animate",
}  # fmt: skip
_I2V = {"hunyuan15-i2v", "ltx-i2v", "svd-i2v", "wan-i2v"}
_FLF = {"ltx-flf", "wan-flf"}
_S2V = {"wan-s2v", "echomimic"}
_PORTRAIT = {"liveportrait"}  # a portrait photo moved by a driving video
_TOKENS: dict[str, set[Capability]] = {
    "t2v": {Capability.TEXT_TO_VIDEO},
    "text-to-video": {Capability.TEXT_TO_VIDEO},
    "i2v": {Capability.IMAGE_TO_VIDEO, Capability.EXTEND},
    "image-to-video": {Capability.IMAGE_TO_VIDEO, Capability.EXTEND},
    "flf": {Capability.FIRST_LAST_FRAME},
    "first-last-frame": {Capability.FIRST_LAST_FRAME},
    "s2v": {Capability.SOUND_TO_VIDEO},
    "portrait": {Capability.PORTRAIT_ANIMATION},
    "portrait-animation": {Capability.PORTRAIT_ANIMATION},
    "sound-to-video": {Capability.SOUND_TO_VIDEO},
}


def _capabilities(entry: dict[str, Any], model_id: str) -> frozenset[Capability]:
    caps: set[Capability] = set()
    declared: list[str] = []
    for key in ("type", "category", "mode", "task", "capabilities", "modes"):
        value = entry.get(key)
        declared += value if isinstance(value, list) else [value] if value else []
    for token in declared:
        caps |= _TOKENS.get(str(token).lower().replace("_", "-").replace(" ", "-"), set())
    if not caps:
        if model_id in _T2V or model_id.endswith("-t2v"):
            caps.add(Capability.TEXT_TO_VIDEO)
        if model_id in _I2V or model_id.endswith("-i2v"):
            caps |= {Capability.IMAGE_TO_VIDEO, Capability.EXTEND}
        if model_id in _FLF or model_id.endswith("-flf"):
            caps.add(Capability.FIRST_LAST_FRAME)
        if model_id in _S2V or model_id.endswith("-s2v"):
            caps.add(Capability.SOUND_TO_VIDEO)
        if model_id in _PORTRAIT:
            caps.add(Capability.PORTRAIT_ANIMATION)
    return frozenset(caps)


def _num(value: Any) -> float | None:
    try:
        return None if value is None or isinstance(value, bool) else float(value)
    except (TypeError, ValueError):
        return None


def _spec_from(name: str, described: Any, base: ParamSpec | None) -> ParamSpec:
    """Merge what the catalog says about one parameter over the seed's spec."""
    spec = base or ParamSpec(name, type(described) if described is not None else str)
    if not isinstance(described, dict):  # a bare default value
        return replace(spec, default=described)
    typ = _TYPES.get(str(described.get("type", "")).lower(), spec.type)
    lo = _num(described.get("min", described.get("minimum")))
    hi = _num(described.get("max", described.get("maximum")))
    options = described.get("options") or described.get("choices") or described.get("enum")
    return replace(
        spec,
        type=typ,
        minimum=lo if lo is not None else spec.minimum,
        maximum=hi if hi is not None else spec.maximum,
        default=described.get("default", spec.default),
        options=tuple(options) if isinstance(options, list) else spec.options,
        description=str(described.get("description") or spec.description),
    )


def _specs(entry: dict[str, Any], seed: tuple[ParamSpec, ...]) -> dict[str, ParamSpec]:
    specs = {s.name: s for s in seed}
    described = entry.get("parameters") or entry.get("params") or {}
    if isinstance(described, list):  # [{"name": "frames", "min": ...}, ...]
        described = {d["name"]: d for d in described if isinstance(d, dict) and d.get("name")}
    if isinstance(described, dict):
        for name, info in described.items():
            specs[name] = _spec_from(name, info, specs.get(name))
    defaults = entry.get("defaults")
    if isinstance(defaults, dict):
        for name, value in defaults.items():
            if name in specs:
                specs[name] = replace(specs[name], default=value)
            elif isinstance(value, (int, float, str, bool)):
                specs[name] = ParamSpec(name, type(value), default=value)
    return specs


def params_model(model_id: str, specs: dict[str, ParamSpec]) -> type[BaseModel]:
    """A pydantic model whose fields are the specs: ranges as ge/le, options as Literal,
    anything not listed refused (a typo must not be silently dropped)."""
    fields: dict[str, Any] = {}
    for spec in specs.values():
        typ: Any = Literal[spec.options] if spec.options else spec.type
        fields[spec.name] = (
            typ | None,
            Field(
                default=spec.default,
                ge=spec.minimum if spec.type in (int, float) else None,
                le=spec.maximum if spec.type in (int, float) else None,
                description=spec.description,
            ),
        )
    safe = "".join(c if c.isalnum() else "_" for c in model_id)
    return create_model(
        f"PlatformParams_{safe}",
        __config__=ConfigDict(extra="forbid", strict=False),
        **fields,
    )


def video_model(entry: dict[str, Any]) -> ModelInfo:
    model_id = str(entry["id"])
    caps = _capabilities(entry, model_id)
    seed = VIDEO_PARAMS + (EXTEND_PARAMS if Capability.EXTEND in caps else ())
    specs = _specs(entry, seed)
    rate = rate_from_catalog(entry) or VIDEO_RATES.get(model_id)
    return ModelInfo(
        id=model_id,
        name=str(entry.get("name") or model_id),
        params=params_model(model_id, specs),
        kind="video",
        capabilities=caps,
        prompt_max=int(entry.get("prompt_max") or PROMPT_MAX),
        description=str(entry.get("description") or entry.get("best_for") or ""),
        extra={"specs": specs, "rate": rate, "raw": entry},
    )


def image_model(entry: dict[str, Any]) -> ModelInfo:
    model_id = str(entry["id"])
    specs = _specs(entry, IMAGE_PARAMS)
    credits = _num(entry.get("credit_cost"))
    return ModelInfo(
        id=model_id,
        name=str(entry.get("name") or model_id),
        params=params_model(model_id, specs),
        kind="image",
        capabilities=frozenset({Capability.IMAGE}),
        prompt_max=int(entry.get("prompt_max") or PROMPT_MAX),
        description=str(entry.get("description") or ""),
        extra={
            "specs": specs,
            "credits_per_image": credits if credits is not None else IMAGE_CREDITS.get(model_id),
            "raw": entry,
        },
    )


def v2v_model() -> ModelInfo:
    specs = {s.name: s for s in V2V_PARAMS}
    return ModelInfo(
        id=V2V_MODEL,
        name="Video-to-video style transfer",
        params=params_model(V2V_MODEL, specs),
        kind="video",
        capabilities=frozenset({Capability.VIDEO_TO_VIDEO}),
        prompt_max=PROMPT_MAX,
        extra={"specs": specs, "rate": VIDEO_RATES[V2V_MODEL], "raw": {}},
    )


def entries(payload: Any, *keys: str) -> list[dict[str, Any]]:
    """The list of objects in a catalog answer: a bare list, or under one of `keys`. An
    object keyed by model id ({"wan-t2v": {...}}) is accepted too."""
    if isinstance(payload, dict):
        for key in keys:
            if isinstance(payload.get(key), (list, dict)):
                payload = payload[key]
                break
    if isinstance(payload, dict):
        payload = [{"id": k, **v} for k, v in payload.items() if isinstance(v, dict)]
    if not isinstance(payload, list):
        return []
    return [e for e in payload if isinstance(e, dict) and e.get("id")]


def check_params(info: ModelInfo, params: dict[str, Any]) -> BaseModel:
    """Validate `params` against the model; ValidationFailed names each bad field and what it
    allows (the form shows this next to the field)."""
    try:
        return info.params.model_validate(params)
    except ValidationError as exc:
        specs: dict[str, ParamSpec] = info.extra.get("specs", {})
        problems = []
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "params"
            if err["type"] == "extra_forbidden":
                problems.append(
                    f"{field}: not a parameter of {info.id} (allowed: {', '.join(specs)})"
                )
                continue
            spec = specs.get(field)
            allowed = spec.allowed() if spec else err["msg"]
            problems.append(f"{field}: must be {allowed} (got {err.get('input')!r})")
        raise ValidationFailed("; ".join(problems), code="invalid_params") from None
