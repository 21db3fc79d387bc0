"""Serve one fake by hand: `python -m tests.fakes openai --port 8123 [--switch key=value]`.

Imports `tests.fakes.<provider>`, calls its `create(port=N, **switches)`, prints the base URL
and serves until interrupted. Point the app at it with REELROOM_<PROVIDER>_BASE_URL.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys


def _switch(text: str) -> tuple[str, object]:
    key, sep, raw = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected key=value, got {text!r}")
    try:
        value: object = json.loads(raw)  # numbers, booleans, lists
    except ValueError:
        value = raw
    return key, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fakes")
    parser.add_argument("provider", help="openai | shuttleai | tellers | viddyscribe | platform")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--switch", type=_switch, action="append", default=[], metavar="K=V")
    args = parser.parse_args(argv)
    try:
        module = importlib.import_module(f"tests.fakes.{args.provider}")
    except ModuleNotFoundError as exc:
        print(f"no fake named {args.provider!r} ({exc})", file=sys.stderr)
        return 2
    service = module.create(port=args.port, **dict(args.switch))
    service.start()
    print(service.base_url, flush=True)
    try:
        service.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        service.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
