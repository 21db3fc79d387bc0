"""The one way the core runs ffmpeg: a child process started off the event loop (app.media.spawn)
with machine-readable progress, a cancel that really stops the process, and outputs that appear
atomically or not at all."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import re
import secrets
import time
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path

from app.media.errors import MediaCancelled, MediaError
from app.media.progress import ProgressInfo, ProgressParser
from app.media.spawn import Process, spawn

ProgressCallback = Callable[[ProgressInfo], None]

# Lines of ffmpeg's stderr that repeat what an earlier line already said.
_BOILERPLATE = re.compile(
    r"^(Conversion failed!|Error opening output files?:?.*|Exiting normally.*|"
    r"Error opening input files:.*|Terminating thread.*|Nothing was written into output.*|"
    r"Task finished with error code.*|.*Could not open encoder before EOF|"
    r"Error reinitializing filters!|Failed to configure output pad.*|"
    r"Error while filtering: .*|Error sending frames to consumers.*)$"
)
_UNREADABLE = (
    "Invalid data found when processing input",
    "moov atom not found",
    "could not find codec parameters",
    "Invalid argument",
    "End of file",
)
_CONTEXT_PREFIX = re.compile(r"^\[[^\]]+ @ (0x)?[0-9a-fA-F]+\]\s*")
BAD_INPUT = re.compile(r"Error opening input file (.+?)\.?$")


@functools.lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """The ffmpeg binary shipped inside the imageio-ffmpeg wheel (or IMAGEIO_FFMPEG_EXE)."""
    import imageio_ffmpeg

    try:
        return imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError as exc:  # the wheel for this platform carries no binary
        raise MediaError(f"ffmpeg is not available: {exc}") from exc


def temp_output_for(output: Path) -> Path:
    """A hidden name beside `output` with the same extension, so ffmpeg picks the right muxer
    and the final rename stays on one filesystem (atomic)."""
    token = secrets.token_hex(4)
    return output.with_name(f".{output.stem}.tmp-{token}{output.suffix}")


def _inputs(args: Sequence[str]) -> list[str]:
    """The file inputs of an argument list (lavfi sources are not files)."""
    found: list[str] = []
    fmt = None
    for i, arg in enumerate(args):
        if arg == "-f" and i + 1 < len(args):
            fmt = args[i + 1]
        if arg == "-i" and i + 1 < len(args):
            if fmt != "lavfi":
                found.append(args[i + 1])
            fmt = None
    return found


def meaningful_lines(stderr: Sequence[str], limit: int = 3) -> list[str]:
    """ffmpeg's first distinct error lines (the cause; later ones are its echoes), without
    the `[demuxer @ 0x..]` prefixes."""
    out: list[str] = []
    for raw in stderr:
        line = _CONTEXT_PREFIX.sub("", raw.strip())
        if not line or _BOILERPLATE.match(line) or line in out:
            continue
        out.append(line)
    return out[:limit]


def describe_failure(args: Sequence[str], stderr: Sequence[str], returncode: int) -> MediaError:
    """Turn a failed run into an error a person can act on: which file, what went wrong."""
    inputs = _inputs(args)
    bad = next((m.group(1) for ln in stderr if (m := BAD_INPUT.search(ln.strip()))), None)
    subject = bad or (inputs[0] if inputs else None)
    if subject and subject.startswith("file:"):
        subject = subject[len("file:") :]
    name = Path(subject).name if subject else "ffmpeg"
    lines = [ln for ln in meaningful_lines(stderr) if not BAD_INPUT.search(ln)]
    detail = "; ".join(lines) or f"ffmpeg exited with code {returncode}"
    if bad:
        reason = next((r for r in _UNREADABLE if r.lower() in detail.lower()), None)
        if reason or "No such file" not in detail:
            msg = f"{name} is not a readable media file: {reason or detail}"
        else:
            msg = f"{name} could not be opened: {detail}"
        return MediaError(msg, path=subject, detail=detail)
    return MediaError(f"ffmpeg failed on {name}: {detail}", path=subject, detail=detail)


async def _kill(proc: Process) -> None:
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
    # Shielded so a second cancel cannot leave a zombie ffmpeg writing to disk behind us.
    await asyncio.shield(proc.wait())


async def execute(
    args: Sequence[str],
    *,
    duration_hint: float | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
    cwd: Path | None = None,
) -> ProgressInfo | None:
    """Run ffmpeg with `args` (outputs included) and return the final progress block.

    Raises MediaCancelled when `cancel` is set, MediaError when ffmpeg fails; when the calling
    task is cancelled the process is killed and CancelledError propagates (asyncio's contract).
    """
    cmd = [
        ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
        "-progress", "pipe:1", "-nostats", *args,
    ]  # fmt: skip
    if cancel is not None and cancel.is_set():
        raise MediaCancelled("cancelled before it started")
    proc = await spawn(cmd, stdout=True, stderr=True, cwd=cwd)  # started off the loop
    parser = ProgressParser(duration_hint)
    stderr: deque[str] = deque(maxlen=60)
    started = time.monotonic()

    async def read_progress() -> None:
        assert proc.stdout is not None
        async for raw in proc.stdout:
            info = parser.feed(raw.decode("utf-8", "replace"), time.monotonic() - started)
            if info is not None and on_progress is not None:
                on_progress(info)

    async def read_stderr() -> None:
        assert proc.stderr is not None
        async for raw in proc.stderr:
            stderr.append(raw.decode("utf-8", "replace").rstrip())

    async def finish() -> int:
        await asyncio.gather(read_progress(), read_stderr())
        return await proc.wait()

    work = asyncio.ensure_future(finish())
    waiter = asyncio.ensure_future(cancel.wait()) if cancel is not None else None
    try:
        pending = {work} if waiter is None else {work, waiter}
        await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        if not work.done():
            raise MediaCancelled("cancelled")
        returncode = work.result()
    except BaseException:
        await _kill(proc)
        work.cancel()
        with contextlib.suppress(BaseException):
            await work
        raise
    finally:
        if waiter is not None:
            waiter.cancel()
    if returncode != 0:
        raise describe_failure(args, list(stderr), returncode)
    return parser.last


async def run_ffmpeg(
    args: Sequence[str],
    *,
    output: Path,
    duration_hint: float | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
) -> Path:
    """Run ffmpeg with `args` (everything but the output file) writing `output` atomically:
    ffmpeg writes a hidden temporary beside it, renamed into place only on success."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_output_for(output)
    try:
        await execute(
            [*args, str(tmp)], duration_hint=duration_hint, on_progress=on_progress, cancel=cancel
        )
        if not tmp.exists():
            raise MediaError(f"ffmpeg wrote nothing for {output.name}", path=str(output))
        os.replace(tmp, output)
    except MediaCancelled as exc:
        tmp.unlink(missing_ok=True)
        raise MediaCancelled(
            f"{output.name}: cancelled; nothing was written", path=str(output)
        ) from exc
    except MediaError as exc:
        tmp.unlink(missing_ok=True)
        # ffmpeg only ever saw the hidden temporary; the user knows the file by its real name.
        message = exc.message.replace(str(tmp), output.name).replace(tmp.name, output.name)
        raise MediaError(message, path=exc.path, detail=exc.detail) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return output


async def run_capture(args: Sequence[str], *, stdout: bool = False) -> tuple[int, str, str]:
    """Run ffmpeg for its informational stderr (used by probe), and its stdout when asked:
    returns (exit code, stdout, stderr)."""
    proc = await spawn([ffmpeg_exe(), "-hide_banner", "-nostdin", *args], stdout=stdout,
                       stderr=True)
    try:
        out, err = await proc.communicate()
    except BaseException:
        await _kill(proc)
        raise
    return (proc.returncode or 0, out.decode("utf-8", "replace"),
            err.decode("utf-8", "replace"))
