"""Entry point of `reelroom-cli`."""

from __future__ import annotations

import argparse
import importlib
import sys

# Each module has register(subparsers) adding its subcommands; a subcommand sets `func`
# (args -> int exit code). Kept as names so start-up imports only what runs.
COMMAND_MODULES = [
    "app.cli.doctor_cmd",
    "app.cli.project_cmds",
    "app.cli.provider_cmds",
    "app.cli.account_cmds",
    "app.cli.describe_cmd",
    "app.cli.queue_cmds",
    "app.cli.library_cmds",
    "app.cli.interchange_cmds",
    "app.cli.export_cmds",
    "app.cli.media_cmds",
    "app.cli.audio_cmds",
    "app.cli.subtitles_cmds",
    "app.cli.sound_job_cmds",  # after audio and subtitles: it adds to their groups
    "app.cli.selftest_cmd",
    "app.cli.follow_up_cmds",
]


class _VersionAction(argparse.Action):
    """--version, looked up only when asked (reading the package metadata costs start-up)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from app import __version__

        print(f"reelroom {__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reelroom-cli", description="Reelroom from the command line."
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from app.logsetup import configure_logging

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    configure_logging()
    from pydantic import ValidationError

    from app.cli.common import CliError, close_opened
    from app.validation_text import one_line, user_text

    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except ValidationError as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last resort: one line here, the traceback in the log
        import logging

        from app.paths import resolve_paths

        logging.getLogger("reelroom.cli").error("%s failed", args.command, exc_info=exc)
        log_file = resolve_paths().logs / "reelroom.log"
        print(f"error: {args.command} failed: {user_text(exc)} (details in {log_file})",
              file=sys.stderr)
        return 1
    finally:
        close_opened()


if __name__ == "__main__":
    sys.exit(main())
