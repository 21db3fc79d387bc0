"""The one HTTP layer every provider adapter talks through.

Three promises, each of which a provider bug could otherwise break:

* The API key goes only to the provider's own origin (scheme, host, port of `base_url`). It is
  added per request, never set on the underlying client, so presigned upload URLs, CDN
  downloads and redirects that leave the origin can never receive it.
* Transient failures are retried with jittered exponential backoff, honouring the server's
  hints in order: `retry-after-ms`, `Retry-After` (seconds or HTTP date), a JSON `retry_after`.
* A request that creates paid work (`idempotent=False`) is re-sent only when the server provably
  did not act on it: a connection that never opened, or a 429/503 answer (the server refused).
  Any doubt — a timeout or a dropped connection after sending, a 500, 502 or 504 — raises
  AmbiguousSubmitError, so the caller reconciles instead of paying twice.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import importlib
import importlib.util
import json as jsonlib
import logging
import random
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from app.providers import http_backend, raw_connect, sendfile_put, socket_download
from app.providers.base import ProviderConfig
from app.providers.errors import (
    AmbiguousSubmitError,
    AuthError,
    NotFoundError,
    PaymentError,
    ProviderError,
    RateLimitedError,
    ServiceError,
    TooLargeError,
    TransportError,
    UnsupportedMediaError,
    ValidationFailed,
)
from app.providers.file_body import FileBody
from app.secrets import KNOWN

log = logging.getLogger(__name__)

# httpcore reads 64 KiB per socket read; on a fast link that caps a download at a fraction of
# curl's speed (measured: 0.14x on loopback). The read size is a plain class attribute; a larger
# one only means "up to", so small responses and SSE frames are unaffected.
_READ_SIZE = 1024 * 1024
if getattr(httpcore.AsyncHTTP11Connection, "READ_NUM_BYTES", _READ_SIZE) < _READ_SIZE:
    httpcore.AsyncHTTP11Connection.READ_NUM_BYTES = _READ_SIZE



def warm_up() -> None:
    """Import now what httpx otherwise imports inside the first request: anyio's asyncio
    backend, about 40 ms during which the event loop — and a GUI on it — stands still
    (benchmarks/queue.py --diagnose). The app calls this once start-up has painted."""
    importlib.import_module("anyio._backends._asyncio")
    _note_absent("sniffio")


def _note_absent(name: str) -> None:
    """httpcore imports the optional `name` (sniffio) on every lock it makes, several per
    request; when it is not installed, each of those walks the whole sys.path again (~0.5 ms
    of stat calls on the event loop, thousands a minute while a queue polls). Its absence is
    noted once: importing it then fails at once, as it would have anyway."""
    if name not in sys.modules and importlib.util.find_spec(name) is None:
        sys.modules[name] = None  # the import system's own "not here" mark


ErrorParser = Callable[[httpx.Response], ProviderError | None]
Sleep = Callable[[float], Awaitable[None]]

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
# The server answered and said "not now": it did not act on the request, even a paid create.
REFUSED_STATUSES = frozenset({429, 503})
# The server (or a gateway for its upstream) failed after it may have acted: a create that got
# one of these may exist on the service, so it must not be re-sent, nor called refused.
AMBIGUOUS_STATUSES = frozenset({500, 502, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 10
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try. Tests shrink these so a whole retry sequence takes milliseconds."""

    max_attempts: int = 5
    base_delay: float = 0.5  # first backoff without a server hint
    max_delay: float = 30.0  # one computed backoff never exceeds this
    max_total_wait: float = 120.0  # a hint that would take us past this is not waited out
    jitter: float = 0.5  # computed backoffs are scaled by a random factor in [1-jitter, 1]

    def backoff(self, attempt: int, rnd: Callable[[], float] = random.random) -> float:
        """Delay before retry number `attempt` (1-based) when the server gave no hint."""
        delay = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return delay * (1 - self.jitter * rnd())


# -- origins ------------------------------------------------------------------------------


