"""Stakeholder interviews: ``interviews/<date>-<slug>.yaml``, one file each.

Who was interviewed (organisation, role), when, by whom, the notes and the
themes that came up. One file per interview so that people recording
interviews on different branches merge cleanly.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from stemeco.errors import Problem, UsageError, ValidationFailed
from stemeco.i18n import _
from stemeco.storage.lock import writes
from stemeco.storage.read import Path_, line_of, read_yaml_with_lines
from stemeco.storage.records import check_record, refuse
from stemeco.text import date_problem, parse_date, slugify

FOLDER = "interviews"
FIELDS = ("who", "organisation", "role", "date", "interviewer", "notes", "themes")
HEADER = "Stakeholder interview. Written by stemeco; comments you add are kept."


@dataclass(frozen=True)
class Interview:
    path: Path
    who: str
    organisation: str
    date: dt.date
    interviewer: str = ""
    role: str = ""
    notes: str = ""
    themes: tuple[str, ...] = field(default_factory=tuple)


def parse_interview(
    path: Path, data: Any, lines: dict[Path_, int]
) -> tuple[Interview | None, list[Problem]]:
    if not isinstance(data, dict):
        return None, [
            Problem(_("expected a mapping (who, organisation, date, interviewer, ...)"), line=1)
        ]
    problems: list[Problem] = []
    for key in ("who", "organisation"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip() or "\n" in value:
            problems.append(Problem(_("one line of text is required"), key, line_of(lines, (key,))))
    raw = data.get("date")
    date = parse_date(raw)
    if date is None:
        problems.append(Problem(str(date_problem(raw)), "date", line_of(lines, ("date",))))
    themes = data.get("themes") or []
    if isinstance(themes, str):
        themes = [themes]
    if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
        problems.append(
            Problem(_("must be a list of short texts"), "themes", line_of(lines, ("themes",)))
        )
        themes = []
    if problems or date is None:
        return None, problems
    return Interview(
        path,
        str(data["who"]).strip(),
        str(data["organisation"]).strip(),
        date,
        str(data.get("interviewer") or ""),
        str(data.get("role") or ""),
        str(data.get("notes") or ""),
        tuple(t.strip() for t in themes if t.strip()),
    ), []


def interview_files(root: Path) -> list[Path]:
    folder = root / FOLDER
    return sorted(p for p in folder.glob("*.yaml") if p.is_file()) if folder.is_dir() else []


def read_interviews(root: Path) -> list[Interview]:
    out = []
    for path in interview_files(root):
        data, lines = read_yaml_with_lines(path)
        interview, problems = parse_interview(path, data, lines)
        if interview is None:
            refuse(path, problems)
        out.append(interview)
    return sorted(out, key=lambda i: (i.date, i.path.name))


def check_interviews(root: Path) -> list[Problem]:
    problems: list[Problem] = []
    for path in interview_files(root):
        problems.extend(check_record(path, partial(parse_interview, path)))
    return problems


def theme_counts(interviews: list[Interview]) -> list[tuple[str, int]]:
    counter: Counter[str] = Counter()
    for interview in interviews:
        counter.update({t.casefold(): 1 for t in interview.themes})
    names: dict[str, str] = {}
    for interview in interviews:
        for theme in interview.themes:
            names.setdefault(theme.casefold(), theme)
    return sorted(((names[k], n) for k, n in counter.items()), key=lambda kv: (-kv[1], kv[0]))


@writes
def add_interview(
    root: Path,
    *,
    who: str,
    organisation: str,
    date: str,
    interviewer: str = "",
    role: str = "",
    notes: str = "",
    themes: list[str] | None = None,
) -> Path:
    from stemeco.storage.roundtrip import write_new_yaml

    record: dict[str, Any] = {"who": who.strip(), "organisation": organisation.strip()}
    if role:
        record["role"] = role.strip()
    record["date"] = date.strip()
    if interviewer:
        record["interviewer"] = interviewer.strip()
    record["notes"] = notes
    record["themes"] = [t.strip() for t in themes or [] if t.strip()]
    folder = root / FOLDER
    target = folder / f"{record['date']}-{slugify(who, fallback='interview')}.yaml"
    interview, problems = parse_interview(target, record, {})
    if interview is None:
        raise ValidationFailed(problems, summary=_("the interview was not saved"))
    if target.exists():
        raise UsageError(
            _("{file} already exists").format(file=target.relative_to(root).as_posix()),
            hint=_("edit that file, or give another date"),
        )
    write_new_yaml(target, record, header=HEADER)
    return target
