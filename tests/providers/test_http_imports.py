"""A request imports nothing once the client has warmed up: httpcore asks `import sniffio` on
every lock and every pool check (a dozen times a request), and with sniffio missing (anyio 4.16
no longer brings it) each ask was a failed import searching all of sys.path, about a tenth of
a request's time on the GUI thread. pyproject.toml lists sniffio for that reason."""

from __future__ import annotations

import sys

from app.providers.http import HttpClient
from tests.providers.conftest import ExampleJobs

_SEEN: dict[str, list] = {"imports": [], "armed": []}


def _audit(event: str, args) -> None:
    if _SEEN["armed"] and event == "import":
        _SEEN["imports"].append(args[0])


async def test_requests_after_the_first_import_nothing(client: HttpClient, fake: ExampleJobs):
    if not _SEEN.get("hooked"):
        sys.addaudithook(_audit)  # audit hooks cannot be removed: armed only in this test
        _SEEN["hooked"] = True  # type: ignore[assignment]
    created = (await client.request("POST", "/jobs", json={"p": 1}, idempotent=False)).json()
    await client.request("GET", f"/jobs/{created['id']}")  # the first loads what it needs
    _SEEN["imports"].clear()
    _SEEN["armed"].append(1)
    try:
        for _ in range(5):
            await client.request("GET", f"/jobs/{created['id']}")
        await client.request("POST", "/jobs", json={"p": 2}, idempotent=False)
    finally:
        _SEEN["armed"].clear()
    assert _SEEN["imports"] == []
