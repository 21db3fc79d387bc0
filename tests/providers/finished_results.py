"""The check each polling adapter shares (app.providers.finished_answers): results() right
after a poll that saw the job finished asks the service nothing more, and gives what an
adapter that had to ask gives (a job resumed after a restart); a second call asks again."""

from __future__ import annotations

from collections.abc import Callable


async def check_results_take_the_finished_poll(adapter, handle, fresh_adapter: Callable,
                                               asks: Callable[[], int]) -> list:
    """`handle`'s job polled to its end by `adapter`; `fresh_adapter()` a new one on the same
    service; `asks()` how many status requests the service has had. Returns the outputs."""
    before = asks()
    kept = await adapter.results(handle)
    assert asks() == before  # the finished poll's answer was used
    restarted = fresh_adapter()
    try:
        asked = await restarted.results(handle)
    finally:
        await restarted.aclose()
    assert asks() == before + 1
    assert kept == asked and kept
    assert await adapter.results(handle) == asked  # taken once: the second call asks
    assert asks() == before + 2
    return kept
