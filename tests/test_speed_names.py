"""Likely duplicates on the asset map: the scalable matcher finds every pair the old
pairwise difflib search found, on names shaped like real rosters (Hypothesis)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from stemeco.community.assets import NameIndex, Organisation, _block_tokens, name_key, similar
from stemeco.community.gaps import likely_duplicates


def difflib_resembling(known: list[str], name: str, cutoff: float = 0.9) -> str | None:
    """The search as it was: every registered name of a shared block, compared by difflib."""
    key = name_key(name)
    tokens = set(_block_tokens(key))
    best: tuple[float, str] | None = None
    for other in sorted(set(known)):
        okey = name_key(other)
        if other == name or not tokens & set(_block_tokens(okey)):
            continue
        if okey == key:
            return other
        ratio = difflib.SequenceMatcher(None, key, okey, autojunk=False).ratio()
        if ratio >= cutoff and (best is None or ratio > best[0]):
            best = (ratio, other)
    return best[1] if best else None


def numbered_differently(a: str, b: str) -> bool:
    """'Station 12' and 'Station 13': different organisations, which the old search paired."""
    na, nb = re.findall(r"\d+", name_key(a)), re.findall(r"\d+", name_key(b))
    return bool(na and nb and na != nb)


WORDS = ["River", "Valley", "North", "Harbor", "Cedar", "Summit", "Lake", "Pine", "Oak"]
KINDS = ["Science Center", "Robotics Club", "Library", "Foundation", "Learning Lab"]


@st.composite
def roster(draw: st.DrawFn) -> list[str]:
    """Names the way rosters write them, with near-duplicates: 'The X', 'X Inc',
    'X Centre', a letter dropped, doubled or changed, a word added."""
    names = draw(
        st.lists(
            st.builds(
                lambda a, b, k, n: f"{a} {b} {k}" + (f" {n}" if n else ""),
                st.sampled_from(WORDS),
                st.sampled_from(WORDS),
                st.sampled_from(KINDS),
                st.integers(0, 30),
            ),
            min_size=1,
            max_size=25,
            unique=True,
        )
    )
    variants = []
    for name in draw(st.lists(st.sampled_from(names), max_size=8)):
        how = draw(st.integers(0, 5))
        at = draw(st.integers(1, len(name) - 1))
        variants.append(
            [
                f"The {name}",
                f"{name} Inc",
                name.replace("Center", "Centre"),
                name[:at] + name[at + 1 :],
                name[:at] + name[at] + name[at:],
                name[:at] + "x" + name[at + 1 :],
            ][how]
        )
    return names + variants


@settings(max_examples=80, deadline=None)
@given(roster())
def test_every_duplicate_the_old_search_found_is_still_found(names: list[str]) -> None:
    index = NameIndex()
    known: list[str] = []
    for name in names:
        old = difflib_resembling(known, name)
        new = index.resembling(name)
        if old is not None and not numbered_differently(old, name):
            assert new is not None, (name, old)
            assert similar(name, new)
        if name_key(name) in {name_key(k) for k in known if k != name}:
            assert new is not None  # one of the same loose form comes first
            assert name_key(new) == name_key(name)
        index.add(name)
        known.append(name)


def test_a_roster_s_near_duplicates_are_paired() -> None:
    index = NameIndex(["Riverworks Science Center", "Harbor Robotics Club", "Oak Library"])
    assert index.resembling("The Riverworks Science Center") == "Riverworks Science Center"
    assert index.resembling("Riverworks Science Centre") == "Riverworks Science Center"
    assert index.resembling("Harbor Robotics Club Inc") == "Harbor Robotics Club"
    assert index.resembling("Harbour Robotics Club") == "Harbor Robotics Club"
    assert index.resembling("Pine Valley Foundation") is None
    assert index.resembling("Oak Library") is None  # itself is not a duplicate
    assert index.resembling("Harbor Robotics Club 2") == "Harbor Robotics Club"
    index.add("Troop 4521 Robotics Club")
    assert index.resembling("Troop 4512 Robotics Club") is None  # numbers tell them apart
    assert index.resembling("Troop 4521 Robotics Clubs") == "Troop 4521 Robotics Club"
    assert index.closest("Harbor Robotic") == "Harbor Robotics Club"
    assert index.closest("Something else entirely") is None


def test_gaps_pairs_each_duplicate_with_the_first_of_its_kind(tmp_path: Path) -> None:
    names = ["Cedar Lake Library", "The Cedar Lake Library", "Cedar Lake Librarys", "Pine Lab"]
    orgs = [Organisation(name, tmp_path / f"org-{n}.yaml") for n, name in enumerate(names)]
    pairs = {(a, b) for a, _, b, _, _ in likely_duplicates(orgs, tmp_path)}
    assert pairs == {
        ("Cedar Lake Librarys", "Cedar Lake Library"),
        ("The Cedar Lake Library", "Cedar Lake Library"),
    }
