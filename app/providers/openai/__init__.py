"""OpenAI's /videos API (Sora): `adapter.OpenAIVideos` is the client, `params` its parameter
model. Always imported by its full name (`app.providers.openai.…`), so it never stands in for
the `openai` SDK, which Reelroom does not use. Nothing is imported here."""
