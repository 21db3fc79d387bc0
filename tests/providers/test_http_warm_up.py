"""The first request after warm_up() imports nothing, and no request after it searches for a
module: an import inside a request runs on the event loop and stalls the GUI
(benchmarks/queue.py measured ~40 ms for the first; a search of sys.path for an optional
module httpcore asks for on every lock costs ~0.5 ms, several times a request)."""

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

    class Searches:  # notes every module the import system goes looking for
        asked = []

        def find_spec(self, name, path=None, target=None):
            self.asked.append(name)
            return None

    {call}
    before = set(sys.modules)
    asyncio.run(first_request())
    sys.meta_path.insert(0, Searches())
    asyncio.run(first_request())
    cdn.stop()
    print("imported:" + ",".join(sorted(set(sys.modules) - before)))
    print("searched:" + ",".join(sorted(set(Searches.asked))))
""")


def imports(warm: bool) -> tuple[list[str], list[str]]:
    """(modules the first request imported, modules a later request searched for)."""
    code = SCRIPT.format(warm=", warm_up" if warm else "", call="warm_up()" if warm else "")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    said = dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)
    return ([m for m in said["imported"].split(",") if m],
            [m for m in said["searched"].split(",") if m])


def test_first_request_imports_nothing_after_warm_up():
    assert any(m.startswith("anyio") for m in imports(warm=False)[0])
    assert imports(warm=True) == ([], [])
