"""HttpClient against real local servers: where the key goes, how retries wait, and when a
paid create is (not) re-sent."""

from __future__ import annotations

import asyncio
import logging
import socket
import time

import httpx
import pytest

from app.providers.errors import (
    AmbiguousSubmitError,
    AuthError,
    NotFoundError,
    PaymentError,
    RateLimitedError,
    RetiredError,
    ServiceError,
    TooLargeError,
    TransportError,
    UnsupportedMediaError,
    ValidationFailed,
)
from app.providers.http import HttpClient, RetryPolicy, default_error, retry_after_seconds
from tests.fakes.server import CdnOrigin, Reply
from tests.providers.conftest import API_KEY, ExampleJobs, SleepRecorder

# -- the key goes only to the provider's own origin ---------------------------------------


async def test_key_sent_to_own_origin_only(client: HttpClient, fake: ExampleJobs, cdn: CdnOrigin):
    cdn.put_blob("a.mp4", b"video bytes")
    await client.request("GET", "/echo")
    resp = await client.request("GET", cdn.url("/blobs/a.mp4"))
    assert resp.content == b"video bytes"
    assert fake.requests_to("GET", "/echo")[0].headers["authorization"] == f"Bearer {API_KEY}"
    assert cdn.requests and not cdn.saw_auth()


async def test_cross_origin_redirect_drops_key(
    client: HttpClient, fake: ExampleJobs, cdn: CdnOrigin
):
    cdn.put_blob("out.mp4", b"from the cdn")
    fake.redirect(cdn.url("/blobs/out.mp4"), path="/jobs/{id}")
    resp = await client.request("GET", "/jobs/job_1")
    assert resp.content == b"from the cdn"
    assert fake.requests_to("GET", "/jobs/{id}")[0].has_auth  # first hop is our origin
    assert len(cdn.requests) == 1 and not cdn.saw_auth()


async def test_same_origin_redirect_keeps_key(client: HttpClient, fake: ExampleJobs):
    fake.redirect(fake.url("/echo"), status=307, path="/jobs/{id}")
    resp = await client.request("GET", "/jobs/job_1")
    assert resp.json()["headers"]["authorization"] == f"Bearer {API_KEY}"
    assert all(r.has_auth for r in fake.requests)


async def test_x_api_key_style_and_caller_copy_never_leaks(make_client, fake, cdn: CdnOrigin):
    client = make_client(fake.base_url, {"x-api-key": API_KEY})
    cdn.put_blob("b", b"x")
    await client.request("GET", "/echo")
    # even a caller who copies the key into headers does not get it past the origin rule
    await client.request("GET", cdn.url("/blobs/b"), headers={"X-API-Key": API_KEY})
    assert fake.requests[0].headers["x-api-key"] == API_KEY
    assert not cdn.saw_auth()


async def test_auth_false_withholds_key_from_own_origin(client: HttpClient, fake: ExampleJobs):
    await client.request("GET", "/echo", auth=False)
    assert not fake.saw_auth()


def test_paths_join_base_url_path():
    c = HttpClient("x", "https://api.example.com/enterprise/api/")
    assert c.url("upload_media") == "https://api.example.com/enterprise/api/upload_media"
    assert c.url("/upload_media") == "https://api.example.com/enterprise/api/upload_media"
    assert c.is_own_origin("https://api.example.com:443/other")
    assert not c.is_own_origin("http://api.example.com/")
    assert not c.is_own_origin("https://cdn.example.com/")


# -- retry hints ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hint", "low", "high"),
    [
        ({"retry_after_ms": 150}, 0.15, 0.15),
        ({"retry_after": 2}, 2.0, 2.0),
        ({"retry_after_date": 3}, 1.9, 3.0),  # HTTP dates have whole-second resolution
        ({"json_retry_after": 0.25}, 0.25, 0.25),
    ],
)
async def test_each_retry_hint_is_waited_out(
    client: HttpClient, fake: ExampleJobs, sleeps: SleepRecorder, hint, low, high
):
    fake.rate_limit(**hint)
    resp = await client.request("GET", "/echo")
    assert resp.status_code == 200
    assert len(sleeps.waits) == 1
    assert low <= sleeps.waits[0] <= high
    assert len(fake.requests) == 2


async def test_retry_after_ms_wins_over_retry_after(make_client, fake: ExampleJobs):
    # real clock this time: the wait must really happen, and be the short one
    client = make_client(fake.base_url, sleep=asyncio.sleep)
    fake.inject(Reply.error(429, "slow down", **{"retry-after-ms": "120", "Retry-After": "30"}))
    t0 = time.monotonic()
    await client.request("GET", "/echo")
    elapsed = time.monotonic() - t0
    assert 0.11 <= elapsed < 1.0


