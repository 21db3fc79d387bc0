"""Dialogs for the paid sound and words jobs: platform music and speech, platform subtitles,
and ViddyScribe audio description."""
