"""The platform's audio, subtitle and TTS routes (seeds/studio-platform.txt, "Audio, Subtitles &
TTS") on the platform fake, with the seed's prices and tier rules:

- `POST /api/generate-audio {prompt, duration_seconds, tags}`: 8 credits per 30 s (pro-rated,
  rounded up to whole credits); a ComfyUI (ACE-Step) job, so it answers with a `job_id` polled
  through /api/status, ending with an `audio_filename`; listed by `/api/audio-generations`.
- `GET /api/tts/voices`; `POST /api/tts/generate {text, voice_id, speed}`: Creator+, 6 credits a
  minute of speech (pro-rated, rounded up); also a job.
- `POST /api/subtitles/generate {video_filename, language}`: Whisper, 5 credits; a job ending
  with an `srt_filename`, served at `/api/subtitles/{name}.srt`.
- `POST /api/subtitles/translate {srt_filename, target_language}`: Pro+, 5 credits; a job.
- `POST /api/subtitles/burn {video_filename, srt_filename, style}`: styles default,
  bold-yellow, minimal; a job ending with a video `filename`.
- `POST /api/upload-video` (multipart `video`): not in the seed, which documents no way to put a
  video on the platform; the studio needs one to caption a film, so the fake has one.

Audio the fake makes is a real WAV (a sine tone as long as asked), so it can be probed and mixed.
Switches (attributes): `sound_sync` — the set of kinds ("audio", "tts", "subtitles",
"translate", "burn") answered at once with their file instead of a job.
"""

from __future__ import annotations

import io
import math
import struct
import wave
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from tests.fakes import platform_account
from tests.fakes.platform_edits import TIER_ORDER, form
from tests.fakes.server import Reply, Request, serve_file

if TYPE_CHECKING:
    from tests.fakes.platform import PlatformFake

VOICES = [
    {"voice_id": "en_gb_male", "description": "British English — Male"},
    {"voice_id": "en_gb_female", "description": "British English — Female"},
    {"voice_id": "en_us_male", "description": "American English — Male"},
    {"voice_id": "en_us_female", "description": "American English — Female"},
]
STYLES = ("default", "bold-yellow", "minimal")
WORDS_PER_MINUTE = 150  # how fast the fake's voices speak at speed 1.0
RATE = 8000


def tone(seconds: float, freq: float = 440.0) -> bytes:
    """A mono 16-bit WAV of a sine tone `seconds` long."""
    frames = max(1, int(seconds * RATE))
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(12000 * math.sin(2 * math.pi * freq * i
                                                                         / RATE)))
                               for i in range(frames)))
    return buf.getvalue()


def srt(language: str, shift: float = 0.0) -> str:
    lines = {"en": ("Hello from the fake Whisper.", "A second line of speech."),
             "fr": ("Bonjour du faux Whisper.", "Une deuxième ligne de parole."),
             "de": ("Hallo vom falschen Whisper.", "Eine zweite Zeile.")}.get(
        language, (f"[{language}] first line", f"[{language}] second line"))

    def t(s: float) -> str:
        ms = int(round(s * 1000))
        return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"

    return (f"1\n{t(0.2 + shift)} --> {t(0.9 + shift)}\n{lines[0]}\n\n"
            f"2\n{t(1.1 + shift)} --> {t(1.8 + shift)}\n{lines[1]}\n")


def speech_seconds(text: str, speed: float) -> float:
    return max(0.5, len(text.split()) / WORDS_PER_MINUTE * 60 / speed)


