"""New paid jobs that start from a take the service already made: OpenAI's remix (a new take of
the same shot from the video's id), "Revise with Tellers…" (the same agent conversation, told
what to change), and the platform's extend (a new shot after this one, from the take's last
frame, by image-to-video).

Each becomes an ordinary queue job — a row before anything is sent, its create in the ledger,
reconciled rather than resent after a crash — so `plan_*` only builds the JobSpec; the caller
prices it with `Queue.estimate` and shows that before `Queue.enqueue`."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain import Take
from app.providers.base import GenerationRequest, MediaInput
from app.services.queue.scheduler import JobSpec

REMIX_ROLE = "remix"  # MediaInput.role naming the video a remix starts from (its remote id)
EXTEND_MODEL = "wan-i2v"  # the platform's image-to-video model an extend uses by default


class FollowUpRefused(ValueError):
    """This take cannot start that kind of job; the message says why and what to do."""


@dataclass(frozen=True)
class Planned:
    spec: JobSpec
    label: str  # what the job is, for a confirmation ("Remix take 2 of shot 1")


def _remote_id(take: Take) -> str | None:
    rid = take.remote_ids.get("remote_id")
    return str(rid) if rid else None


def can_remix(take: Take) -> bool:
    return take.provider == "openai" and bool(_remote_id(take))


def plan_remix(project_id: str, take: Take, prompt: str, *, number: int) -> Planned:
    """A remix of an OpenAI take: `POST /videos/{id}/remix` with the new prompt. The source's
    duration and size are the remix's (they are what it is priced by)."""
    if take.provider != "openai":
        raise FollowUpRefused(f"take {take.number} was made by {take.provider or 'no service'}; "
                              "only an OpenAI (Sora) take can be remixed")
    video_id = _remote_id(take)
    if not video_id:
        raise FollowUpRefused(f"take {take.number} has no OpenAI video id, so it cannot be "
                              "remixed (was it imported from a file?)")
    if not prompt.strip():
        raise FollowUpRefused("say what to change: the remix prompt is empty")
    params = {k: take.params[k] for k in ("seconds", "size") if k in take.params}
    request = GenerationRequest(model=take.model or "sora-2", prompt=prompt.strip(),
                                params=params,
                                inputs=[MediaInput(role=REMIX_ROLE, remote_id=video_id)])
    return Planned(JobSpec(project_id, take.shot_id, "openai", request),
                   f"Remix take {take.number} of shot {number}")


def can_revise(take: Take) -> bool:
    return take.provider == "tellers" and bool(take.remote_ids.get("chat_id"))


def plan_revision(project_id: str, take: Take, prompt: str, *, number: int) -> Planned:
    """The Tellers conversation that made `take`, continued with what to change: a new agent
    run (paid) whose result is a new take of the same shot."""
    chat_id = take.remote_ids.get("chat_id")
    if take.provider != "tellers" or not chat_id:
        raise FollowUpRefused(f"take {take.number} has no Tellers conversation to continue; "
                              "only a take the Tellers agent made can be revised")
    if not prompt.strip():
        raise FollowUpRefused("say what to change: the revision is empty")
    params = {k: v for k, v in take.params.items() if k in ("quality", "llm_model")}
    params["chat_id"] = str(chat_id)
    request = GenerationRequest(model=take.model or "agent", prompt=prompt.strip(),
                                params=params)
    return Planned(JobSpec(project_id, take.shot_id, "tellers", request),
                   f"Revise take {take.number} of shot {number} with Tellers")


def can_extend(take: Take) -> bool:
    return take.provider == "platform" and bool(take.media_path)


def extend_shot_fields(shot, take: Take, i2v_model: str | None = None) -> dict:
    """The fields of the shot an extend makes after `shot`: the same prompt and framing, going
    to an image-to-video model, continuing from `take`'s video (the platform's
    /api/extend-video gives its last frame, which the model starts from)."""
    if not can_extend(take):
        raise FollowUpRefused(f"take {take.number} was not made by the studio platform; only "
                              "a platform take can be extended (the platform takes its own "
                              "videos by name)")
    model = i2v_model or (shot.model if shot.model.endswith("-i2v") else EXTEND_MODEL)
    title = f"{shot.title} (cont.)" if shot.title else ""
    return {"title": title, "prompt": shot.prompt, "negative_prompt": shot.negative_prompt,
            "duration": shot.duration, "shot_type": shot.shot_type,
            "camera_move": shot.camera_move, "provider": "platform", "model": model,
            "params": {k: v for k, v in shot.params.items()
                       if k in ("width", "height", "frames", "steps", "cfg", "frame_rate")},
            "inputs": {"video": take.media_path}}
