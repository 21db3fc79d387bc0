"""The first request after warm_up() imports nothing: an import inside a request runs on the
event loop and stalls the GUI (benchmarks/queue.py measured ~40 ms)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import asyncio, sys
    from app.providers.http import HttpClient{warm}
    from tests.fakes.server import CdnOrigin

    cdn = CdnOrigin().start()
    cdn.put_blob("f", b"x" * 100)

    async def first_request():
        async with HttpClient("warm", cdn.origin, {{}}) as client:
            await client.request("GET", "/blobs/f", auth=False)

    {call}
    before = set(sys.modules)
    asyncio.run(first_request())
    cdn.stop()
    print(",".join(sorted(set(sys.modules) - before)))
""")


def imported_by_first_request(warm: bool) -> list[str]:
    code = SCRIPT.format(warm=", warm_up" if warm else "", call="warm_up()" if warm else "")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    return [m for m in out.stdout.strip().split(",") if m]


def test_first_request_imports_nothing_after_warm_up():
    assert any(m.startswith("anyio") for m in imported_by_first_request(warm=False))
    assert imported_by_first_request(warm=True) == []
