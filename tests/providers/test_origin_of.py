"""origin_of parses only an http(s) URL's authority, kept per authority: its answer equals
parsing the whole URL, whatever follows the authority or hides in it."""

from __future__ import annotations

import httpx
import pytest

from app.providers.http import origin_of

URLS = [
    "https://api.openai.com/v1/videos/video_123/content?variant=thumbnail",
    "https://API.OpenAI.com:443/v1/videos",
    "http://127.0.0.1:8123/v1/videos/abc",
    "http://127.0.0.1:8123",
    "http://127.0.0.1:8124?x=/y",  # a query straight after the authority, "/" inside it
    "http://127.0.0.1:8125#frag/ment",
    "https://user:pa%40ss@cdn.example.com:8443/file.mp4?sig=a/b",
    "https://[::1]:9000/path",
    "https://cdn.example.com/a?redirect=https://other.example.org:99/",
    "HTTPS://Upper.Example.COM/x",
    "ftp://files.example.com/clip.mp4",
]


def whole(url) -> tuple[str, str, int]:
    u = httpx.URL(str(url))
    scheme = u.scheme.lower()
    default = {"http": 80, "https": 443}.get(scheme, 0)
    return scheme, (u.host or "").lower(), u.port or default


@pytest.mark.parametrize("url", URLS)
def test_origin_from_the_authority_equals_the_whole_url_parsed(url):
    assert origin_of(url) == whole(url)
    assert origin_of(httpx.URL(url)) == whole(url)
    assert origin_of(url) == origin_of(url)  # kept: asked again, the same


def test_different_authorities_are_different_origins():
    assert origin_of("http://127.0.0.1:8123/a") != origin_of("http://127.0.0.1:8124/a")
    assert origin_of("https://a.example.com/x") != origin_of("http://a.example.com/x")
    assert origin_of("https://a.example.com/x")[1:] == ("a.example.com", 443)