async def test_hint_longer_than_budget_raises_rate_limited_with_wait(make_client, fake):
    client = make_client(fake.base_url, retry=RetryPolicy(max_total_wait=1.0, jitter=0))
    fake.rate_limit(retry_after=60, message="Team quota exhausted")
    with pytest.raises(RateLimitedError) as err:
        await client.request("GET", "/echo")
    assert err.value.retry_after == 60
    assert "Team quota exhausted" in str(err.value)
    assert len(fake.requests) == 1


async def test_5xx_retried_then_success(client: HttpClient, fake, sleeps: SleepRecorder):
    fake.fail(500, times=1)
    fake.fail(502, times=1)
    fake.fail(504, times=1)
    resp = await client.request("GET", "/echo")
    assert resp.status_code == 200
    assert len(fake.requests) == 4
    # exponential without jitter in tests: 0.01, 0.02, 0.04
    assert sleeps.waits == pytest.approx([0.01, 0.02, 0.04])


async def test_retries_capped_raise_typed_error_with_service_message(client, fake, sleeps):
    fake.fail(503, message="upstream melted", times=50)
    with pytest.raises(ServiceError) as err:
        await client.request("GET", "/echo")
    assert err.value.status == 503
    assert err.value.provider == "example"
    assert "upstream melted" in err.value.user_message()
    assert len(fake.requests) == 4  # FAST_RETRY.max_attempts
    assert len(sleeps.waits) == 3


async def test_non_retryable_4xx_is_not_retried(client, fake):
    with pytest.raises(NotFoundError) as err:
        await client.request("GET", "/jobs/nope")
    assert "job nope not found" in str(err.value)
    assert len(fake.requests) == 1


async def test_connection_refused_is_retried_then_transport_error(make_client, sleeps):
    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = make_client(f"http://127.0.0.1:{port}")
    with pytest.raises(TransportError):
        # a create that never reached a server may be retried: still not ambiguous
        await client.request("POST", "/jobs", json={}, idempotent=False)
    assert len(sleeps.waits) == 3


# -- paid creates ----------------------------------------------------------------------------


async def test_post_dropped_after_sending_is_ambiguous_and_sent_once(client, fake: ExampleJobs):
    fake.drop_before_response(method="POST")
    with pytest.raises(AmbiguousSubmitError) as err:
        await client.request("POST", "/jobs", json={"prompt": "a cat"}, idempotent=False)
    assert len(fake.requests_to("POST", "/jobs")) == 1
    assert len(fake.jobs) == 1  # the server did act on it: exactly why we must not re-send
    assert "history" in err.value.user_message()


async def test_post_timing_out_after_sending_is_ambiguous(make_client, fake: ExampleJobs):
    client = make_client(fake.base_url, read_timeout=0.2)
    fake.delay(1.0, method="POST")
    with pytest.raises(AmbiguousSubmitError):
        await client.request("POST", "/jobs", json={}, idempotent=False)
    assert len(fake.requests_to("POST", "/jobs")) == 1


async def test_idempotent_get_dropped_is_retried(client, fake: ExampleJobs, sleeps):
    fake.drop_before_response(method="GET")
    resp = await client.request("GET", "/echo")
    assert resp.status_code == 200 and len(fake.requests) == 2


@pytest.mark.parametrize("status", [429, 503])
async def test_post_refused_by_server_is_retried(client, fake: ExampleJobs, status):
    fake.rate_limit(retry_after_ms=5, status=status, method="POST")
    resp = await client.request("POST", "/jobs", json={"prompt": "x"}, idempotent=False)
    assert resp.status_code == 201
    assert len(fake.requests_to("POST", "/jobs")) == 2
    assert len(fake.jobs) == 1


async def test_post_answered_500_is_ambiguous_and_not_resent(client, fake: ExampleJobs):
    # a 500 may come after the server acted on the create: not "refused", not re-sent
    fake.fail(500, message="boom", method="POST")
    with pytest.raises(AmbiguousSubmitError, match="boom"):
        await client.request("POST", "/jobs", json={}, idempotent=False)
    assert len(fake.requests_to("POST", "/jobs")) == 1


async def test_post_answered_by_gateway_timeout_is_ambiguous(client, fake: ExampleJobs):
    fake.fail(504, message="gateway timeout", method="POST")
    with pytest.raises(AmbiguousSubmitError, match="gateway timeout"):
        await client.request("POST", "/jobs", json={}, idempotent=False)
    assert len(fake.requests_to("POST", "/jobs")) == 1


