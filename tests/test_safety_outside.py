"""Nothing leaves the project: links that lead outside are refused for every template read
and every write, and templates render in a bounded, read-only sandbox."""

from __future__ import annotations

import copy
import os
import resource
import subprocess
from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment
from typer.testing import CliRunner

from stemeco import registry
from stemeco.cli.app import app
from stemeco.documents import render
from stemeco.errors import UsageError
from stemeco.project.folder import Project
from stemeco.resources import templates_dir
from stemeco.vocab import STAGES, VOCABULARIES

from conftest import stemeco_executable

runner = CliRunner()


def invoke(project: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--project", str(project)])
    return result.exit_code, result.output


def docs(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "docs").iterdir())}


# ------------------------------------------------------------------ templates: links


def test_a_template_linked_to_a_file_outside_is_refused(example_dir: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("API_KEY=hunter2\n", encoding="utf-8")
    (example_dir / "templates").mkdir()
    (example_dir / "templates" / "_calendar.md.j2").symlink_to(secret)
    before = docs(example_dir)
    code, output = invoke(example_dir, "render")
    assert code == 5
    assert (
        f"templates/_calendar.md.j2: is a link to {secret}, outside the project: stemeco "
        "reads no template from outside the project folder" in output
    )
    assert "hunter2" not in output
    assert docs(example_dir) == before
    code, output = invoke(example_dir, "check")
    assert code == 1
    assert f"templates/_calendar.md.j2: is a link to {secret}, outside the project" in output


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_environment_secrets_never_reach_a_document(example_dir: Path) -> None:
    (example_dir / "templates").mkdir()
    (example_dir / "templates" / "_calendar.md.j2").symlink_to("/proc/self/environ")
    done = subprocess.run(
        [stemeco_executable(), "render", "--project", str(example_dir)],
        env={**os.environ, "STEMECO_SECRET_FOR_TEST": "hunter2"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 5
    assert "outside the project" in done.stderr
    assert "hunter2" not in (example_dir / "docs" / "blueprint.md").read_text(encoding="utf-8")


def test_a_linked_templates_folder_cannot_include_a_file_from_elsewhere(
    example_dir: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "passwords.txt").write_text("root:hunter2\n", encoding="utf-8")
    (elsewhere / "_calendar.md.j2").write_text('{% include "passwords.txt" %}\n', encoding="utf-8")
    (example_dir / "templates").symlink_to(elsewhere)
    before = docs(example_dir)
    code, output = invoke(example_dir, "render")
    assert code == 5
    assert f"templates: is a link to {elsewhere}, outside the project" in output
    assert docs(example_dir) == before
    code, output = invoke(example_dir, "check")
    assert code == 1
    assert output.count(f"templates: is a link to {elsewhere}, outside the project") == 1


def test_a_link_that_stays_inside_the_project_is_followed(example_dir: Path) -> None:
    (example_dir / "shared").mkdir()
    (example_dir / "shared" / "calendar.j2").write_text("Our own calendar.\n", encoding="utf-8")
    (example_dir / "templates").mkdir()
    (example_dir / "templates" / "_calendar.md.j2").symlink_to(
        example_dir / "shared" / "calendar.j2"
    )
    code, output = invoke(example_dir, "render")
    assert code == 0, output
    assert "Our own calendar." in (example_dir / "docs" / "blueprint.md").read_text(
        encoding="utf-8"
    )


# ------------------------------------------------------------------ writes: links


@pytest.mark.parametrize(
    ("folder", "command"),
    [
        ("assets", ["assets", "add", "--name", "Robot Club", "--sector", "business"]),
        (
            "interviews",
            ["interviews", "add", "--who", "Ann", "--organisation", "Lib", "--date", "2026-01-05"]
            + ["--notes", "Robots"],
        ),
        ("sessions", ["studio", "run", "1", "--answers", "{answers}"]),
        ("docs", ["render"]),
    ],
)
def test_a_folder_linked_outside_is_never_written_through(
    example_dir: Path, tmp_path: Path, folder: str, command: list[str]
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("stem_definition: STEM is how we build.\n", encoding="utf-8")
    outside = tmp_path / "outside"
    (example_dir / folder).rename(outside)
    (example_dir / folder).symlink_to(outside)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    if folder == "docs":
        (outside / "blueprint.md").write_text("stale\n", encoding="utf-8")
        before = {p.name: p.read_bytes() for p in outside.iterdir()}
    code, output = invoke(example_dir, *[a.format(answers=answers) for a in command])
    assert code == 3, output
    assert f"{folder}: is a link to {outside}, outside the project: stemeco writes " in output
    assert "internal error" not in output
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before


def test_a_file_linked_outside_is_not_replaced_nor_written(
    example_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "team.yaml"
    (example_dir / "team.yaml").rename(target)
    (example_dir / "team.yaml").symlink_to(target)
    before = target.read_bytes()
    code, output = invoke(example_dir, "team", "edit", "leader", "--role", "Chair")
    assert code == 3
    assert f"team.yaml: is a link to {target}, outside the project" in output
    assert target.read_bytes() == before
    assert (example_dir / "team.yaml").is_symlink()


def test_an_indicator_folder_linked_outside_is_not_deleted_from(
    example_dir: Path, tmp_path: Path
) -> None:
    code, _ = invoke(example_dir, "indicators", "add", "--name", "Robots", "--pillar", "workforce")
    assert code == 0
    outside = tmp_path / "indicators"
    (example_dir / "indicators").rename(outside)
    (example_dir / "indicators").symlink_to(outside)
    code, output = invoke(example_dir, "indicators", "remove", "robots")
    assert code == 3, output
    assert (outside / "robots.yaml").exists()


def test_project_path_refuses_dot_dot_and_links_out(project_dir: Path, tmp_path: Path) -> None:
    project = Project(project_dir)
    with pytest.raises(UsageError, match="outside the project folder"):
        project.path("..", "elsewhere.yaml")
    (project_dir / "measurements").symlink_to(tmp_path)
    with pytest.raises(Exception, match="is a link to .*, outside the project"):
        project.path("measurements", "x.yaml")
    assert project.path("docs", "blueprint.md") == project_dir.resolve() / "docs" / "blueprint.md"


# ------------------------------------------------------------------ templates: bounds


def _limits() -> None:
    memory = 512 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ 'a' * 2000000000 }}", "it would make a string of 2,000,000,000 (at most 10,000,000)"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "its loops ran more than 1,000,000 times",
        ),
    ],
    ids=["huge string", "nested ranges"],
)
def test_a_runaway_template_stops_with_its_file_and_line(
    example_dir: Path, template: str, message: str
) -> None:
    (example_dir / "templates").mkdir()
    (example_dir / "templates" / "_calendar.md.j2").write_text(
        "Calendar\n" + template + "\n", encoding="utf-8"
    )
    done = subprocess.run(
        [stemeco_executable(), "render", "--project", str(example_dir)],
        preexec_fn=_limits,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 5, done.stderr[-500:]
    assert "templates/_calendar.md.j2:2: the template went past a limit of the sandbox: " in (
        done.stderr
    )
    assert message in done.stderr


GROWERS = [
    "{{ 'x' | center(20000000) }}",
    "{{ 'x' | indent(20000000) }}",
    "{{ ('x\\n' * 100) | indent(200000) }}",
    "{{ ('x' * 100) | wordwrap(1, wrapstring='-' * 1000000) }}",
    "{{ '%20000000s' % 'x' }}",
    "{{ '%*s' % (20000000, 'x') }}",
    "{{ '%20000000s' | format('x') }}",
    "{{ '{:>20000000}'.format('x') }}",
    "{{ 'x'.rjust(20000000) }}",
    "{{ ('a' * 5000000).replace('a', 'bbb') }}",
    "{{ ('a' * 5000000) | replace('a', 'bbb') }}",
    "{{ ['a' * 5000000, 'b' * 5000000, 'c'] | join('-') }}",
    "{{ '-'.join(['a' * 5000000, 'b' * 5000000, 'c']) }}",
    "{{ ('a\t' * 1000).expandtabs(100000) }}",
    "{{ 2 ** 1000000 }}",
    "{{ (10 ** 20000) * (10 ** 20000) }}",
    "{{ [1] * 2000000 }}",
    "{{ 'a' * 6000000 + 'b' * 6000000 }}",
    "{% set s = 'a' * 6000000 %}{{ s ~ s }}",
    "{% macro grow(s, n) %}{{ grow(s ~ s, n - 1) if n else s }}{% endmacro %}{{ grow('ab', 40) }}",
    "{{ [1] | batch(2000000, 0) | list }}",
    "{{ [1] | slice(2000000) | list }}",
    "{{ range(1000000) | list }}",
    "{{ lipsum(1000000) }}",
    "{% for i in range(100) %}{{ ('x' * 1000000) | safe }}{% endfor %}",
    "{% for i in range(100000) %}" + "x" * 1000 + "{% endfor %}",
    "{% for a in 'x' * 2000 %}{% for b in 'y' * 2000 %}{% endfor %}{% endfor %}",
    "{{ vocab.update({'stages': {}}) }}",
    "{{ vocab.stages.update({'elementary': 'changed'}) }}",
    "{{ answers['studio-1'].update({'vision': 'changed'}) }}",
    "{{ studios.clear() }}",
]


def test_every_way_to_grow_text_is_bounded_and_shared_data_is_read_only(
    example_dir: Path,
) -> None:
    """The production environment, each hostile template on its own (the common ones
    run through the command below and in a child process above)."""
    from stemeco.documents.sandbox import bounded

    project = Project(example_dir)
    env = render._new_environment(None, ".md")
    ctx = render.context(project)
    answers = copy.deepcopy(ctx["answers"])
    for template in GROWERS:
        with bounded(), pytest.raises(jinja2.TemplateError) as caught:
            env.from_string(template).render(ctx)
        assert isinstance(caught.value, jinja2.TemplateError), template
    assert STAGES["elementary"] == "Elementary"
    assert VOCABULARIES["stages"] is STAGES
    assert ctx["answers"] == answers


def test_a_template_changing_a_shared_vocabulary_is_refused(example_dir: Path) -> None:
    (example_dir / "templates").mkdir()
    (example_dir / "templates" / "_calendar.md.j2").write_text(
        "{{ vocab.stages.update({'elementary': 'Changed'}) }}\n", encoding="utf-8"
    )
    before = docs(example_dir)
    code, output = invoke(example_dir, "render")
    assert code == 5, output
    assert "templates/_calendar.md.j2:1: template error: " in output
    assert docs(example_dir) == before
    assert STAGES["elementary"] == "Elementary"


def test_the_packaged_templates_render_the_example_as_jinjas_plain_sandbox_does(
    example_dir: Path,
) -> None:
    """The bounds change no byte of a real document."""
    project = Project(example_dir)
    bounded = render.render_documents(project)
    ctx = render.context(project)
    for document in registry.documents():
        suffix = Path(document.output).suffix
        plain = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader(str(templates_dir())),
            undefined=render.ToBeDecided,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=render.FINALIZE.get(suffix, render.finalize_plain),
        )
        plain.filters.update(render.FILTERS)
        render.install_language(plain, "en")  # the templates' words: {{ _("...") }}
        text = plain.get_template(document.template).render(ctx)
        text = text if text.endswith("\n") else text + "\n"
        if suffix == ".csv":
            text = render.BOM + text.removeprefix(render.BOM)
        assert bounded[document.output] == text, document.output
        assert (example_dir / document.output).read_text(encoding="utf-8") == text
