"""The templates library: built-ins, search, apply to shots (one undo step), the user's own
templates (save, rename, delete; built-ins read-only), sync with the platform's fake; and the
elements' checks and reference-image copies."""

from __future__ import annotations

import pytest

from app.domain import ElementKind
from app.providers.http import RetryPolicy
from app.services import element_library, template_library
from app.services.commands import AddElement, AddShots, UpdateShot
from app.services.history import History
from app.services.prompt_tools import NOT_CONNECTED, PromptTools, connection_problem
from app.services.templates import builtin_templates
from tests.fakes.platform_prompts import ENHANCE_SUFFIX

FAST = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.002, jitter=0.0)


@pytest.fixture
def doc(studio):
    return studio.open_project(studio.create_project("Film").id)


@pytest.fixture
def history(doc):
    return History(doc)


def shots(doc, history, *fields):
    return history.execute(AddShots(doc, 0, list(fields))).ids


def by_name(studio, name):
    return next(t for t in studio.templates() if t.name == name)


def test_builtins_are_useful_and_consistent():
    found = builtin_templates()
    assert len(found) >= 15
    assert len({t.name for t in found}) == len(found) and len({t.id for t in found}) == len(found)
    for t in found:
        assert t.builtin and t.description and t.placeholders(), t.name
        # a default for a placeholder the body does not have would never show anywhere
        assert set(t.defaults) <= set(t.placeholders()), t.name
    names = {t.name for t in found}
    assert {"Product reveal", "Talking head", "Drone establishing shot"} <= names


def test_search_matches_every_word_in_name_body_or_placeholders(studio):
    everything = studio.templates()
    assert template_library.search(everything, "") == everything
    assert [t.name for t in template_library.search(everything, "DRONE aerial")] == [
        "Drone establishing shot"]
    assert "Product reveal" in [t.name for t in template_library.search(everything, "surface")]
    assert template_library.search(everything, "no-such-thing") == []


def test_apply_to_three_shots_is_one_undo_step(studio, doc, history):
    ids = shots(doc, history,
                {"prompt": "old one", "negative_prompt": "keep?"},
                {"prompt": "old two", "template_values": {"mood": "tense", "other": "x"}},
                {"prompt": "old three"})
    reveal = by_name(studio, "Product reveal")
    history.execute(template_library.apply_command(doc, reveal, ids))
    assert history.undo_text == "Apply template “Product reveal” to 3 shots"
    for shot in doc.shots:
        assert shot.prompt == reveal.body
        assert shot.negative_prompt == reveal.negative_prompt
    # defaults under the shot's own values: the second shot keeps its mood
    assert doc.shots.get(ids[0]).template_values == reveal.defaults
    assert doc.shots.get(ids[1]).template_values == {**reveal.defaults, "mood": "tense",
                                                      "other": "x"}
    history.undo()
    assert [(s.prompt, s.negative_prompt) for s in doc.shots] == [
        ("old one", "keep?"), ("old two", ""), ("old three", "")]
    assert doc.shots.get(ids[1]).template_values == {"mood": "tense", "other": "x"}
    history.redo()
    assert all(s.prompt == reveal.body for s in doc.shots)


def test_apply_without_negative_keeps_the_shots_and_needs_a_selection(studio, doc, history):
    (sid,) = shots(doc, history, {"prompt": "p", "negative_prompt": "mine"})
    template = template_library.save_from_shot(
        studio, doc.shots.get(sid).model_copy(update={"negative_prompt": ""}), "No negative")
    history.execute(template_library.apply_command(doc, template, [sid]))
    assert doc.shots.get(sid).negative_prompt == "mine"
    with pytest.raises(ValueError, match="no shot is selected"):
        template_library.apply_command(doc, template, [])


def test_save_shot_prompt_as_template_then_rename_and_delete(studio, doc, history):
    (sid,) = shots(doc, history, {"prompt": "{hero} runs through {place}", "negative_prompt":
                                  "blur", "template_values": {"hero": "Mara", "unused": "x"}})
    saved = template_library.save_from_shot(studio, doc.shots.get(sid), "  Chase  scene ",
                                            "a run")
    assert (saved.name, saved.body, saved.negative_prompt, saved.defaults, saved.builtin) == (
        "Chase scene", "{hero} runs through {place}", "blur", {"hero": "Mara"}, False)
    assert studio.user_templates.get(saved.id) == saved  # stored in the library database

    with pytest.raises(ValueError, match="already the name of one of your templates"):
        template_library.save_from_shot(studio, doc.shots.get(sid), "chase SCENE")
    with pytest.raises(ValueError, match="already the name of a built-in template"):
        template_library.save_from_shot(studio, doc.shots.get(sid), "Talking head")
    with pytest.raises(ValueError, match="needs a name"):
        template_library.save_from_shot(studio, doc.shots.get(sid), "  ")
    history.execute(UpdateShot(doc, sid, prompt=""))
    with pytest.raises(ValueError, match="no prompt to save"):
        template_library.save_from_shot(studio, doc.shots.get(sid), "Empty")

    renamed = template_library.rename(studio, saved.id, "Pursuit")
    assert studio.user_templates.get(saved.id).name == "Pursuit" == renamed.name
    with pytest.raises(ValueError, match="Product reveal"):
        template_library.rename(studio, saved.id, "product reveal")

    gone = template_library.delete(studio, saved.id)
    assert studio.user_templates.get(saved.id) is None
    template_library.restore(studio, gone)
    assert studio.user_templates.get(saved.id) == renamed


