"""The sandboxed Jinja environment a template runs in: the filters, tests and methods a report template
needs, and a bound on every value it produces, on its loops, its nesting and its time."""

from __future__ import annotations

import dataclasses
import functools
import re
import time
from typing import Any, Callable, Iterable, Iterator

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, nodes
from jinja2 import TemplateError as JinjaError
from jinja2.compiler import CodeGenerator
from jinja2.filters import FILTERS
from jinja2.runtime import LoopContext, Macro, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.tests import TESTS
from jinja2.utils import Cycler, Joiner
from markupsafe import Markup, escape

from .tags import MAX_NESTING

# What a template can fail with, for the engine to tell apart (it talks to Jinja through this module only).
__all__ = ["Environment", "Exhausted", "JinjaError", "SecurityError", "TemplateSyntaxError", "UndefinedError",
           "render"]

MAX_VALUE = 1_000_000  # characters (or items) of any one value a template builds
MAX_WORK = 64_000_000  # characters and items all the values of one rendering may add up to
MAX_OUTPUT = 64_000_000  # characters one part may render to
MAX_LOOPS = 1_000_000  # loop iterations, calls and filters of one rendering, nested loops included
MAX_RANGE = 1_000_000  # range() items of one rendering
MAX_INT_BITS = 20_000  # about 6,000 decimal digits
MAX_SECONDS = 20.0  # of one rendering
MAX_DEPTH = 100  # nodes inside each other in a compiled template (a tag's own nesting is bounded in tags.py)

# What a report template needs; the README lists them. Everything else (safe, format, center, indent,
# wordwrap, tojson, urlize, xmlattr, random, ...) is refused when the template is compiled.
FILTER_NAMES = ("abs", "batch", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first",
                "float", "groupby", "int", "items", "join", "last", "length", "list", "lower", "map", "max",
                "min", "reject", "rejectattr", "replace", "reverse", "round", "select", "selectattr", "slice",
                "sort", "string", "striptags", "sum", "title", "trim", "truncate", "unique", "upper", "wordcount")
TEST_NAMES = ("boolean", "defined", "divisibleby", "eq", "equalto", "escaped", "even", "false", "float", "ge",
              "greaterthan", "gt", "in", "integer", "iterable", "le", "lessthan", "lower", "lt", "mapping", "ne",
              "none", "number", "odd", "sameas", "sequence", "string", "true", "undefined", "upper",
              "==", "!=", ">", ">=", "<", "<=")
METHOD_NAMES: dict[type, frozenset[str]] = {
    str: frozenset({"startswith", "endswith", "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines",
                    "replace", "upper", "lower", "title", "capitalize", "count", "find", "rfind", "isdigit",
                    "isalpha", "isspace", "partition", "rpartition", "join"}),
    list: frozenset({"index", "count"}),
    tuple: frozenset({"index", "count"}),
    dict: frozenset({"get", "keys", "values", "items"}),
}
GLOBALS = ("range", "dict", "cycler", "joiner", "namespace")  # Jinja's own, less lipsum()
_LOOP = "docgen_loop"  # the filter every {% for %} loop is run through


class Exhausted(SecurityError):
    """A template went past a bound on its values, loops or time."""


class Budget:
    """What one rendering may still spend."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + MAX_SECONDS
        self.work = MAX_WORK
        self.steps = MAX_LOOPS
        self.range = MAX_RANGE
        self.output = 0  # characters written so far (render() counts them)

    def step(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise Exhausted("loop limit")
        if self.output > MAX_OUTPUT:  # raised here, inside the template, it is said with its paragraph
            raise Exhausted("output limit")
        if not self.steps & 0x3F and time.monotonic() > self.deadline:
            raise Exhausted("time limit")

    def spend(self, value: Any) -> Any:
        """Count `value` against the bounds; refuse it when it is too large."""
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
            raise Exhausted("integer too large")
        size = len(value) if isinstance(value, (str, list, tuple, dict)) else 0
        if size > MAX_VALUE:
            raise Exhausted("value too large")
        self.work -= size
        if self.work < 0:
            raise Exhausted("work limit")
        return value


class _Generator(CodeGenerator):
    """Jinja's code generator with every ~ (concatenation) passed through the budget."""

    def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:
        self.write("environment.budget.spend(")
        super().visit_Concat(node, frame)
        self.write(")")


