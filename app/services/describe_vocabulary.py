"""ViddyScribe's vocabularies as the studio and the CLI show them: its 52 languages and 14 video
categories under the service's own names, the text formats and the two description lengths."""

from __future__ import annotations

from app.providers.viddyscribe.params import AD_TYPES, CATEGORIES, FORMATS, LANGUAGES

TEXT_FORMATS: dict[str, str] = {
    "vtt": "WebVTT subtitles",
    "srt": "SubRip subtitles",
    "json": "JSON with timestamps",
    "edl": "EDL (saved beside the project)",
}
AD_TYPE_NAMES: dict[str, str] = {"standard_ad": "Standard", "extended_ad": "Extended"}

assert set(TEXT_FORMATS) == set(FORMATS) and set(AD_TYPE_NAMES) == set(AD_TYPES)


def languages() -> list[tuple[str, str]]:
    """(BCP-47 tag, the service's name) for each of the 52 languages, as documented."""
    return list(LANGUAGES.items())


def categories() -> list[tuple[str, str]]:
    """(wire value, the service's name) for each of the 14 categories."""
    return list(CATEGORIES.items())
