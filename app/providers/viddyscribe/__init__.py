"""ViddyScribe (seeds/viddyscribe.txt): `adapter.ViddyScribe` is the client, `params` its
options and vocabularies. Nothing is imported here."""
