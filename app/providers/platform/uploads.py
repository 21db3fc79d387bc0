"""What /api/upload-image takes ("PNG/JPEG/WebP, max 10 MB"): shared by the adapter's upload
and the edit tools' multipart images, so neither has to import the other for it."""

from __future__ import annotations

UPLOAD_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                ".webp": "image/webp"}  # fmt: skip
UPLOAD_MAX = 10 * 1024 * 1024
