"""`reelroom-cli self-test`: does this installation really play and export?

Three things a user needs, each checked by doing it, not by importing something:
- a clip plays to its end through each player backend (Qt Multimedia, libvlc), and a frame
  read back from the screen mid-way is not black. The players are Qt and libvlc, which the
  core never imports, so this part runs in a child process of the GUI side
  (`python -m ui.player.self_test CLIP`; the frozen app answers `-m` the same way);
- a 3-shot animatic film exports (in a throw-away library, never the user's) and probes as
  the film it should be.
Each check says what is wrong and what to do when it fails."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

CLIP_SECONDS = 2.0
FILM_SHOTS = (1.5, 1.0, 2.0)  # seconds of each animatic card
_PLAYER_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'OK    ' if self.ok else 'FAILED'} {self.name:<18} {self.detail}"


def make_clip(folder: Path) -> Path:
    """A bright test pattern with a moving part, so any decoded frame is visibly not black."""
    from app.media.ffmpeg import ffmpeg_exe

    out = folder / "self-test-clip.mp4"
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
                    "-f", "lavfi", "-i", f"testsrc2=s=320x180:r=25:d={CLIP_SECONDS}",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    str(out)], check=True, capture_output=True, timeout=60)
    return out


def player_command(clip: Path) -> list[str]:
    return [sys.executable, "-m", "ui.player.self_test", str(clip)]


def parse_player_output(stdout: str, stderr: str, returncode: int) -> list[Result]:
    """One JSON object a line: {"backend", "ok", "detail"}."""
    results = []
    for line in stdout.splitlines():
        try:
            data = json.loads(line)
            results.append(Result(f"player {data['backend']}", bool(data["ok"]),
                                  str(data["detail"])))
        except (ValueError, KeyError, TypeError):
            continue
    if not results:
        tail = (stderr.strip().splitlines() or ["no output"])[-1]
        results.append(Result("player", False,
                              f"the player check did not run (exit {returncode}: {tail})"))
    return results


def check_players(clip: Path, timeout: float = _PLAYER_TIMEOUT_S) -> list[Result]:
    try:
        done = subprocess.run(player_command(clip), capture_output=True, text=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return [Result("player", False, f"the player check took longer than {timeout:.0f} s")]
    except OSError as exc:
        return [Result("player", False, f"could not start the player check: {exc}")]
    return parse_player_output(done.stdout, done.stderr, done.returncode)


async def _export_film(home: Path) -> Result:
    from app.media.probe import probe
    from app.services.exporting import ExportError, export_film
    from app.services.studio import Studio

    studio = Studio.open(home)
    try:
        doc = studio.open_project(studio.create_project("Self-test").id)
        doc.insert_shots(0, [doc.new_shot(title=f"Shot {i + 1}", prompt=f"self-test shot {i + 1}",
                                          duration=seconds)
                             for i, seconds in enumerate(FILM_SHOTS)])
        out = home / "self-test-film.mp4"
        try:
            done = await export_film(doc, out, preset="480p", fill_missing=True,
                                     work_dir=studio.paths.cache)
        except ExportError as exc:
            return Result("export", False, f"the 3-shot animatic film did not export: {exc}")
        info = await probe(done.path)
    finally:
        studio.close()
    expected = sum(FILM_SHOTS)
    if not info.has_video or abs(info.duration - expected) > 0.5 or len(done.filled) != 3:
        return Result("export", False,
                      f"the film probes wrong: {info.duration:.2f} s (expected {expected:.1f}), "
                      f"video {info.video_codec or 'missing'}, {len(done.filled)} of 3 cards")
    return Result("export", True,
                  f"3-shot animatic film: {info.duration:.2f} s, {info.width}×{info.height} "
                  f"{info.video_codec}, probed")


def check_export() -> Result:
    from app.media.errors import MediaError

    with tempfile.TemporaryDirectory(prefix="reelroom-self-test-") as tmp:
        try:
            return asyncio.run(_export_film(Path(tmp)))
        except (MediaError, OSError) as exc:
            return Result("export", False, f"exporting failed: {exc}")


def run_self_test(players: bool = True, export: bool = True) -> list[Result]:
    results: list[Result] = []
    if players:
        with tempfile.TemporaryDirectory(prefix="reelroom-self-test-") as tmp:
            try:
                clip = make_clip(Path(tmp))
            except (OSError, subprocess.SubprocessError) as exc:
                results.append(Result("test clip", False,
                                      f"ffmpeg could not make the test clip: {exc}"))
            else:
                results += check_players(clip)
    if export:
        results.append(check_export())
    return results
