"""Names of organisations: compared loosely, looked up, and likely duplicates found.

:class:`NameIndex` finds an organisation by its exact name, an alias (the name of
a record merged into it) or its loose form, and names the likely duplicates of a
new name fast on thousands of organisations. :func:`find_organisation` is how a
command finds the organisation a person named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from stemeco.errors import UsageError
from stemeco.i18n import _
from stemeco.text import slugify

if TYPE_CHECKING:
    from stemeco.community.assets import Organisation


_THE = re.compile(r"^(the|la|el|los|las)-")


def name_key(name: str) -> str:
    """A name compared loosely: case, accents, punctuation and a leading 'The' ignored."""
    return _THE.sub("", slugify(name, fallback=""))


def similar(a: str, b: str, cutoff: float = 0.9) -> bool:
    """Whether two names look like the same organisation (see :meth:`NameIndex.resembling`)."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if _numbers(ka) != _numbers(kb) and _numbers(ka) and _numbers(kb):
        return False
    from rapidfuzz import fuzz  # only when names are compared, not on the status path

    return fuzz.ratio(ka, kb, score_cutoff=_score(cutoff)) > 0


_NUMBER = re.compile(r"\d+")


def _numbers(key: str) -> list[str]:
    """The numbers in a name: 'Troop 4521' and 'Troop 4512', 'Station 12' and 'Station 13'
    are different organisations however alike the rest of their names."""
    return _NUMBER.findall(key)


def _score(cutoff: float) -> float:
    """A cutoff of 0..1 as rapidfuzz's score of 0..100, a hair lower against rounding."""
    return cutoff * 100 - 1e-9


