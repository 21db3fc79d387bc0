"""What each service that takes separate uploads accepts, and how a file of a given size will
travel — decided before a byte is sent, so a refusal names the file, its size and the limit
instead of surfacing as an HTTP error halfway through a long upload."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path

from app.providers.platform import uploads as platform_uploads
from app.providers.tellers import assets as tellers_assets
from app.providers.viddyscribe import adapter as viddyscribe_adapter

# services whose jobs reference files uploaded beforehand (OpenAI takes its image inline)
SEPARATE_UPLOADS = ("platform", "tellers", "viddyscribe")


class UploadRefused(ValueError):
    """The service would refuse this file; nothing was sent."""


@dataclass(frozen=True)
class UploadPlan:
    route: str  # direct | multipart | signed_url
    note: str = ""  # why a big file takes the route it takes, for the user


def megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def limit_label(limit: int) -> str:
    """A limit as its documentation states it ("10 MB" is 10 MiB on the platform, "32 MB" is
    32,000,000 bytes on ViddyScribe)."""
    if limit % 2**20 == 0:
        return f"{limit // 2**20} MB"
    if limit % 1_000_000 == 0:
        return f"{limit // 1_000_000} MB"
    return megabytes(limit)


def _family(path: Path) -> str:
    return (mimetypes.guess_type(path.name)[0] or "").split("/")[0]


def accepts(provider: str, path: Path) -> bool:
    """Whether `provider`'s upload endpoint takes this kind of file (the runner leaves other
    inputs to the adapter, which says what it needs)."""
    path = Path(path)
    if provider == "platform":
        return path.suffix.lower() in platform_uploads.UPLOAD_TYPES
    if provider == "viddyscribe":
        return path.suffix.lower() in viddyscribe_adapter.VIDEO_EXTENSIONS
    if provider == "tellers":
        return _family(path) in ("video", "audio", "image")
    return False


def plan_upload(provider: str, path: Path, size: int, adapter: object | None = None) -> UploadPlan:
    """How `path` (of `size` bytes) goes to `provider`; raises UploadRefused when the service
    would refuse it. `adapter` supplies configured thresholds where the service has them."""
    path = Path(path)
    name = path.name
    if provider == "platform":
        if path.suffix.lower() not in platform_uploads.UPLOAD_TYPES:
            raise UploadRefused(f"{name}: the platform takes PNG, JPEG or WebP images only")
        limit = platform_uploads.UPLOAD_MAX
        if size > limit:
            raise UploadRefused(
                f"{name} is {megabytes(size)}; the platform takes images of at most "
                f"{limit_label(limit)}. Save a smaller JPEG or WebP and use that instead.")
        return UploadPlan("direct")
    if provider == "viddyscribe":
        limit = int(getattr(adapter, "direct_upload_limit", 0)
                    or viddyscribe_adapter.DIRECT_UPLOAD_LIMIT)
        if size > limit:
            return UploadPlan(
                "signed_url",
                f"{name} is {megabytes(size)}, over ViddyScribe's {limit_label(limit)} direct "
                "upload limit: it goes through a signed upload URL instead")
        return UploadPlan("direct")
    if provider == "tellers":
        threshold = int(getattr(adapter, "multipart_threshold", 0)
                        or tellers_assets.MULTIPART_THRESHOLD)
        if size >= threshold:
            return UploadPlan(
                "multipart",
                f"{name} is {megabytes(size)}: Tellers takes files of {limit_label(threshold)} "
                "or more in parts")
        return UploadPlan("direct")
    return UploadPlan("direct")


def limit_warning(provider: str, path: Path, size: int) -> str | None:
    """What to tell the user now (at drop time) about a file a shot for `provider` will upload
    later: None when it will go through."""
    if provider not in SEPARATE_UPLOADS:
        return None
    try:
        plan_upload(provider, path, size)
    except UploadRefused as exc:
        return str(exc)
    return None
