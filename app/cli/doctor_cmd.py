"""`reelroom-cli doctor`: what is present, what is missing and how to fix it."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="check Python, Qt, ffmpeg, libvlc, keyring and folders")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.diagnostics import report_json, report_text, run_doctor
    from app.paths import resolve_paths
    from app.settings import SettingsStore

    paths = resolve_paths()
    settings = SettingsStore(paths.settings_file).load()
    checks = run_doctor(player_preference=settings.player_backend, paths=paths)
    print(report_json(checks) if args.json else report_text(checks))
    # keys and an unusable keyring are advice, not failures of the installation
    essential = [c for c in checks if not c.name.startswith("key") and c.name != "libvlc"]
    return 0 if all(c.ok for c in essential) else 1
