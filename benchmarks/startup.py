"""Start-up time: process start → first paint of the studio window, against a bare PySide6
QMainWindow measured the same way in the same run. Target: ratio ≤ 1.5×.

With a frozen build (the installed /opt/reelroom, or build/dist/reelroom, or --frozen PATH) it
also times the frozen studio against the venv's, in the same runs. Target: ≤ 1.2×.

    .venv/bin/python -m benchmarks.startup [--runs 7] [--frozen /opt/reelroom/reelroom]

Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
class W(QMainWindow):
    painted = False
    def paintEvent(self, e):
        super().paintEvent(e)
        if not self.painted:
            self.painted = True
            print("painted", flush=True)
            QTimer.singleShot(0, app.quit)
w = W(); w.resize(1400, 860); w.show()
app.exec()
"""


def time_until_painted(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=env, cwd=ROOT)
    for line in proc.stdout:
        if line.strip() == "painted":
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(f"{cmd} never painted")
    proc.wait(timeout=30)
    return elapsed


def prepare_home(home: Path) -> None:
    """A library with one 12-shot project that opens at start, like a returning user's."""
    env = {**os.environ, "REELROOM_HOME": str(home)}
    code = (
        "from app.services.studio import Studio\n"
        "from app.services.commands import AddShots\n"
        "s = Studio.open(); p = s.create_project('Bench'); d = s.open_project(p.id)\n"
        "AddShots(d, 0, [{'title': f'Shot {i}', 'prompt': 'x' * 80} for i in range(12)]).do(d)\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT)


FROZEN_CANDIDATES = (Path("/opt/reelroom/reelroom"), ROOT / "build/dist/reelroom/reelroom")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--frozen", type=Path, help="the frozen `reelroom` program to time "
                        "too (default: the installed one or build/dist's, when present)")
    args = parser.parse_args()
    frozen = args.frozen or next((p for p in FROZEN_CANDIDATES if p.exists()), None)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory() as tmp:
        prepare_home(Path(tmp))
        env_app = {**env, "REELROOM_HOME": tmp}
        bare_cmd = [sys.executable, "-c", BARE]
        app_cmd = [sys.executable, "-m", "ui.main", "--exit-after-paint"]
        frozen_cmd = [str(frozen), "--exit-after-paint"] if frozen else None
        time_until_painted(bare_cmd, env)  # warm the OS file cache for each
        time_until_painted(app_cmd, env_app)
        if frozen_cmd:
            time_until_painted(frozen_cmd, env_app)
        bare, app, froze = [], [], []
        for _ in range(args.runs):  # interleaved so machine noise hits all alike
            bare.append(time_until_painted(bare_cmd, env))
            app.append(time_until_painted(app_cmd, env_app))
            if frozen_cmd:
                froze.append(time_until_painted(frozen_cmd, env_app))
    b, a = statistics.median(bare), statistics.median(app)
    print(f"bare QMainWindow first paint : {b * 1000:7.1f} ms (median of {args.runs})")
    print(f"Reelroom studio first paint  : {a * 1000:7.1f} ms (median of {args.runs})")
    print(f"ratio                        : {a / b:7.2f}×  (target ≤ 1.5×)")
    ok = a / b <= 1.5
    if froze:
        f = statistics.median(froze)
        print(f"frozen studio first paint    : {f * 1000:7.1f} ms (median of {args.runs}; "
              f"{frozen})")
        print(f"frozen / venv                : {f / a:7.2f}×  (target ≤ 1.2×)")
        ok = ok and f / a <= 1.2
    else:
        print("no frozen build found: build one with `bash packaging/build.sh frozen`")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