def origin_of(url: str | httpx.URL) -> tuple[str, str, int]:
    """(scheme, host, port). An http(s) URL's origin is in its authority alone (up to the
    first "/", "?" or "#" after "//", as RFC 3986 and httpx split it), so only that part is
    parsed, once per authority: every request asks (its rate slot, whether the key goes
    with it), and parsing each whole URL was a tenth of the queue's HTTP work on the GUI
    thread. The same answer as parsing the whole URL (tests/providers/test_origin_of.py)."""
    text = str(url)
    scheme, sep, rest = text.partition("://")
    if sep and scheme in ("http", "https"):
        end = len(rest)
        for mark in "/?#":
            at = rest.find(mark, 0, end)
            if at >= 0:
                end = at
        return _origin_parsed(scheme + "://" + rest[:end])
    return _origin_parsed(text)


@functools.lru_cache(maxsize=256)
def _origin_parsed(url: str) -> tuple[str, str, int]:
    u = httpx.URL(url)
    scheme = u.scheme.lower()
    return scheme, (u.host or "").lower(), u.port or _DEFAULT_PORTS.get(scheme, 0)


def loggable_url(url: str | httpx.URL) -> str:
    """Scheme, host and path only: query strings of presigned URLs carry signatures."""
    u = httpx.URL(str(url))
    return KNOWN.redact(str(u.copy_with(query=None, fragment=None)))


# -- retry hints --------------------------------------------------------------------------


def retry_after_seconds(response: httpx.Response, now: float | None = None) -> float | None:
    """The server's own wait hint, in seconds, or None when it gave none."""
    ms = response.headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000.0)
        except ValueError:
            pass
    ra = response.headers.get("retry-after")
    if ra:
        ra = ra.strip()
        try:
            return max(0.0, float(ra))
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(ra)
            except (TypeError, ValueError):
                when = None
            if when is not None:
                return max(0.0, when.timestamp() - (now if now is not None else time.time()))
    body = _json_body(response)
    if isinstance(body, dict):
        for holder in (body, body.get("error")):
            if isinstance(holder, dict) and holder.get("retry_after") is not None:
                try:
                    return max(0.0, float(holder["retry_after"]))
                except (TypeError, ValueError):
                    pass
    return None


# -- error mapping ------------------------------------------------------------------------


def _json_body(response: httpx.Response) -> Any:
    try:
        return jsonlib.loads(response.content)
    except (ValueError, UnicodeDecodeError, httpx.ResponseNotRead):
        return None


def _detail_text(detail: Any) -> str:
    # FastAPI-style 422: [{"loc": [...], "msg": ..., "type": ...}]
    if isinstance(detail, list):
        parts = []
        for item in detail:
            if isinstance(item, dict):
                loc = ".".join(str(p) for p in item.get("loc", []) if p != "body")
                msg = item.get("msg") or item.get("message") or ""
                parts.append(f"{loc}: {msg}" if loc else str(msg))
            else:
                parts.append(str(item))
        return "; ".join(p for p in parts if p)
    if isinstance(detail, dict):
        return str(detail.get("message") or detail.get("msg") or jsonlib.dumps(detail))
    return str(detail)


def service_message(response: httpx.Response) -> tuple[str, str | None]:
    """(message, code) as the service phrased them, from the common JSON shapes or the text."""
    body = _json_body(response)
    message, code = "", None
    if isinstance(body, dict):
        err = body.get("error")
        if isinstance(err, dict):
            message = str(err.get("message") or "")
            code = err.get("code") or err.get("type")
        elif isinstance(err, str):
            message = err
        if not message and body.get("detail") is not None:
            message = _detail_text(body["detail"])
        if not message and body.get("message"):
            message = str(body["message"])
        code = code or body.get("code") or body.get("error_code")
    elif body is None:
        try:
            message = response.text.strip()[:500]
        except (httpx.ResponseNotRead, UnicodeDecodeError):
            message = ""
    if not message:
        message = response.reason_phrase or f"HTTP {response.status_code}"
    # services echo a rejected key back ("Incorrect API key provided: sk-…")
    return KNOWN.redact(message), (str(code) if code is not None else None)


