"""Playback in the studio window (offscreen, the Qt Multimedia engine, whose frames can be
seen arriving), each measure against its target in the same run:

    .venv/bin/python -m benchmarks.playback [--runs 31]
    QT_QPA_PLATFORM=xcb .venv/bin/python -m benchmarks.playback --backend vlc   # on X11


  (a) first frame: from selecting a shot in the editor state to its take's first frame in the
      Player, against a bare QMediaPlayer + QVideoSink opening the same file. Target ≤ 1.5×.
  (b) program playback of a 10-shot cut: the longest gap between the last frame of one shot
      and the first frame of the next on screen, in frames at 24 fps. Target ≤ 1.
  (c) scrubbing across a 60-shot film on the track view's ruler: p95 time from a drag event
      to the new frame shown. Target ≤ 50 ms.

With --backend vlc (libvlc draws into a native window, so it needs an X display), (a) is the
default engine's: from selecting a shot to the Player saying its first frame is drawn, against a
bare libvlc player (the same instance options, a fresh media player into a plain window) opening
the same file, both judged by libvlc's own "a video output exists and the clock runs".

Each measure is printed on its own line in the form later checks read; the exit status is 1
when a target is missed.
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
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer, QUrl  # noqa: E402
from PySide6.QtMultimedia import QMediaPlayer, QVideoSink  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

FIRST_FRAME_RATIO = 1.5
GAP_FRAMES = 1
SCRUB_P95_MS = 50.0
FPS = 24.0
SOURCES = ("testsrc2", "smptebars", "mandelbrot", "rgbtestsrc", "testsrc", "pal75bars")


def make_clip(path: Path, source: str, seconds: float) -> Path:
    import imageio_ffmpeg

    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "lavfi",
                    "-i", f"{source}=size=320x180:rate=24", "-t", str(seconds), "-c:v",
                    "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path)],
                   check=True, timeout=60)
    return path


def wait_until(done, timeout_s: float = 5.0) -> bool:
    """Run the event loop until `done()` (checked every ms) or the timeout."""
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout_s
    timer = QTimer()
    timer.setInterval(1)

    def check() -> None:
        if done() or time.perf_counter() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    if not done():
        loop.exec()
    timer.stop()
    return bool(done())


class FrameClock:
    """When frames reach the Player's picture, per engine (QVideoSink.videoFrameChanged)."""

    def __init__(self, panel) -> None:
        self.panel = panel
        self.frames: list[tuple[float, object]] = []
        self._hooked: set[int] = set()
        self.hook(panel.backend)

    def hook(self, engine) -> None:
        if engine is None or id(engine) in self._hooked:
            return
        self._hooked.add(id(engine))
        engine.frame_view.sink.videoFrameChanged.connect(
            lambda frame, e=engine: frame.isValid()
            and self.frames.append((time.monotonic(), e)))

    def count(self) -> int:
        return len(self.frames)


def studio_window(home: Path, backend: str = "qt"):
    os.environ["REELROOM_HOME"] = str(home)
    from app.services.studio import Studio
    from ui.main import create_window

    studio = Studio.open()
    studio.settings.player_backend = backend
    studio.save_settings()
    window = create_window(studio)
    window.resize(1400, 860)
    window.show()
    return studio, window


def film(window, clips: list[Path], seconds: float):
    from app.domain import Take

    doc = window.open_project(window.studio.create_project(f"Film {time.time()}", fps=FPS).id)
    doc.insert_shots(0, [doc.new_shot(title=f"Shot {i + 1}", duration=seconds)
                         for i in range(len(clips))])
    for shot, clip in zip(doc.shots, clips, strict=True):
        doc.add_take(Take(shot_id=shot.id, media_path=str(clip), duration=seconds))
    return doc


# -- (a) --------------------------------------------------------------------------------------
def bare_first_frame(path: Path) -> float:
    wait_until(lambda: False, timeout_s=0.05)  # at rest too, like the studio's measure
    player = QMediaPlayer()
    sink = QVideoSink()
    player.setVideoSink(sink)
    seen: list[float] = []
    sink.videoFrameChanged.connect(lambda f: f.isValid() and seen.append(time.perf_counter()))
    start = time.perf_counter()
    player.setSource(QUrl.fromLocalFile(str(path)))
    player.pause()
    wait_until(lambda: bool(seen))
    player.stop()
    return (seen[0] - start) if seen else float("inf")


