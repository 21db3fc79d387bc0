"""Prompt composition: exact final texts and the warnings a user sees before sending."""

from __future__ import annotations

import pytest

from app.domain import CameraMove, Element, Shot, ShotType
from app.providers.base import Capability, ModelInfo
from app.providers.openai.params import SoraParams
from app.services.prompting import compose_prompt, find_element_refs, placeholder_names
from app.services.prompting.phrasing import CAMERA_MOVE_PHRASES, SHOT_TYPE_PHRASES
from app.services.queue.planning import compose_for_shot, request_for_shot

P = "p1"
MARA = Element(project_id=P, name="Mara", description="a tall woman in a red coat.",
               reference_image="/refs/mara.png")
DINER = Element(project_id=P, name="Diner", kind="location",
                description="a chrome 1950s diner at night", reference_image="/refs/diner.png")
KEY = Element(project_id=P, name="Key", kind="prop", description="")
# the same elements without images, where a test is about text only
MARA_T, DINER_T = (e.model_copy(update={"reference_image": None}) for e in (MARA, DINER))


def shot(prompt: str, **kw) -> Shot:
    return Shot(project_id=P, prompt=prompt, **kw)


def test_template_filled_elements_expanded_and_framing_phrased():
    s = shot("@Mara walks into @Diner at {time_of_day}, {mood} mood.",
             template_values={"time_of_day": "dawn", "mood": "quiet"},
             shot_type=ShotType.CLOSE_UP, camera_move=CameraMove.DOLLY_IN,
             negative_prompt="text, watermark")
    result = compose_prompt(s, [MARA_T, DINER_T], prompt_max=1000)
    assert result.text == ("Close-up shot. Slow dolly in. A tall woman in a red coat walks into "
                           "a chrome 1950s diner at night at dawn, quiet mood.")
    assert result.negative_prompt == "text, watermark"
    assert result.warnings == ()
    assert result.length == len(result.text)
    assert result.count_text() == f"{len(result.text)} / 1,000 characters"


def test_nothing_is_added_for_none_and_a_placeholder_value_may_name_an_element():
    s = shot("{hero} looks up", template_values={"hero": "@mara"})
    assert compose_prompt(s, [MARA]).text == "A tall woman in a red coat looks up"
    later = shot("Then @Mara looks up. @Mara smiles", camera_move=CameraMove.STATIC)
    assert compose_prompt(later, [MARA]).text == (
        "Static camera. Then a tall woman in a red coat looks up. A tall woman in a red coat "
        "smiles")


def test_unknown_element_and_unfilled_placeholder_are_left_visible_and_reported():
    s = shot("@Marla opens {door_colour} door near @Diner",
             template_values={"door_colour": "  "})
    result = compose_prompt(s, [MARA_T, DINER_T])
    assert result.text == "@Marla opens {door_colour} door near a chrome 1950s diner at night"
    assert result.unknown_elements == ("Marla",)
    assert result.unfilled_placeholders == ("door_colour",)
    kinds = [w.kind for w in result.warnings]
    assert kinds == ["unknown_element", "unfilled_placeholder"]
    assert "@Marla is not an element of this project" in result.warnings[0].message
    assert "{door_colour} has no value" in result.warnings[1].message


def test_over_limit_is_reported_with_both_numbers():
    s = shot("x" * 30, shot_type=ShotType.WIDE)
    result = compose_prompt(s, [], prompt_max=25, model_label="Sora 2")
    assert result.length == len("Wide shot. ") + 30 and result.over_limit
    [warning] = result.warnings
    assert warning.kind == "over_limit"
    assert warning.message.startswith("The final prompt is 41 characters; Sora 2 takes at most 25")
    assert not compose_prompt(s, [], prompt_max=41).over_limit
    assert compose_prompt(s, []).count_text() == "41 characters"


def test_email_addresses_and_longer_words_are_not_references():
    refs = find_element_refs("mail me@mara.com, @Marah and @MARA's coat", ["Mara"])
    assert [(r.name, r.known) for r in refs] == [("Marah", False), ("Mara", True)]
    assert compose_prompt(shot("@Key on the table"), [KEY]).text == "Key on the table"
    assert [w.kind for w in compose_prompt(shot("@Key"), [KEY]).warnings] == ["no_description"]


def test_placeholder_names_in_order_once():
    assert placeholder_names("{a} and {b} then {a} but { not one }") == ["a", "b"]


def test_reference_images_go_only_where_the_model_takes_one_and_one_at_a_time():
    s = shot("@Mara in @Diner")
    assert compose_prompt(s, [MARA, DINER], accepts_image=True).reference_images == (
        "/refs/mara.png",)
    one = compose_prompt(s, [MARA, DINER], accepts_image=True)
    assert "Only @Mara's reference image is sent" in one.warnings[0].message
    none = compose_prompt(s, [MARA, DINER], accepts_image=False, model_label="ShuttleAI")
    assert none.reference_images == ()
    assert none.warnings[0].message == ("The reference images of @Mara, @Diner are not sent: "
                                        "ShuttleAI takes no image input.")
    own = compose_prompt(s.model_copy(update={"reference_media": ["/mine.png"]}), [MARA, DINER],
                         accepts_image=True)
    assert own.reference_images == ()
    assert "shot's own reference is sent" in own.warnings[0].message


@pytest.mark.parametrize("enum_phrases", [SHOT_TYPE_PHRASES, CAMERA_MOVE_PHRASES])
def test_every_value_has_a_sentence_and_none_has_none(enum_phrases):
    for member, phrase in enum_phrases.items():
        if member.value == "":
            assert phrase == ""
        else:
            assert phrase.endswith(".") and phrase[0].isupper()
    assert len(enum_phrases) == len(type(next(iter(enum_phrases))))


def test_request_uses_the_composed_prompt_and_sends_the_element_image():
    sora = ModelInfo("sora-2", "Sora 2", SoraParams, prompt_max=32000,
                     capabilities=frozenset({Capability.IMAGE_TO_VIDEO}))
    s = shot("@Mara waits", provider="openai", model="sora-2", shot_type=ShotType.WIDE,
             params={"seconds": 8}, duration=8)
    name, request = request_for_shot(s, 3, elements=[MARA], model_info=sora)
    preview = compose_for_shot(s, [MARA], "openai", sora)
    assert name == "openai" and request.model == "sora-2"
    assert request.prompt == preview.text == "Wide shot. A tall woman in a red coat waits"
    assert [(i.role, i.path) for i in request.inputs] == [("reference", "/refs/mara.png")]
    assert request.params == {"seconds": 8}


def test_animatic_card_keeps_its_fields_and_shows_the_composed_prompt():
    s = shot("@Mara at {place}", template_values={"place": "the pier"}, title="Arrival",
             shot_type=ShotType.CLOSE_UP, camera_move=CameraMove.PAN, duration=2.5)
    name, request = request_for_shot(s, 4, elements=[MARA])
    assert name == "animatic" and request.model == "card"
    assert request.prompt == "A tall woman in a red coat at the pier"  # the card draws framing
    assert request.params == {"duration": 2.5, "shot_number": 4, "title": "Arrival",
                              "shot_type": "close-up", "camera_move": "pan"}
    assert [i.path for i in request.inputs] == ["/refs/mara.png"]