def default_error(response: httpx.Response, provider: str = "") -> ProviderError:
    status = response.status_code
    message, code = service_message(response)
    kw: dict[str, Any] = {"provider": provider, "status": status, "code": code}
    if status == 429:
        return RateLimitedError(message, retry_after=retry_after_seconds(response), **kw)
    cls: type[ProviderError]
    if status in (401, 403):
        cls = AuthError
    elif status == 402:
        cls = PaymentError
    elif status in (404, 410):
        cls = NotFoundError
    elif status == 413:
        cls = TooLargeError
    elif status == 415:
        cls = UnsupportedMediaError
    elif status in (400, 422):
        cls = ValidationFailed
    elif status >= 500:
        cls = ServiceError
    else:
        cls = ProviderError
    return cls(message, **kw)


# -- transport failures -------------------------------------------------------------------

# Raised before a single byte of the request left this machine.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Configuration mistakes: retrying cannot help.
_FATAL = (httpx.UnsupportedProtocol, httpx.LocalProtocolError, httpx.InvalidURL)


class _Replay:
    """A request body that can be sent again on retry. A callable `content` is a factory of a
    fresh stream per attempt, a FileBody is re-read from its file; a bare iterator can be sent
    only once."""

    def __init__(self, content: Any) -> None:
        self.source = content
        self.replayable = not (hasattr(content, "__aiter__") or hasattr(content, "__next__"))

    def get(self) -> Any:
        if isinstance(self.source, FileBody):
            return self.source.stream()
        return self.source() if callable(self.source) else self.source


