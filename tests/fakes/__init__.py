"""Fake cloud services speaking each provider's real wire format over real HTTP on 127.0.0.1.

Convention, for every fake module `tests/fakes/<provider>.py` (openai, shuttleai, tellers,
viddyscribe, platform):

    def create(port: int = 0, **switches) -> FakeService

returns a configured, *not yet started* FakeService subclass (see `tests.fakes.server`).
`port=0` picks a free port. `switches` are the fake's own knobs (e.g. `fail_jobs=True`); the
fault switches every fake inherits (rate limits, 5xx, dropped connections, truncated bodies,
cross-origin redirects, delays) are methods on the instance. Tests use it as a context manager:

    with create() as svc:
        client = HttpClient("openai", svc.base_url, {"Authorization": "Bearer k"})

and point adapters at it through ProviderConfig.base_url or `REELROOM_<NAME>_BASE_URL`.

`python -m tests.fakes <provider> --port N` serves one fake by hand for manual testing.
"""
