"""Start-up time: process start → first paint of the studio window, against a bare PySide6
QMainWindow measured the same way in the same run. Target: ratio ≤ 1.5×.

    .venv/bin/python -m benchmarks.startup [--runs 7]
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory() as tmp:
        prepare_home(Path(tmp))
        env_app = {**env, "REELROOM_HOME": tmp}
        bare_cmd = [sys.executable, "-c", BARE]
        app_cmd = [sys.executable, "-m", "ui.main", "--exit-after-paint"]
        time_until_painted(bare_cmd, env)  # warm the OS file cache for both
        time_until_painted(app_cmd, env_app)
        bare, app = [], []
        for _ in range(args.runs):  # interleaved so machine noise hits both alike
            bare.append(time_until_painted(bare_cmd, env))
            app.append(time_until_painted(app_cmd, env_app))
    b, a = statistics.median(bare), statistics.median(app)
    print(f"bare QMainWindow first paint : {b * 1000:7.1f} ms (median of {args.runs})")
    print(f"Reelroom studio first paint  : {a * 1000:7.1f} ms (median of {args.runs})")
    print(f"ratio                        : {a / b:7.2f}×  (target ≤ 1.5×)")


if __name__ == "__main__":
    main()
