"""The frozen app's one program under two names: `reelroom` (the studio) and `reelroom-cli`.

The core runs its probes in child processes (`sys.executable -c CODE`, `sys.executable -m
MODULE`, see app/diagnostics.py and ui/player/probe.py). Frozen, sys.executable is this
program, so it answers those two forms the way the interpreter would; everything else goes to
the entry point its name says."""

from __future__ import annotations

import os
import sys


def _as_interpreter(args: list[str]) -> int | None:
    if len(args) >= 2 and args[0] == "-c":
        sys.argv = ["-c", *args[2:]]
        exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})
        return 0
    if len(args) >= 2 and args[0] == "-m":
        import runpy

        sys.argv = [args[1], *args[2:]]
        runpy.run_module(args[1], run_name="__main__", alter_sys=True)
        return 0
    return None


def main() -> int:
    code = _as_interpreter(sys.argv[1:])
    if code is not None:
        return code
    name = os.path.splitext(os.path.basename(sys.executable))[0].lower()
    if name == "reelroom-cli":
        from app.cli.main import main as cli_main

        return cli_main()
    from ui.main import main as gui_main

    return gui_main()


if __name__ == "__main__":
    sys.exit(main())