def settle(window) -> None:
    """Let the previous selection finish (the panels follow a cued take's first frame, and
    repaint after it): each selection is measured on a window at rest, as a person makes it."""
    wait_until(lambda: not window.after_picture.holding, timeout_s=2.0)
    wait_until(lambda: False, timeout_s=0.05)


def studio_first_frame(window, clock: FrameClock, shot_id: str) -> float:
    settle(window)
    before = clock.count()
    start = time.monotonic()
    window.editor.select([shot_id])
    wait_until(lambda: clock.count() > before)
    if clock.count() <= before:
        return float("inf")
    return clock.frames[before][0] - start


def measure_first_frame(window, clock, doc, clips, runs: int) -> tuple[float, float]:
    ids = doc.shots.ids()
    studio_first_frame(window, clock, ids[-1])  # warm: the first load sets up the engine
    bare_first_frame(clips[-1])
    ours, bare = [], []
    for k in range(runs):
        i = k % len(ids)
        ours.append(studio_first_frame(window, clock, ids[i]))
        bare.append(bare_first_frame(clips[i]))
    return statistics.median(ours) * 1000, statistics.median(bare) * 1000


def measure_first_frame_vlc(window, doc, clips, runs: int) -> tuple[float, float]:
    """(a) with libvlc: the Player's picture_shown against a bare libvlc player."""
    import vlc

    from ui.player.vlc_backend import vlc_instance_args

    panel = window.player_panel
    shown: list[float] = []
    panel.picture_shown.connect(lambda: shown.append(time.monotonic()))
    instance = vlc.Instance(vlc_instance_args())
    surface = QWidget()
    surface.resize(640, 360)
    surface.show()
    wait_until(lambda: False, timeout_s=0.3)

    def studio(shot_id: str) -> float:
        settle(window)
        before = len(shown)
        start = time.monotonic()
        window.editor.select([shot_id])
        wait_until(lambda: len(shown) > before)
        return shown[before] - start if len(shown) > before else float("inf")

    def bare(path: Path) -> float:
        wait_until(lambda: False, timeout_s=0.05)
        player = instance.media_player_new()
        player.set_xwindow(int(surface.winId()))
        start = time.monotonic()
        player.set_media(instance.media_new_path(str(path)))
        player.play()
        drawn = wait_until(lambda: bool(player.has_vout()) and player.get_time() > 0)
        elapsed = time.monotonic() - start
        player.stop()
        player.release()
        return elapsed if drawn else float("inf")

    ids = doc.shots.ids()
    studio(ids[-1])  # warm, as for the Qt engine
    bare(clips[-1])
    ours, theirs = [], []
    for k in range(runs):
        i = k % len(ids)
        ours.append(studio(ids[i]))
        theirs.append(bare(clips[i]))
    surface.close()
    return statistics.median(ours) * 1000, statistics.median(theirs) * 1000


# -- (b) --------------------------------------------------------------------------------------
def measure_gaps(window, clock: FrameClock, doc) -> float:
    program = window.features.player.program
    joins: list[float] = []
    program.joined.connect(lambda _shot, t: joins.append(t))
    ended: list[bool] = []
    program.finished.connect(lambda: ended.append(True))
    clock.frames.clear()
    program.play_film(0.0)
    clock.hook(window.player_panel.spare)
    wait_until(lambda: bool(ended), timeout_s=60)
    frame_s = 1.0 / FPS
    worst = 0.0
    for t_join in joins:
        # the last frame the previous shot put on screen before the flip
        before = [t for t, _e in clock.frames if t <= t_join]
        if not before:
            continue
        gap = (t_join - before[-1]) - frame_s  # beyond the frame's own duration
        worst = max(worst, gap / frame_s)
    return max(0.0, worst)


