"""The model catalog's listings in flight can be cancelled (the window closing before the
adapters they use are closed), and a cancelled listing is not remembered."""

from __future__ import annotations

import asyncio

from app.services.model_catalog import ModelCatalog


class Waiting:
    """An adapter whose listing waits until released."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.asked = 0

    async def models(self):
        self.asked += 1
        await self.release.wait()
        return []


async def test_cancel_loading_cancels_the_listings_in_flight_and_returns_them():
    adapter = Waiting()
    catalog = ModelCatalog(lambda name: adapter)
    asking = asyncio.ensure_future(catalog.models("openai"))
    while not adapter.asked:
        await asyncio.sleep(0)
    [task] = catalog.cancel_loading()
    await asyncio.gather(task, asking, return_exceptions=True)
    assert task.cancelled() and asking.cancelled()
    assert catalog.cached("openai") is None and catalog.cancel_loading() == []
    adapter.release.set()  # asked again later, the service answers
    assert (await catalog.models("openai")).error is None and adapter.asked == 2
