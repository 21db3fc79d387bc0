"""`reelroom-cli self-test`: play a clip through each player and export a short film."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("self-test", help="check that clips play (each player backend, a frame "
                                         "read back) and that a film exports")
    p.add_argument("--skip-players", action="store_true", help="only check exporting")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.selftest import run_self_test

    results = run_self_test(players=not args.skip_players)
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        print("\n".join(r.line() for r in results))
        failed = [r.name for r in results if not r.ok]
        print(f"self-test {'FAILED: ' + ', '.join(failed) if failed else 'passed'}")
    return 0 if all(r.ok for r in results) else 1
