"""Tellers (seeds/tellers.txt): `adapter.Tellers` is the client; `assets` uploads media and
`sse` reads the agent's event stream. Nothing is imported here."""
