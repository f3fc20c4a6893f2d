"""The sandbox documents are rendered in: project templates are untrusted input.

Jinja's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` already refuses
private attributes, unsafe callables and changes to lists and dictionaries
(``vocab.update(...)``). On top of it every rendering is bounded, so that a
template cannot take the machine's memory or time (``{{ 'a' * 2000000000 }}``,
loops inside loops over ``range``):

- a string a template makes holds at most :data:`MAX_STRING` characters, a
  list at most :data:`MAX_ITEMS` items, a whole number at most
  :data:`MAX_INT_BITS` bits: the operators (``*``, ``+``, ``**``, ``%``,
  ``~``), the string methods and the filters that can grow text
  (``center``, ``indent``, ``replace``, ``join``, ``format``...) check what
  they would make *before* making it;
- one document runs at most :data:`MAX_ITERATIONS` loop iterations in all and
  prints at most :data:`MAX_OUTPUT` characters (every ``for`` is counted, its
  literal text included);
- ``range`` gives at most :data:`MAX_RANGE` numbers; ``lipsum`` is not offered.

Going past a bound stops the rendering with :class:`LimitExceeded`, which the
caller reports as a template error naming the file and line. The bounds are
far above what the packaged documents need: with 5,000 organisations, 2,000
interviews and 500 indicators of 60 measurements each, the largest document runs
31,000 iterations and prints 1.4 million characters.

Project templates are read only from inside the project: a template, or a
folder of templates, that is a link leading outside the project is refused
(:class:`ProjectLoader`), so neither a link nor ``{% include %}`` can copy a
file from elsewhere into a document.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from stemeco.errors import TemplateError
from stemeco.storage.files import link_outside

MAX_STRING = 10_000_000
MAX_ITEMS = 1_000_000
MAX_INT_BITS = 100_000
MAX_RANGE = 100_000
MAX_ITERATIONS = 1_000_000
MAX_OUTPUT = 20_000_000


class LimitExceeded(SecurityError):
    """A template went past one of the bounds of the sandbox."""


# ------------------------------------------------------------------ the budget of one document


class Budget:
    """What one document's rendering has used so far: loop iterations and printed characters."""

    def __init__(self) -> None:
        self.iterations = 0
        self.output = 0

    def loop(self, literal: int) -> None:
        self.iterations += 1
        if self.iterations > MAX_ITERATIONS:
            raise LimitExceeded(f"its loops ran more than {MAX_ITERATIONS:,} times")
        self.printed(literal)

    def printed(self, size: int) -> None:
        self.output += size
        if self.output > MAX_OUTPUT:
            raise LimitExceeded(f"it printed more than {MAX_OUTPUT:,} characters")


_BUDGET: ContextVar[Budget | None] = ContextVar("stemeco_template_budget", default=None)


@contextmanager
def bounded() -> Iterator[Budget]:
    """A fresh budget for the rendering of one document."""
    budget = Budget()
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def _budget() -> Budget:
    budget = _BUDGET.get()
    if budget is None:  # rendered outside bounded(): a budget for this rendering alone
        budget = Budget()
        _BUDGET.set(budget)
    return budget


# ------------------------------------------------------------------ sizes


def _too_big(what: str, size: int, limit: int) -> None:
    if size > limit:
        raise LimitExceeded(f"it would make {what} of {size:,} (at most {limit:,})")


def _check_result(value: Any) -> Any:
    """Refuse a made value past the bounds (a safety net after a call)."""
    if isinstance(value, str | bytes):
        _too_big("a string", len(value), MAX_STRING)
    elif isinstance(value, list | tuple | dict | set | frozenset):
        _too_big("a list", len(value), MAX_ITEMS)
    elif isinstance(value, int) and not isinstance(value, bool):
        _too_big("a number with a bit length", value.bit_length(), MAX_INT_BITS)
    return value


