"""Prompt suggestions from the platform's history (`/api/prompts/autocomplete`) for the prompt
editor, which completes synchronously on each keystroke: `suggest(text)` answers at once from
what is already known and asks the platform in the background (debounced), so the next
keystroke sees its answers. One platform connection is kept open while the editor is used."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from app.providers.errors import ProviderError
from app.services.prompt_tools import PromptTools, connection_problem

log = logging.getLogger(__name__)

MIN_CHARS = 3  # the platform answers nothing shorter
DEBOUNCE_S = 0.3  # ask after a pause in typing, not on every key


class PlatformSuggestions:
    def __init__(self, studio, *, debounce: float = DEBOUNCE_S) -> None:
        self.studio = studio
        self.debounce = debounce
        self._known: dict[str, list[str]] = {}  # asked text (lower case) → answers
        self._task: asyncio.Task[None] | None = None
        self._asking: str | None = None  # the text the task in flight asks about
        self._tools: PromptTools | None = None
        self._stack: contextlib.AsyncExitStack | None = None
        self._closing: set[asyncio.Task[None]] = set()  # old connections being closed
        # whether the platform is configured, asked once (a keyring lookup per keystroke
        # would be I/O on the GUI thread); forget() asks again after a settings change
        self._connected: bool | None = None

    def suggest(self, text: str) -> list[str]:
        """Known platform prompts containing `text`; schedules a fresh ask for it."""
        text = text.strip()
        if self._connected is None:
            self._connected = connection_problem(self.studio) is None
        if len(text) < MIN_CHARS or not self._connected:
            return []
        low = text.lower()
        if low not in self._known and low != self._asking:
            self._schedule(text)
        # answers to an earlier, shorter text still apply while the new ask is on its way
        asked = [k for k in self._known if low.startswith(k)]
        best = self._known[max(asked, key=len)] if asked else []
        return [s for s in best if low in s.lower()]

    def _schedule(self, text: str) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop (a plain test or the CLI): nothing to ask with
        if self._task is not None and not self._task.done():
            self._task.cancel()  # the user typed on: only the latest text is worth asking
        self._asking = text.lower()
        self._task = loop.create_task(self._ask(text), name="prompt suggestions")

    async def _ask(self, text: str) -> None:
        await asyncio.sleep(self.debounce)
        try:
            if self._tools is None:
                self._stack = contextlib.AsyncExitStack()
                self._tools = await self._stack.enter_async_context(
                    PromptTools.connect(self.studio))
            self._known[text.lower()] = await self._tools.autocomplete(text)
        except ProviderError as exc:  # offline or refused: the local history still completes
            log.info("prompt suggestions unavailable: %s", exc.user_message())
            self._known[text.lower()] = []
        finally:
            if self._asking == text.lower():
                self._asking = None

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._stack is not None:
            await self._stack.aclose()
        self._tools = self._stack = None

    def forget(self) -> None:
        """Settings changed (another platform or key): ask again from scratch."""
        self._known.clear()
        self._connected = None
        if self._stack is not None:
            stack, self._stack, self._tools = self._stack, None, None
            with contextlib.suppress(RuntimeError):
                task = asyncio.get_running_loop().create_task(stack.aclose())
                self._closing.add(task)
                task.add_done_callback(self._closing.discard)