class NameIndex:
    """Finds an organisation by exact name, by loose name, by alias, or a likely duplicate.

    An alias (:meth:`add_alias`, or every ``aliases:`` entry with :meth:`of`) is
    another name of an organisation, kept when a record was merged into it: looking
    the alias up finds the organisation, so an import of a roster that still lists
    the other name does not bring it back.

    Names look alike when their loose forms (:func:`name_key`) agree in at least
    ``cutoff`` of their characters: twice the longest common subsequence over both
    lengths (rapidfuzz's ``ratio``, which is never below difflib's), and the numbers
    in them, if both have numbers, are the same. Only names that share their first or
    last characters are compared (see :func:`_block_tokens`), each block at once, in
    rapidfuzz's compiled code.
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.exact: dict[str, str] = {}
        self.loose: dict[str, str] = {}
        self.keys: dict[str, str] = {}  # name -> its loose form, made once
        #: block token -> (loose keys, names), in the order they were added
        self.blocks: dict[str, tuple[list[str], list[str]]] = {}
        #: alias -> the organisation's name; the same by the alias's loose form
        self.aliases: dict[str, str] = {}
        self.loose_aliases: dict[str, str] = {}
        for name in names:
            self.add(name)

    @classmethod
    def of(cls, orgs: Iterable[Organisation]) -> NameIndex:
        """The names and the aliases of these organisations."""
        orgs = list(orgs)
        index = cls(o.name for o in orgs)
        for org in orgs:
            for alias in org.aliases:
                index.add_alias(alias, org.name)
        return index

    def add(self, name: str) -> None:
        if name in self.exact:
            return
        self.exact[name] = name
        key = self._key(name)
        self.loose.setdefault(key, name)
        self._block(key, name)

    def _block(self, key: str, name: str) -> None:
        for token in _block_tokens(key):
            keys, names = self.blocks.setdefault(token, ([], []))
            keys.append(key)
            names.append(name)

    def add_alias(self, alias: str, owner: str) -> None:
        """Make ``alias`` find ``owner``; a real name of the index always wins over an alias."""
        if alias in self.exact or alias in self.aliases:
            return
        self.aliases[alias] = owner
        key = self._key(alias)
        self.loose_aliases.setdefault(key, owner)
        self._block(key, alias)

    def _key(self, name: str) -> str:
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = name_key(name)
        return key

    def find(self, name: str) -> str | None:
        """The organisation ``name`` names: by exact name, exact alias, loose name, loose alias."""
        if name in self.exact:
            return name
        if name in self.aliases:
            return self.aliases[name]
        key = self._key(name)
        return self.loose.get(key) or self.loose_aliases.get(key)

    def alias_owner(self, name: str) -> str | None:
        """The organisation of which ``name`` (exactly, or in its loose form) is an alias,
        when it is not exactly an organisation's name."""
        if name in self.exact:
            return None
        return self.aliases.get(name) or self.loose_aliases.get(self._key(name))

    def _owner(self, name: str) -> str:
        return self.aliases.get(name, name) if name not in self.exact else name

    def resembling(self, name: str, *, cutoff: float = 0.9) -> str | None:
        """A different registered name that looks like the same organisation, if any:
        one of the same loose form first, else the most alike (by name on a tie)."""
        key = self._key(name)
        blocks = [self.blocks[t] for t in _block_tokens(key) if t in self.blocks]
        if not blocks:
            return None
        from rapidfuzz import fuzz, process

        numbers = _numbers(key)
        same: list[str] = []
        alike: list[tuple[float, str]] = []
        for keys, names in blocks:
            found = process.extract(
                key, keys, scorer=fuzz.ratio, score_cutoff=_score(cutoff), limit=None
            )
            for okey, score, at in found:
                other = self._owner(names[at])
                if other == name:
                    continue
                if okey == key:
                    same.append(other)
                elif not numbers or _numbers(okey) in (numbers, []):
                    alike.append((-score, other))
        if same:
            return min(same)
        return min(alike)[1] if alike else None

    def closest(self, name: str) -> str | None:
        """The nearest registered name, for hints only (loose cutoff)."""
        if not self.exact:
            return None
        from rapidfuzz import fuzz, process

        found = process.extractOne(
            name, [*self.exact, *self.aliases], scorer=fuzz.ratio, score_cutoff=60
        )
        return self._owner(found[0]) if found else None

    def alike(self, name: str, *, cutoff: float = 0.7, limit: int = 5) -> list[str]:
        """Up to ``limit`` other organisations whose names (or aliases) look most like
        ``name``, the most alike first: the likely matches a person picks from."""
        from rapidfuzz import fuzz, process

        names = [*self.exact, *self.aliases]
        found = process.extract(
            self._key(name),
            [self._key(n) for n in names],
            scorer=fuzz.ratio,
            score_cutoff=_score(cutoff),
            limit=None,
        )
        out: list[str] = []
        for _key, _similarity, at in sorted(found, key=lambda f: (-f[1], names[f[2]])):
            owner = self._owner(names[at])
            if owner != name and owner not in out:
                out.append(owner)
        return out[:limit]


BLOCK = 8


def _block_tokens(key: str) -> list[str]:
    """Names compared in detail only when they share their first or last characters.

    A near-duplicate nearly always keeps the start or the end of the name ('The X',
    'X Inc', 'X Centre'); comparing only within such blocks keeps duplicate detection
    fast on thousands of organisations.
    """
    if not key:
        return []
    return list(dict.fromkeys((f"<{key[:BLOCK]}", f">{key[-BLOCK:]}")))


# ---------------------------------------------------------------- finding one


def find_organisation(orgs: list[Organisation], name: str) -> Organisation:
    """The organisation ``name`` names: its exact name, an alias, or its loose name
    (case, accents, punctuation, a leading 'The' ignored). An unknown or ambiguous
    name is a UsageError that says so and suggests the closest name."""
    index = NameIndex.of(orgs)
    by_name = {o.name: o for o in orgs}
    found = index.find(name)
    if found is not None and found != name and name not in index.aliases:
        key = name_key(name)
        same = [o for o in orgs if name_key(o.name) == key]
        if len(same) > 1:
            files = ", ".join(f"'{o.name}' ({o.path.parent.name}/{o.path.name})" for o in same)
            raise UsageError(
                _("'{name}' could be {organisations}").format(name=name, organisations=files),
                hint=_("give the exact name"),
            )
    if found is None:
        closest = index.closest(name)
        raise UsageError(
            _("no organisation named '{name}' on the asset map").format(name=name),
            hint=_("did you mean '{name}'?").format(name=closest)
            if closest
            else _("see stemeco assets list"),
        )
    return by_name[found]