def test_builtins_are_read_only(studio):
    reveal = by_name(studio, "Product reveal")
    with pytest.raises(ValueError, match="read-only"):
        template_library.delete(studio, reveal.id)
    with pytest.raises(ValueError, match="read-only"):
        template_library.rename(studio, reveal.id, "Mine now")
    assert by_name(studio, "Product reveal") == reveal


# -- the platform ---------------------------------------------------------------------------


def test_connection_problem_names_what_is_missing(studio, monkeypatch):
    assert connection_problem(studio).startswith(NOT_CONNECTED)
    assert "a base URL and an API key" in connection_problem(studio)
    monkeypatch.setenv("REELROOM_PLATFORM_BASE_URL", "http://127.0.0.1:9")
    assert "an API key" in connection_problem(studio)
    studio.secrets.set("platform", "pk-some-key-000", session_only=True)
    assert connection_problem(studio) is None


async def test_sync_pulls_platform_templates_without_duplicates(studio, platform_fake):
    platform_fake.prompt_templates["7"] = {"id": 7, "name": "Talking head",
                                           "prompt": "{who} talks", "negative_prompt": "",
                                           "model": "wan-t2v"}
    platform_fake.prompt_templates["8"] = {"id": 8, "name": "Rain", "prompt": "rain on {x}"}
    async with PromptTools.connect(studio, retry=FAST) as tools:
        first = await template_library.pull_from_platform(studio, tools.api)
        assert first.added == ["Talking head (platform)", "Rain"]
        before = studio.user_templates.all()
        again = await template_library.pull_from_platform(studio, tools.api)
        assert (again.added, again.updated, again.unchanged) == ([], [], 2)
        assert studio.user_templates.all() == before
        # changed on the platform: updated in place, keeping a local rename
        template_library.rename(studio, "platform-8", "Rainy")
        platform_fake.prompt_templates["8"]["prompt"] = "heavy rain on {x}"
        third = await template_library.pull_from_platform(studio, tools.api)
    assert third.updated == ["Rainy"]
    rain = studio.user_templates.get("platform-8")
    assert (rain.name, rain.body) == ("Rainy", "heavy rain on {x}")
    assert "From the studio platform (model wan-t2v)" == by_name(
        studio, "Talking head (platform)").description


async def test_push_sends_a_user_template_once(studio, doc, history, platform_fake):
    (sid,) = shots(doc, history, {"prompt": "{a} meets {b}", "negative_prompt": "crowd"})
    mine = template_library.save_from_shot(studio, doc.shots.get(sid), "Meeting")
    async with PromptTools.connect(studio, retry=FAST) as tools:
        remote = await template_library.push_to_platform(studio, tools.api, mine.id)
        assert platform_fake.prompt_templates[remote.id]["prompt"] == "{a} meets {b}"
        await template_library.push_to_platform(studio, tools.api, mine.id)
        assert len(platform_fake.prompt_templates) == 1
        # pulling back what was pushed adds nothing
        report = await template_library.pull_from_platform(studio, tools.api)
        assert (report.added, report.unchanged) == ([], 1)
        with pytest.raises(ValueError, match="read-only"):
            await template_library.push_to_platform(studio, tools.api,
                                                    by_name(studio, "Talking head").id)


async def test_enhance_and_autocomplete_through_prompt_tools(studio, platform_fake):
    async with PromptTools.connect(studio, retry=FAST) as tools:
        assert await tools.enhance("  a fox in snow ") == "a fox in snow" + ENHANCE_SUFFIX
        assert await tools.autocomplete("fox") == ["a red fox trotting through fresh snow"]
        assert await tools.autocomplete("fo") == []  # too short to ask
        with pytest.raises(ValueError, match="no prompt to enhance"):
            await tools.enhance(" ")


def test_connect_without_the_platform_says_what_to_do(studio):
    from app.services.prompt_tools import NotConnectedError

    with pytest.raises(NotConnectedError) as err:
        PromptTools.connect(studio)
    assert NOT_CONNECTED in err.value.user_message()


# -- elements -------------------------------------------------------------------------------


