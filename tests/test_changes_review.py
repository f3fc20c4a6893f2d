"""The "Changed since approval" box of the blueprint's review copy (HTML and Word)."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import yaml
from test_export_html import Page
from typer.testing import CliRunner

from stemeco.cli.app import app

NEW_MISSION = "A new mission for Millbrook, agreed after the approval."


def run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--project", str(root)])
    assert result.exit_code == 0, result.output
    return result.stdout


def change_the_mission(root: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump({"mission_draft": NEW_MISSION}), encoding="utf-8")
    run(root, "studio", "run", "1", "--answers", str(answers))


def test_an_approved_copy_has_no_box(example_dir: Path, tmp_path: Path) -> None:
    run(example_dir, "export", "blueprint", "-o", str(tmp_path / "b.html"))
    html = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert "Changed since approval" not in html
    assert 'class="badge"' not in html


def test_a_stale_copy_shows_what_changed_in_the_page(example_dir: Path, tmp_path: Path) -> None:
    change_the_mission(example_dir, tmp_path)
    out = run(example_dir, "export", "blueprint", "-o", str(tmp_path / "b.html"))
    assert out.strip().endswith("b.html (approval stale)")
    html = (tmp_path / "b.html").read_text(encoding="utf-8")
    cover = html[html.index('<header class="cover">') : html.index("</header>")]
    assert "<strong>Approval stale</strong>" in cover
    assert "The answers behind 1 section changed since." in cover
    box = html[html.index('<aside class="changes"') : html.index("</aside>")]
    text = " ".join(" ".join(Page(box).text).split())
    assert "Changed since approval" in text
    assert '<a href="#s-1-mission-and-vision">1. Mission and vision</a>' in box
    assert "Approved The Millbrook STEM Ecosystem brings schools" in text
    assert f"Now {NEW_MISSION}" in text
    assert box.count('class="change-heading"') == 1
    contents = html[html.index('<nav class="toc"') : html.index("</nav>")]
    assert contents.count('class="badge"') == 1
    assert 'mission-and-vision">1. Mission and vision</a><span class="badge">' in contents
    assert html.index("</aside>") < html.index('<nav class="toc"')  # the box comes first


def test_a_stale_copy_shows_what_changed_in_word(example_dir: Path, tmp_path: Path) -> None:
    change_the_mission(example_dir, tmp_path)
    run(example_dir, "export", "blueprint", "-f", "docx", "-o", str(tmp_path / "b.docx"))
    texts = [p.text for p in docx.Document(str(tmp_path / "b.docx")).paragraphs]
    start = texts.index("Changed since approval")
    box = texts[start : texts.index("Contents")]
    assert "1. Mission and vision" in box
    assert any(t.startswith("Approved: The Millbrook STEM Ecosystem brings") for t in box)
    assert f"Now: {NEW_MISSION}" in box
    assert "1. Mission and vision (changed since approval)" in texts
    assert "2. What STEM means here" in texts  # unchanged sections carry no mark


def test_an_old_approval_says_the_approved_text_was_not_kept(
    example_dir: Path, tmp_path: Path
) -> None:
    shutil.rmtree(example_dir / "approvals")
    change_the_mission(example_dir, tmp_path)
    run(example_dir, "export", "blueprint", "-o", str(tmp_path / "b.html"))
    html = (tmp_path / "b.html").read_text(encoding="utf-8")
    box = html[html.index('<aside class="changes"') : html.index("</aside>")]
    assert "What they approved was not recorded" in box
    assert 'class="change-heading"' not in box
    assert "stemeco approve" not in box  # a reader of the copy is not asked to type commands
