"""The final prompt of a shot, as the service will receive it.

Order matters and is fixed: placeholders are filled first (so a value may itself be `@Mara`),
then element references are expanded, then the framing sentence goes in front ("Close-up shot.
Slow dolly in. …" — services weigh the start of a prompt most). Values and descriptions are
inserted once and never re-scanned, so a description that happens to contain `{x}` or `@y` is
sent as written. The negative prompt is passed through unchanged.

An element's description is written as it should read inside a sentence ("a tall woman in a red
coat"); a final full stop is dropped so "I see @Mara." reads "I see a tall woman in a red
coat.", and a description that begins a sentence gets a capital ("@Mara walks in." → "A tall
woman in a red coat walks in."). An element with no description is sent as its name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.domain import Element, Shot
from app.services.prompting.phrasing import framing_phrase
from app.services.prompting.references import find_element_refs, find_placeholders


@dataclass(frozen=True)
class PromptWarning:
    kind: str  # unknown_element | unfilled_placeholder | over_limit | image_not_sent | no_description
    message: str


@dataclass(frozen=True)
class ComposedPrompt:
    text: str
    negative_prompt: str
    limit: int | None
    warnings: tuple[PromptWarning, ...] = ()
    # element reference images sent as image input, in order of first mention
    reference_images: tuple[str, ...] = ()
    unknown_elements: tuple[str, ...] = ()
    unfilled_placeholders: tuple[str, ...] = ()

    @property
    def length(self) -> int:
        return len(self.text)

    @property
    def over_limit(self) -> bool:
        return self.limit is not None and self.length > self.limit

    def count_text(self) -> str:
        """"123 / 1,000 characters" (or "123 characters" where the model states no limit)."""
        if self.limit is None:
            return f"{self.length:,} characters"
        return f"{self.length:,} / {self.limit:,} characters"


def _fill(text: str, values: dict[str, str]) -> tuple[str, list[str]]:
    out: list[str] = []
    unfilled: list[str] = []
    pos = 0
    for ref in find_placeholders(text):
        out.append(text[pos:ref.start])
        value = values.get(ref.name, "").strip()
        if value:
            out.append(value)
        else:
            out.append(text[ref.start:ref.end])  # left visible so the gap is obvious
            if ref.name not in unfilled:
                unfilled.append(ref.name)
        pos = ref.end
    out.append(text[pos:])
    return "".join(out), unfilled


def _description(element: Element) -> str:
    text = element.description.strip()
    if text.endswith(".") and not text.endswith("..."):  # keep an ellipsis
        text = text[:-1].rstrip()
    return text or element.name


def _expand(text: str, elements: Sequence[Element]) -> tuple[str, list[Element], list[str]]:
    by_name = {e.name.lower(): e for e in elements}
    used: list[Element] = []
    unknown: list[str] = []
    out: list[str] = []
    pos = 0
    for ref in find_element_refs(text, [e.name for e in elements]):
        out.append(text[pos:ref.start])
        element = by_name.get(ref.name.lower()) if ref.known else None
        if element is None:
            out.append(text[ref.start:ref.end])
            if ref.name not in unknown:
                unknown.append(ref.name)
        else:
            text_so_far = "".join(out).rstrip()
            description = _description(element)
            if not text_so_far or text_so_far[-1] in ".!?":  # it begins a sentence
                description = description[:1].upper() + description[1:]
            out.append(description)
            if element not in used:
                used.append(element)
        pos = ref.end
    out.append(text[pos:])
    return "".join(out), used, unknown


def _images(used: list[Element], shot: Shot, accepts_image: bool, model_label: str
            ) -> tuple[tuple[str, ...], list[PromptWarning]]:
    """Which element images go to the service. One image per generation is what every
    image-taking service here accepts, and the shot's own reference (chosen for this shot)
    comes before an element's (chosen for every shot)."""
    with_image = [e for e in used if e.reference_image]
    if not with_image:
        return (), []
    names = ", ".join(f"@{e.name}" for e in with_image)
    images, verb = (("reference images", "are") if len(with_image) > 1
                    else ("reference image", "is"))
    if not accepts_image:
        return (), [PromptWarning(
            "image_not_sent",
            f"The {images} of {names} {verb} not sent: {model_label} takes no image input.")]
    if shot.reference_media:
        return (), [PromptWarning(
            "image_not_sent",
            f"The shot's own reference is sent, so the {images} of {names} {verb} not "
            "(one image per generation).")]
    first, rest = with_image[0], with_image[1:]
    warnings = []
    if rest:
        others = ", ".join(f"@{e.name}" for e in rest)
        warnings.append(PromptWarning(
            "image_not_sent",
            f"Only @{first.name}'s reference image is sent (one image per generation); "
            f"{others} go by description only."))
    return (first.reference_image,), warnings  # type: ignore[return-value]


def compose_prompt(shot: Shot, elements: Sequence[Element], *, prompt_max: int | None = None,
                   phrase_framing: bool = True, accepts_image: bool = False,
                   model_label: str = "this model") -> ComposedPrompt:
    """The final prompt of `shot` with the project's `elements`.

    `prompt_max`: the model's prompt limit (None: none stated). `phrase_framing`: put the shot
    type and camera move in as sentences (the animatic card draws them itself, so it turns this
    off). `accepts_image`: whether the chosen model takes an image input."""
    filled, unfilled = _fill(shot.prompt.strip(), shot.template_values)
    body, used, unknown = _expand(filled, elements)
    framing = framing_phrase(shot.shot_type, shot.camera_move) if phrase_framing else ""
    text = " ".join(p for p in (framing, body) if p)

    warnings = [PromptWarning(
        "unknown_element",
        f"@{name} is not an element of this project: it is sent as typed. Add it under "
        "Elements or fix the name.") for name in unknown]
    warnings += [PromptWarning(
        "unfilled_placeholder",
        f"{{{name}}} has no value: it is sent as typed. Fill it in below the prompt.")
        for name in unfilled]
    warnings += [PromptWarning(
        "no_description",
        f"@{e.name} has no description, so only its name is sent. Describe it under Elements.")
        for e in used if not e.description.strip()]
    images, image_warnings = _images(used, shot, accepts_image, model_label)
    warnings += image_warnings
    if prompt_max is not None and len(text) > prompt_max:
        warnings.append(PromptWarning(
            "over_limit",
            f"The final prompt is {len(text):,} characters; {model_label} takes at most "
            f"{prompt_max:,}. Shorten the prompt or the element descriptions."))
    return ComposedPrompt(text=text, negative_prompt=shot.negative_prompt, limit=prompt_max,
                          warnings=tuple(warnings), reference_images=images,
                          unknown_elements=tuple(unknown), unfilled_placeholders=tuple(unfilled))