def register(fake: PlatformFake) -> None:
    fake.sound_sync = set()
    fake.subtitles = {}  # "name.srt" → text
    fake.voices = list(VOICES)

    def bad(message: str, status: int = 400, **extra: Any) -> Reply:
        return Reply.json({"error": message, **extra}, status)

    def tier_refusal(tier: str, what: str) -> Reply | None:
        if TIER_ORDER.index(fake.tier) < TIER_ORDER.index(tier):
            return bad(f"{what} requires {tier.capitalize()} tier or higher", 403,
                       required_tier=tier, current_tier=fake.tier)
        return None

    def pro_rated(per: int, unit_seconds: float, seconds: float) -> int:
        # in hundredths, like every other price in the fake, then up to whole credits
        return -(-int(round(per * 100 * seconds / unit_seconds)) // 100)

    def job_or_now(kind: str, body: dict[str, Any], cost: int) -> Reply | dict:
        if kind in fake.sound_sync:
            with fake._lock:
                if cost > fake.credits:
                    return bad("Insufficient credits", 402)
                fake.credits -= cost
                job_id = f"now-{next(fake._ids)}"
                platform_account.charge(fake, -cost, f"{kind} {job_id}")
                job = {"kind": kind, "body": body, "cost": cost}
                name, data = finish(job_id, job)
                fake.files[name] = data
                fake.generations.insert(0, {
                    "id": int(job_id.split("-")[1]), "job_id": job_id, "kind": kind,
                    "prompt": body.get("prompt", ""), "model": kind, "status": "completed",
                    "filename": name, "created_at": fake_now()})
            return {"success": True, **result_view(kind, name), "credits_used": cost}
        out = fake._new_job(kind, body, cost)
        return out if isinstance(out, Reply) else {"job_id": out, "status": "queued"}

    def result_view(kind: str, name: str) -> dict[str, Any]:
        key = {"audio": "audio_filename", "tts": "audio_filename", "subtitles": "srt_filename",
               "translate": "srt_filename"}.get(kind, "filename")
        return {key: name}

    def finish(job_id: str, job: dict[str, Any]) -> tuple[str, bytes]:
        body = job["body"]
        kind = job["kind"]
        if kind == "audio":
            name = f"audio_{job_id}.wav"
            return name, tone(float(body["duration_seconds"]), 220.0)
        if kind == "tts":
            name = f"tts_{job_id}.wav"
            return name, tone(speech_seconds(body["text"], float(body.get("speed") or 1.0)), 660.0)
        if kind == "subtitles":
            name = f"subs_{job_id}.srt"
            fake.subtitles[name] = srt(str(body.get("language") or "en"))
            return name, fake.subtitles[name].encode()
        if kind == "translate":
            name = f"{body['srt_filename'].rsplit('.', 1)[0]}_{body['target_language']}.srt"
            fake.subtitles[name] = srt(body["target_language"])
            return name, fake.subtitles[name].encode()
        # burn: the picture with its words in it; the fake does not render, it copies
        name = f"burned_{job_id}.mp4"
        return name, fake.files[body["video_filename"]]

    fake.finishers.update({k: finish for k in ("audio", "tts", "subtitles", "translate",
                                               "burn")})
    fake.result_keys.update({"audio": "audio_filename", "tts": "audio_filename",
                             "subtitles": "srt_filename", "translate": "srt_filename"})

    def fake_now() -> str:
        from datetime import UTC, datetime

        return datetime.now(UTC).isoformat()

    def generate_audio(req: Request) -> Reply | dict:
        if denied := fake._authed(req):
            return denied
        body = req.json() or {}
        if not str(body.get("prompt") or "").strip():
            return bad("prompt is required")
        seconds = body.get("duration_seconds")
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) \
                or not 1 <= seconds <= 240:
            return bad("duration_seconds must be between 1 and 240")
        tags = body.get("tags", "")
        if not isinstance(tags, (str, list)):
            return bad("tags must be a string")
        return job_or_now("audio", body, pro_rated(8, 30, float(seconds)))

    def audio_history(req: Request) -> Reply | dict:
        if denied := fake._authed(req):
            return denied
        items = [{k: v for k, v in g.items() if k != "kind"} for g in fake.generations
                 if g["kind"] == "audio"]
        return {"generations": items}

    def voices(req: Request) -> Reply | dict:
        if denied := fake._authed(req):
            return denied
        return {"voices": fake.voices}

    def tts(req: Request) -> Reply | dict:
        if denied := fake._authed(req) or tier_refusal("creator", "TTS"):
            return denied
        body = req.json() or {}
        text = str(body.get("text") or "")
        if not text.strip():
            return bad("text is required")
        if body.get("voice_id") not in {v["voice_id"] for v in fake.voices}:
            return bad(f"Unknown voice_id {body.get('voice_id')!r}")
        speed = body.get("speed", 1.0)
        if not isinstance(speed, (int, float)) or not 0.5 <= speed <= 2.0:
            return bad("speed must be between 0.5 and 2.0")
        return job_or_now("tts", body, pro_rated(6, 60, speech_seconds(text, float(speed))))

    def subtitles(req: Request) -> Reply | dict:
        if denied := fake._authed(req):
            return denied
        body = req.json() or {}
        if body.get("video_filename") not in fake.files:
            return bad("Video not found", 404)
        return job_or_now("subtitles", body, 5)

    def translate(req: Request) -> Reply | dict:
        if denied := fake._authed(req) or tier_refusal("pro", "Subtitle translation"):
            return denied
        body = req.json() or {}
        if str(body.get("srt_filename") or "") not in fake.subtitles:
            return bad("Subtitle file not found", 404)
        target = str(body.get("target_language") or "")
        if not target:
            return bad("target_language is required")
        return job_or_now("translate", {**body, "target_language": target}, 5)

    def burn(req: Request) -> Reply | dict:
        if denied := fake._authed(req):
            return denied
        body = req.json() or {}
        if body.get("video_filename") not in fake.files:
            return bad("Video not found", 404)
        if body.get("srt_filename") not in fake.subtitles:
            return bad("Subtitle file not found", 404)
        if body.get("style", "default") not in STYLES:
            return bad(f"style must be one of {', '.join(STYLES)}")
        return job_or_now("burn", body, 3)

    def subtitle_file(req: Request) -> Reply:
        if denied := fake._authed(req):
            return denied
        text = fake.subtitles.get(unquote(req.params["name"]) + ".srt")
        if text is None:
            return bad("Subtitle file not found", 404)
        return serve_file(req, text.encode(), "application/x-subrip")

    def audio_file(req: Request) -> Reply:
        if denied := fake._authed(req):
            return denied
        data = fake.files.get(unquote(req.params["name"]))
        if data is None:
            return bad("File not found", 404)
        return serve_file(req, data, "audio/wav")

    def upload_video(req: Request) -> Reply | dict:
        if denied := fake._authed(req):
            return denied
        part = form(req).get("video")
        if part is None or not part[1]:
            return bad("No video file provided")
        name = f"upload_{next(fake._ids)}_{part[0] or 'video.mp4'}"
        fake.files[name] = part[1]
        return {"success": True, "filename": name}

    r = fake.route
    r("POST", "/api/generate-audio", generate_audio)
    r("GET", "/api/audio-generations", audio_history)
    r("GET", "/api/audio/{name}", audio_file)
    r("GET", "/api/tts/voices", voices)
    r("POST", "/api/tts/generate", tts)
    r("POST", "/api/subtitles/generate", subtitles)
    r("POST", "/api/subtitles/translate", translate)
    r("POST", "/api/subtitles/burn", burn)
    r("GET", "/api/subtitles/{name}.srt", subtitle_file)
    r("POST", "/api/upload-video", upload_video)