# -- errors and logs ---------------------------------------------------------------------


async def test_key_never_in_logs_or_errors(client, fake: ExampleJobs, caplog):
    caplog.set_level(logging.DEBUG)
    fake.fail(503, message="busy", times=2)
    fake.inject(Reply.error(401, f"Incorrect API key provided: {API_KEY}"))
    with pytest.raises(AuthError) as err:
        await client.request("GET", "/echo", params={"token": "q"})
    assert "retry" in caplog.text  # the retries were logged …
    assert API_KEY not in caplog.text  # … without the key
    assert API_KEY not in str(err.value) and "[REDACTED]" in str(err.value)


async def test_custom_error_parser_and_fallback(make_client, fake: ExampleJobs):
    def parse(resp: httpx.Response):
        if resp.status_code == 404 and resp.request.url.path.startswith("/jobs"):
            return RetiredError("the hosted service is retired")
        return None

    client = make_client(fake.base_url, error_parser=parse)
    with pytest.raises(RetiredError) as err:
        await client.request("GET", "/jobs/x")
    assert err.value.provider == "example" and err.value.status == 404
    fake.fail(402, message="no credits")
    with pytest.raises(PaymentError, match="no credits"):
        await client.request("GET", "/echo")


def _resp(status: int, body: bytes | str, **headers: str) -> httpx.Response:
    content = body.encode() if isinstance(body, str) else body
    return httpx.Response(status, content=content, headers=headers)


@pytest.mark.parametrize(
    ("status", "body", "cls", "message"),
    [
        (401, '{"error": {"message": "bad key", "code": "invalid_api_key"}}', AuthError, "bad key"),
        (403, '{"detail": "forbidden here"}', AuthError, "forbidden here"),
        (402, '{"message": "out of credits"}', PaymentError, "out of credits"),
        (410, '{"error": "gone for good"}', NotFoundError, "gone for good"),
        (413, "File too large", TooLargeError, "File too large"),
        (415, '{"error": "unsupported_format"}', UnsupportedMediaError, "unsupported_format"),
        (
            422,
            '{"detail": [{"loc": ["body", "n_seconds"], "msg": "must be <= 20", "type": "x"}]}',
            ValidationFailed,
            "n_seconds: must be <= 20",
        ),
        (400, "", ValidationFailed, "Bad Request"),
        (500, "<html>oops</html>", ServiceError, "<html>oops</html>"),
    ],
)
def test_default_error_mapping(status, body, cls, message):
    err = default_error(_resp(status, body), "svc")
    assert type(err) is cls
    assert err.message == message and err.status == status and err.provider == "svc"


def test_retry_after_parsing_order():
    r = _resp(429, '{"retry_after": 7}', **{"retry-after-ms": "250", "retry-after": "3"})
    assert retry_after_seconds(r) == 0.25
    assert retry_after_seconds(_resp(429, '{"retry_after": 7}', **{"retry-after": "3"})) == 3
    assert retry_after_seconds(_resp(429, '{"retry_after": 7}')) == 7
    assert retry_after_seconds(_resp(429, "{}")) is None
    date = "Wed, 21 Oct 2015 07:28:00 GMT"
    assert retry_after_seconds(_resp(429, "", **{"retry-after": date}), now=1445412470) == 10
    assert default_error(_resp(429, '{"retry_after": 4}')).retry_after == 4


# -- streams and limits ------------------------------------------------------------------


@pytest.mark.parametrize("crlf", ["0", "1"])
async def test_stream_reads_sse_frames(client: HttpClient, crlf):
    async with client.stream("GET", "/events", params={"crlf": crlf}) as resp:
        assert resp.headers["content-type"] == "text/event-stream"
        lines = [line async for line in resp.aiter_lines()]
    assert "data: line one" in lines and "data: line two" in lines
    assert lines.count("event: job") == 2 and "id: 3" in lines


async def test_stream_dropped_mid_way_raises(client: HttpClient, fake: ExampleJobs):
    fake.drop_stream(1, path="/events")
    with pytest.raises(httpx.TransportError):
        async with client.stream("GET", "/events") as resp:
            async for _ in resp.aiter_bytes():
                pass


async def test_stream_error_status_is_typed(client: HttpClient):
    with pytest.raises(NotFoundError):
        async with client.stream("GET", "/jobs/missing"):
            pass


async def test_per_host_concurrency_limit(make_client, fake: ExampleJobs):
    client = make_client(fake.base_url, concurrency=2)
    await asyncio.gather(*(client.request("GET", "/slow") for _ in range(6)))
    assert fake.max_in_flight == 2