def test_element_names_are_unique_per_project_and_one_word(studio, doc, history):
    mara = element_library.build_element(doc, name="@Mara", kind="character",
                                          description=" a tall sailor ")
    assert (mara.name, mara.description, mara.kind) == ("Mara", "a tall sailor",
                                                       ElementKind.CHARACTER)
    history.execute(AddElement(mara))
    with pytest.raises(ValueError, match="already has an element named @Mara"):
        element_library.build_element(doc, name="mara", kind="prop")
    with pytest.raises(ValueError, match="one word with no spaces"):
        element_library.build_element(doc, name="Red Car", kind="prop")
    # editing an element keeps its own name
    same = element_library.build_element(doc, name="Mara", kind="character",
                                         description="older now", element_id=mara.id)
    assert same.id == mara.id


def test_reference_images_are_copied_into_the_library(studio, doc, tmp_path):
    src = tmp_path / "face.PNG"
    src.write_bytes(b"\x89PNG fake image bytes")
    copy = element_library.import_reference_image(studio.paths.data, doc.project.id, src)
    assert copy.parent == studio.paths.data / "elements" / doc.project.id
    assert copy.suffix == ".png" and copy.read_bytes() == src.read_bytes()
    again = element_library.import_reference_image(studio.paths.data, doc.project.id, src)
    assert again == copy and len(list(copy.parent.iterdir())) == 1  # stored once
    src.unlink()
    assert copy.exists()  # the library owns its copy
    with pytest.raises(ValueError, match="not an image"):
        (tmp_path / "notes.txt").write_text("x")
        element_library.import_reference_image(studio.paths.data, doc.project.id,
                                               tmp_path / "notes.txt")
    with pytest.raises(ValueError, match="no such image file"):
        element_library.import_reference_image(studio.paths.data, doc.project.id, src)


# -- the CLI ---------------------------------------------------------------------------------


def test_cli_templates_and_elements(reelroom_home, tmp_path, capsys):
    import json

    from app.cli.main import main
    from app.services.studio import Studio

    assert main(["project", "new", "Film"]) == 0
    for title in ("A", "B", "C"):
        assert main(["shot", "add", "Film", "--title", title, "--prompt", f"{{x}} {title}"]) == 0
    capsys.readouterr()
    assert main(["template", "list", "--search", "drone"]) == 0
    assert capsys.readouterr().out.startswith("Drone establishing shot")
    assert main(["template", "apply", "Film", "Talking head", "--shots", "1,3"]) == 0
    assert "applied “Talking head” to 2 shot(s)" in capsys.readouterr().out
    assert main(["template", "apply", "Film", "Talking head", "--shots", "4"]) == 1
    assert "between 1 and 3" in capsys.readouterr().err
    assert main(["template", "save", "Film", "2", "My look"]) == 0
    assert main(["template", "save", "Film", "2", "my LOOK"]) == 1
    assert "already the name" in capsys.readouterr().err
    assert main(["template", "delete", "Talking head"]) == 1
    assert "read-only" in capsys.readouterr().err
    assert main(["template", "delete", "My look"]) == 0

    picture = tmp_path / "mara.png"
    picture.write_bytes(b"\x89PNG image")
    assert main(["element", "add", "Film", "Mara", "--description", "a sailor",
                 "--image", str(picture)]) == 0
    assert main(["element", "add", "Film", "mara"]) == 1
    assert "already has an element named @Mara" in capsys.readouterr().err
    capsys.readouterr()
    assert main(["--json", "element", "list", "Film"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["name"] == "Mara" and listed["reference_image"].startswith(
        str(reelroom_home))

    studio = Studio.open()
    try:
        doc = studio.open_project(studio.find_project("Film").id)
        head = by_name(studio, "Talking head")
        assert [s.prompt for s in doc.shots] == [head.body, "{x} B", head.body]
        assert studio.user_templates.all() == []
    finally:
        studio.close()


def test_cli_enhance_and_sync_need_the_platform(reelroom_home, capsys, platform_fake):
    from app.cli.main import main

    assert main(["project", "new", "Film"]) == 0
    assert main(["shot", "add", "Film", "--prompt", "a fox"]) == 0
    capsys.readouterr()
    assert main(["enhance", "Film", "1", "--apply"]) == 0
    assert capsys.readouterr().out.strip() == "a fox" + ENHANCE_SUFFIX
    platform_fake.prompt_templates["3"] = {"id": 3, "name": "Snow", "prompt": "snow on {x}"}
    assert main(["template", "sync"]) == 0
    assert "1 added" in capsys.readouterr().out


def test_cli_enhance_without_the_platform_says_what_to_do(reelroom_home, capsys):
    from app.cli.main import main

    assert main(["project", "new", "Film"]) == 0
    assert main(["shot", "add", "Film", "--prompt", "a fox"]) == 0
    assert main(["enhance", "Film", "1"]) == 1
    assert NOT_CONNECTED in capsys.readouterr().err
