"""`reelroom-cli` provider commands: generate end to end in a subprocess against the fake OpenAI
service; the quick commands in-process (memory keyring, no log handlers installed)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.common import CliError
from app.cli.main import build_parser
from tests.fakes.openai import FakeOpenAI

KEY = "sk-cli-test-key-0123456789"


def run(*argv: str) -> int:
    """What main() does, minus configure_logging (which would keep a file open for the run)."""
    args = build_parser().parse_args(list(argv))
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code


def cli(*argv: str, home, env: dict[str, str], cwd=None) -> subprocess.CompletedProcess:
    full = {
        **os.environ,
        **env,
        "REELROOM_HOME": str(home),
        # the subprocess must not read or write the real keyring of this machine
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    return subprocess.run(
        [sys.executable, "-m", "app.cli.main", *argv],
        capture_output=True, text=True, env=full, timeout=120, cwd=cwd,
    )  # fmt: skip


@pytest.fixture
def openai_fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(polls=3, poll_after_ms=10) as svc:
        yield svc


def test_generate_downloads_the_video_the_service_made(openai_fake, reelroom_home, tmp_path,
                                                      sample_clip):
    openai_fake.result_media = sample_clip.read_bytes()
    out = tmp_path / "clip.mp4"
    env = {"REELROOM_OPENAI_BASE_URL": openai_fake.base_url, "REELROOM_OPENAI_API_KEY": KEY}
    done = cli("generate", "openai", "--model", "sora-2", "--prompt", "a fox in snow",
               "--param", "seconds=4", "--out", str(out), home=reelroom_home, env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == sample_clip.read_bytes()
    assert "in_progress 33%" in done.stderr and "completed 100%" in done.stderr
    assert KEY not in done.stdout + done.stderr
    (create,) = openai_fake.creates
    assert create["seconds"]["value"] == b"4" and create["prompt"]["value"] == b"a fox in snow"


def test_generate_failure_exits_non_zero_with_the_service_message(reelroom_home, tmp_path):
    with FakeOpenAI(polls=1, fail_jobs=True, failure_message="Blocked: likeness of a person") as f:
        env = {"REELROOM_OPENAI_BASE_URL": f.base_url, "REELROOM_OPENAI_API_KEY": KEY}
        done = cli("generate", "openai", "--model", "sora-2", "--prompt", "x",
                   home=reelroom_home, env=env, cwd=tmp_path)  # fmt: skip
    assert done.returncode != 0
    assert "Blocked: likeness of a person" in done.stderr
    assert not list(tmp_path.glob("*.mp4*"))  # nothing downloaded or half-written


def test_generate_refuses_bad_input_before_sending(openai_fake, capsys, monkeypatch):
    monkeypatch.setenv("REELROOM_OPENAI_BASE_URL", openai_fake.base_url)
    monkeypatch.setenv("REELROOM_OPENAI_API_KEY", KEY)
    code = run("generate", "openai", "--model", "sora-2", "--prompt", "x", "--param", "seconds=5")
    assert code != 0
    assert "seconds must be one of 4, 8, 12" in capsys.readouterr().err
    assert openai_fake.requests == []


def test_cost_prints_the_price(capsys):
    code = run("cost", "shuttleai", "--model", "sora", "--param", "width=1280",
               "--param", "height=720", "--param", "n_seconds=5")  # fmt: skip
    assert code == 0 and capsys.readouterr().out.startswith("$0.60")
    code = run("--json", "cost", "openai", "--model", "sora-2", "--param", "seconds=12")
    assert code == 0 and json.loads(capsys.readouterr().out)["amount"] == pytest.approx(1.20)


def test_keys_set_from_stdin_then_providers_shows_the_source_not_the_key(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(KEY + "\n"))
    assert run("keys", "set", "shuttleai") == 0
    assert "stored in the keyring" in capsys.readouterr().out
    assert run("--json", "providers") == 0
    out = capsys.readouterr().out
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["shuttleai"]["key"] == "keyring" and rows["openai"]["key"] == "missing"
    assert rows["openai"]["display_name"] == "OpenAI Videos (Sora 2)"
    assert KEY not in out
    assert run("keys", "delete", "shuttleai") == 0
    capsys.readouterr()
    run("--json", "providers")
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["shuttleai"]["key"] == "missing"


def test_keys_set_without_a_keyring_refuses_and_says_what_to_do(no_keyring, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(KEY + "\n"))
    assert run("keys", "set", "openai") == 1
    captured = capsys.readouterr()
    assert "was not stored" in captured.err and "REELROOM_OPENAI_API_KEY" in captured.err
    assert KEY not in captured.out + captured.err


def test_models_lists_parameters_with_allowed_values(capsys):
    assert run("models", "shuttleai") == 0
    out = capsys.readouterr().out
    assert "sora" in out and "width: integer, default 1280, one of 480, 720, 854" in out
    assert "n_seconds: integer, default 5, 1–20" in out


def test_upload_to_a_service_without_uploads_is_refused(capsys, tmp_path):
    f = tmp_path / "a.mp4"
    f.write_bytes(b"x")
    assert run("upload", "openai", str(f)) != 0
    assert "openai does not take uploads" in capsys.readouterr().err


def test_unknown_provider_is_named(capsys):
    assert run("cost", "nosuch", "--model", "m") == 2
    assert "unknown provider 'nosuch'" in capsys.readouterr().err


def test_upload_puts_a_file_on_the_platform_and_prints_its_id(tmp_path, capsys, monkeypatch):
    from tests.fakes import platform as platform_fake

    image = tmp_path / "ref.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048)
    fake = platform_fake.create()
    fake.start()
    try:
        monkeypatch.setenv("REELROOM_PLATFORM_BASE_URL", fake.base_url)
        monkeypatch.setenv("REELROOM_PLATFORM_API_KEY", platform_fake.API_KEY)
        assert run("--json", "upload", "platform", str(image)) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["provider"] == "platform" and data["remote_id"]
        uploads = [r for r in fake.requests if r.path.endswith("/upload-image")]
        assert len(uploads) == 1
    finally:
        fake.stop()


# -- issue 12: checks before the money is spent, and results verified on every path -----------


def _openai_env(fake) -> dict[str, str]:
    return {"REELROOM_OPENAI_BASE_URL": fake.base_url, "REELROOM_OPENAI_API_KEY": KEY}


def test_generate_checks_the_destination_before_sending(openai_fake, reelroom_home, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        for out in (tmp_path / "missing" / "x.mp4", tmp_path, locked / "x.mp4"):
            if out.parent == locked and os.access(locked, os.W_OK):
                continue  # running as root: permissions do not stop us
            done = cli("generate", "openai", "--prompt", "a fox", "--out", str(out),
                       home=reelroom_home, env=_openai_env(openai_fake))
            assert done.returncode == 2, done.stderr
            assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
            assert "--out" in done.stderr
    finally:
        locked.chmod(0o700)
    assert openai_fake.requests_to("POST", "/videos") == []  # nothing was paid for


def test_generate_keeps_the_paid_file_in_the_cache_when_the_copy_fails(
        openai_fake, reelroom_home, tmp_path, sample_clip, monkeypatch, capsys):
    openai_fake.result_media = sample_clip.read_bytes()
    monkeypatch.setenv("REELROOM_OPENAI_BASE_URL", openai_fake.base_url)
    monkeypatch.setenv("REELROOM_OPENAI_API_KEY", KEY)

    def full_disk(src, dest):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.cli.results.atomic_copy", full_disk)
    code = run("generate", "openai", "--prompt", "a fox", "--out", str(tmp_path / "fox.mp4"))
    err = capsys.readouterr().err
    assert code == 1 and "No space left on device" in err and "it is kept at" in err
    kept = err.rsplit("it is kept at ", 1)[1].strip()
    assert Path(kept).read_bytes() == sample_clip.read_bytes()


def test_generate_refuses_an_unknown_model_before_any_request(openai_fake, reelroom_home):
    done = cli("generate", "openai", "--model", "sora-9", "--prompt", "a fox",
               home=reelroom_home, env=_openai_env(openai_fake))
    assert done.returncode == 1 and "'sora-9' is not offered" in done.stderr
    assert openai_fake.requests == []


@pytest.mark.parametrize("provider,model", [("shuttleai", "sora-9"), ("tellers", "nope"),
                                            ("viddyscribe", "nope"), ("platform", "nope")])
def test_every_provider_refuses_an_unknown_model(provider, model, capsys, monkeypatch,
                                                 platform_fake):
    for name in ("SHUTTLEAI", "TELLERS", "VIDDYSCRIBE"):
        monkeypatch.setenv(f"REELROOM_{name}_API_KEY", "k-test-0000-1111")
        monkeypatch.setenv(f"REELROOM_{name}_BASE_URL", platform_fake.url("/elsewhere"))
    assert run("generate", provider, "--model", model, "--prompt", "x") == 1
    err = capsys.readouterr().err
    assert f"{model!r} is not" in err and "Traceback" not in err
    assert platform_fake.requests_to("POST", "/api/generate") == []
    assert not [r for r in platform_fake.requests if "/elsewhere" in r.path]  # nothing sent


def test_generate_without_model_uses_the_default(openai_fake, reelroom_home, tmp_path,
                                                 sample_clip):
    openai_fake.result_media = sample_clip.read_bytes()
    done = cli("generate", "openai", "--prompt", "a fox", "--out", str(tmp_path / "f.mp4"),
               home=reelroom_home, env=_openai_env(openai_fake))
    assert done.returncode == 0, done.stderr
    (create,) = openai_fake.creates
    assert create["model"]["value"] == b"sora-2"


def test_generate_garbage_result_is_not_called_a_result(openai_fake, reelroom_home, tmp_path):
    out = tmp_path / "clip.mp4"  # the fake's default content is not a video
    done = cli("generate", "openai", "--prompt", "a fox", "--out", str(out),
               home=reelroom_home, env=_openai_env(openai_fake))
    assert done.returncode == 1 and "cannot be played" in done.stderr
    assert not out.exists()


def test_generate_image_model_writes_the_image(platform_fake, sample_png, tmp_path, capsys):
    platform_fake.result_image = sample_png
    platform_fake.queue_ahead, platform_fake.work_polls = 0, 1
    out = tmp_path / "x.png"
    assert run("generate", "platform", "--model", "sd15", "--prompt", "a red square",
               "--out", str(out)) == 0, capsys.readouterr().err
    assert out.read_bytes() == sample_png


def test_platform_without_an_image_catalog_still_generates_video(
        platform_fake, sample_clip, tmp_path, capsys):
    from tests.fakes.server import Reply

    platform_fake.result_media = sample_clip.read_bytes()
    platform_fake.queue_ahead, platform_fake.work_polls = 0, 1
    platform_fake.inject(Reply.error(404, "no route"), times=100, path="/api/image-models")
    out = tmp_path / "v.mp4"
    assert run("generate", "platform", "--model", "wan-t2v", "--prompt", "a fox",
               "--param", "frames=9", "--out", str(out)) == 0, capsys.readouterr().err
    assert out.read_bytes() == sample_clip.read_bytes()
    capsys.readouterr()
    assert run("generate", "platform", "--model", "sd15", "--prompt", "x") == 1
    err = capsys.readouterr().err
    assert "/api/image-models" in err and "no longer exists" not in err


@pytest.mark.parametrize("fault", ["garbage", "truncated"])
def test_describe_video_is_verified_before_it_is_called_a_result(
        fault, sample_clip, tmp_path, capsys, monkeypatch):
    from tests.fakes.viddyscribe import KEY as VKEY
    from tests.fakes.viddyscribe import FakeViddyScribe

    with FakeViddyScribe(job_polls=1, status_polls=1) as fake:
        if fault == "truncated":
            fake.result_media = sample_clip.read_bytes()
            fake.storage.truncate_body(after=100, times=50, path="/blobs/{name}")
        monkeypatch.setenv("REELROOM_VIDDYSCRIBE_BASE_URL", fake.base_url)
        monkeypatch.setenv("REELROOM_VIDDYSCRIBE_API_KEY", VKEY)
        out = tmp_path / "narrated.mp4"
        code = run("describe", str(sample_clip), "--kind", "video", "--out", str(out))
        err = capsys.readouterr().err
        assert code == 1 and "Traceback" not in err, err
        assert not out.exists()  # nothing garbage or short under the user's name
        fake.storage.clear()
        fake.result_media = sample_clip.read_bytes()
        assert run("describe", str(sample_clip), "--kind", "video", "--out", str(out)) == 0
        assert out.read_bytes() == sample_clip.read_bytes()
