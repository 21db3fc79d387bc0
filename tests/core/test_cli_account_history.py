"""`reelroom-cli account` and `history` against the platform and OpenAI fakes, in-process:
what they print, the import that makes a take with no create, the delete that needs --yes,
and bad input answered in one line."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pytest

from app.cli.main import main


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_account_shows_the_platforms_tier_credits_gpu_and_queue(platform_fake) -> None:
    platform_fake.credit_log.insert(0, {"amount": 500, "description": "monthly allowance",
                                        "created_at": "2026-12-01T09:00:00Z"})
    code, out, err = cli("account", "platform")
    assert code == 0, err
    assert "connected as maker (creator tier)" in out
    assert "tier creator, 500 credits (monthly allowance 1500" in out
    assert "GPU backend online; queue length 3" in out
    assert "+500  monthly allowance" in out
    code, out, _ = cli("--json", "account", "platform")
    [row] = json.loads(out)
    assert row["credits"] == 500 and row["gpu_online"] is True


def test_account_with_a_wrong_key_is_not_connected(platform_fake, monkeypatch) -> None:
    monkeypatch.setenv("REELROOM_PLATFORM_API_KEY", "pk-wrong-SECRET-777")
    code, out, err = cli("account", "platform")
    assert code == 1 and "not connected" in out and "pk-wrong-SECRET-777" not in out + err


def test_history_lists_imports_and_deletes(platform_fake, studio, sample_clip) -> None:
    gen = platform_fake.add_outside_generation("a lighthouse at dusk",
                                               media=sample_clip.read_bytes(),
                                               params={"frames": 41})
    platform_fake.add_outside_generation("a desert road")
    project = studio.create_project("Film")
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title="A"), doc.new_shot(title="B")])
    studio.close()

    code, out, err = cli("history", "platform", "--search", "lighthouse")
    assert code == 0, err
    assert str(gen["id"]) in out and "desert" not in out
    code, out, err = cli("history", "import", "platform", str(gen["id"]), "--project", "Film",
                         "--shot", "2")
    assert code == 0, err
    assert "Take 1 imported" in out and "nothing charged" in out
    assert platform_fake.requests_to("POST", "/api/generate") == []
    from app.services.studio import Studio

    again = Studio.open()
    try:
        doc = again.open_project(project.id)
        [take] = doc.takes(doc.shots.ids()[1])
        assert take.source == "imported" and take.params == {"frames": 41}
    finally:
        again.close()
    code, _, err = cli("history", "delete", "platform", str(gen["id"]))
    assert code == 2 and "for good" in err and "--yes" in err
    assert platform_fake._generation(str(gen["id"])) is not None
    code, out, err = cli("history", "delete", "platform", str(gen["id"]), "--yes")
    assert code == 0, err
    assert platform_fake._generation(str(gen["id"])) is None


@pytest.mark.parametrize("argv", [
    ("history", "shuttleai"), ("history", "nowhere"), ("history", "platform", "--limit", "0"),
    ("history", "import", "platform"), ("history", "import", "platform", "7"),
    ("history", "import", "platform", "7", "--project", "Nope", "--shot", "1"),
    ("history", "platform", "extra"), ("account", "nowhere"),
])
def test_bad_input_is_one_line(platform_fake, argv) -> None:
    code, out, err = cli(*argv)
    lines = err.strip().splitlines()
    assert code != 0 and len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