def _length(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


def _check_binop(operator: str, left: Any, right: Any) -> None:
    sized = (str, bytes, list, tuple)
    if operator == "*":
        if isinstance(left, int) and isinstance(right, sized):
            left, right = right, left
        if isinstance(left, sized) and isinstance(right, int):
            what = "a string" if isinstance(left, str | bytes) else "a list"
            limit = MAX_STRING if isinstance(left, str | bytes) else MAX_ITEMS
            _too_big(what, len(left) * max(right, 0), limit)
        elif isinstance(left, int) and isinstance(right, int):
            _too_big(
                "a number with a bit length", left.bit_length() + right.bit_length(), MAX_INT_BITS
            )
    elif operator == "+":
        if isinstance(left, sized) and isinstance(right, sized):
            _too_big("a string or list", _length(left) + _length(right), MAX_STRING)
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0:
            _too_big("a number with a bit length", max(left.bit_length(), 1) * right, MAX_INT_BITS)
    elif operator == "%" and isinstance(left, str):
        _check_percent_format(left)


# %-formats and str.format specs: a width or precision past MAX_STRING, or one taken
# from the arguments (``*``, ``{:{}}``), could make any length.
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_SPEC_NUMBER = re.compile(r"\d+")


def _check_percent_format(text: str) -> None:
    for match in _PERCENT.finditer(text):
        for part in match.groups():
            if part == "*":
                raise LimitExceeded("a width taken from the arguments ('%*') is not offered")
            if part is not None:
                _too_big("a formatted field", int(part), MAX_STRING)


def _check_format_string(text: str) -> None:
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format itself reports the broken format
    for _literal, _name, spec, _conversion in fields:
        if not spec:
            continue
        if "{" in spec:
            raise LimitExceeded("a width taken from the arguments ('{:{}}') is not offered")
        for number in _SPEC_NUMBER.findall(spec):
            _too_big("a formatted field", int(number), MAX_STRING)


def _estimate_replace(text: Any, old: Any, new: Any, count: int = -1) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        times = len(text) + 1 if old == "" else text.count(old)
        if count is not None and count >= 0:
            times = min(times, count)
        _too_big("a string", len(text) + times * len(new), MAX_STRING)


def _materialise(items: Any) -> list[Any]:
    values = list(items)
    _too_big("a list", len(values), MAX_ITEMS)
    return values


def _estimate_join(separator: str, values: list[Any]) -> None:
    size = sum(len(v) if isinstance(v, str) else 16 for v in values)
    _too_big("a string", size + len(separator) * len(values), MAX_STRING)


def _check_str_method(
    method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[Any, ...]:
    """Check a call of a string's method before it runs; the arguments to call it with."""
    text: str = method.__self__
    name = method.__name__
    if name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        _too_big("a string", args[0], MAX_STRING)
    elif name == "expandtabs":
        size = args[0] if args and isinstance(args[0], int) else kwargs.get("tabsize", 8)
        if isinstance(size, int):
            _too_big("a string", len(text) + text.count("\t") * size, MAX_STRING)
    elif name == "replace" and len(args) >= 2:
        _estimate_replace(text, args[0], args[1], args[2] if len(args) > 2 else -1)
    elif name == "join" and args:
        values = _materialise(args[0])
        _estimate_join(text, values)
        return (values,)
    elif name == "translate" and args and isinstance(args[0], Mapping):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        _too_big("a string", len(text) * longest, MAX_STRING)
    return args


# ------------------------------------------------------------------ filters and globals


def _bounded_filters(filters: dict[str, Callable[..., Any]]) -> None:
    """Wrap Jinja's filters that can make text or lists far larger than what they are given."""
    original = dict(filters)

    def center(value: Any, width: int = 80) -> Any:
        _too_big("a string", width if isinstance(width, int) else 0, MAX_STRING)
        return _check_result(original["center"](value, width))

    def indent(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> Any:
        pad = width if isinstance(width, int) else len(str(width))
        text = str(value)
        _too_big("a string", len(text) + (text.count("\n") + 1) * pad, MAX_STRING)
        return _check_result(original["indent"](value, width, *args, **kwargs))

    def replace(ctx: Any, value: Any, old: Any, new: Any, count: int | None = None) -> Any:
        _estimate_replace(str(value), str(old), str(new), -1 if count is None else count)
        return _check_result(original["replace"](ctx, value, old, new, count))

    def join(ctx: Any, value: Any, d: str = "", attribute: Any = None) -> Any:
        values = _materialise(value)
        _estimate_join(str(d), values)
        return _check_result(original["join"](ctx, values, d, attribute))

    def format_(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            _check_percent_format(value)
        return _check_result(original["format"](value, *args, **kwargs))

    def wordwrap(env: Any, s: Any, width: int = 79, *args: Any, **kwargs: Any) -> Any:
        wrap = kwargs.get("wrapstring") or (args[1] if len(args) > 1 else None) or "\n"
        lines = len(str(s)) // max(width if isinstance(width, int) else 1, 1) + 1
        _too_big("a string", len(str(s)) + lines * len(str(wrap)), MAX_STRING)
        return _check_result(original["wordwrap"](env, s, width, *args, **kwargs))

    def batch(value: Any, linecount: int, fill_with: Any = None) -> Any:
        _too_big("a list", linecount if isinstance(linecount, int) else 0, MAX_ITEMS)
        return original["batch"](value, linecount, fill_with)

    def slice_(value: Any, slices: int, fill_with: Any = None) -> Any:
        _too_big("a list", slices if isinstance(slices, int) else 0, MAX_ITEMS)
        return original["slice"](value, slices, fill_with)

    replace = jinja2.pass_eval_context(replace)
    join = jinja2.pass_eval_context(join)
    wordwrap = jinja2.pass_environment(wordwrap)
    filters.update(
        center=center,
        indent=indent,
        replace=replace,
        join=join,
        format=format_,
        wordwrap=wordwrap,
        batch=batch,
        slice=slice_,
    )


def bounded_range(*args: int) -> range:
    numbers = range(*args)
    _too_big("a range", len(numbers), MAX_RANGE)
    return numbers


def read_only(value: Any) -> Any:
    """A read-only copy of shared data (vocabularies) for templates: mappings become
    mapping proxies, lists tuples, all the way down."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: read_only(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(read_only(v) for v in value)
    return value


# ------------------------------------------------------------------ the environment


class _CodeGenerator(CodeGenerator):
    """Compiles every ``for`` to count its iterations, and ``~`` to check the size it makes."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        literal = sum(len(data.data) for data in node.find_all(nodes.TemplateData))
        node.iter = nodes.Call(
            nodes.EnvironmentAttribute("counted", lineno=node.lineno),
            [node.iter, nodes.Const(literal, lineno=node.lineno)],
            [],
            None,
            None,
            lineno=node.lineno,
        )
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.concat_bounded((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with the bounds of this module."""

    code_generator_class = _CodeGenerator
    intercepted_binops = frozenset({"*", "+", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        finalize = kwargs.pop("finalize", None)
        super().__init__(*args, finalize=self._counting(finalize), **kwargs)
        self.globals["range"] = bounded_range
        self.globals.pop("lipsum", None)
        _bounded_filters(self.filters)

    @staticmethod
    def _counting(finalize: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
        def printed(value: Any) -> Any:
            budget = _budget()
            size = len(value) if isinstance(value, str) else 8
            budget.printed(size)  # before escaping it: never work on what is refused
            shown = finalize(value) if finalize is not None else value
            if isinstance(shown, str) and len(shown) > size:
                budget.printed(len(shown) - size)
            return shown

        return printed

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if isinstance(getattr(__obj, "__self__", None), str) and hasattr(__obj, "__name__"):
            args = _check_str_method(__obj, args, kwargs)
        return _check_result(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format_string(value.__self__)
        return wrapped

    @staticmethod
    def counted(items: Iterable[Any], literal: int) -> Iterator[Any]:
        budget = _budget()
        for item in items:
            budget.loop(literal)
            yield item

    @staticmethod
    def concat_bounded(parts: tuple[Any, ...]) -> str:
        texts = [str(part) for part in parts]
        _too_big("a string", sum(map(len, texts)), MAX_STRING)
        return "".join(texts)


# ------------------------------------------------------------------ reading templates


class ProjectLoader(jinja2.FileSystemLoader):
    """The project's own templates: only files that really lie inside the project."""

    def __init__(self, folder: Path, root: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder
        self.root = root

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        from jinja2.loaders import split_template_path

        candidate = self.folder.joinpath(*split_template_path(template))
        link = link_outside(self.root, candidate) if candidate.is_file() else None
        if link is not None:
            raise TemplateError(
                f"{outside_message(self.root, link)}: stemeco reads no template from outside "
                "the project folder",
                hint="copy the template into the project's templates/ instead of linking it",
            )
        return super().get_source(environment, template)


def outside_message(root: Path, link: Path) -> str:
    """``templates/x.j2: is a link to /elsewhere, outside the project``."""
    try:
        shown = link.relative_to(root).as_posix()
    except ValueError:
        shown = str(link)
    return f"{shown}: is a link to {os.path.realpath(link)}, outside the project"