class Environment(ImmutableSandboxedEnvironment):
    """No Python internals, no mutation, no raw markup; every value, loop and rendering bounded."""

    code_generator_class = _Generator
    intercepted_binops = frozenset({"**", "*", "+", "%"})

    def __init__(self, plain: Iterable[type] = ()) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, finalize=_finalize)
        # Dataclasses of plain values (the report's views: text, numbers, lists of views): their fields are
        # read straight, as the checks of getattr below would let every one of them through anyway.
        self._plain = {kind: frozenset(f.name for f in dataclasses.fields(kind)) for kind in plain}
        self.budget = Budget()
        self.filters = {name: self._bounded(FILTERS[name], name) for name in FILTER_NAMES}
        self.filters[_LOOP] = self._loop
        self.tests = {name: TESTS[name] for name in TEST_NAMES}
        kept = {name: self.globals[name] for name in GLOBALS if name in self.globals}
        kept["range"] = self._range  # one bound method, so that call() knows it by identity
        self.globals.clear()
        self.globals.update(kept)
        self._callables = {id(v) for v in kept.values()}

    def start(self) -> Budget:
        """A fresh budget for the next rendering."""
        self.budget = Budget()
        return self.budget

    # -- compiling ---------------------------------------------------------------------------------

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        try:
            tree = super()._parse(source, name, filename)
        except RecursionError as err:
            raise TemplateSyntaxError("too deeply nested", 1, name, filename) from err
        _guard(tree, name, filename)
        return tree

    # -- running -----------------------------------------------------------------------------------

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute in self._plain.get(type(obj), ()):
            return getattr(obj, attribute)
        if isinstance(obj, str) and attribute in ("format", "format_map"):  # Jinja would wrap, not refuse
            return self.unsafe_undefined(obj, attribute)
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Of the methods of Python's own types, only those a report template needs."""
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if callable(value) and isinstance(obj, (str, list, tuple, dict, set, frozenset, int, float, bytes)):
            kind = next((k for k in METHOD_NAMES if isinstance(obj, k)), None)
            return kind is not None and attr in METHOD_NAMES[kind]
        return True

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        self.budget.range -= len(numbers)
        if self.budget.range < 0:
            raise Exhausted("range too large")
        return numbers

    def _loop(self, iterable: Iterable[Any]) -> Iterator[Any]:
        budget = self.budget
        for item in iterable:
            budget.step()
            yield item

    def _bounded(self, function: Callable[..., Any], name: str) -> Callable[..., Any]:
        check = _FILTER_CHECKS.get(name)

        @functools.wraps(function)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            self.budget.step()
            if check is not None:
                args = check(self, args, kwargs)
            return self.budget.spend(function(*args, **kwargs))

        return bounded

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.budget.step()
        if operator == "%" and isinstance(left, str):
            raise SecurityError("string formatting")
        if operator == "**" and isinstance(right, (int, float)) and (
                abs(right) > 64 or (isinstance(left, int) and left.bit_length() * abs(right) > MAX_INT_BITS)):
            raise Exhausted("integer too large")
        if operator == "*":
            seq, count = (left, right) if isinstance(left, (str, list, tuple)) else (right, left)
            if isinstance(seq, (str, list, tuple)) and isinstance(count, int) and len(seq) * count > MAX_VALUE:
                raise Exhausted("value too large")
            if isinstance(left, int) and isinstance(right, int) and \
                    left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise Exhausted("integer too large")
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)) \
                and len(left) + len(right) > MAX_VALUE:
            raise Exhausted("value too large")
        return self.budget.spend(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self.budget.step()
        owner = getattr(__obj, "__self__", None)
        if isinstance(__obj, (Macro, LoopContext, Undefined)) or id(__obj) in __self._callables or \
                isinstance(owner, (LoopContext, Cycler, Joiner)) or isinstance(__obj, (Cycler, Joiner)):
            pass
        elif _method_allowed(__obj, owner):
            args = _method_checks(__obj.__name__, owner, args)
        else:
            raise SecurityError(f"call not allowed: {_name(__obj, owner)}")
        return __self.budget.spend(super().call(__context, __obj, *args, **kwargs))


# docxtpl turns {_{ }_} {_% %_} back into Jinja delimiters after rendering; a user's text must not.
_DELIMITER_UNDERSCORE = re.compile(r"(?<=[{}%])_")


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    escaped = escape(value)
    if _DELIMITER_UNDERSCORE.search(escaped) is None:  # the usual case: no copy made (a long aspect is 12 MB)
        return escaped
    return Markup(_DELIMITER_UNDERSCORE.sub("&#95;", str(escaped)))


def render(environment: Environment, template: Any, context: dict[str, Any]) -> str:
    """`template` rendered with a fresh budget (see render_pieces)."""
    return "".join(render_pieces(environment, template, context))


def render_pieces(environment: Environment, template: Any, context: dict[str, Any]) -> Iterator[str]:
    """`template`'s output piece by piece, with a fresh budget; the output is bounded too (a loop over
    literal text builds no value, but could write gigabytes)."""
    budget = environment.start()
    for count, piece in enumerate(template.generate(context)):
        budget.output += len(piece)
        if budget.output > 2 * MAX_OUTPUT:  # output without a loop step in between: stop all the same
            raise Exhausted("output limit")
        if not count & 0xFF and time.monotonic() > budget.deadline:
            raise Exhausted("time limit")
        paused = time.monotonic()  # the caller's own work on the output (bounded by its size) is not the template's time
        yield piece
        budget.deadline += time.monotonic() - paused


def _guard(tree: nodes.Template, name: str | None, filename: str | None) -> None:
    """Refuse what could emit raw markup or nest too deep; run every loop through the budget."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise TemplateSyntaxError("too deeply nested", getattr(node, "lineno", 1) or 1, name, filename)
        if isinstance(node, (nodes.EvalContextModifier, nodes.ScopedEvalContextModifier)):
            raise TemplateSyntaxError("autoescape is not allowed", node.lineno, name, filename)
        if isinstance(node, nodes.For):
            node.iter = nodes.Filter(node.iter, _LOOP, [], [], None, None, lineno=node.lineno)
        stack.extend((child, depth + 1) for child in node.iter_child_nodes())


def _method_allowed(function: Any, owner: Any) -> bool:
    if owner is None or type(function).__name__ != "builtin_function_or_method":
        return False
    kind = next((k for k in METHOD_NAMES if isinstance(owner, k)), None)
    return kind is not None and function.__name__ in METHOD_NAMES[kind]


def _name(function: Any, owner: Any) -> str:
    name = getattr(function, "__name__", type(function).__name__)
    return f"{type(owner).__name__}.{name}" if owner is not None else name


def _method_checks(name: str, owner: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    if name == "replace" and isinstance(owner, str):
        _replace_size(owner, *args)
    elif name == "join" and isinstance(owner, str) and args:
        items = list(args[0])
        _join_size(items, owner)
        args = (items, *args[1:])
    return args


def _replace_size(text: Any, old: Any = "", new: Any = "", count: Any = -1, *_: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        found = text.count(old) if old else len(text) + 1
        if isinstance(count, int) and count >= 0:
            found = min(found, count)
        if len(text) + found * (len(new) - len(old)) > MAX_VALUE:
            raise Exhausted("value too large")


def _join_size(items: list[Any], separator: Any) -> None:
    size = sum(len(x) if isinstance(x, str) else 20 for x in items) + len(str(separator)) * max(len(items) - 1, 0)
    if size > MAX_VALUE:
        raise Exhausted("value too large")


def _check_join(env: Environment, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    # do_join(eval_ctx, value, d="", attribute=None)
    items = list(args[1]) if len(args) > 1 else []
    _join_size(items, args[2] if len(args) > 2 else kwargs.get("d", ""))
    return (args[0], items, *args[2:])


def _check_replace(env: Environment, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    # do_replace(eval_ctx, s, old, new, count=None)
    def arg(index: int, name: str, default: Any = None) -> Any:
        return args[index] if len(args) > index else kwargs.get(name, default)

    count = arg(4, "count")
    _replace_size(str(arg(1, "s", "")), arg(2, "old", ""), arg(3, "new", ""), -1 if count is None else count)
    return args


def _check_counts(env: Environment, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    # do_batch(value, linecount, fill_with=None), do_slice(value, slices, fill_with=None)
    count = args[1] if len(args) > 1 else kwargs.get("linecount", kwargs.get("slices", 1))
    if not isinstance(count, int) or not 0 < count <= 10_000:
        raise Exhausted("value too large")
    return args


def _check_sum(env: Environment, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    # do_sum(environment, iterable, attribute=None, start=0): numbers only (a sum of lists is quadratic)
    start = kwargs.get("start", args[3] if len(args) > 3 else 0)
    if not isinstance(start, (int, float)):
        raise SecurityError("sum of non-numbers")
    return args


_FILTER_CHECKS: dict[str, Callable[[Environment, tuple[Any, ...], dict[str, Any]], tuple[Any, ...]]] = {
    "join": _check_join, "replace": _check_replace, "batch": _check_counts, "slice": _check_counts,
    "sum": _check_sum,
}

assert MAX_DEPTH > MAX_NESTING  # the tag scanner refuses first, with the paragraph