# -- (c) --------------------------------------------------------------------------------------
def measure_scrub(window, clock: FrameClock, doc, samples: int) -> float:
    from ui.timeline.track_view import RULER_H

    window.editor.set_mode("timeline")
    view = window.timeline.track_view
    view.fit()
    program = window.features.player.program
    panel = window.player_panel
    vp = view.viewport()
    total = doc.cut_total()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(int(view.x_of(0.01)), RULER_H // 2))
    clock.hook(panel.spare)
    times: list[float] = []
    for k in range(samples):
        t = (k + 0.5) / samples * total * 0.999
        before = clock.count()
        start = time.perf_counter()
        QTest.mouseMove(vp, QPoint(int(round(view.x_of(t))), RULER_H // 2))
        clock.hook(panel.spare)
        seg = program.segments[program.index]
        if seg.path is None:  # a card paints at once
            times.append(time.perf_counter() - start)
            continue
        wait_until(lambda b=before: clock.count() > b and clock.frames[-1][1] is panel.active,
                   timeout_s=1.0)
        times.append(time.perf_counter() - start)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton)
    times.sort()
    return times[max(0, int(round(0.95 * len(times))) - 1)] * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--scrubs", type=int, default=120)
    parser.add_argument("--backend", choices=("qt", "vlc"), default="qt",
                        help="the engine measured: qt (all three measures, offscreen) or vlc "
                             "((a) only, in a real X11 window)")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    if args.backend == "vlc":
        return main_vlc(app, args.runs)
    with tempfile.TemporaryDirectory(prefix="reelroom-playback-") as tmp:
        tmp_path = Path(tmp)
        clips = [make_clip(tmp_path / f"c{i}.mp4", SOURCES[i % len(SOURCES)], 1.0)
                 for i in range(10)]
        studio, window = studio_window(tmp_path / "home")
        clock = FrameClock(window.player_panel)
        doc = film(window, clips, 1.0)
        wait_until(lambda: False, timeout_s=0.3)  # let the window settle
        ours, bare = measure_first_frame(window, clock, doc, clips, args.runs)
        ratio = ours / bare if bare > 0 else float("inf")
        print(f"first frame: {ours:.0f} ms, bare player: {bare:.0f} ms, ratio {ratio:.2f}")

        gap = measure_gaps(window, clock, doc)
        gap_frames = int(round(gap))
        print(f"worst gap between shots: {gap_frames} frames")

        many = film(window, [clips[i % len(clips)] for i in range(60)], 1.0)
        p95 = measure_scrub(window, clock, many, args.scrubs)
        print(f"scrub p95: {p95:.0f} ms")
        window.close()
        studio.close()
        del app
    missed = []
    if ratio > FIRST_FRAME_RATIO:
        missed.append(f"first frame ratio {ratio:.2f} > {FIRST_FRAME_RATIO}")
    if gap_frames > GAP_FRAMES:
        missed.append(f"worst gap {gap_frames} frames > {GAP_FRAMES}")
    if p95 > SCRUB_P95_MS:
        missed.append(f"scrub p95 {p95:.0f} ms > {SCRUB_P95_MS:.0f} ms")
    for line in missed:
        print(f"MISSED: {line}", file=sys.stderr)
    return 1 if missed else 0


def main_vlc(app, runs: int) -> int:
    if QApplication.platformName() != "xcb":
        print("--backend vlc needs an X display: run it with QT_QPA_PLATFORM=xcb and DISPLAY "
              "set (Xvfb will do)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="reelroom-playback-") as tmp:
        tmp_path = Path(tmp)
        clips = [make_clip(tmp_path / f"c{i}.mp4", SOURCES[i % len(SOURCES)], 1.0)
                 for i in range(10)]
        studio, window = studio_window(tmp_path / "home", "vlc")
        if window.player_panel.backend_name != "vlc":
            print(f"libvlc is not usable here: {window.player_panel.backend_reason}",
                  file=sys.stderr)
            return 2
        doc = film(window, clips, 1.0)
        wait_until(lambda: False, timeout_s=0.3)
        ours, bare = measure_first_frame_vlc(window, doc, clips, runs)
        ratio = ours / bare if bare > 0 else float("inf")
        print(f"first frame: {ours:.0f} ms, bare player: {bare:.0f} ms, ratio {ratio:.2f}")
        window.close()
        studio.close()
        del app
    if ratio > FIRST_FRAME_RATIO:
        print(f"MISSED: first frame ratio {ratio:.2f} > {FIRST_FRAME_RATIO}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
