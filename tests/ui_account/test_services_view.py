"""Settings → Services in the window: the platform's tier, balance, allowance, credit history,
GPU backend and queue length read from the fake; Test connection per service; the status bar's
balance, refreshed after a platform job ends. Screenshot: docs/screenshots/account.png."""

from __future__ import annotations

import os
from pathlib import Path

from app.providers.base import GenerationRequest
from app.services.queue import JobSpec
from tests.ui_account.conftest import connect


def open_services(window, qtbot):
    dialog = window.features.services.show_services()
    assert dialog.tabs.currentWidget() is dialog.services
    qtbot.waitUntil(lambda: dialog.services.fields["credits"].text() != "—", timeout=20_000)
    return dialog


def test_services_page_shows_the_platform_account(window, qtbot, fake, tmp_path):
    fake.credit_log.insert(0, {"amount": 1500, "description": "monthly allowance",
                               "balance_after": 1500, "created_at": "2026-12-01T08:00:00Z"})
    fake.credit_log.insert(0, {"amount": -1000, "description": "wan-t2v job-77",
                               "balance_after": 500, "created_at": "2026-12-01T09:30:00Z"})
    connect(window, fake)
    dialog = open_services(window, qtbot)
    view = dialog.services
    f = view.fields
    assert f["tier"].text() == "Creator" and f["user"].text() == "maker"
    assert f["credits"].text() == "500" and f["monthly"].text() == "1,500"
    assert "at most 201 frames" in f["limits"].text()
    assert "not Subtitle translation (Pro+)" in f["features"].text()
    assert f["gpu"].text() == "online" and f["queue"].text() == "3"
    model = view.credit_model
    assert model.rowCount() == 2
    assert [model.index(0, c).data() for c in range(4)] == [
        "2026-12-01 09:30:00", "-1000", "wan-t2v job-77", "500"]
    qtbot.waitUntil(lambda: view.status["platform"].text().startswith("✓"), timeout=20_000)
    assert "connected as maker (creator tier)" in view.status["platform"].text()
    assert view.status["openai"].text().startswith("no API key")
    # the status bar shows the same balance
    balance = window.features.services.balance
    assert balance.isVisible() and balance.text() == "Platform: 500 credits · Creator"
    # the GPU going down shows on Refresh. A passing connection test starts a read of its own,
    # and Refresh is disabled until that read is done: a user clicks it once it is enabled
    qtbot.waitUntil(view.refresh_button.isEnabled, timeout=20_000)
    fake.gpu_online = False
    view.refresh_button.click()
    qtbot.waitUntil(lambda: f["gpu"].text().startswith("offline"), timeout=20_000)
    dialog.resize(820, 760)
    qtbot.wait(50)
    shot = Path(os.environ.get("REELROOM_SHOTS", tmp_path)) / "account.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(shot))
    assert [r for r in fake.requests if r.method == "POST"] == []  # reading costs nothing


def test_test_connection_in_settings_reports_a_wrong_key(window, qtbot, fake):
    window.studio.secrets.set("platform", "pk-wrong-SECRET-5", session_only=True)
    dialog = window.show_settings()
    dialog.test_buttons["platform"].click()
    qtbot.waitUntil(lambda: dialog.key_status["platform"].text() == "not connected",
                    timeout=20_000)
    words = dialog.key_status["platform"].toolTip()
    assert "API key" in words and "pk-wrong-SECRET-5" not in words
    # saving the right key is what the next test uses (no restart, no stale adapter)
    from tests.fakes.platform import API_KEY

    dialog.key_edits["platform"].setText(API_KEY)
    dialog.save_key("platform")
    dialog.test_buttons["platform"].click()
    qtbot.waitUntil(lambda: dialog.key_status["platform"].text() == "connected",
                    timeout=20_000)


def test_the_balance_is_read_again_after_a_platform_job(window, qtbot, fake, clip):
    connect(window, fake)
    services = window.features.services
    services.refresh_balance()
    qtbot.waitUntil(lambda: services.balance.text().startswith("Platform: 500"),
                    timeout=20_000)
    fake.queue_ahead, fake.work_polls = 0, 1
    fake.result_media = clip.read_bytes()
    doc = window.open_project(window.studio.create_project("Film").id)
    doc.insert_shots(0, [doc.new_shot(title="A", prompt="a kite")])
    queue = window.features.queue.queue
    spec = JobSpec(doc.project.id, doc.shots[0].id, "platform",
                   GenerationRequest(model="wan-t2v", prompt="a kite",
                                     params={"frames": 41, "steps": 4}))
    qtbot.waitUntil(lambda: queue._loop_task is not None, timeout=10_000)
    import asyncio

    task = asyncio.ensure_future(queue.enqueue([spec]))
    qtbot.waitUntil(task.done, timeout=10_000)
    [job] = task.result()
    qtbot.waitUntil(lambda: queue.store.get(job.id).state.value == "done", timeout=30_000)
    qtbot.waitUntil(lambda: services.balance.text().startswith("Platform: 479"),
                    timeout=20_000)