class HttpClient:
    """One `httpx.AsyncClient` per provider, with the house rules above."""

    def __init__(
        self,
        provider: str,
        base_url: str,
        auth_headers: Mapping[str, str] | None = None,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float = 60.0,
        concurrency: int = 4,
        error_parser: ErrorParser | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
        headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.provider = provider
        self.base_url = base_url
        self._origin = origin_of(base_url) if base_url else None
        self._auth = dict(auth_headers or {})
        for value in self._auth.values():
            KNOWN.add(value)
            KNOWN.add(value.split(" ", 1)[-1])  # the bare key after "Bearer "
        self.retry = retry or RetryPolicy()
        self._sleep = sleep or asyncio.sleep
        self._error_parser = error_parser
        self._concurrency = max(1, concurrency)
        self._host_slots: dict[tuple[str, str, int], asyncio.Semaphore] = {}
        self._timeout = httpx.Timeout(
            connect=connect_timeout, read=read_timeout, write=read_timeout, pool=None
        )
        self._stream_timeout = httpx.Timeout(
            connect=connect_timeout, read=None, write=read_timeout, pool=None
        )
        # a transport of the caller's choosing carries every request, file uploads included
        self._sendfile = transport is None
        self._client = httpx.AsyncClient(
            follow_redirects=False,  # followed by hand so the key is re-decided per hop
            timeout=self._timeout,
            headers={"User-Agent": "Reelroom", **dict(headers or {})},
            transport=transport or http_backend.transport(),
        )

    @classmethod
    def from_config(
        cls, config: ProviderConfig, auth_headers: Mapping[str, str] | None = None, **kw: Any
    ) -> HttpClient:
        return cls(
            config.name,
            config.base_url,
            auth_headers,
            connect_timeout=config.connect_timeout,
            read_timeout=config.read_timeout,
            concurrency=config.concurrency,
            **kw,
        )

    # -- helpers adapters use ------------------------------------------------------------
    def url(self, url_or_path: str) -> str:
        """An absolute URL: absolute ones are kept, paths are appended to base_url's path
        (so "videos" and "/videos" under ".../v1" both give ".../v1/videos")."""
        if url_or_path.startswith(("http://", "https://")):
            return url_or_path
        return self.base_url.rstrip("/") + "/" + url_or_path.lstrip("/")

    def is_own_origin(self, url: str | httpx.URL) -> bool:
        return self._origin is not None and origin_of(url) == self._origin

    async def sleep(self, seconds: float) -> None:
        await self._sleep(seconds)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- public requests -----------------------------------------------------------------
    async def request(
        self,
        method: str,
        url: str,
        *,
        idempotent: bool = True,
        json: Any = None,
        data: Any = None,
        files: Any = None,
        content: Any = None,
        params: Any = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        timeout: httpx.Timeout | float | None = None,
    ) -> httpx.Response:
        """Send, follow redirects, retry per the rules, read the body; raise a typed error on
        a non-2xx answer. `auth=False` withholds the key even from the own origin."""
        resp = await self._send_with_retries(
            method,
            url,
            idempotent=idempotent,
            body=dict(json=json, data=data, files=files, params=params),
            content=_Replay(content),
            headers=headers,
            auth=auth,
            timeout=timeout if timeout is not None else self._timeout,
            stream=False,
            accept=(),
        )
        return resp

    @asynccontextmanager
    async def stream(
        self,
        method: str,
        url: str,
        *,
        idempotent: bool = True,
        json: Any = None,
        data: Any = None,
        files: Any = None,
        content: Any = None,
        params: Any = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        accept: Collection[int] = (),
        to_file: bool = False,
    ) -> AsyncIterator[httpx.Response]:
        """Open a streamed response (SSE, downloads) with no read timeout. Retries cover
        opening only; once the body flows, a failure is the caller's to handle. Statuses in
        `accept` are handed back instead of raised (e.g. 416 for a resumed download).
        `to_file=True` says the body is bound for a file: a plain-HTTP GET is then opened by
        app.providers.socket_download (its body readable on a thread, with the client's
        read timeout)."""
        resp = await self._send_with_retries(
            method,
            url,
            idempotent=idempotent,
            body=dict(json=json, data=data, files=files, params=params),
            content=_Replay(content),
            headers=headers,
            auth=auth,
            timeout=self._stream_timeout,
            stream=True,
            accept=accept,
            to_file=to_file,
        )
        # The host slot is not held while the body flows: a long SSE stream must not starve
        # the calls (cancel, status) an adapter makes to the same host meanwhile.
        try:
            yield resp
        finally:
            await resp.aclose()

    # -- internals -----------------------------------------------------------------------
    def _slot(self, origin: tuple[str, str, int]) -> asyncio.Semaphore:
        sem = self._host_slots.get(origin)
        if sem is None:
            sem = self._host_slots[origin] = asyncio.Semaphore(self._concurrency)
        return sem

    def _headers_for(
        self, url: httpx.URL, headers: Mapping[str, str] | None, auth: bool
    ) -> dict[str, str]:
        out = dict(headers or {})
        if auth and self.is_own_origin(url):
            out.update(self._auth)
        else:
            # a caller-supplied copy of the key must not leak either
            lowered = {k.lower() for k in self._auth}
            out = {k: v for k, v in out.items() if k.lower() not in lowered}
        return out

    def _error(self, response: httpx.Response) -> ProviderError:
        err = self._error_parser(response) if self._error_parser else None
        if err is None:
            err = default_error(response, self.provider)
        if not err.provider:
            err.provider = self.provider
        if err.status is None:
            err.status = response.status_code
        return err

    async def _open(
        self,
        method: str,
        url: str,
        *,
        body: dict[str, Any],
        content: _Replay,
        headers: Mapping[str, str] | None,
        auth: bool,
        timeout: Any,
        to_file: bool = False,
    ) -> httpx.Response:
        """One attempt: send and follow redirects by hand. Returns an unread response."""
        target = httpx.URL(self.url(url))
        for _ in range(MAX_REDIRECTS + 1):
            file_body = content.source if isinstance(content.source, FileBody) else None
            direct = file_body is not None and self._sendfile and raw_connect.usable(target)
            into_file = (to_file and self._sendfile and method.upper() == "GET"
                         and content.source is None and raw_connect.usable(target))
            hdrs = self._headers_for(target, headers, auth)
            if file_body is not None:  # the slice's own length, never a chunked body
                hdrs = {k: v for k, v in hdrs.items()
                        if k.lower() not in ("content-length", "transfer-encoding")}
                hdrs["Content-Length"] = str(file_body.length)
            req = self._client.build_request(
                method,
                target,
                content=None if direct else content.get(),
                headers=hdrs,
                timeout=timeout,
                **body,
            )
            if direct:
                assert file_body is not None
                resp = await sendfile_put.send(req, file_body, httpx.Timeout(timeout))
            elif into_file:  # bounded by the client's read timeout, body and all
                resp = await socket_download.open_get(req, self._timeout)
            else:
                resp = await self._client.send(req, stream=True)
            location = resp.headers.get("location")
            if resp.status_code not in REDIRECT_STATUSES or not location:
                return resp
            await resp.aclose()
            nxt = target.join(location)
            log.debug(
                "%s: redirect %s -> %s", self.provider, loggable_url(target), loggable_url(nxt)
            )
            body = {**body, "params": None}  # the Location already carries its query
            if resp.status_code == 303 or (
                resp.status_code in (301, 302) and method.upper() == "POST"
            ):
                method, body, content = "GET", dict(params=None), _Replay(None)
            elif not content.replayable:
                raise TransportError(
                    "the server redirected a streamed upload, which cannot be re-sent",
                    provider=self.provider,
                    status=resp.status_code,
                )
            target = nxt
        raise TransportError(f"more than {MAX_REDIRECTS} redirects", provider=self.provider)

    async def _send_with_retries(
        self,
        method: str,
        url: str,
        *,
        idempotent: bool,
        body: dict[str, Any],
        content: _Replay,
        headers: Mapping[str, str] | None,
        auth: bool,
        timeout: Any,
        stream: bool,
        accept: Collection[int],
        to_file: bool = False,
    ) -> httpx.Response:
        full = self.url(url)
        waited = 0.0
        attempt = 0
        while True:
            attempt += 1
            last_try = attempt >= self.retry.max_attempts or not content.replayable
            try:
                async with self._slot(origin_of(full)):
                    resp = await self._open(
                        method,
                        url,
                        body=body,
                        content=content,
                        headers=headers,
                        auth=auth,
                        timeout=timeout,
                        to_file=to_file,
                    )
                    if not stream or not (resp.is_success or resp.status_code in accept):
                        # whole body now: the result, or the error text to parse
                        try:
                            await resp.aread()
                        finally:
                            await resp.aclose()
            except _FATAL:
                raise
            except httpx.TransportError as exc:
                sent = not isinstance(exc, _NOT_SENT)
                what = f"{method} {loggable_url(full)}: {type(exc).__name__}: {exc}"
                if sent and not idempotent:
                    raise AmbiguousSubmitError(
                        f"no answer after the request was sent ({what})", provider=self.provider
                    ) from exc
                delay = self.retry.backoff(attempt)
                if last_try or waited + delay > self.retry.max_total_wait:
                    raise TransportError(
                        f"could not reach the service ({what})", provider=self.provider
                    ) from exc
                log.info(
                    "%s: %s; retry %d in %.2f s", self.provider, KNOWN.redact(what), attempt, delay
                )
                await self._sleep(delay)
                waited += delay
                continue

            status = resp.status_code
            if resp.is_success or status in accept:
                return resp
            error = self._error(resp)
            if not idempotent and status in AMBIGUOUS_STATUSES:
                raise AmbiguousSubmitError(
                    f"the service answered {status} to a create it may have acted on: "
                    f"{error.message}",
                    provider=self.provider,
                    status=status,
                    code=error.code,
                )
            retryable = status in RETRY_STATUSES and (idempotent or status in REFUSED_STATUSES)
            if not retryable or last_try or not content.replayable:
                raise error
            hint = retry_after_seconds(resp)
            delay = hint if hint is not None else self.retry.backoff(attempt)
            if waited + delay > self.retry.max_total_wait:
                if isinstance(error, RateLimitedError) and error.retry_after is None:
                    error.retry_after = hint
                raise error
            log.info(
                "%s: %s %s answered %d (%s); retry %d in %.2f s",
                self.provider,
                method,
                loggable_url(full),
                status,
                error.message,
                attempt,
                delay,
            )
            await self._sleep(delay)
            waited += delay
