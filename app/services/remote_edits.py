"""Running one of the platform's edit tools on a take.

The price is worked out (and shown) before anything is sent; the input is named by the file
the platform already holds; the paid request is sent once; a result video is downloaded into
the media cache and becomes a NEW take of the same shot (the original take and its file are
never touched). Images and GIFs — frames, background removal, face swap — are saved into the
project's folder, where the user can pick them as reference images; the outcome says where."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain import Take
from app.media.errors import MediaError
from app.media.probe import probe
from app.media.thumbnails import make_thumbnail
from app.providers.base import CostEstimate, Output
from app.providers.errors import ProviderError, ValidationFailed
from app.providers.platform.adapter import Platform
from app.providers.platform.edits import TOOLS, EditTool, tool
from app.services.accounts import Accounts
from app.services.project_document import ProjectDocument
from app.services.queue.media_cache import MediaCache

PlatformFactory = Callable[[], Platform]

# The studio platform's edit tools, by id (what the edit dialog offers).
EDIT_TOOLS: dict[str, EditTool] = TOOLS


@dataclass
class EditOutcome:
    tool: EditTool
    cost: CostEstimate
    take: Take | None = None  # the new take, for tools that give a video
    files: list[Path] = field(default_factory=list)  # images / GIFs / an unplayable result
    folder: Path | None = None

    def summary(self) -> str:
        if self.take is not None:
            return (f"{self.tool.label} on the platform ({self.cost.describe()}): new take "
                    f"{self.take.number}.")
        names = ", ".join(p.name for p in self.files)
        return (f"{self.tool.label} on the platform ({self.cost.describe()}): saved {names} "
                f"in {self.folder}")


class RemoteEdits:
    def __init__(self, studio, platform_factory: PlatformFactory | None = None) -> None:
        self.studio = studio
        self._factory = platform_factory or self._default_platform

    # -- is the platform there? -----------------------------------------------------------
    def unavailable_reason(self) -> str | None:
        """None when the platform is configured (base URL and key), else what to do."""
        from app.providers.config import resolve_base_url

        url, _ = resolve_base_url("platform", self.studio.settings)
        if not url:
            return "Connect the studio platform in Settings (its address and API key) first."
        if not self.studio.secrets.lookup("platform").key:
            return "Add your studio platform API key in Settings first."
        return None

    def _default_platform(self) -> Platform:
        from app.providers.config import provider_config

        return Platform(provider_config("platform", self.studio.settings, self.studio.secrets))

    # -- before sending -------------------------------------------------------------------
    @staticmethod
    def params_for(key: str, params: dict[str, Any], videos: Sequence[str] = ()
                   ) -> dict[str, Any]:
        """Merge needs its file list, which comes from the takes, not from the form."""
        if key == "merge":
            return {**params, "video_filenames": list(videos)}
        return params

    def quote(self, key: str, params: dict[str, Any], take: Take | None,
              others: Sequence[Take] = ()) -> CostEstimate:
        """Validate and price, sending nothing. Merge is priced by its clip count."""
        t = tool(key)
        placeholders = ["-"] * (1 + len(others))  # names are not known until asked for
        checked = t.check(self.params_for(key, params, placeholders))
        return t.cost(checked, take.duration if take else None)

    # -- running --------------------------------------------------------------------------
    async def run(self, doc: ProjectDocument, key: str, params: dict[str, Any],
                  take: Take | None, others: Sequence[Take] = ()) -> EditOutcome:
        t = tool(key)
        if t.input != "none" and take is None:
            raise ValidationFailed(f"{t.label} works on a take: select a shot that has one",
                                   provider="platform")
        cost = self.quote(key, params, take, others)  # refuses bad input before any request
        platform = self._factory()
        try:
            # upscale and face swap need a tier: refused here, before any job is sent
            await Accounts(lambda _name: platform).check_job("platform", endpoint=t.path)
            edits = platform.edit_tools
            video = None
            names: list[str] = []
            if t.input != "none":
                assert take is not None
                for n, item in enumerate([take, *others]):
                    names.append(await edits.source_name(
                        item.remote_ids, item.provider,
                        f"Take {item.number}" if n == 0 else f"the take of merged shot {n + 1}"))
                video = names[0]
            checked = t.check(self.params_for(key, params, names))
            outputs = await edits.run(key, checked, video=video if t.input == "video" else None)
            outcome = EditOutcome(t, cost)
            if t.gives == "video":
                await self._as_take(platform, doc, take, key, checked.model_dump(mode="json"),
                                    outputs[0], cost, outcome)
            else:
                await self._as_files(platform, doc, key, outputs, outcome)
            return outcome
        finally:
            await platform.aclose()

    async def _as_take(self, platform: Platform, doc: ProjectDocument, source: Take | None,
                       key: str, params: dict[str, Any], output: Output, cost: CostEstimate,
                       outcome: EditOutcome) -> None:
        assert source is not None
        paths = self.studio.paths
        suffix = Path(output.filename or "").suffix or ".mp4"
        dest = paths.cache / "downloads" / f"edit-{uuid.uuid4().hex}{suffix}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        await platform.download(output, dest)
        try:
            info = await probe(dest)
        except MediaError as exc:
            # paid for: keep the file where the user can find it, and say so
            await self._as_files(platform, doc, key, [], outcome, moved=[dest])
            raise ProviderError(
                f"the platform's {key} result cannot be played ({exc}); it was kept as "
                f"{outcome.files[0]}", provider="platform",
                hint="Open the file elsewhere, or run the edit again.") from exc
        cache = MediaCache(self.studio.db, paths.cache / "media",
                           self.studio.settings.cache_size_mb * 1024 * 1024)
        media = await cache.put(dest)
        try:
            thumb: Path | None = await make_thumbnail(media, paths.cache / "thumbnails")
        except MediaError:
            thumb = None
        params = {k: v for k, v in params.items() if k != "video_filenames"}
        take = Take(
            shot_id=source.shot_id, number=0, source="edited", provider="platform",
            model=f"edit:{key}", prompt=source.prompt,
            params={"edit": key, "from_take": source.id, **params},
            remote_ids={"platform_filename": output.filename},
            media_path=str(media), duration=info.duration or None,
            thumbnail_path=str(thumb) if thumb else None,
            cost=cost.amount, cost_currency=cost.currency,
        )
        outcome.take = doc.add_take(take)

    async def _as_files(self, platform: Platform, doc: ProjectDocument, key: str,
                        outputs: Sequence[Output], outcome: EditOutcome,
                        moved: Sequence[Path] = ()) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        folder = self.studio.paths.project(doc.project.id) / "platform" / f"{key}-{stamp}"
        folder.mkdir(parents=True, exist_ok=True)
        for output in outputs:
            outcome.files.append(await platform.save_into(output, folder))
        for path in moved:
            target = folder / path.name
            path.replace(target)
            outcome.files.append(target)
        outcome.folder = folder
