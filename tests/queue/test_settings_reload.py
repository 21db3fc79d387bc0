"""A key or address saved while the studio runs is what the queue's next request uses: the
adapters built on the old settings are set aside (closed at stop), never kept keyless."""

from __future__ import annotations

from app.services.queue import Queue
from tests.fakes.platform import API_KEY


async def test_a_key_saved_later_reaches_the_next_request(studio, platform_fake, monkeypatch):
    monkeypatch.delenv("REELROOM_PLATFORM_API_KEY")
    queue = Queue(studio)
    assert not queue.accounts.has_key("platform")
    before = queue.provider("platform")
    assert before.config.api_key is None
    studio.secrets.set("platform", API_KEY, session_only=True)
    studio.save_settings()
    after = queue.provider("platform")
    assert after is not before and after.config.api_key == API_KEY
    assert queue.accounts.has_key("platform")
    assert (await queue.accounts.test_connection("platform")).ok
    await queue.stop()
    assert queue._retired == [] and queue._providers == {}
