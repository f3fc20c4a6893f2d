"""The record of what was approved (approvals/) reads back exactly as the answers it keeps.

If it did not, its fingerprint would not match approvals.yaml and `stemeco changes`
could never show what changed: any typed text, list or record must survive.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_roundtrip import typed_text

from stemeco.plan.approval import fingerprint
from stemeco.plan.approved_answers import keep, kept, record_path
from stemeco.project.folder import Project

texts = typed_text.filter(bool)
answers = st.fixed_dictionaries(
    {
        "studio-1": st.fixed_dictionaries(
            {
                "mission_draft": texts,
                "employers": st.lists(texts, min_size=1, max_size=3),
                "at_the_table": st.lists(st.sampled_from(["business", "prek12"]), max_size=2),
            }
        ),
        "studio-4": st.fixed_dictionaries(
            {
                "actions": st.lists(
                    st.fixed_dictionaries(
                        {"action": texts, "start": st.just("2026-09-22"), "budget": st.integers()}
                    ),
                    max_size=2,
                ),
                "share": st.floats(allow_nan=False, allow_infinity=False),
                "done": st.booleans(),
            }
        ),
    }
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(approved=answers)
def test_the_kept_answers_read_back_as_approved(project: Project, approved: dict[str, Any]) -> None:
    mark = fingerprint(approved)
    path = keep(project, mark, approved)
    assert path == record_path(project, mark)
    assert path.parent == Path(project.root) / "approvals"
    back = kept(project, mark)
    assert back == approved
    assert back is not None
    assert fingerprint(back) == mark
