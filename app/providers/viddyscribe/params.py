"""ViddyScribe's documented vocabulary: 52 languages, 14 video categories, output formats, and
the generation parameter model that checks them before any request is sent.

Language codes: the service takes BCP-47 tags (its example is "en-US"). The seed lists the
languages by name; each maps to the tag of the region it names (or the language's main one).
Category wire values are the documented names in snake_case; the names themselves are accepted
too, so what the user reads in the docs works.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

LANGUAGES: dict[str, str] = {
    "en-US": "English (US)",
    "en-GB": "English (GB)",
    "en-AU": "English (AU)",
    "en-IN": "English (IN)",
    "es-ES": "Spanish (ES)",
    "es-US": "Spanish (US)",
    "fr-FR": "French (FR)",
    "fr-CA": "French (CA)",
    "de-DE": "German",
    "it-IT": "Italian",
    "pt-BR": "Portuguese (BR)",
    "ja-JP": "Japanese",
    "ko-KR": "Korean",
    "zh-CN": "Chinese",
    "ar-XA": "Arabic",
    "hi-IN": "Hindi",
    "bn-IN": "Bengali",
    "bg-BG": "Bulgarian",
    "hr-HR": "Croatian",
    "cs-CZ": "Czech",
    "da-DK": "Danish",
    "nl-NL": "Dutch (NL)",
    "nl-BE": "Dutch (BE)",
    "et-EE": "Estonian",
    "fi-FI": "Finnish",
    "el-GR": "Greek",
    "gu-IN": "Gujarati",
    "he-IL": "Hebrew",
    "hu-HU": "Hungarian",
    "id-ID": "Indonesian",
    "kn-IN": "Kannada",
    "lv-LV": "Latvian",
    "lt-LT": "Lithuanian",
    "ml-IN": "Malayalam",
    "mr-IN": "Marathi",
    "nb-NO": "Norwegian",
    "pl-PL": "Polish",
    "pa-IN": "Punjabi (India)",
    "ro-RO": "Romanian",
    "ru-RU": "Russian",
    "sr-RS": "Serbian (Cyrillic)",
    "sk-SK": "Slovak",
    "sl-SI": "Slovenian",
    "sv-SE": "Swedish",
    "sw-KE": "Swahili",
    "ta-IN": "Tamil",
    "te-IN": "Telugu",
    "th-TH": "Thai",
    "tr-TR": "Turkish",
    "uk-UA": "Ukrainian",
    "ur-IN": "Urdu",
    "vi-VN": "Vietnamese",
}
# other spellings of the same languages people commonly type
_LANGUAGE_ALIASES = {"cmn-CN": "zh-CN", "ar-SA": "ar-XA", "no-NO": "nb-NO", "sr-Cyrl-RS": "sr-RS"}

CATEGORIES: dict[str, str] = {
    "auto": "Auto",
    "educational_lecture": "Educational Lecture",
    "educational_kids": "Educational Kids",
    "government_meeting": "Government Meeting",
    "documentary": "Documentary",
    "narrative_story": "Narrative Story",
    "social_media": "Social Media",
    "tutorial": "Tutorial/How-To",
    "vlog": "Vlog",
    "commercial": "Commercial/Advertisement",
    "news": "News",
    "entertainment": "Entertainment",
    "home_video": "Home Video",
    "video_call": "Video Call",
}

FORMATS = ("json", "vtt", "srt", "edl")
AD_TYPES = ("standard_ad", "extended_ad")
# which generate_* endpoint a kind uses
KINDS = {"text": "generate_ad_text", "audio": "generate_ad_audio", "video": "generate_ad_video"}

assert len(LANGUAGES) == 52 and len(CATEGORIES) == 14  # what the service documents


def normalise_language(value: str) -> str:
    """The canonical tag for `value` (case-insensitive, "_" or "-"), or ValueError."""
    text = value.strip().replace("_", "-")
    for table in (LANGUAGES, _LANGUAGE_ALIASES):
        for code in table:
            if code.lower() == text.lower():
                return _LANGUAGE_ALIASES.get(code, code)
    raise ValueError(
        f"{value!r} is not one of the 52 supported languages ({', '.join(LANGUAGES)})"
    )


def normalise_category(value: str) -> str:
    """The wire value for a category given by value or by its documented name."""
    key = re.sub(r"[^a-z]+", "_", value.strip().lower()).strip("_")
    for slug, label in CATEGORIES.items():
        if key == slug or key == re.sub(r"[^a-z]+", "_", label.lower()).strip("_"):
            return slug
    raise ValueError(
        f"{value!r} is not a video category; use one of: {', '.join(CATEGORIES.values())}"
    )


class DescribeParams(BaseModel):
    """generation_config for generate_ad_text / _audio / _video."""

    model_config = ConfigDict(extra="forbid")
    language: str = Field("en-US", description="narration language (BCP-47 tag)")
    ad_type: Literal["standard_ad", "extended_ad"] = Field(
        "standard_ad", description="extended_ad pauses the video for longer descriptions"
    )
    format: Literal["json", "vtt", "srt", "edl"] = Field("vtt", description="text output format")
    voice: str | None = Field(None, description="narration voice (audio/video)")
    custom_instructions: str | None = Field(None, max_length=4000)
    read_all_onscreen_text: bool = False
    category: str = Field("auto", description="kind of video, guides the description style")

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        return normalise_language(value)

    @field_validator("category")
    @classmethod
    def _category(cls, value: str) -> str:
        return normalise_category(value)

    def wire(self) -> dict[str, object]:
        return self.model_dump(exclude_none=True)
